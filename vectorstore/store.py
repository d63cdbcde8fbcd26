"""The news store: Chroma (dense), the keyword index and the catalog, kept consistent.

Every write goes through ``write`` / ``delete_article`` here, in an order that makes a crash at any
point repairable by re-running the same ingest: Chroma upserts first, then the keyword index, then
stale ids leave Chroma, and the catalog row (the commit marker) comes last. Writes and queries
take the store's locks (``vectorstore.locks``), so several processes can share it.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import httpx
import numpy as np
from chromadb.api.models.Collection import Collection
from chromadb.errors import ChromaError

from ingest.models import Article, Chunk
from kazakh.script import latin_alphabet, reading_span, to_cyrillic_mapped
from kazakh.sentences import sentence_spans
from vectorstore.catalog import ArticleRow, Catalog, SpeakerRow
from vectorstore.chroma import MAX_BATCH, ChromaPlace, note_own_commit
from vectorstore.chunks import StoredChunk
from vectorstore.embeddings import NONE, E5Embeddings
from vectorstore.errors import StoreError
from vectorstore.filters import SearchFilters
from vectorstore.keyword_index import KeywordIndex
from vectorstore.locks import StoreLocks, ThreadDepth

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Hit:
    """A search result: the chunk and a score (higher is better; scale depends on the search)."""

    chunk: StoredChunk
    score: float


#: Metadata key naming the embedder of a record (``E5Embeddings.signature``), and the same key
#: in the collection's metadata for the embedder of the last write.
EMBEDDER_KEY = "embedder"


class EmbedderMismatch(ValueError):
    """The store's vectors come from another embedder than the one configured."""


@dataclass(frozen=True)
class _Record:
    """One vector in Chroma: a whole paragraph or one of its sentences."""

    record_id: str
    embed: str  # what is embedded (a sentence: its paragraph record's text)
    metadata: dict[str, Any]
    span: tuple[int, int] | None = None  # a sentence's characters within ``embed``


#: The chunk metadata a Chroma record carries: what ``SearchFilters.chroma_where`` and the
#: article's writes and deletes ask Chroma by. Every field more is an indexed row per record in
#: Chroma's metadata table (``bench/scale.py``: with documents and every citation field, the 1M
#: store took 8.9 GB and 36 minutes to build; without, 4.7 GB and 25 minutes).
CHROMA_FIELDS = ("article_id", "source", "speaker", "date_int")

#: How records are made from paragraphs; part of the embedder stamp, so a store made another
#: way is refused until its articles are ingested again (their vectors are then replaced).
RECORD_RECIPE = "paragraphs=untitled"


def sentence_id(chunk_id: str, index: int) -> str:
    return f"{chunk_id}#s{index}"


def _sentence_ids(chunk_id: str, text: str) -> list[str]:
    """The sentence record ids ``records_of`` gives a paragraph (none for one sentence)."""
    count = len(sentence_spans(text))
    return [sentence_id(chunk_id, i) for i in range(count)] if count > 1 else []


#: A filter admitting at most this many paragraphs is searched exactly over their vectors.
EXACT_FILTER_LIMIT = 500
#: A broader filter keeps the admitted paragraphs among at most this many nearest records (22 ms
#: for 4,000 at 288k records); fewer than k admitted falls back to Chroma's filtered query.
POST_FILTER_RECORDS = 6000


def parent_id(record_id: str) -> str:
    """The paragraph a Chroma record belongs to (inverse of ``sentence_id``).

    Chunk ids end in a hex hash, so a ``#s<digits>`` tail can only be a sentence suffix; reading
    the parent from the id lets a dense query skip fetching metadata (a third of its time).
    """
    head, sep, tail = record_id.rpartition("#s")
    return head if sep and tail.isdigit() else record_id


