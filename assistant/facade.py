"""``Assistant``: the one object the CLI, the Gradio app and Python callers use.

It wires settings -> embedding model -> Chroma + side index -> retrieval -> answerer, creating each
piece lazily and once, so constructing an ``Assistant`` is cheap and importing this module does no
work.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.abstention import (
    TYPICAL_RANKS,
    context_covers,
    lacks_asked_amount,
    lacks_asked_organisation,
    should_abstain,
    story_holds_all,
    typical_similarity,
)
from assistant.answer_types import Answer, Citation
from assistant.extractive import compose
from assistant.followup import continues_conversation, normalize_history, resolve_followup
from assistant.followup_topic import mentions_role
from assistant.query import Query
from assistant.query_vector import dense_vector
from assistant.question_terms import analyse, overlap, text_terms
from assistant.quote_gate import find_quotes, normalize_for_match
from assistant.retrieval import HybridSearch, Retrieved
from assistant.speaker_query import KnownSpeaker, resolve_speakers
from assistant.statement_query import compose_who_said
from assistant.verify import QuoteVerifier, Verdict
from assistant.who_said import SpeakerQuotes, list_speakers
from core.settings import Settings
from ingest.loaders import LoadLimits
from ingest.pipeline import Ingestor, IngestReport
from ingest.tokens import TokenCounter, ensure_tiktoken
from kazakh.language import detect_language
from kazakh.script import latin_alphabet, latin_keys, to_cyrillic
from kazakh.word_forms import stem_forms
from prompts import frames
from vectorstore.backends import open_store
from vectorstore.catalog import ArticleRow
from vectorstore.embeddings import E5Embeddings, make_embeddings
from vectorstore.filters import SearchFilters
from vectorstore.store import NewsStore, StoredChunk

if TYPE_CHECKING:  # LangChain's chat-model and runnable modules cost a CLI answer ~0.4 s
    from langchain_core.language_models import BaseChatModel

    from assistant.langchain_api import AnswerChain, NewsRetriever
    from assistant.llm import LLMAnswerer

History = Sequence[tuple[str, str]] | Sequence[dict[str, str]]
_log = logging.getLogger(__name__)

log = logging.getLogger(__name__)


def _is_chat_model(llm: object) -> bool:
    from langchain_core.language_models import BaseChatModel

    return isinstance(llm, BaseChatModel)


def _speakers_in(query: Query, chunks: Sequence[StoredChunk]) -> Query:
    """A role asked about in a conversation ("And the vice minister?") means its holders in the
    conversation's story (``chunks``), when the story has any."""
    present = {chunk.speaker for chunk in chunks}
    local = tuple(name for name in query.speakers if name in present)
    return replace(query, speakers=local) if local else query


