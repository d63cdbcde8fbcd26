"""Kazakh keyword index: BM25 over stemmed terms in SQLite FTS5, kept beside Chroma.

Why our own: Chroma 1.5.9 offers sparse/BM25 indexes only in Chroma Cloud and stems English only.
FTS5 ships with Python; the text is stemmed by ``kazakh.morphology`` before it reaches FTS5, whose
tokenizer then only splits on spaces (``unicode61`` with ``remove_diacritics 0`` keeps
ә ғ қ ң ө ұ ү һ і intact). The chunk text and metadata are stored too, so the index can re-derive
its terms when the stemming rules change, and serve chunks by id without a Chroma round trip.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kazakh.morphology import (
    DEFAULT_SCHEME,
    MORPHOLOGY_VERSION,
    check_scheme,
    index_terms,
    query_terms,
)
from kazakh.names import proper_noun_keys
from kazakh.word_forms import word_forms
from vectorstore.sqlite import DEFAULT_BUSY_TIMEOUT_S, SQLiteFile

#: (chunk_id, article_id, text, metadata) -- the shape ``Chunk`` gives via ``metadata()``.
ChunkRow = tuple[str, str, str, dict[str, Any]]

#: A filtered keyword search first looks for its k rows among this many times k best matches.
FILTER_OVERFETCH = 10


#: Query terms beyond this are ignored: a pasted article must not become a 5,000-term OR.
MAX_QUERY_TERMS = 64

#: The most paragraphs one keyword search lets BM25 score, summed over its terms' document
#: counts: terms are taken rarest first while they fit (the rarest always). A word found in
#: a quarter of a million-paragraph archive puts 250,000 rows through BM25 and barely moves
#: their order (its IDF is low). ``bench/scale.py --measure DIR --budgets ...`` at 1M
#: paragraphs: keyword p50/p95 143/395 ms without, 111/176 at this budget with the same hit@1
#: (0.601 vs 0.596); 60,000 gave 34/49 at 0.535. A store of fewer paragraphs never leaves a term
#: out. ``Settings`` sets it (``ASSISTANT_KEYWORD_POSTINGS_BUDGET``).
POSTINGS_BUDGET = 250_000

# The integer ``id`` (not chunk_id) is the key: FTS5 rows link by rowid, and only an INTEGER
# PRIMARY KEY keeps rowids stable across VACUUM. chunk_id is UNIQUE and is what callers see.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS keyword_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,
    chunk_id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL,
    source TEXT NOT NULL,
    speaker TEXT NOT NULL,
    date_int INTEGER NOT NULL,
    text TEXT NOT NULL,
    metadata TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_article ON chunks(article_id);
CREATE INDEX IF NOT EXISTS chunks_by_source_date ON chunks(source, date_int);
CREATE INDEX IF NOT EXISTS chunks_by_speaker_date ON chunks(speaker, date_int);
CREATE INDEX IF NOT EXISTS chunks_by_date ON chunks(date_int);
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_terms
    USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE IF NOT EXISTS term_docs (
    term TEXT PRIMARY KEY,
    n INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS word_forms (
    key TEXT NOT NULL,
    form TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (key, form)
) WITHOUT ROWID;
"""

#: Ids per ``IN (...)`` lookup (SQLite's bound-parameter limit is 32,766).
_ID_BATCH = 5000

# where-key -> SQL condition on the chunks table (c); values are always bound parameters.
_FILTERS = {
    "article_id": "c.article_id = ?",
    "source": "c.source = ?",
    "speaker": "c.speaker = ?",
    "date_from": "c.date_int >= ?",
    "date_to": "c.date_int <= ?",
}


def document_terms(text: str, scheme: str) -> list[str]:
    """A chunk's indexed terms: stemmed words, plus proper-noun keys unless the scheme is the
    exact-word baseline (both backends index exactly these)."""
    terms = index_terms(text, scheme)
    return terms if scheme == "none" else terms + proper_noun_keys(text)


def search_terms(query: str, scheme: str, kazakh: str = "") -> list[str]:
    """A query's distinct terms (``kazakh``: a translation whose words join them), capped."""
    keys = proper_noun_keys(query) if scheme != "none" else []
    translated = index_terms(kazakh, scheme) if kazakh else []
    terms = list(dict.fromkeys(query_terms(query, scheme) + keys + translated))
    return terms[:MAX_QUERY_TERMS]


