"""PostgreSQL for the keyword index, catalog and speakers: one store shared by many machines.

One schema per collection (``qazaq_news`` -> ``qn_qazaq_news``), created and migrated by the
product (``MIGRATIONS``; a table records the applied version, and an advisory lock makes
concurrent starts take turns). Writers on any machine take turns through a session advisory
lock (``PgLocks``); readers need no lock, as PostgreSQL and the Chroma server are consistent.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql

from vectorstore.errors import StoreBusy
from vectorstore.locks import FileLocks

#: What the store turns into ``StoreError`` besides Chroma's, SQLite's and HTTP errors.
ENGINE_ERRORS: tuple[type[BaseException], ...] = (psycopg.Error,)

# Versioned schema: append a migration, never edit an applied one.
MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO store_meta VALUES ('generation', '0'), ('chunks', '0'), ('tokens', '0');
CREATE TABLE chunks (
    id BIGSERIAL PRIMARY KEY,
    chunk_id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL,
    source TEXT NOT NULL,
    speaker TEXT NOT NULL,
    date_int INTEGER NOT NULL,
    text TEXT NOT NULL,
    metadata TEXT NOT NULL,
    length INTEGER NOT NULL
);
CREATE INDEX chunks_by_article ON chunks(article_id);
CREATE TABLE chunk_terms (
    term TEXT NOT NULL,
    chunk BIGINT NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
    tf INTEGER NOT NULL,
    PRIMARY KEY (term, chunk)
);
CREATE INDEX chunk_terms_by_chunk ON chunk_terms(chunk);
CREATE TABLE articles (
    article_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    paragraphs INTEGER NOT NULL,
    chunks INTEGER NOT NULL,
    fingerprint TEXT NOT NULL
);
CREATE TABLE speakers (
    article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    speaker TEXT NOT NULL,
    role TEXT NOT NULL,
    paragraph_index INTEGER NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (article_id, paragraph_index)
);
CREATE INDEX speakers_by_name ON speakers(speaker);
""",
    ),
    (
        2,
        """
CREATE TABLE word_forms (
    key TEXT NOT NULL,
    form TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (key, form)
);
""",
    ),
]


def schema_name(collection: str) -> str:
    """A collection's schema: lower-case letters, digits and underscores only."""
    safe = "".join(ch if ch.isalnum() else "_" for ch in collection.lower())
    return f"qn_{safe}"


def advisory_key(*parts: str) -> int:
    """A signed 64-bit advisory lock key for these names."""
    digest = hashlib.sha1(":".join(("qazaq-news", *parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class PgDatabase:
    """One autocommit connection shared by threads (a lock serialises them), schema migrated."""

    def __init__(self, url: str, collection: str) -> None:
        self.schema = schema_name(collection)
        self.lock = threading.RLock()
        self.conn = psycopg.connect(url, autocommit=True)
        self.migrate()
        self.conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(self.schema)))

    def migrate(self) -> None:
        """Create the schema or bring it to the newest version (concurrent starts take turns)."""
        schema = sql.Identifier(self.schema)
        with self.lock, self.conn.transaction():
            self.conn.execute(
                "SELECT pg_advisory_xact_lock(%s)", (advisory_key(self.schema, "migrate"),)
            )
            self.conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(schema))
            self.conn.execute(sql.SQL("SET LOCAL search_path TO {}").format(schema))
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
            row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
            current = row[0] if row and row[0] is not None else 0
            for version, script in MIGRATIONS:
                if version > current:
                    self.conn.execute(script.encode())
                    self.conn.execute("INSERT INTO schema_version VALUES (%s)", (version,))

    @property
    def version(self) -> int:
        with self.lock:
            row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    @contextmanager
    def write(self) -> Iterator[psycopg.Connection]:
        """One atomic write."""
        with self.lock, self.conn.transaction():
            yield self.conn

    def query(self, statement: str, params: Any = ()) -> list[tuple]:
        with self.lock:
            return self.conn.execute(statement.encode(), params).fetchall()

    def close(self) -> None:
        with self.lock:
            self.conn.close()


class PgLocks:
    """Writers on every machine take turns through a session advisory lock (released by the
    server if the writer dies); within a process, threads take turns first."""

    def __init__(self, url: str, collection: str, write_timeout_s: float) -> None:
        self._url = url
        self._key = advisory_key(schema_name(collection), "write")
        self.write_timeout_s = write_timeout_s
        self._threads = threading.Lock()
        self._conn: psycopg.Connection | None = None

    @contextmanager
    def reading(self) -> Iterator[None]:
        yield

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        yield

    @contextmanager
    def writing(self) -> Iterator[None]:
        if not self._threads.acquire(timeout=self.write_timeout_s):
            raise StoreBusy(self._busy())
        try:
            if self._conn is None or self._conn.closed:
                self._conn = psycopg.connect(self._url, autocommit=True)
            conn = self._conn
            conn.execute(f"SET lock_timeout = {int(self.write_timeout_s * 1000)}".encode())
            try:
                conn.execute("SELECT pg_advisory_lock(%s)", (self._key,))
            except psycopg.errors.LockNotAvailable as exc:
                raise StoreBusy(self._busy()) from exc
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (self._key,))
        finally:
            self._threads.release()

    def _busy(self) -> str:
        return (
            f"PostgreSQL store: another worker is writing; gave up after "
            f"{self.write_timeout_s:g} s (raise ASSISTANT_WRITE_LOCK_TIMEOUT_S)"
        )


class BothLocks:
    """Embedded Chroma with PostgreSQL: the folder's locks, then the database's."""

    def __init__(self, files: FileLocks, database: PgLocks) -> None:
        self._files, self._database = files, database

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._files.reading():
            yield

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._files.exclusive():
            yield

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._files.writing(), self._database.writing():
            yield