class Assistant:
    """Question answering over the indexed articles, with exact, cited quotes."""

    def __init__(
        self,
        data_dir: str | Path | None = None,
        *,
        llm: BaseChatModel | None = None,
        **overrides: Any,
    ) -> None:
        """``llm``: any LangChain chat model to write answers (through the quote gate); without
        it, ``ASSISTANT_LLM_BASE_URL`` names an OpenAI-compatible endpoint, and without that the
        answers are extractive. Other keywords override ``Settings`` fields."""
        if data_dir is not None:
            overrides["data_dir"] = Path(data_dir)
        if llm is not None and not _is_chat_model(llm):
            raise TypeError(f"llm must be a LangChain BaseChatModel, not {type(llm).__name__}")
        self.settings = Settings(**overrides)
        self._chat_model = llm
        self._lock = threading.RLock()
        self._speakers_cache: tuple[int, list[KnownSpeaker]] | None = None

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
            store = open_store(self.settings, self.embeddings)
            settings = self.settings
            where = (
                f"Chroma server {settings.chroma_host}:{settings.chroma_port}"
                if settings.uses_chroma_server
                else f"embedded Chroma in {settings.data_dir}"
            )
            side = "PostgreSQL" if settings.database_url is not None else settings.keyword_db_path
            log.info(
                "store opened: %s, collection %r, side index %s", where, settings.collection, side
            )
            return store

    @cached_property
    def search(self) -> HybridSearch:
        return HybridSearch(self.store, self.settings.candidate_k)

    @cached_property
    def _token_counter(self) -> TokenCounter:
        ensure_tiktoken(self.settings.tiktoken_dir)
        return TokenCounter(self.settings.tiktoken_dir)

    @cached_property
    def _llm(self) -> LLMAnswerer | None:
        """The optional LLM answerer: the ``llm`` given, else the ``ASSISTANT_LLM_BASE_URL``
        endpoint, else none."""
        from assistant.llm import LLMAnswerer

        if self._chat_model is not None:
            return LLMAnswerer(
                chat=self._chat_model,
                context_tokens=self.settings.llm_context_tokens,
                count_tokens=self._token_counter.count,
            )
        if not self.settings.llm_base_url:
            return None
        return LLMAnswerer.from_settings(self.settings, self._token_counter.count)

    @property
    def _index_signature(self) -> str:
        """What stored articles depend on besides their text: the model, its backend and how
        records are made (``NewsStore.signature``); a change re-indexes every article."""
        return f"{self.settings.embedding_model}|{self.store.signature}"

    @cached_property
    def _ingestor(self) -> Ingestor:
        return Ingestor(
            sink=self.store,
            count_tokens=self._token_counter.count,
            max_tokens=self.settings.max_paragraph_tokens,
            index_signature=self._index_signature,
            limits=LoadLimits(
                max_file_bytes=int(self.settings.max_file_mb * 2**20),
                max_line_bytes=int(self.settings.max_line_mb * 2**20),
                max_paragraph_chars=self.settings.max_paragraph_chars,
                max_json_depth=self.settings.max_json_depth,
            ),
        )

    # --------------------------------------------------------------- writing
    def ingest(
        self,
        paths: Iterable[str | Path],
        progress: bool = False,
        on_progress: Any = None,
        shard: tuple[int, int] | None = None,
    ) -> IngestReport:
        """Add or update the articles in ``paths`` (files or directories); ``shard`` (I, N)
        takes only the I-th of N shards (parallel workers)."""
        with self._lock:
            report = self._ingestor.ingest(
                paths, progress=progress, on_progress=on_progress, shard=shard
            )
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
        """Speakers of record (cached until the store's next commit, from any process)."""

        def load() -> list[KnownSpeaker]:
            generation = self.store.generation  # caught up: we are inside a read
            cached = self._speakers_cache
            if cached is not None and cached[0] == generation:
                return cached[1]
            # one per role a speaker was recorded with: a person promoted between two stories,
            # or two namesakes, is found by either role
            seen: dict[tuple[str, str], KnownSpeaker] = {}
            for row in self.store.speakers():
                seen.setdefault((row.speaker, row.role), KnownSpeaker(row.speaker, row.role))
            self._speakers_cache = (generation, list(seen.values()))
            return self._speakers_cache[1]

        return self.store.read(load)

    @cached_property
    def retriever(self) -> NewsRetriever:
        """A LangChain ``BaseRetriever`` over this assistant (top_k paragraphs as ``Document``s)."""
        from assistant.langchain_api import NewsRetriever

        return NewsRetriever(source=self, k=self.settings.top_k)

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
        query = Query.of(
            self._reading(question), known=self.known_speakers(), loans=self.store.forms_by_prefix
        )

        def retrieve() -> list[Retrieved]:
            if self.store.is_empty():
                return []
            return self._search(query, k or self.settings.top_k, filters, mode)[1]

        return self.store.read(retrieve)

    def _search(
        self, query: Query, k: int, filters: Any, mode: str = "hybrid+speaker"
    ) -> tuple[np.ndarray, list[Retrieved]]:
        """Embed the question once and rank paragraphs; the vector is reused for answering."""
        query_vector = self._query_vector(query)
        retrieved = self.search.search(query, query_vector, k, self._filters(filters), mode)
        return query_vector, retrieved

    def _query_vector(self, query: Query) -> np.ndarray:
        """The question's dense vector (``assistant.query_vector``)."""
        return dense_vector(self.embeddings, query, self.search.weights.translation_vector)

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
        """Everything before the answer: the ``Query`` (language, follow-up resolution, terms,
        speakers), retrieval, citations and whether to abstain."""
        question = question.strip()
        if not question:
            raise ValueError("the question is empty")
        limit = self.settings.max_question_chars
        if len(question) > limit:
            raise ValueError(
                f"the question is too long ({len(question):,} characters; the limit is "
                f"{limit:,}, ASSISTANT_MAX_QUESTION_CHARS)"
            )
        if not any(ch.isalnum() for ch in question):
            raise ValueError("the question has no words, only punctuation")
        try:
            question.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate ("\ud800"): no text can hold it
            raise ValueError(
                f"the question is not valid Unicode (a lone surrogate at character {exc.start + 1})"
            ) from None
        language = detect_language(question)
        known = self.known_speakers()
        standalone = None
        if self._llm is not None and history:
            from assistant.llm import LLMError

            try:
                standalone = self._llm.condense(question, normalize_history(history), language)
            except LLMError as error:  # the endpoint is down: resolve the follow-up without it
                _log.warning("%s; follow-up resolved without the LLM", error)
        if standalone is None:
            standalone = resolve_followup(question, history, known, language)
        # Kazakh typed in a Latin alphabet is read in Cyrillic from here on (terms, speakers,
        # embedding), so it meets Cyrillic and Latin articles alike.
        query = Query.of(
            question,
            self._reading(standalone),
            known,
            language,
            follow_up=standalone != question,
            loans=self.store.forms_by_prefix,
        )
        follows_on = bool(history) and (
            query.follow_up or continues_conversation(question, language)
        )
        if follows_on:
            answers = [m["content"] for m in normalize_history(history) if m["role"] != "user"]
            query = replace(query, previous_answer=answers[-1] if answers else "")

        def retrieve() -> tuple[Query, np.ndarray, list[Retrieved], bool, bool] | None:
            """One consistent view of the store: no other process's commit lands inside."""
            if self.store.is_empty():
                return None
            turn_query = self._in_conversation(query, history, known, filters, follows_on)
            query_vector, retrieved = self._search(turn_query, self.settings.top_k, filters)
            # The corpus's typical similarity to this question, unfiltered: abstention's baseline.
            bulk = self.store.dense_search(query_vector, TYPICAL_RANKS[1])
            typical = typical_similarity([hit.score for hit in bulk])
            abstain = should_abstain(turn_query, retrieved, typical)
            if abstain and turn_query.context:
                chunks = self.store.article_chunks(turn_query.context, self._filters(filters))
                abstain = not context_covers(turn_query, chunks)
            if not abstain and (
                lacks_asked_amount(turn_query, retrieved)
                or lacks_asked_organisation(turn_query, retrieved)
            ):
                abstain = True
            supported = False
            if turn_query.statement:
                # "Who said that …?" is a quote to find. The quote verifier's verdict says whether
                # the articles give the statement (word for word or in other words): only then is
                # its speaker said to have said it. The question is also answered when the
                # verifier's closest sentence is close and in the paragraph retrieval ranked first
                # (a rewording its paraphrase bar misses), but as the closest statement, not as
                # the statement: similarity cannot tell a rewording from a contradiction ("fares
                # will be cut" is as close to "fares will rise" as a rewording is).
                found = self.quote_verifier.verify(turn_query.statement)
                supported = found.verdict in ("verbatim", "paraphrase")
                abstain = abstain and not (supported or _agrees(found, retrieved))
            return turn_query, query_vector, retrieved, abstain, supported

        found = self.store.read(retrieve)
        if found is None:
            return _Turn(query, None, [], (), True)
        query, query_vector, retrieved, abstain, supported = found
        citations = tuple(
            Citation.from_chunk(n, item.chunk, item.score)
            for n, item in enumerate(retrieved, start=1)
        )
        return _Turn(query, query_vector, retrieved, citations, abstain, supported)

    def _reading(self, text: str) -> str:
        """The Cyrillic reading of a question: Latin-typed Kazakh is read against the stored
        articles' own word forms too ("ortinen" is өртінен where the articles say so)."""
        alphabet = latin_alphabet(text)
        if alphabet is None:
            return text
        keys = latin_keys(text)
        forms = self.store.word_forms(keys)
        if alphabet == "ascii":
            forms = {**stem_forms(keys, self.store.forms_by_prefix), **forms}
        return to_cyrillic(text, alphabet, forms)

    def _conversation_article(
        self, history: History | None, known: Sequence[KnownSpeaker], filters: Any
    ) -> str | None:
        """The article the conversation is about: the one the latest answer that quotes an
        article quotes (an answer that abstained, or paraphrased, leaves the story as it was;
        the last three answers are read), else the best match of the last question and answer
        together (a paraphrased answer still shares its article's words). Called inside a
        read."""
        messages = normalize_history(history)
        last = " ".join(m["content"] for m in messages[-2:])
        if not last.strip():
            return None
        answers = [m["content"] for m in messages if m["role"] != "user"][-3:]
        for answer in reversed(answers):
            quoted = self._quoted_article(answer, filters)
            if quoted is not None:
                return quoted
        previous = Query.of(
            last, self._reading(last), known, follow_up=False, loans=self.store.forms_by_prefix
        )
        _, found = self._search(previous, 1, filters)
        return found[0].chunk.article_id if found else None

    def _in_conversation(
        self,
        query: Query,
        history: History | None,
        known: Sequence[KnownSpeaker],
        filters: Any,
        follows_on: bool,
    ) -> Query:
        """The question as the conversation asks it (called inside a read; the conversation's
        story is looked up once). A follow-up, or a question without a follow-up's marks whose
        every word one paragraph of the story holds ("How many places will each centre have?"
        after a question about the centre), is asked of that story (``Query.context``); a role
        it names is its holder in the story; a speaker it carried over who never spoke of its
        topic gives way. A role named in any other question of the conversation ("What did the
        vice minister say?") is also the story's holder of it, if the story has one. The story's
        paragraphs are read at most once, with the question's filters."""
        by_role = query.by_role and bool(query.speakers)
        wanted = follows_on or by_role or bool(not query.names and query.terms.units)
        if not history or not wanted:
            return query
        story = self._conversation_article(history, known, filters)
        if not story:
            return query
        # the story's paragraphs, read once and only when a step needs them
        chunks = cache(lambda: self.store.article_chunks(story, self._filters(filters)))
        asked_of_story = follows_on or bool(
            not query.names and query.terms.units and story_holds_all(query, chunks())
        )
        if not asked_of_story:
            return _speakers_in(query, chunks()) if by_role else query
        turn = replace(query, context=story)
        if query.by_role:
            turn = _speakers_in(turn, chunks())
        if turn.speakers and query.follow_up:
            turn = self._speaker_on_topic(turn, chunks(), known)
        return turn

    def _speaker_on_topic(
        self, query: Query, chunks: Sequence[StoredChunk], known: Sequence[KnownSpeaker]
    ) -> Query:
        """A follow-up that carried the conversation's speaker over to a new topic ("Al vagondar
        she?" after the akim) asks the story (``chunks``) about it when that speaker never spoke
        of it and someone else in the story did."""
        asked = self._reading(query.question)
        if resolve_speakers(asked, known, roles=False) or mentions_role(asked):
            return query  # the follow-up names its speaker itself
        units = analyse(asked, query.terms.language).units
        if not units:
            return query
        covering = [c for c in chunks if overlap(units, text_terms(c.text)) > 0]
        if covering and not any(c.speaker in query.speakers for c in covering):
            return replace(query, speakers=(), by_role=False)
        return query

    def _quoted_article(self, answer: str, filters: Any) -> str | None:
        """The article a previous answer quotes word for word (the product's own answers quote
        their paragraph in «»): its first quote found verbatim in a stored paragraph among that
        quote's best keyword matches. Called inside a read."""
        for quote in find_quotes(answer)[:3]:
            wanted = normalize_for_match(quote.strip().rstrip(".!?…"))
            if len(wanted.split()) < 3:
                continue
            for hit in self.store.keyword_search(quote, 5, self._filters(filters)):
                if wanted in normalize_for_match(hit.chunk.text):
                    return hit.chunk.article_id
        return None

    def _answer_pieces(
        self, turn: _Turn, history: History | None
    ) -> Generator[str, None, tuple[bool, tuple[str, ...]]]:
        """Yield the answer text piece by piece; return (abstained, verbatim quotes).

        Extractive by default; with an LLM endpoint configured, the model writes the answer and
        every sentence passes the verbatim-quote gate before it is yielded. If the endpoint fails,
        the extractive answer stands in.
        """
        query = turn.query
        texts = frames(query.language)
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
                    query.text, query.language, turn.citations, normalize_history(history)
                )
                return result.abstained, result.quotes
            except LLMError as error:
                # the endpoint failed before anything was shown: answer extractively
                log.warning("%s; answering extractively", error)
        if query.statement:
            text, quotes = compose_who_said(
                query.terms.units,
                query.language,
                turn.query_vector,
                turn.retrieved,
                self.store.sentence_vectors,
                states_number=any(ch.isdigit() for ch in query.statement),
                found=turn.statement_found,
            )
        else:
            text, quotes = compose(
                query, turn.query_vector, turn.retrieved, self.store.sentence_vectors
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
        query = turn.query
        return Answer(
            query.question,
            "".join(parts),
            abstained,
            turn.citations,
            query.language,
            query.text,
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
            "question": turn.query.question,
            "language": turn.query.language,
            "standalone_question": turn.query.text,
            "citations": [c.to_dict() for c in turn.citations],
        }
        pieces = self._answer_pieces(turn, history)
        while True:
            try:
                yield {"answer": next(pieces)}
            except StopIteration as done:
                yield {"abstained": done.value[0]}
                return

    @cached_property
    def quote_verifier(self) -> QuoteVerifier:
        """Quote verification over this store (``verify_quote``)."""
        return QuoteVerifier(self.store, self.search, self.embeddings, self.known_speakers)

    @cached_property
    def _speaker_quotes(self) -> SpeakerQuotes:
        return SpeakerQuotes(self.store, self.search, self.embeddings, self.known_speakers)

    def verify_quote(self, claim: str, speaker: str | None = None) -> Verdict:
        """Check a quote against the articles: verbatim, paraphrase, misattributed or not_found."""
        return self.quote_verifier.verify(claim, speaker)

    def speakers(self, query: str | None = None) -> list[dict[str, Any]]:
        """Who said what: speakers with roles, articles, dates and number of quoted paragraphs."""
        return list_speakers(self.store, query)

    def quotes(self, speaker: str, about: str | None = None, k: int = 20) -> list[Citation]:
        """A speaker's paragraphs, best matches for ``about`` first (reading order without it)."""
        return self._speaker_quotes.quotes(speaker, about, k)

    def articles(self) -> list[ArticleRow]:
        """The indexed articles, newest first."""
        return self.store.articles()

    def article(self, article_id: str) -> list[StoredChunk]:
        """The stored paragraphs of one article, in order."""
        return self.store.article_chunks(article_id)


@dataclass(frozen=True)
class _Turn:
    """One question after retrieval, before the answer text."""

    query: Query
    query_vector: np.ndarray | None  # None when nothing is indexed
    retrieved: list[Retrieved]
    citations: tuple[Citation, ...]
    abstain: bool
    #: A "who said" question's statement was found (the quote verifier's verdict is verbatim or
    #: paraphrase): only then is the closest sentence's speaker said to have said it.
    statement_found: bool = False


#: A "who said" question is answered (with the closest statement, not as found) when the quote
#: verifier's closest sentence to its statement is in the paragraph retrieval ranked first and at
#: least this similar (kaznews dev: reworded statements the verifier's paraphrase bar, set for
#: quote claims, misses score 0.87-0.96; answered ones go down to 0.85).
WHO_SAID_AGREEMENT = 0.86


def _agrees(found: Verdict, retrieved: Sequence[Retrieved]) -> bool:
    """Do the verifier's closest sentence (``found``) and retrieval's first paragraph agree, the
    sentence close enough to the statement? Two readings, one of the paragraph and one of its
    sentences, finding the same place."""
    if not found.matches or not retrieved:
        return False
    closest, first = found.matches[0], retrieved[0].chunk
    same = (closest.citation.article_id, closest.citation.paragraph_index) == (
        first.article_id,
        first.paragraph_index,
    )
    return same and found.score >= WHO_SAID_AGREEMENT
