"""The news store: Chroma (dense), the keyword index and the catalog, kept consistent.

Every write goes through ``write`` / ``delete_article`` here, in an order that makes a crash at any
point repairable by re-running the same ingest: Chroma upserts first, then the keyword index, then
stale ids leave Chroma, and the catalog row (the commit marker) comes last.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from chromadb.api.models.Collection import Collection
from chromadb.api.types import GetResult

from ingest.models import Article, Chunk
from ingest.sentences import sentence_spans
from vectorstore.catalog import ArticleRow, Catalog, SpeakerRow
from vectorstore.chroma import MAX_BATCH
from vectorstore.embeddings import NONE, E5Embeddings
from vectorstore.filters import SearchFilters
from vectorstore.keyword_index import KeywordIndex


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as stored: id, exact text and flat metadata."""

    chunk_id: str
    text: str
    metadata: dict[str, Any]

    @property
    def article_id(self) -> str:
        return str(self.metadata["article_id"])

    @property
    def paragraph_index(self) -> int:
        return int(self.metadata["paragraph_index"])

    @property
    def quotes(self) -> list[str]:
        return json.loads(str(self.metadata.get("quotes") or "[]"))


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
    """One vector in Chroma: a whole paragraph (with its title) or one of its sentences."""

    record_id: str
    text: str  # stored as the Chroma document
    embed: str  # what is embedded (a sentence: its paragraph record's text)
    metadata: dict[str, Any]
    span: tuple[int, int] | None = None  # a sentence's characters within ``embed``


def sentence_id(chunk_id: str, index: int) -> str:
    return f"{chunk_id}#s{index}"


def parent_id(record_id: str) -> str:
    """The paragraph a Chroma record belongs to (inverse of ``sentence_id``).

    Chunk ids end in a hex hash, so a ``#s<digits>`` tail can only be a sentence suffix; reading
    the parent from the id lets a dense query skip fetching metadata (a third of its time).
    """
    head, sep, tail = record_id.rpartition("#s")
    return head if sep and tail.isdigit() else record_id


def records_of(chunk: Chunk, sentences: bool = True) -> list[_Record]:
    """A paragraph's vectors: the paragraph headed by its title (context), and, when it has
    several sentences, each sentence -- a question usually matches one sentence, and a long
    paragraph's vector blurs it."""
    meta = chunk.metadata()
    head = f"{chunk.article.title}\n"
    embed = head + chunk.text
    records = [
        _Record(
            chunk.chunk_id,
            chunk.text,
            embed,
            meta | {"kind": "paragraph", "parent": chunk.chunk_id},
        )
    ]
    spans = sentence_spans(chunk.text) if sentences else []
    if len(spans) > 1:
        records.extend(
            _Record(
                sentence_id(chunk.chunk_id, i),
                chunk.text[start:end],
                embed,
                meta | {"kind": "sentence", "parent": chunk.chunk_id, "sentence": i},
                (len(head) + start, len(head) + end),
            )
            for i, (start, end) in enumerate(spans)
        )
    return records


