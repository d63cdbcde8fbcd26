"""The article and speaker tables in PostgreSQL (the twin of ``catalog.Catalog``).

As there, the article row is the commit marker and every put or delete bumps the store's
generation in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from vectorstore.catalog import ArticleRow, SpeakerRow
from vectorstore.postgres import PgDatabase

_BUMP = "UPDATE store_meta SET value = (value::bigint + 1)::text WHERE key = 'generation'"


class PgCatalog:
    """Same interface as ``Catalog``, in PostgreSQL."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database

    def generation(self) -> int:
        return int(self._db.query("SELECT value FROM store_meta WHERE key = 'generation'")[0][0])

    def fingerprint(self, article_id: str) -> str | None:
        rows = self._db.query(
            "SELECT fingerprint FROM articles WHERE article_id = %s", (article_id,)
        )
        return rows[0][0] if rows else None

    def put(self, article: ArticleRow, speakers: Sequence[SpeakerRow]) -> None:
        """Record an article and its speakers, replacing what was there."""
        with self._db.write() as conn:
            conn.execute("DELETE FROM articles WHERE article_id = %s", (article.article_id,))
            conn.execute(
                "INSERT INTO articles VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
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
            conn.cursor().executemany(
                "INSERT INTO speakers VALUES (%s, %s, %s, %s, %s)"
                " ON CONFLICT (article_id, paragraph_index) DO UPDATE SET speaker ="
                " EXCLUDED.speaker, role = EXCLUDED.role, kind = EXCLUDED.kind",
                [(s.article_id, s.speaker, s.role, s.paragraph_index, s.kind) for s in speakers],
            )
            conn.execute(_BUMP)

    def delete(self, article_id: str) -> bool:
        with self._db.write() as conn:
            cursor = conn.execute("DELETE FROM articles WHERE article_id = %s", (article_id,))
            conn.execute(_BUMP)
        return cursor.rowcount > 0

    def articles(self) -> list[ArticleRow]:
        # "C" collation: the same order as SQLite's byte-wise one
        rows = self._db.query('SELECT * FROM articles ORDER BY date DESC, title COLLATE "C"')
        return [ArticleRow(*row) for row in rows]

    def article(self, article_id: str) -> ArticleRow | None:
        rows = self._db.query("SELECT * FROM articles WHERE article_id = %s", (article_id,))
        return ArticleRow(*rows[0]) if rows else None

    def speakers(self) -> list[SpeakerRow]:
        rows = self._db.query(
            'SELECT * FROM speakers ORDER BY speaker COLLATE "C", article_id COLLATE "C",'
            " paragraph_index"
        )
        return [SpeakerRow(*row) for row in rows]

    def close(self) -> None:
        self._db.close()