def records_of(chunk: Chunk, sentences: bool = True) -> list[_Record]:
    """A paragraph's vectors: the paragraph, and, when it has several sentences, each sentence --
    a question usually matches one sentence, and a long paragraph's vector blurs it. A sentence's
    vector is pooled from its span of the paragraph's one forward pass (``span``).

    The title is not embedded (``RECORD_RECIPE``): a news headline sums up the whole article, and
    headed by it every paragraph of the article looked alike (kaznews dev MRR@10 0.684 -> 0.730,
    test 0.702 -> 0.709, answered right up on dev, test and the pool; the Wikipedia-titled pool's
    MRR fell 0.696 -> 0.676). The keyword index still reads the title.

    A record's metadata is only what Chroma is asked by: the filters' fields and the paragraph
    it belongs to (``CHROMA_FIELDS``); the text and the citation fields are the keyword
    index's."""
    full = chunk.metadata()
    meta = {key: full[key] for key in CHROMA_FIELDS}
    # Latin-script Kazakh is embedded in its Cyrillic reading (the model reads Cyrillic Kazakh
    # far better); the stored text stays as written.
    embed, index = to_cyrillic_mapped(chunk.text, latin_alphabet(chunk.text))
    records = [
        _Record(
            chunk.chunk_id,
            embed,
            meta | {"kind": "paragraph", "parent": chunk.chunk_id},
        )
    ]
    spans = sentence_spans(chunk.text) if sentences else []
    if len(spans) > 1:
        records.extend(
            _Record(
                sentence_id(chunk.chunk_id, i),
                embed,
                meta | {"kind": "sentence", "parent": chunk.chunk_id, "sentence": i},
                reading_span(index, start, end),
            )
            for i, (start, end) in enumerate(spans)
        )
    return records


