"""``Assistant``: the one object the CLI, the Gradio app and Python callers use.

It wires settings -> embedding model -> Chroma + side index -> retrieval -> answerer, creating each
piece lazily and once, so constructing an ``Assistant`` is cheap and importing this module does no
work.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.abstention import should_abstain
from assistant.answer_types import Answer, Citation
from assistant.extractive import compose
from assistant.followup import normalize_history, resolve_followup
from assistant.language import detect_language
from assistant.retrieval import HybridSearch, Retrieved
from assistant.settings import Settings
from assistant.speaker_query import KnownSpeaker, asks_about_speech, resolve_speakers
from ingest.pipeline import Ingestor, IngestReport
from ingest.tokens import TokenCounter, ensure_tiktoken
from prompts import frames
from vectorstore.catalog import ArticleRow, Catalog
from vectorstore.chroma import make_client, open_collection
from vectorstore.embeddings import TORCH, E5Embeddings, make_embeddings
from vectorstore.filters import SearchFilters
from vectorstore.keyword_index import KeywordIndex
from vectorstore.store import NewsStore, StoredChunk

if TYPE_CHECKING:
    from assistant.langchain_api import AnswerChain, NewsRetriever
    from assistant.llm import LLMAnswerer
    from assistant.verify import Verdict

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
        """The embedding model on the configured backend (provisioned on first use)."""
        settings = self.settings
        return make_embeddings(
            settings.embedding_model,
            settings.resolved_models_dir,
            settings.embedding_backend,
            settings.embedding_batch_size,
        )

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
    def _llm(self) -> LLMAnswerer | None:
        """The optional LLM answerer: only when ``ASSISTANT_LLM_BASE_URL`` is set."""
        if not self.settings.llm_base_url:
            return None
        from assistant.llm import LLMAnswerer  # LangChain's message types load only for an LLM

        return LLMAnswerer.from_settings(self.settings, self._token_counter.count)

    @property
    def _index_signature(self) -> str:
        """What stored articles depend on besides their text: the model, and the backend when it
        is not torch (stores written before backends existed stay valid under torch)."""
        embeddings = self.embeddings
        if embeddings.backend == TORCH:
            return self.settings.embedding_model
        return f"{self.settings.embedding_model}|{embeddings.signature}"

    @cached_property
    def _ingestor(self) -> Ingestor:
        return Ingestor(
            sink=self.store,
            count_tokens=self._token_counter.count,
            max_tokens=self.settings.max_paragraph_tokens,
            index_signature=self._index_signature,
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
        from assistant.langchain_api import NewsRetriever  # LangChain loads on first use

        return NewsRetriever(assistant=self, k=self.settings.top_k)

    @cached_property
    def chain(self) -> AnswerChain:
        """A LangChain Runnable: ``invoke({"question": ...})`` returns ``ask(...).to_dict()``."""
        from assistant.langchain_api import AnswerChain

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
        return self._search(question, k or self.settings.top_k, filters, mode)[1]

    def _search(
        self, question: str, k: int, filters: Any, mode: str = "hybrid+speaker"
    ) -> tuple[np.ndarray, list[Retrieved]]:
        """Embed the question once and rank paragraphs; the vector is reused for answering."""
        query_vector = self.embeddings.embed_queries_array([question])[0]
        speakers, by_role = self._asked_speakers(question)
        retrieved = self.search.search(
            question, query_vector, k, self._filters(filters), speakers, mode, by_role
        )
        return query_vector, retrieved

    def _asked_speakers(self, question: str) -> tuple[list[str], bool]:
        """Speakers a question about speech names, or else describes by role."""
        known = self.known_speakers()
        if not asks_about_speech(question):
            return [], False  # names alone are the keyword index's job
        named = resolve_speakers(question, known, roles=False)
        if named:
            return named, False
        return resolve_speakers(question, known), True

    def _filters(self, filters: SearchFilters | dict[str, Any] | None) -> SearchFilters | None:
        """Accept filter dicts from JSON; a speaker in any form maps to the speaker of record."""
        if isinstance(filters, dict):
            filters = SearchFilters(**{k: v for k, v in filters.items() if v})
        if filters and filters.speaker:
            matches = resolve_speakers(filters.speaker, self.known_speakers())
            if matches:
                filters = replace(filters, speaker=matches[0])
        return filters

    def _prepare(self, question: str, history: History | None, filters: Any) -> _Turn:
        """Everything before the answer: language, follow-up resolution, retrieval, citations."""
        question = question.strip()
        if not question:
            raise ValueError("the question is empty")
        language = detect_language(question)
        known = self.known_speakers()
        if self._llm is not None and history:
            standalone = self._llm.condense(question, normalize_history(history), language)
        else:
            standalone = resolve_followup(question, history, known, language)
        if self.store.count() == 0:
            return _Turn(question, language, standalone, None, [], (), True)
        query_vector, retrieved = self._search(standalone, self.settings.top_k, filters)
        citations = tuple(
            Citation.from_chunk(n, item.chunk, item.score)
            for n, item in enumerate(retrieved, start=1)
        )
        return _Turn(
            question,
            language,
            standalone,
            query_vector,
            retrieved,
            citations,
            should_abstain(standalone, retrieved),
        )

    def _answer_pieces(
        self, turn: _Turn, history: History | None
    ) -> Generator[str, None, tuple[bool, tuple[str, ...]]]:
        """Yield the answer text piece by piece; return (abstained, verbatim quotes).

        Extractive by default; with an LLM endpoint configured, the model writes the answer and
        every sentence passes the verbatim-quote gate before it is yielded. If the endpoint fails,
        the extractive answer stands in.
        """
        texts = frames(turn.language)
        if turn.query_vector is None:
            yield texts["empty"]
            return True, ()
        if turn.abstain:
            yield texts["abstain"]
            return True, ()
        if self._llm is not None:
            from assistant.llm import LLMError

            try:
                result = yield from self._llm.stream(
                    turn.standalone, turn.language, turn.citations, normalize_history(history)
                )
                return result.abstained, result.quotes
            except LLMError:
                pass  # the endpoint failed before anything was shown: answer extractively
        text, quotes = compose(
            turn.standalone,
            turn.language,
            turn.query_vector,
            turn.retrieved,
            self.store.sentence_vectors,
        )
        if not text:
            yield texts["abstain"]
            return True, ()
        pieces = re.split(r"(?<=\]) ", text)
        for i, piece in enumerate(pieces):
            yield piece + (" " if i < len(pieces) - 1 else "")
        return False, tuple(quotes)

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
        pieces = self._answer_pieces(turn, history)
        parts: list[str] = []
        while True:
            try:
                parts.append(next(pieces))
            except StopIteration as done:
                abstained, quotes = done.value
                break
        return Answer(
            turn.question,
            "".join(parts),
            abstained,
            turn.citations,
            turn.language,
            turn.standalone,
            quotes,
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
        pieces = self._answer_pieces(turn, history)
        while True:
            try:
                yield {"answer": next(pieces)}
            except StopIteration as done:
                yield {"abstained": done.value[0]}
                return

    def verify_quote(self, claim: str, speaker: str | None = None) -> Verdict:
        """Check a quote against the articles: verbatim, paraphrase, misattributed or not_found."""
        from assistant.verify import verify_quote

        return verify_quote(self, claim, speaker)

    def speakers(self, query: str | None = None) -> list[dict[str, Any]]:
        """Who said what: speakers with roles, articles, dates and number of quoted paragraphs."""
        from assistant.who_said import list_speakers

        return list_speakers(self, query)

    def quotes(self, speaker: str, about: str | None = None, k: int = 20) -> list[Citation]:
        """A speaker's paragraphs, best matches for ``about`` first (reading order without it)."""
        from assistant.who_said import speaker_quotes

        return speaker_quotes(self, speaker, about, k)

    def articles(self) -> list[ArticleRow]:
        """The indexed articles, newest first."""
        return self.store.articles()

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
