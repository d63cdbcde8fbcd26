"""The narrow interfaces verification, "who said what" and the LangChain retriever depend on.

Each names only the calls its user makes, so those modules take the components they need (the
store, the hybrid search, the embedding model, the speakers of record) rather than the whole
``Assistant``, and their logic runs on a real catalog or hand-made chunks without the model.
``NewsStore``, ``HybridSearch``, ``E5Embeddings`` and ``Assistant`` satisfy them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np

    from assistant.query import Query
    from assistant.retrieval import Retrieved
    from assistant.speaker_query import KnownSpeaker
    from vectorstore.catalog import ArticleRow, SpeakerRow
    from vectorstore.filters import SearchFilters
    from vectorstore.store import Hit, StoredChunk


class Embedder(Protocol):
    """Normalized e5 vectors, one row per text (``vectorstore.embeddings.E5Embeddings``)."""

    def embed_queries_array(self, texts: list[str]) -> np.ndarray: ...

    def embed_documents_array(self, texts: list[str]) -> np.ndarray: ...


class ChunkSearch(Protocol):
    """Ranked paragraphs for an analysed question (``assistant.retrieval.HybridSearch``)."""

    def search(
        self,
        query: Query,
        query_vector: np.ndarray,
        k: int,
        filters: SearchFilters | None = None,
        mode: str = "hybrid+speaker",
    ) -> list[Retrieved]: ...


class KeywordSource(Protocol):
    """What quote verification reads from the store besides ranked search."""

    def is_empty(self) -> bool: ...

    def keyword_search(
        self, query: str, k: int, filters: SearchFilters | None = None, kazakh: str = ""
    ) -> list[Hit]: ...


class SpeakerCatalog(Protocol):
    """Speakers of record and articles (``vectorstore.catalog.Catalog`` and ``NewsStore``)."""

    def speakers(self) -> list[SpeakerRow]: ...

    def articles(self) -> list[ArticleRow]: ...


class SpeakerSource(SpeakerCatalog, Protocol):
    """A speaker catalog that can also give an article's paragraphs (``NewsStore``)."""

    def article_chunks(self, article_id: str) -> list[StoredChunk]: ...


#: The speakers of record, current at each call (``Assistant.known_speakers``).
KnownSpeakers = Callable[[], Sequence["KnownSpeaker"]]


@runtime_checkable
class Retrieves(Protocol):
    """Ranked paragraphs for a question string (``Assistant.retrieve``)."""

    def retrieve(
        self,
        question: str,
        k: int | None = None,
        filters: SearchFilters | dict[str, Any] | None = None,
        mode: str = "hybrid+speaker",
    ) -> list[Retrieved]: ...