class NewsStore:
    """Add, replace, delete and search article chunks across Chroma and the side index.

    Safe for several threads and processes: queries run under the shared lock, a write's commit
    under the exclusive one (``locks``); before either, a store whose collection predates the last
    commit (another process's) reopens it. Engine errors (Chroma, SQLite, PostgreSQL, HTTP) come
    out as one-line ``StoreError``s, and the next call reopens the collection.
    """

    def __init__(
        self,
        place: ChromaPlace,
        embeddings: E5Embeddings,
        keyword: KeywordIndex,
        catalog: Catalog,
        locks: StoreLocks,
        engine_errors: tuple[type[BaseException], ...] = (),
    ) -> None:
        self.place = place
        self.embeddings = embeddings
        self.keyword = keyword
        self.catalog = catalog
        self.locks = locks
        self._errors = (ChromaError, sqlite3.Error, httpx.HTTPError, *engine_errors)
        self._collection: Collection | None = None
        self._seen: int | None = None  # the generation our collection reflects
        self._broken = False
        self._swap = threading.Lock()
        self._local = ThreadDepth()

    # ------------------------------------------------------------ consistency
    @property
    def collection(self) -> Collection:
        """The Chroma collection, current with the last commit of any process."""
        with self.reading():
            assert self._collection is not None
            return self._collection

    @property
    def generation(self) -> int:
        """The last commit this store has caught up with (caches keyed by it stay valid)."""
        return self._seen if self._seen is not None else -1

    @contextmanager
    def reading(self) -> Iterator[None]:
        """A consistent view for a few queries: no commit lands inside (reentrant per thread)."""
        if self._local.depth:
            yield
            return
        self._local.depth = 1
        try:
            while True:
                if self._stale():  # reopen while no process queries or writes
                    with self.locks.exclusive():
                        self._catch_up()
                with self.locks.reading():
                    if not self._stale():  # else a commit landed in between: again
                        yield
                        return
        except self._errors as exc:
            self._broken = True
            raise StoreError(_one_line(exc)) from exc
        finally:
            self._local.depth = 0

    def read(self, query: Callable[[], T]) -> T:
        """Run ``query`` under ``reading()``; after an engine error, reopen and try once more."""
        if self._local.depth:
            return query()
        try:
            with self.reading():
                return query()
        except StoreError:
            log.warning("store error; reopening the collection and retrying once", exc_info=True)
            with self.reading():
                return query()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One commit: writers take turns across processes, readers wait for it to finish."""
        if self._local.depth:
            raise RuntimeError("a store write cannot run inside a read or write section")
        self._local.depth = 1
        try:
            with self.locks.writing():
                self._catch_up()
                try:
                    yield
                finally:
                    generation = self.catalog.generation()
                    if not self._broken:
                        if self.place.embedded:
                            note_own_commit(self.place.data_dir, generation)
                        self._seen = generation
        except self._errors as exc:
            self._broken = True
            raise StoreError(_one_line(exc)) from exc
        finally:
            self._local.depth = 0

    def _stale(self) -> bool:
        """Whether the collection must be (re)opened first (a server is always current)."""
        if self._collection is None or self._broken:
            return True
        generation = self.catalog.generation()
        if self.place.embedded and generation != self._seen:
            return True
        self._seen = generation
        return False

    def _catch_up(self) -> None:
        """Reopen the collection if another process committed since it was opened."""
        generation = self.catalog.generation()
        current = generation == self._seen or not self.place.embedded  # a server is always current
        if self._collection is not None and not self._broken and current:
            self._seen = generation
            return
        with self._swap:
            if generation == self._seen and not self._broken and self._collection is not None:
                return
            try:
                collection = self.place.open(self.embeddings, generation, fresh=self._broken)
            except Exception as exc:  # whatever stops the collection opening (a server down...)
                self._broken = True
                raise StoreError(_one_line(exc)) from exc
            self._collection, self._seen, self._broken = collection, generation, False

    # ----------------------------------------------------------------- writes
    def fingerprint(self, article_id: str) -> str | None:
        """The stored fingerprint of a fully indexed article (None if absent or half-written)."""
        return self.read(lambda: self.catalog.fingerprint(article_id))

    def write(self, items: Sequence[tuple[Article, Sequence[Chunk], str]]) -> None:
        """Make the store hold exactly ``chunks`` for each article (embedding only new text).

        Each item is (article, its chunks, the fingerprint to record once it is fully stored).
        New text is embedded before the write lock (parallel writers overlap there); under the
        lock, what another writer stored meanwhile is read again, so the result is the same
        whichever writer came first.
        """
        with_sentences = self.embeddings.sentence_vectors != NONE
        records = {
            article.article_id: [r for chunk in chunks for r in records_of(chunk, with_sentences)]
            for article, chunks, _ in items
        }
        _, current = self.read(lambda: self._existing(items))
        vectors = self._embed(_stale(records, current))
        with self.writing():
            existing, current = self._existing(items)
            # A paragraph and its sentences are (re-)embedded together, one model pass each, when
            # any of them is new or came from another embedder.
            added = _stale(records, current)
            vectors |= self._embed([r for r in added if r.record_id not in vectors])
            self._add_to_chroma(added, vectors)
            added_ids = {r.record_id for r in added}
            self._refresh_metadata(
                [r for recs in records.values() for r in recs if r.record_id not in added_ids]
            )
            for article, chunks, fingerprint in items:
                wanted = {r.record_id for r in records[article.article_id]}
                stale_keyword = self.keyword.ids_for_article(article.article_id) - {
                    c.chunk_id for c in chunks
                }
                self.keyword.upsert(
                    [(c.chunk_id, article.article_id, c.text, c.metadata()) for c in chunks]
                )
                self.keyword.delete_ids(sorted(stale_keyword))
                stale = sorted(existing[article.article_id] - wanted)
                for start in range(0, len(stale), MAX_BATCH):
                    self.collection_now.delete(ids=stale[start : start + MAX_BATCH])
                self.catalog.put(_article_row(article, chunks, fingerprint), _speaker_rows(chunks))

    @property
    def collection_now(self) -> Collection:
        """The collection inside a read or write section (already caught up)."""
        assert self._collection is not None and self._local.depth
        return self._collection

    def _existing(
        self, items: Sequence[tuple[Article, Sequence[Chunk], str]]
    ) -> tuple[dict[str, set[str]], set[str]]:
        """The stored record ids of each article, and those whose vector this embedder wrote."""
        signature = self.signature
        existing: dict[str, set[str]] = {}
        current: set[str] = set()
        for article, _, _ in items:
            got = self.collection_now.get(
                where={"article_id": article.article_id}, include=["metadatas"]
            )
            existing[article.article_id] = set(got["ids"])
            current.update(
                rid
                for rid, meta in zip(got["ids"], got["metadatas"] or [], strict=True)
                if _embedder_of(meta) == signature
            )
        return existing, current

    def _embed(self, records: Sequence[_Record]) -> dict[str, np.ndarray]:
        """Vectors of paragraph records and of their sentences' spans, one model pass each."""
        paragraphs = [r for r in records if r.span is None]
        if not paragraphs:
            return {}
        spans: dict[str, list[tuple[int, int]]] = {r.record_id: [] for r in paragraphs}
        sentence_ids: dict[str, list[str]] = {r.record_id: [] for r in paragraphs}
        for record in records:  # one pass: a paragraph's sentences in their order
            if record.span is not None:
                spans[record.metadata["parent"]].append(record.span)
                sentence_ids[record.metadata["parent"]].append(record.record_id)
        vectors, pooled = self.embeddings.embed_documents_with_spans(
            [r.embed for r in paragraphs], [spans[r.record_id] for r in paragraphs]
        )
        found = {r.record_id: vectors[i] for i, r in enumerate(paragraphs)}
        for i, paragraph in enumerate(paragraphs):
            found.update(zip(sentence_ids[paragraph.record_id], pooled[i], strict=True))
        return found

    def _add_to_chroma(self, records: Sequence[_Record], vectors: dict[str, np.ndarray]) -> None:
        if not records:
            return
        signature = self.signature
        collection = self.collection_now
        if (collection.metadata or {}).get(EMBEDDER_KEY) != signature:
            collection.modify(metadata={EMBEDDER_KEY: signature})
        for start in range(0, len(records), MAX_BATCH):
            batch = records[start : start + MAX_BATCH]
            # No documents: the text is the keyword index's (``get``), and Chroma would index
            # every record's text again for its own full-text search (``CHROMA_FIELDS``).
            collection.upsert(
                ids=[r.record_id for r in batch],
                metadatas=[r.metadata | {EMBEDDER_KEY: signature} for r in batch],
                embeddings=np.stack([vectors[r.record_id] for r in batch]),
            )

    def _refresh_metadata(self, records: Sequence[_Record]) -> None:
        """Kept vectors get the current metadata (attribution may change while text does not)."""
        signature = self.signature
        for start in range(0, len(records), MAX_BATCH):
            batch = records[start : start + MAX_BATCH]
            self.collection_now.update(
                ids=[r.record_id for r in batch],
                metadatas=[r.metadata | {EMBEDDER_KEY: signature} for r in batch],
            )

    @property
    def signature(self) -> str:
        """What this store's vectors depend on: the embedder and how records are made."""
        return f"{self.embeddings.signature}|{RECORD_RECIPE}"

    def check_embedder(self) -> None:
        """Refuse to search vectors another embedder wrote: scores would be meaningless (another
        model) or subtly off (another backend). Stores from before backends existed pass."""
        stored = (self.collection_now.metadata or {}).get(EMBEDDER_KEY)
        if stored is not None and stored != self.signature:
            raise EmbedderMismatch(
                f"the store was embedded with {stored!r} but this process embeds with "
                f"{self.signature!r}: ingest the articles again (their vectors are "
                "replaced) or set ASSISTANT_EMBEDDING_BACKEND to the store's backend"
            )

    def delete_article(self, article_id: str) -> bool:
        """Remove an article everywhere; False when nothing of it was stored."""
        with self.writing():
            collection = self.collection_now
            ids = collection.get(where={"article_id": article_id}, include=[])["ids"]
            for start in range(0, len(ids), MAX_BATCH):
                collection.delete(ids=ids[start : start + MAX_BATCH])
            had_keyword = bool(self.keyword.ids_for_article(article_id))
            self.keyword.delete_article(article_id)
            return self.catalog.delete(article_id) or bool(ids) or had_keyword

    # ---------------------------------------------------------------- queries
    def dense_search(
        self, query_vector: np.ndarray, k: int, filters: SearchFilters | None = None
    ) -> list[Hit]:
        """Nearest paragraphs by cosine similarity (1 - cosine distance).

        Paragraph and sentence vectors compete; a paragraph scores its best vector.
        """
        return self.read(lambda: self._dense_search(query_vector, k, filters))

    def _dense_search(
        self, query_vector: np.ndarray, k: int, filters: SearchFilters | None
    ) -> list[Hit]:
        if self.keyword.is_empty():
            return []
        self.check_embedder()
        if filters is not None and not filters.is_empty():
            best = self._filtered_scores(query_vector, k, filters)
        else:
            best = self._nearest(query_vector, k * 3)
        ranked = sorted(best, key=lambda cid: best[cid], reverse=True)[:k]
        chunks = self._get(ranked)
        return [Hit(chunks[cid], best[cid]) for cid in ranked if cid in chunks]

    def _nearest(
        self, query_vector: np.ndarray, n: int, where: dict[str, Any] | None = None
    ) -> dict[str, float]:
        """Best similarity per paragraph among the ``n`` nearest records (Chroma's HNSW)."""
        result = self.collection_now.query(
            query_embeddings=[query_vector.tolist()],
            n_results=n,
            where=where,  # type: ignore[arg-type]
            include=["distances"],
        )
        best: dict[str, float] = {}
        for record_id, dist in zip(result["ids"][0], (result["distances"] or [[]])[0], strict=True):
            parent = parent_id(record_id)
            best[parent] = max(best.get(parent, -1.0), 1.0 - float(dist))
        return best

    def _filtered_scores(
        self, query_vector: np.ndarray, k: int, filters: SearchFilters
    ) -> dict[str, float]:
        """Dense scores under a filter without Chroma's metadata-filtered query (0.2-0.8 s at
        100k paragraphs, ``bench/scale.py``): the side index resolves the filter through its
        indexes. Few paragraphs admitted (a speaker, an article): their vectors are scored
        exactly. Many (a year, an outlet): the nearest records unfiltered, kept when admitted;
        only when that leaves fewer than ``k`` does Chroma's filtered query run."""
        where = filters.keyword_where() or {}
        few = self.keyword.ids_where(where, EXACT_FILTER_LIMIT + 1)
        if len(few) <= EXACT_FILTER_LIMIT:
            return self._exact_scores(few, query_vector)
        # enough nearest records to hold k admitted paragraphs at the filter's share, twice over:
        # 2k / (admitted / paragraphs) paragraphs, times records per paragraph
        records = self.collection_now.count()
        wanted = 2 * k * records // max(1, self.keyword.count_where(where))
        nearest = self._nearest(query_vector, max(k * 3, min(POST_FILTER_RECORDS, records, wanted)))
        admitted = self.keyword.admitted(list(nearest), where)
        best = {cid: score for cid, score in nearest.items() if cid in admitted}
        if len(best) >= k:
            return best
        return self._nearest(query_vector, k * 3, filters.chroma_where())

    def _exact_scores(self, chunk_ids: Sequence[str], query_vector: np.ndarray) -> dict[str, float]:
        """Each paragraph's best vector (its own or a sentence's), fetched by record id: the
        sentence records are known from the paragraph's text, as ``records_of`` made them."""
        chunks = self._get(chunk_ids)
        ids = [
            record_id
            for cid, chunk in chunks.items()
            for record_id in (cid, *_sentence_ids(cid, chunk.text))
        ]
        best: dict[str, float] = {}
        for record_id, vector in self._vectors_by_id(ids).items():
            parent = parent_id(record_id)
            best[parent] = max(best.get(parent, -1.0), float(vector @ query_vector))
        return best

    def _vectors_by_id(self, record_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored vectors of Chroma records by id (ids not stored are left out)."""
        vectors: dict[str, np.ndarray] = {}
        for start in range(0, len(record_ids), MAX_BATCH):
            got = self.collection_now.get(
                ids=list(record_ids[start : start + MAX_BATCH]), include=["embeddings"]
            )
            for record_id, vector in zip(got["ids"], got["embeddings"], strict=True):
                vectors[record_id] = np.asarray(vector, dtype=np.float32)
        return vectors

    def similarities(self, chunk_ids: Sequence[str], query_vector: np.ndarray) -> dict[str, float]:
        """Cosine similarity of the query to given paragraphs, scored as ``dense_search`` does
        (a paragraph's best vector), for paragraphs found some other way."""
        if not chunk_ids:
            return {}
        return self.read(lambda: self._exact_scores(chunk_ids, query_vector))

    def sentence_vectors(self, chunk_ids: Sequence[str]) -> dict[str, list[np.ndarray]]:
        """Stored sentence vectors of paragraphs, in sentence order (none for one-sentence ones)."""
        if not chunk_ids:
            return {}

        def fetch() -> dict[str, list[np.ndarray]]:
            wanted = {
                cid: _sentence_ids(cid, chunk.text) for cid, chunk in self._get(chunk_ids).items()
            }
            vectors = self._vectors_by_id([rid for rids in wanted.values() for rid in rids])
            return {
                cid: [vectors[rid] for rid in rids]
                for cid, rids in wanted.items()
                if rids and all(rid in vectors for rid in rids)
            }

        return self.read(fetch)

    def keyword_search(
        self, query: str, k: int, filters: SearchFilters | None = None, kazakh: str = ""
    ) -> list[Hit]:
        """BM25 over Kazakh-normalized terms (``kazakh``: a translation of the query's words)."""
        where = filters.keyword_where() if filters else None

        def search() -> list[Hit]:
            scored = self.keyword.search(query, k, where, kazakh)
            chunks = self._get([cid for cid, _ in scored])
            return [Hit(chunks[cid], score) for cid, score in scored if cid in chunks]

        return self.read(search)

    def word_forms(self, keys: Sequence[str]) -> dict[str, list[str]]:
        """The stored articles' Cyrillic word forms by folded key, most frequent first
        (``kazakh.word_forms``): a Latin-typed question is read back by them."""
        return self.read(lambda: self.keyword.word_forms(keys))

    def forms_by_prefix(self, prefixes: Sequence[str]) -> dict[str, list[str]]:
        """The stored articles' Cyrillic word forms whose folded key starts with each prefix,
        most frequent first (``kazakh.loanwords``)."""
        return self.read(lambda: self.keyword.forms_by_prefix(prefixes))

    def get(self, ids: Sequence[str]) -> dict[str, StoredChunk]:
        """Stored chunks by id (text and metadata come from the side index)."""
        return self.read(lambda: self._get(ids))

    def _get(self, ids: Sequence[str]) -> dict[str, StoredChunk]:
        return {
            cid: StoredChunk.from_metadata(cid, text, meta)
            for cid, (text, meta) in self.keyword.get(ids).items()
        }

    def chunks_where(self, filters: SearchFilters, limit: int = 1000) -> list[StoredChunk]:
        """Chunks matching the filters alone (say one article's, within a date range), in
        reading order."""

        def chunks() -> list[StoredChunk]:
            ids = self.keyword.ids_where(filters.keyword_where() or {}, limit)
            return _in_reading_order(self._get(ids).values())

        return self.read(chunks)

    def article_chunks(
        self, article_id: str, filters: SearchFilters | None = None
    ) -> list[StoredChunk]:
        """All chunks of an article in reading order (those ``filters`` admit, if given)."""
        if filters is not None and not filters.is_empty():
            return self.chunks_where(replace(filters, article_id=article_id), limit=10**6)
        rows = self.read(lambda: self.keyword.article_chunks(article_id))
        return _in_reading_order(
            StoredChunk.from_metadata(cid, text, meta) for cid, text, meta in rows
        )

    def articles(self) -> list[ArticleRow]:
        return self.read(self.catalog.articles)

    def article(self, article_id: str) -> ArticleRow | None:
        return self.read(lambda: self.catalog.article(article_id))

    def speakers(self) -> list[SpeakerRow]:
        return self.read(self.catalog.speakers)

    def count(self) -> int:
        """Stored paragraph chunks (Chroma holds these plus their sentence vectors)."""
        return self.read(self.keyword.count)

    def is_empty(self) -> bool:
        """No chunk stored: asked on every question, so one row is read, not counted."""
        return self.read(self.keyword.is_empty)


def _one_line(exc: BaseException) -> str:
    """An engine error as one line: the first line of its message (else its type)."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _stale(records: dict[str, list[_Record]], current: set[str]) -> list[_Record]:
    """Records of every paragraph that has a record missing or from another embedder."""
    flat = [r for recs in records.values() for r in recs]
    parents = {r.metadata["parent"] for r in flat if r.record_id not in current}
    return [r for r in flat if r.metadata["parent"] in parents]


def _embedder_of(meta: Any) -> str | None:
    """A record's embedder (None for records written before it was recorded: re-embedded when
    their article is next written)."""
    return None if meta is None else meta.get(EMBEDDER_KEY)


def _in_reading_order(chunks: Iterable[StoredChunk]) -> list[StoredChunk]:
    return sorted(chunks, key=lambda c: (c.paragraph_index, c.part))


def _article_row(article: Article, chunks: Sequence[Chunk], fingerprint: str) -> ArticleRow:
    return ArticleRow(
        article_id=article.article_id,
        title=article.title,
        date=article.date,
        source=article.source,
        url=article.url,
        paragraphs=len(article.paragraphs),
        chunks=len(chunks),
        fingerprint=fingerprint,
    )


def _speaker_rows(chunks: Sequence[Chunk]) -> list[SpeakerRow]:
    rows: dict[int, SpeakerRow] = {}
    for chunk in chunks:
        attribution = chunk.attribution
        if attribution.speaker and chunk.paragraph_index not in rows:
            rows[chunk.paragraph_index] = SpeakerRow(
                chunk.article.article_id,
                attribution.speaker,
                attribution.role,
                chunk.paragraph_index,
                attribution.kind,
            )
    return list(rows.values())