def within_budget(terms: Sequence[str], docs: dict[str, int], budget: int) -> list[str]:
    """``terms`` that some chunk holds (``docs``: chunks holding each), rarest first while their
    counts sum to at most ``budget`` (the rarest always), in the given order. Both keyword
    backends choose a search's terms by it (``POSTINGS_BUDGET``)."""
    kept: set[str] = set()
    total = 0
    for term in sorted((t for t in docs if docs[t] > 0), key=lambda t: (docs[t], t)):
        if kept and total + docs[term] > budget:
            break
        kept.add(term)
        total += docs[term]
    return [term for term in terms if term in kept]


def forms_delta(added: Iterable[str], removed: Iterable[str] = ()) -> list[tuple[str, str, int]]:
    """(key, form, change) of the word-form counts when texts are ``added`` and ``removed``."""
    counts: Counter[tuple[str, str]] = Counter()
    for text in added:
        counts.update(word_forms(text))
    for text in removed:
        counts.subtract(word_forms(text))
    return [(key, form, n) for (key, form), n in counts.items() if n]


#: Keys per word-form lookup: a question has a few dozen words at most.
MAX_FORM_KEYS = 64
#: Forms per prefix lookup, most frequent first: a stem's inflections, not every word it begins.
MAX_PREFIX_FORMS = 8


