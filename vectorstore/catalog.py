"""Article and speaker tables beside Chroma (SQLite; ``catalog_pg`` is the PostgreSQL twin).

The catalog row of an article is written last when it is indexed, so it doubles as the commit
marker: an article whose fingerprint is recorded here is fully in Chroma and the keyword index.
Every put or delete also bumps the store's generation in the same transaction, so another process
sees that the store changed (and reopens its embedded Chroma, refreshes its caches).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vectorstore.sqlite import DEFAULT_BUSY_TIMEOUT_S, SQLiteFile

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    paragraphs INTEGER NOT NULL,
    chunks INTEGER NOT NULL,
    fingerprint TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS speakers (
    article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    speaker TEXT NOT NULL,
    role TEXT NOT NULL,
    paragraph_index INTEGER NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (article_id, paragraph_index)
);
CREATE INDEX IF NOT EXISTS speakers_by_name ON speakers(speaker);
CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO store_meta VALUES ('generation', 0);
"""

_BUMP = "UPDATE store_meta SET value = value + 1 WHERE key = 'generation'"


@dataclass(frozen=True)
class ArticleRow:
    """What the catalog knows of an indexed article."""

    article_id: str
    title: str
    date: str
    source: str
    url: str
    paragraphs: int
    chunks: int
    fingerprint: str


@dataclass(frozen=True)
class SpeakerRow:
    """One paragraph in which someone speaks."""

    article_id: str
    speaker: str
    role: str
    paragraph_index: int
    kind: str


class Catalog:
    """Thread-safe access to the articles and speakers tables."""

    def __init__(self, path: Path, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> None:
        self._db = SQLiteFile(path, busy_timeout_s)
        self._lock, self._conn = self._db.lock, self._db.conn
        self._db.create(_SCHEMA)

    def generation(self) -> int:
        """How many commits the store has seen (any process's)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT value FROM store_meta WHERE key = 'generation'"
            ).fetchone()
        return int(row[0])

    def fingerprint(self, article_id: str) -> str | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT fingerprint FROM articles WHERE article_id = ?", (article_id,)
            ).fetchone()
        return row[0] if row else None

    def put(self, article: ArticleRow, speakers: Sequence[SpeakerRow]) -> None:
        """Record an article and its speakers, replacing what was there."""
        with self._db.write() as conn:
            conn.execute("DELETE FROM articles WHERE article_id = ?", (article.article_id,))
            conn.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.article_id,
                    article.title,
                    article.date,
                    article.source,
                    article.url,
                    article.paragraphs,
                    article.chunks,
                    article.fingerprint,
                ),
            )
            conn.executemany(
                "INSERT OR REPLACE INTO speakers VALUES (?, ?, ?, ?, ?)",
                [(s.article_id, s.speaker, s.role, s.paragraph_index, s.kind) for s in speakers],
            )
            conn.execute(_BUMP)

    def delete(self, article_id: str) -> bool:
        with self._db.write() as conn:
            cursor = conn.execute("DELETE FROM articles WHERE article_id = ?", (article_id,))
            conn.execute(_BUMP)
        return cursor.rowcount > 0

    def articles(self) -> list[ArticleRow]:
        with self._lock:
            rows = self._conn.execute("SELECT * FROM articles ORDER BY date DESC, title").fetchall()
        return [ArticleRow(*row) for row in rows]

    def article(self, article_id: str) -> ArticleRow | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT * FROM articles WHERE article_id = ?", (article_id,)
            ).fetchone()
        return ArticleRow(*row) if row else None

    def speakers(self) -> list[SpeakerRow]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT * FROM speakers ORDER BY speaker, article_id, paragraph_index"
            ).fetchall()
        return [SpeakerRow(*row) for row in rows]

    def close(self) -> None:
        self._db.close()
