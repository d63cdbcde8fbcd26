"""One SQLite connection shared by threads, with atomic write blocks.

The keyword index and the catalog live in the same file beside Chroma; both open it the same way:
WAL (readers never wait for the writer), a busy timeout (the two connections, and another process
opening the store while one commits, take turns instead of failing), autocommit so that
``write()`` owns every transaction, and one lock per connection (queries take milliseconds, so
serialising the app's threads costs nothing).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Without settings (tests, tools): how long a write waits for another connection's.
DEFAULT_BUSY_TIMEOUT_S = 10.0


class SQLiteFile:
    """A thread-safe connection: ``lock`` for reads, ``write()`` for atomic writes."""

    def __init__(self, path: Path, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> None:
        """``busy_timeout_s``: how long a write waits for another connection's (the store's
        ``ASSISTANT_WRITE_LOCK_TIMEOUT_S``: a process opening the store writes its schema check
        outside the store's write lock, and must outwait a long commit of another process)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA foreign_keys = ON")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: everything inside commits together or not at all."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def create(self, schema: str) -> None:
        """Run ``;``-separated CREATE statements in one write (``executescript`` would commit
        outside ``write()``'s transaction)."""
        with self.write() as conn:
            for statement in schema.split(";"):
                if statement.strip():
                    conn.execute(statement)

    def close(self) -> None:
        with self.lock:
            self.conn.close()