def prefix_bounds(prefix: str) -> tuple[str, str]:
    """The key range ``[prefix, next)`` holding every folded key (letters a-z) that starts with
    ``prefix``: an index range scan in any collation that orders a-z alphabetically."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def where_sql(where: dict[str, Any] | None, mark: str = "?") -> tuple[list[str], list[Any]]:
    """SQL conditions on ``chunks c`` and their parameters for a filter dict (``_FILTERS`` keys),
    with ``mark`` as the parameter placeholder (``?`` SQLite, ``%s`` PostgreSQL).

    Unknown keys raise ValueError rather than silently not filtering.
    """
    unknown = set(where or ()) - set(_FILTERS)
    if unknown:
        raise ValueError(f"unknown keyword filter(s): {', '.join(sorted(unknown))}")
    conditions: list[str] = []
    params: list[Any] = []
    for key, value in (where or {}).items():
        if value is None:
            continue
        if key.startswith("date_") and not isinstance(value, int):
            # SQLite would compare "2026-03-11" with integers as text and match nothing
            raise ValueError(f"{key} must be an int like 20260311, not {value!r}")
        conditions.append(_FILTERS[key].replace("?", mark))
        params.append(value)
    return conditions, params


class KeywordIndex:
    """Chunks and their BM25 keyword index in one SQLite file; safe to share between threads."""

    def __init__(
        self,
        path: Path | str,
        scheme: str = DEFAULT_SCHEME,
        busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
        postings_budget: int = POSTINGS_BUDGET,
    ) -> None:
        check_scheme(scheme)  # before touching the disk
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.scheme = scheme
        self.postings_budget = postings_budget
        self._db = SQLiteFile(path, busy_timeout_s)
        self._lock, self._conn = self._db.lock, self._db.conn
        self._init_schema()

    # ------------------------------------------------------------------ setup
    def _init_schema(self) -> None:
        """Create the tables and re-derive all terms if they were made by other stemming rules."""
        analyzer = f"{self.scheme}/v{MORPHOLOGY_VERSION}"
        self._db.create(_SCHEMA)
        with self._db.write() as conn:
            row = conn.execute("SELECT value FROM keyword_meta WHERE key = 'analyzer'").fetchone()
            if row and row[0] == analyzer:
                self._count_stored_terms(conn)
                return
            conn.execute("DELETE FROM chunk_terms")
            conn.execute("DELETE FROM word_forms")
            conn.execute("DELETE FROM term_docs")
            rows = conn.execute("SELECT id, text FROM chunks").fetchall()
            docs: Counter[str] = Counter()
            for rowid, text in rows:
                terms = self._all_terms(text)
                docs.update(set(terms))
                conn.execute(
                    "INSERT INTO chunk_terms(rowid, terms) VALUES (?, ?)", (rowid, " ".join(terms))
                )
            self._count_docs(conn, docs)
            self._count_forms(conn, forms_delta(text for _, text in rows))
            conn.execute("INSERT OR REPLACE INTO keyword_meta VALUES ('analyzer', ?)", (analyzer,))
            conn.execute("INSERT OR REPLACE INTO keyword_meta VALUES ('term_docs', '1')")

    @staticmethod
    def _count_stored_terms(conn: Any) -> None:
        """Fill ``term_docs`` once for an index made before it: one pass over FTS5's own
        vocabulary (a minute at a million paragraphs), never again."""
        if conn.execute("SELECT 1 FROM keyword_meta WHERE key = 'term_docs'").fetchone():
            return
        conn.execute("DELETE FROM term_docs")
        conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.term_vocab"
            " USING fts5vocab(main, chunk_terms, 'row')"
        )
        conn.execute("INSERT INTO term_docs (term, n) SELECT term, doc FROM temp.term_vocab")
        conn.execute("DROP TABLE temp.term_vocab")
        conn.execute("INSERT OR REPLACE INTO keyword_meta VALUES ('term_docs', '1')")

    def _all_terms(self, text: str) -> list[str]:
        return document_terms(text, self.scheme)

    @staticmethod
    def _count_docs(conn: Any, delta: Counter[str]) -> None:
        """Apply changes to how many chunks hold each term; terms none holds are dropped."""
        changes = [(term, n) for term, n in delta.items() if n]
        conn.executemany(
            "INSERT INTO term_docs (term, n) VALUES (?, ?)"
            " ON CONFLICT (term) DO UPDATE SET n = n + excluded.n",
            changes,
        )
        conn.executemany(
            "DELETE FROM term_docs WHERE term = ? AND n <= 0",
            [(term,) for term, n in changes if n < 0],
        )

    def _terms_removed(self, texts: Iterable[str]) -> Counter[str]:
        """The term-count change of removing ``texts``."""
        delta: Counter[str] = Counter()
        for text in texts:
            delta.subtract(set(self._all_terms(text)))
        return delta

    @staticmethod
    def _count_forms(conn: Any, delta: list[tuple[str, str, int]]) -> None:
        """Apply word-form count changes; forms no stored text uses any more are dropped."""
        conn.executemany(
            "INSERT INTO word_forms (key, form, n) VALUES (?, ?, ?)"
            " ON CONFLICT (key, form) DO UPDATE SET n = n + excluded.n",
            delta,
        )
        conn.executemany(
            "DELETE FROM word_forms WHERE key = ? AND form = ? AND n <= 0",
            [(key, form) for key, form, n in delta if n < 0],
        )

    # ----------------------------------------------------------------- writes
    def upsert(self, chunks: Sequence[ChunkRow]) -> None:
        """Insert or replace chunks by chunk_id (idempotent), atomically."""
        with self._db.write() as conn:
            replaced: list[str] = []
            docs: Counter[str] = Counter()
            for chunk_id, article_id, text, metadata in chunks:
                values = (
                    article_id,
                    str(metadata.get("source") or ""),
                    str(metadata.get("speaker") or ""),
                    int(metadata.get("date_int") or 0),
                    text,
                    json.dumps(metadata, ensure_ascii=False, sort_keys=True),
                )
                row = conn.execute("SELECT id, text FROM chunks WHERE chunk_id = ?", (chunk_id,))
                found = row.fetchone()
                if found:
                    rowid = found[0]
                    replaced.append(found[1])
                    conn.execute(
                        "UPDATE chunks SET article_id = ?, source = ?, speaker = ?, date_int = ?,"
                        " text = ?, metadata = ? WHERE id = ?",
                        (*values, rowid),
                    )
                    conn.execute("DELETE FROM chunk_terms WHERE rowid = ?", (rowid,))
                else:
                    rowid = conn.execute(
                        "INSERT INTO chunks (chunk_id, article_id, source, speaker, date_int, text,"
                        " metadata) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (chunk_id, *values),
                    ).lastrowid
                terms = self._all_terms(text)
                docs.update(set(terms))
                conn.execute(
                    "INSERT INTO chunk_terms(rowid, terms) VALUES (?, ?)", (rowid, " ".join(terms))
                )
            docs.update(self._terms_removed(replaced))
            self._count_docs(conn, docs)
            self._count_forms(conn, forms_delta((row[2] for row in chunks), replaced))

    def delete_ids(self, ids: Iterable[str]) -> int:
        """Remove chunks by id (unknown ids are ignored); returns how many were removed."""
        removed: list[str] = []
        with self._db.write() as conn:
            for chunk_id in ids:
                found = conn.execute("SELECT id, text FROM chunks WHERE chunk_id = ?", (chunk_id,))
                row = found.fetchone()
                if row:
                    conn.execute("DELETE FROM chunk_terms WHERE rowid = ?", (row[0],))
                    conn.execute("DELETE FROM chunks WHERE id = ?", (row[0],))
                    removed.append(row[1])
            self._count_docs(conn, self._terms_removed(removed))
            self._count_forms(conn, forms_delta((), removed))
        return len(removed)

    def delete_article(self, article_id: str) -> int:
        """Remove every chunk of an article; returns how many were removed."""
        with self._db.write() as conn:
            found = conn.execute("SELECT text FROM chunks WHERE article_id = ?", (article_id,))
            texts = [text for (text,) in found.fetchall()]
            self._count_docs(conn, self._terms_removed(texts))
            self._count_forms(conn, forms_delta((), texts))
            conn.execute(
                "DELETE FROM chunk_terms WHERE rowid IN"
                " (SELECT id FROM chunks WHERE article_id = ?)",
                (article_id,),
            )
            return conn.execute("DELETE FROM chunks WHERE article_id = ?", (article_id,)).rowcount

    # ---------------------------------------------------------------- queries
    def search(
        self, query: str, k: int, where: dict[str, Any] | None = None, kazakh: str = ""
    ) -> list[tuple[str, float]]:
        """Best ``k`` chunks for any of the query's terms: (chunk_id, BM25 score, higher better).

        ``kazakh`` is extra Kazakh text (a Russian or English question's glossary translation)
        whose terms join the query's; it is stemmed as Kazakh whatever the question's language.

        ``where`` keys: article_id, source, speaker (equality), date_from / date_to (inclusive
        ``date_int`` bounds), checked by ``where_sql``.
        """
        filtered, filter_params = where_sql(where)
        terms = search_terms(query, self.scheme, kazakh)
        if not terms or k <= 0:
            return []
        terms = self.affordable_terms(terms)
        if not terms:
            return []
        # Every term is a quoted FTS5 string ("" escapes a quote), so the user's text can never
        # become operators (OR, NEAR, *, -, column:). Terms hold letters and digits only anyway.
        match = " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
        # Ranked inside FTS5 first, joined to chunks only for the best rows: joining every match
        # before ranking cost 2.4x at 100k paragraphs. A filter keeps what it can of the best
        # ``k * FILTER_OVERFETCH`` and, when fewer than k survive, ranks all filtered matches.
        ranked = (
            "SELECT rowid, bm25(chunk_terms) AS rank FROM chunk_terms"
            " WHERE chunk_terms MATCH ? ORDER BY rank, rowid LIMIT ?"
        )
        extra = "".join(f" AND {c}" for c in filtered)
        sql = (
            f"SELECT c.chunk_id, r.rank FROM ({ranked}) AS r JOIN chunks c ON c.id = r.rowid"
            f" WHERE 1{extra} ORDER BY r.rank, r.rowid LIMIT ?"
        )
        fetch = k * FILTER_OVERFETCH if filtered else k
        with self._lock:
            rows = self._conn.execute(sql, (match, fetch, *filter_params, k)).fetchall()
            if filtered and len(rows) < k:
                rows = self._conn.execute(
                    "SELECT c.chunk_id, bm25(chunk_terms) AS rank FROM chunk_terms"
                    " JOIN chunks c ON c.id = chunk_terms.rowid"
                    f" WHERE chunk_terms MATCH ?{extra} ORDER BY rank, c.id LIMIT ?",
                    (match, *filter_params, k),
                ).fetchall()
        return [(chunk_id, -rank) for chunk_id, rank in rows]

    def affordable_terms(self, terms: Sequence[str]) -> list[str]:
        """The terms a search scores by: those some chunk holds, rarest first while their
        document counts sum to at most ``postings_budget`` (the rarest always), in the given
        order."""
        marks = ",".join("?" * len(terms))
        with self._lock:
            found = self._conn.execute(
                f"SELECT term, n FROM term_docs WHERE term IN ({marks})", terms
            ).fetchall()
        return within_budget(terms, dict(found), self.postings_budget)

    def word_forms(self, keys: Sequence[str]) -> dict[str, list[str]]:
        """Folded key -> the stored texts' Cyrillic forms with that key, most frequent first
        (``kazakh.word_forms``; a Latin-typed question's words are read back by them)."""
        keys = list(dict.fromkeys(keys))[:MAX_FORM_KEYS]
        if not keys:
            return {}
        marks = ", ".join("?" * len(keys))
        with self._lock:
            rows = self._conn.execute(
                f"SELECT key, form FROM word_forms WHERE key IN ({marks})"
                " ORDER BY key, n DESC, form",
                keys,
            ).fetchall()
        found: dict[str, list[str]] = {}
        for key, form in rows:
            found.setdefault(key, []).append(form)
        return found

    def forms_by_prefix(self, prefixes: Sequence[str]) -> dict[str, list[str]]:
        """Folded key prefix -> the stored Cyrillic forms whose key starts with it, most frequent
        first (``kazakh.loanwords``: "vagon" finds вагон, вагондар)."""
        found: dict[str, list[str]] = {}
        with self._lock:
            for prefix in list(dict.fromkeys(p for p in prefixes if p))[:MAX_FORM_KEYS]:
                rows = self._conn.execute(
                    "SELECT form FROM word_forms WHERE key >= ? AND key < ?"
                    " GROUP BY form ORDER BY SUM(n) DESC, form LIMIT ?",
                    (*prefix_bounds(prefix), MAX_PREFIX_FORMS),
                ).fetchall()
                if rows:
                    found[prefix] = [form for (form,) in rows]
        return found

    def get(self, ids: Sequence[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        """Stored (text, metadata) by chunk_id; unknown ids are absent from the result."""
        found: dict[str, tuple[str, dict[str, Any]]] = {}
        with self._lock:
            for chunk_id in dict.fromkeys(ids):
                row = self._conn.execute(
                    "SELECT text, metadata FROM chunks WHERE chunk_id = ?", (chunk_id,)
                ).fetchone()
                if row:
                    found[chunk_id] = (row[0], json.loads(row[1]))
        return found

    def article_chunks(self, article_id: str) -> list[tuple[str, str, dict[str, Any]]]:
        """(chunk_id, text, metadata) of every chunk of an article, in insertion order."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT chunk_id, text, metadata FROM chunks WHERE article_id = ? ORDER BY id",
                (article_id,),
            ).fetchall()
        return [(chunk_id, text, json.loads(meta)) for chunk_id, text, meta in rows]

    def ids_where(self, where: dict[str, Any], limit: int) -> list[str]:
        """Chunk ids matching metadata filters alone (e.g. every paragraph of one speaker)."""
        conditions, params = where_sql(where)
        sql = "SELECT c.chunk_id FROM chunks c"
        if conditions:
            sql += f" WHERE {' AND '.join(conditions)}"
        with self._lock:
            rows = self._conn.execute(f"{sql} ORDER BY c.id LIMIT ?", (*params, limit)).fetchall()
        return [row[0] for row in rows]

    def count_where(self, where: dict[str, Any]) -> int:
        """How many chunks the metadata filters admit (through the filter columns' indexes)."""
        conditions, params = where_sql(where)
        sql = "SELECT count(*) FROM chunks c"
        if conditions:
            sql += f" WHERE {' AND '.join(conditions)}"
        with self._lock:
            return int(self._conn.execute(sql, params).fetchone()[0])

    def admitted(self, chunk_ids: Sequence[str], where: dict[str, Any]) -> set[str]:
        """Which of ``chunk_ids`` the metadata filters admit (an indexed lookup per id)."""
        conditions, params = where_sql(where)
        found: set[str] = set()
        ids = list(chunk_ids)
        for start in range(0, len(ids), _ID_BATCH):
            batch = ids[start : start + _ID_BATCH]
            marks = ",".join("?" * len(batch))
            sql = " AND ".join([f"c.chunk_id IN ({marks})", *conditions])
            with self._lock:
                rows = self._conn.execute(
                    f"SELECT c.chunk_id FROM chunks c WHERE {sql}", (*batch, *params)
                ).fetchall()
            found.update(row[0] for row in rows)
        return found

    def ids_for_article(self, article_id: str) -> set[str]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT chunk_id FROM chunks WHERE article_id = ?", (article_id,)
            ).fetchall()
        return {row[0] for row in rows}

    def count(self) -> int:
        """Stored chunks: a scan of an index (5-7 ms warm at a million); ``is_empty`` is one row."""
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM chunks").fetchone()[0]

    def is_empty(self) -> bool:
        with self._lock:
            return self._conn.execute("SELECT 1 FROM chunks LIMIT 1").fetchone() is None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> KeywordIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