class NewsStore:
    """Add, replace, delete and search article chunks across Chroma and the side index."""

    def __init__(
        self,
        collection: Collection,
        embeddings: E5Embeddings,
        keyword: KeywordIndex,
        catalog: Catalog,
    ) -> None:
        self.collection = collection
        self.embeddings = embeddings
        self.keyword = keyword
        self.catalog = catalog

    # ----------------------------------------------------------------- writes
    def fingerprint(self, article_id: str) -> str | None:
        """The stored fingerprint of a fully indexed article (None if absent or half-written)."""
        return self.catalog.fingerprint(article_id)

    def write(self, items: Sequence[tuple[Article, Sequence[Chunk], str]]) -> None:
        """Make the store hold exactly ``chunks`` for each article (embedding only new text).

        Each item is (article, its chunks, the fingerprint to record once it is fully stored).
        """
        signature = self.embeddings.signature
        existing: dict[str, set[str]] = {}
        current: set[str] = set()  # records whose vector came from this embedder
        for article, _, _ in items:
            got = self.collection.get(
                where={"article_id": article.article_id}, include=["metadatas"]
            )
            existing[article.article_id] = set(got["ids"])
            current.update(
                rid
                for rid, meta in zip(got["ids"], got["metadatas"] or [], strict=True)
                if _embedder_of(meta) == signature
            )
        with_sentences = self.embeddings.sentence_vectors != NONE
        records = {
            article.article_id: [r for chunk in chunks for r in records_of(chunk, with_sentences)]
            for article, chunks, _ in items
        }
        # A paragraph and its sentences are embedded together (one forward pass when pooled).
        stale_parents = {
            record.metadata["parent"]
            for recs in records.values()
            for record in recs
            if record.record_id not in current
        }
        self._add_to_chroma(
            [
                record
                for recs in records.values()
                for record in recs
                if record.metadata["parent"] in stale_parents
            ]
        )
        self._refresh_metadata(
            [
                record
                for recs in records.values()
                for record in recs
                if record.metadata["parent"] not in stale_parents
            ]
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
                self.collection.delete(ids=stale[start : start + MAX_BATCH])
            self.catalog.put(_article_row(article, chunks, fingerprint), _speaker_rows(chunks))

    def _add_to_chroma(self, records: Sequence[_Record]) -> None:
        if not records:
            return
        signature = self.embeddings.signature
        if (self.collection.metadata or {}).get(EMBEDDER_KEY) != signature:
            self.collection.modify(metadata={EMBEDDER_KEY: signature})
        vectors = self._vectors(records)
        for start in range(0, len(records), MAX_BATCH):
            batch = records[start : start + MAX_BATCH]
            self.collection.upsert(
                ids=[r.record_id for r in batch],
                documents=[r.text for r in batch],
                metadatas=[r.metadata | {EMBEDDER_KEY: signature} for r in batch],
                embeddings=vectors[start : start + MAX_BATCH],
            )

    def _vectors(self, records: Sequence[_Record]) -> np.ndarray:
        """Vectors of paragraph records and of their sentences' spans, one model pass each."""
        paragraphs = [r for r in records if r.span is None]
        spans: dict[str, list[tuple[int, int]]] = {r.record_id: [] for r in paragraphs}
        for record in records:
            if record.span is not None:
                spans[record.metadata["parent"]].append(record.span)
        vectors, pooled = self.embeddings.embed_documents_with_spans(
            [r.embed for r in paragraphs], [spans[r.record_id] for r in paragraphs]
        )
        by_id = {r.record_id: vectors[i] for i, r in enumerate(paragraphs)}
        taken = {r.record_id: iter(pooled[i]) for i, r in enumerate(paragraphs)}
        return np.stack(
            [
                by_id[r.record_id] if r.span is None else next(taken[r.metadata["parent"]])
                for r in records
            ]
        )

    def _refresh_metadata(self, records: Sequence[_Record]) -> None:
        """Kept vectors get the current metadata (attribution may change while text does not)."""
        signature = self.embeddings.signature
        for start in range(0, len(records), MAX_BATCH):
            batch = records[start : start + MAX_BATCH]
            self.collection.update(
                ids=[r.record_id for r in batch],
                metadatas=[r.metadata | {EMBEDDER_KEY: signature} for r in batch],
            )

    def check_embedder(self) -> None:
        """Refuse to search vectors another embedder wrote: scores would be meaningless (another
        model) or subtly off (another backend). Stores from before backends existed pass."""
        stored = (self.collection.metadata or {}).get(EMBEDDER_KEY)
        if stored is not None and stored != self.embeddings.signature:
            raise EmbedderMismatch(
                f"the store was embedded with {stored!r} but this process embeds with "
                f"{self.embeddings.signature!r}: ingest the articles again (their vectors are "
                "replaced) or set ASSISTANT_EMBEDDING_BACKEND to the store's backend"
            )

    def delete_article(self, article_id: str) -> bool:
        """Remove an article everywhere; False when nothing of it was stored."""
        ids = self.collection.get(where={"article_id": article_id}, include=[])["ids"]
        for start in range(0, len(ids), MAX_BATCH):
            self.collection.delete(ids=ids[start : start + MAX_BATCH])
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
        if self.count() == 0:
            return []
        self.check_embedder()
        result = self.collection.query(
            query_embeddings=[query_vector.tolist()],
            n_results=k * 3,
            where=filters.chroma_where() if filters else None,
            include=["distances"],
        )
        best: dict[str, float] = {}
        for record_id, dist in zip(result["ids"][0], (result["distances"] or [[]])[0], strict=True):
            parent = parent_id(record_id)
            best[parent] = max(best.get(parent, -1.0), 1.0 - float(dist))
        ranked = sorted(best, key=lambda cid: best[cid], reverse=True)[:k]
        chunks = self.get(ranked)
        return [Hit(chunks[cid], best[cid]) for cid in ranked if cid in chunks]

    def similarities(self, chunk_ids: Sequence[str], query_vector: np.ndarray) -> dict[str, float]:
        """Cosine similarity of the query to given paragraphs, scored as ``dense_search`` does
        (a paragraph's best vector), for paragraphs found some other way."""
        if not chunk_ids:
            return {}
        got = self._records_of(chunk_ids, ["embeddings"])
        best: dict[str, float] = {}
        for record_id, vector in zip(got["ids"], got["embeddings"], strict=True):
            parent = parent_id(record_id)
            score = float(np.asarray(vector, dtype=np.float32) @ query_vector)
            best[parent] = max(best.get(parent, -1.0), score)
        return best

    def sentence_vectors(self, chunk_ids: Sequence[str]) -> dict[str, list[np.ndarray]]:
        """Stored sentence vectors of paragraphs, in sentence order (none for one-sentence ones)."""
        if not chunk_ids:
            return {}
        got = self._records_of(chunk_ids, ["metadatas", "embeddings"])
        found: dict[str, dict[int, np.ndarray]] = {}
        for meta, vector in zip(got["metadatas"] or [], got["embeddings"], strict=True):
            if meta.get("kind") == "sentence":
                found.setdefault(str(meta["parent"]), {})[int(meta["sentence"])] = np.asarray(
                    vector, dtype=np.float32
                )
        return {cid: [vecs[i] for i in sorted(vecs)] for cid, vecs in found.items()}

    def _records_of(self, chunk_ids: Sequence[str], include: list[str]) -> GetResult:
        """Every Chroma record (the paragraph's and its sentences') of the given paragraphs."""
        ids = list(chunk_ids)
        where = {"parent": {"$in": ids}} if len(ids) > 1 else {"parent": ids[0]}
        return self.collection.get(where=where, include=include)  # type: ignore[arg-type]

    def keyword_search(
        self, query: str, k: int, filters: SearchFilters | None = None, kazakh: str = ""
    ) -> list[Hit]:
        """BM25 over Kazakh-normalized terms (``kazakh``: a translation of the query's words)."""
        where = filters.keyword_where() if filters else None
        scored = self.keyword.search(query, k, where, kazakh)
        chunks = self.get([cid for cid, _ in scored])
        return [Hit(chunks[cid], score) for cid, score in scored if cid in chunks]

    def get(self, ids: Sequence[str]) -> dict[str, StoredChunk]:
        """Stored chunks by id (text and metadata come from the side index)."""
        return {
            cid: StoredChunk(cid, text, meta) for cid, (text, meta) in self.keyword.get(ids).items()
        }

    def chunks_where(self, filters: SearchFilters, limit: int = 1000) -> list[StoredChunk]:
        """Chunks matching the filters alone (say one article's, within a date range), in
        reading order."""
        ids = self.keyword.ids_where(filters.keyword_where() or {}, limit)
        return _in_reading_order(self.get(ids).values())

    def article_chunks(self, article_id: str) -> list[StoredChunk]:
        """All chunks of an article in reading order."""
        rows = self.keyword.article_chunks(article_id)
        return _in_reading_order(StoredChunk(cid, text, meta) for cid, text, meta in rows)

    def articles(self) -> list[ArticleRow]:
        return self.catalog.articles()

    def article(self, article_id: str) -> ArticleRow | None:
        return self.catalog.article(article_id)

    def speakers(self) -> list[SpeakerRow]:
        return self.catalog.speakers()

    def count(self) -> int:
        """Stored paragraph chunks (Chroma holds these plus their sentence vectors)."""
        return self.keyword.count()


def _embedder_of(meta: Any) -> str | None:
    """A record's embedder (None for records written before it was recorded: re-embedded when
    their article is next written)."""
    return None if meta is None else meta.get(EMBEDDER_KEY)


def _in_reading_order(chunks: Iterable[StoredChunk]) -> list[StoredChunk]:
    return sorted(chunks, key=lambda c: (c.paragraph_index, int(c.metadata.get("part", 0))))


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
