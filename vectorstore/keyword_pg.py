"""The keyword index in PostgreSQL, ranking as the SQLite FTS5 index does.

The terms are the same pre-stemmed ones (``document_terms`` / ``search_terms``); each chunk's
term frequencies and length are stored, and BM25 is computed as FTS5's ``bm25()`` does it:
k1 = 1.2, b = 0.75, idf = ln((N - n + 0.5) / (n + 0.5)) floored at 1e-6, N and the average
length over the whole index (kept in ``store_meta``, updated in every write's transaction).
Ties keep FTS5's order (insertion id).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from kazakh.morphology import DEFAULT_SCHEME, MORPHOLOGY_VERSION, check_scheme
from vectorstore.keyword_index import (
    MAX_FORM_KEYS,
    MAX_PREFIX_FORMS,
    POSTINGS_BUDGET,
    ChunkRow,
    document_terms,
    forms_delta,
    prefix_bounds,
    search_terms,
    where_sql,
    within_budget,
)
from vectorstore.postgres import PgDatabase

K1, B = 1.2, 0.75
_TOKEN = re.compile(r"[^\W_]+")


def fts_tokens(terms: Iterable[str]) -> list[str]:
    """Terms as FTS5's ``unicode61`` tokenizer (remove_diacritics 0) splits and folds them."""
    return [token for term in terms for token in _TOKEN.findall(term.lower())]


class PgKeywordIndex:
    """Same interface and ranking as ``KeywordIndex``, in PostgreSQL."""

    def __init__(
        self,
        database: PgDatabase,
        scheme: str = DEFAULT_SCHEME,
        postings_budget: int = POSTINGS_BUDGET,
    ) -> None:
        check_scheme(scheme)
        self.scheme = scheme
        self.postings_budget = postings_budget  # as KeywordIndex's
        self._db = database
        self._refresh_analyzer()

    def _refresh_analyzer(self) -> None:
        """Re-derive all terms if they were made by other stemming rules."""
        analyzer = f"{self.scheme}/v{MORPHOLOGY_VERSION}"
        with self._db.write() as conn:
            row = conn.execute("SELECT value FROM store_meta WHERE key = 'analyzer'").fetchone()
            if row and row[0] == analyzer:
                return
            conn.execute("LOCK TABLE chunks IN EXCLUSIVE MODE")
            conn.execute("DELETE FROM chunk_terms")
            conn.execute("DELETE FROM word_forms")
            tokens = 0
            rows = conn.execute("SELECT id, text FROM chunks").fetchall()
            for rowid, text in rows:
                tokens += self._index(conn, rowid, text)
            self._count_forms(conn, forms_delta(text for _, text in rows))
            conn.execute("UPDATE store_meta SET value = %s WHERE key = 'tokens'", (str(tokens),))
            conn.execute(
                "INSERT INTO store_meta VALUES ('analyzer', %s)"
                " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (analyzer,),
            )

    def _index(self, conn: Any, rowid: int, text: str) -> int:
        """Store a chunk's term frequencies and length; returns the length."""
        tokens = fts_tokens(document_terms(text, self.scheme))
        counts = Counter(tokens)
        conn.cursor().executemany(
            "INSERT INTO chunk_terms (term, chunk, tf) VALUES (%s, %s, %s)",
            [(term, rowid, tf) for term, tf in counts.items()],
        )
        conn.execute("UPDATE chunks SET length = %s WHERE id = %s", (len(tokens), rowid))
        return len(tokens)

    @staticmethod
    def _count_forms(conn: Any, delta: list[tuple[str, str, int]]) -> None:
        """Apply word-form count changes; forms no stored text uses any more are dropped."""
        cursor = conn.cursor()
        cursor.executemany(
            "INSERT INTO word_forms (key, form, n) VALUES (%s, %s, %s)"
            " ON CONFLICT (key, form) DO UPDATE SET n = word_forms.n + EXCLUDED.n",
            delta,
        )
        cursor.executemany(
            "DELETE FROM word_forms WHERE key = %s AND form = %s AND n <= 0",
            [(key, form) for key, form, n in delta if n < 0],
        )

    @staticmethod
    def _add_stats(conn: Any, chunks: int, tokens: int) -> None:
        conn.execute(
            "UPDATE store_meta SET value = (value::bigint + %s)::text WHERE key = 'chunks'",
            (chunks,),
        )
        conn.execute(
            "UPDATE store_meta SET value = (value::bigint + %s)::text WHERE key = 'tokens'",
            (tokens,),
        )

    # ----------------------------------------------------------------- writes
    def upsert(self, chunks: Sequence[ChunkRow]) -> None:
        """Insert or replace chunks by chunk_id (idempotent), atomically."""
        with self._db.write() as conn:
            added = delta = 0
            replaced: list[str] = []
            for chunk_id, article_id, text, metadata in chunks:
                values = (
                    article_id,
                    str(metadata.get("source") or ""),
                    str(metadata.get("speaker") or ""),
                    int(metadata.get("date_int") or 0),
                    text,
                    json.dumps(metadata, ensure_ascii=False, sort_keys=True),
                )
                found = conn.execute(
                    "SELECT id, length, text FROM chunks WHERE chunk_id = %s", (chunk_id,)
                ).fetchone()
                if found:
                    rowid, old_length, old_text = found
                    replaced.append(old_text)
                    conn.execute(
                        "UPDATE chunks SET article_id = %s, source = %s, speaker = %s,"
                        " date_int = %s, text = %s, metadata = %s WHERE id = %s",
                        (*values, rowid),
                    )
                    conn.execute("DELETE FROM chunk_terms WHERE chunk = %s", (rowid,))
                    delta -= old_length
                else:
                    row = conn.execute(
                        "INSERT INTO chunks (chunk_id, article_id, source, speaker, date_int,"
                        " text, metadata, length) VALUES (%s, %s, %s, %s, %s, %s, %s, 0)"
                        " RETURNING id",
                        (chunk_id, *values),
                    ).fetchone()
                    assert row is not None
                    rowid = row[0]
                    added += 1
                delta += self._index(conn, rowid, text)
            self._add_stats(conn, added, delta)
            self._count_forms(conn, forms_delta((row[2] for row in chunks), replaced))

    def delete_ids(self, ids: Iterable[str]) -> int:
        """Remove chunks by id (unknown ids are ignored); returns how many were removed."""
        with self._db.write() as conn:
            rows = conn.execute(
                "DELETE FROM chunks WHERE chunk_id = ANY(%s) RETURNING length, text", (list(ids),)
            ).fetchall()
            self._add_stats(conn, -len(rows), -sum(r[0] for r in rows))
            self._count_forms(conn, forms_delta((), [r[1] for r in rows]))
        return len(rows)

    def delete_article(self, article_id: str) -> int:
        """Remove every chunk of an article; returns how many were removed."""
        with self._db.write() as conn:
            rows = conn.execute(
                "DELETE FROM chunks WHERE article_id = %s RETURNING length, text", (article_id,)
            ).fetchall()
            self._add_stats(conn, -len(rows), -sum(r[0] for r in rows))
            self._count_forms(conn, forms_delta((), [r[1] for r in rows]))
        return len(rows)

    # ---------------------------------------------------------------- queries
    def search(
        self, query: str, k: int, where: dict[str, Any] | None = None, kazakh: str = ""
    ) -> list[tuple[str, float]]:
        """Best ``k`` chunks for any of the query's terms: (chunk_id, BM25 score, higher better)."""
        filtered, filter_params = where_sql(where, "%s")
        terms = list(dict.fromkeys(fts_tokens(search_terms(query, self.scheme, kazakh))))
        if not terms or k <= 0:
            return []
        with self._db.lock, self._db.conn.transaction():  # one snapshot for stats and scores
            conn = self._db.conn
            stats = dict(
                conn.execute(
                    "SELECT key, value FROM store_meta WHERE key IN ('chunks', 'tokens')"
                ).fetchall()
            )
            n_rows, n_tokens = int(stats["chunks"]), int(stats["tokens"])
            if n_rows == 0:
                return []
            hits = dict(
                conn.execute(
                    "SELECT term, count(*) FROM chunk_terms WHERE term = ANY(%s) GROUP BY term",
                    (terms,),
                ).fetchall()
            )
            present = within_budget(terms, hits, self.postings_budget)
            if not present:
                return []
            idf = [_idf(n_rows, hits[t]) for t in present]
            conditions = " AND ".join(["TRUE", *filtered])
            rows = conn.execute(
                "SELECT c.chunk_id, sum(q.idf * t.tf * %s / (t.tf + %s * (1 - %s + %s * c.length"
                " / %s))) AS score"
                " FROM unnest(%s::text[], %s::float8[]) AS q(term, idf)"
                " JOIN chunk_terms t ON t.term = q.term JOIN chunks c ON c.id = t.chunk"
                f" WHERE {conditions} GROUP BY c.id, c.chunk_id"
                " ORDER BY round(sum(q.idf * t.tf * %s / (t.tf + %s * (1 - %s + %s * c.length"
                " / %s)))::numeric, 9) DESC, c.id LIMIT %s",
                (
                    K1 + 1,
                    K1,
                    B,
                    B,
                    n_tokens / n_rows,
                    present,
                    idf,
                    *filter_params,
                    K1 + 1,
                    K1,
                    B,
                    B,
                    n_tokens / n_rows,
                    k,
                ),
            ).fetchall()
        return [(chunk_id, float(score)) for chunk_id, score in rows]

    def word_forms(self, keys: Sequence[str]) -> dict[str, list[str]]:
        """Folded key -> stored Cyrillic forms, most frequent first (as ``KeywordIndex``)."""
        keys = list(dict.fromkeys(keys))[:MAX_FORM_KEYS]
        if not keys:
            return {}
        rows = self._db.query(
            "SELECT key, form FROM word_forms WHERE key = ANY(%s)"
            ' ORDER BY key, n DESC, form COLLATE "C"',  # byte order, as SQLite's
            (keys,),
        )
        found: dict[str, list[str]] = {}
        for key, form in rows:
            found.setdefault(key, []).append(form)
        return found

    def forms_by_prefix(self, prefixes: Sequence[str]) -> dict[str, list[str]]:
        """Folded key prefix -> stored Cyrillic forms starting with it (as ``KeywordIndex``)."""
        found: dict[str, list[str]] = {}
        for prefix in list(dict.fromkeys(p for p in prefixes if p))[:MAX_FORM_KEYS]:
            rows = self._db.query(
                "SELECT form FROM word_forms WHERE key >= %s AND key < %s"
                ' GROUP BY form ORDER BY SUM(n) DESC, form COLLATE "C" LIMIT %s',
                (*prefix_bounds(prefix), MAX_PREFIX_FORMS),
            )
            if rows:
                found[prefix] = [form for (form,) in rows]
        return found

    def get(self, ids: Sequence[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        """Stored (text, metadata) by chunk_id, in the order asked; unknown ids are absent."""
        wanted = list(dict.fromkeys(ids))
        rows = self._db.query(
            "SELECT chunk_id, text, metadata FROM chunks WHERE chunk_id = ANY(%s)", (wanted,)
        )
        found = {cid: (text, json.loads(meta)) for cid, text, meta in rows}
        return {cid: found[cid] for cid in wanted if cid in found}

    def article_chunks(self, article_id: str) -> list[tuple[str, str, dict[str, Any]]]:
        rows = self._db.query(
            "SELECT chunk_id, text, metadata FROM chunks WHERE article_id = %s ORDER BY id",
            (article_id,),
        )
        return [(cid, text, json.loads(meta)) for cid, text, meta in rows]

    def ids_where(self, where: dict[str, Any], limit: int) -> list[str]:
        conditions, params = where_sql(where, "%s")
        statement = "SELECT c.chunk_id FROM chunks c"
        if conditions:
            statement += f" WHERE {' AND '.join(conditions)}"
        rows = self._db.query(f"{statement} ORDER BY c.id LIMIT %s", (*params, limit))
        return [row[0] for row in rows]

    def count_where(self, where: dict[str, Any]) -> int:
        """How many chunks the metadata filters admit (through the filter columns' indexes)."""
        conditions, params = where_sql(where, "%s")
        statement = "SELECT count(*) FROM chunks c"
        if conditions:
            statement += f" WHERE {' AND '.join(conditions)}"
        return int(self._db.query(statement, tuple(params))[0][0])

    def admitted(self, chunk_ids: Sequence[str], where: dict[str, Any]) -> set[str]:
        """Which of ``chunk_ids`` the metadata filters admit (an indexed lookup per id)."""
        conditions, params = where_sql(where, "%s")
        statement = " AND ".join(["c.chunk_id = ANY(%s)", *conditions])
        rows = self._db.query(
            f"SELECT c.chunk_id FROM chunks c WHERE {statement}", (list(chunk_ids), *params)
        )
        return {row[0] for row in rows}

    def ids_for_article(self, article_id: str) -> set[str]:
        rows = self._db.query("SELECT chunk_id FROM chunks WHERE article_id = %s", (article_id,))
        return {row[0] for row in rows}

    def count(self) -> int:
        return int(self._db.query("SELECT count(*) FROM chunks")[0][0])

    def is_empty(self) -> bool:
        return not self._db.query("SELECT 1 FROM chunks LIMIT 1")

    def close(self) -> None:
        self._db.close()


def _idf(n_rows: int, n_hits: int) -> float:
    """FTS5's idf: never zero or negative (a term in most rows still counts a little)."""
    value = math.log((n_rows - n_hits + 0.5) / (n_hits + 0.5))
    return value if value > 0 else 1e-6
