"""The LangChain face of the assistant: a ``BaseRetriever`` and an answer ``Runnable``.

Developers compose these with the rest of LangChain. The chain streams partial dictionaries
(``AddableDict``) that add up to exactly the dictionary ``invoke`` returns, so ``.stream()`` and
``.invoke()`` never disagree. The caller's config (callbacks, ``run_name``, tags, metadata) is
honoured by ``invoke``, ``stream`` and ``astream``: a tracer sees the chain run and its two steps,
``retrieve`` (citations) and ``answer`` (the text, with the chat model's run inside in LLM mode).
Input and output are typed (``ChainInput``, ``ChainOutput``), so ``chain.get_input_schema()``
and ``get_output_schema()`` describe them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import CallbackManagerForChainRun, CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableConfig, RunnableGenerator, RunnableLambda
from langchain_core.runnables.config import patch_config, run_in_executor
from langchain_core.runnables.utils import AddableDict
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.components import Retrieves
from vectorstore.filters import SearchFilters

if TYPE_CHECKING:
    from assistant.facade import Assistant

_CITATION_FIELDS = (
    "article_id",
    "title",
    "date",
    "source",
    "url",
    "paragraph_index",
    "speaker",
    "speaker_role",
    "speech_kind",
)


class NewsRetriever(BaseRetriever):
    """Hybrid, speaker-aware retrieval over the indexed paragraphs.

    ``Document.page_content`` is the exact paragraph text; ``metadata`` carries the citation fields
    (article_id, title, date, source, url, paragraph_index, speaker, ...) plus ``score`` and the
    chunk ``id``.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    source: Retrieves  # what ranks the paragraphs: an ``Assistant``
    k: int = 5
    filters: SearchFilters | None = None
    mode: str = "hybrid+speaker"

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[Document]:
        """``k`` given to ``invoke`` overrides the retriever's own for one call."""
        hits = self.source.retrieve(query, k=k or self.k, filters=self.filters, mode=self.mode)
        return [
            Document(
                page_content=hit.chunk.text,
                id=hit.chunk.chunk_id,
                metadata={key: getattr(hit.chunk, key) for key in _CITATION_FIELDS}
                | {"score": hit.score, "quotes": list(hit.chunk.quotes)},
            )
            for hit in hits
        ]


class ChainFilters(BaseModel):
    """Restrict retrieval (``vectorstore.filters.SearchFilters``); dates are ISO, inclusive."""

    model_config = ConfigDict(extra="forbid")

    date_from: str | None = None
    date_to: str | None = None
    source: str | None = Field(None, description="outlet, e.g. BAQ.KZ")
    article_id: str | None = None
    speaker: str | None = Field(None, description="a speaker of record, in any form or script")


class ChainInput(BaseModel):
    """What the chain takes: a question, the chat so far, and retrieval filters."""

    model_config = ConfigDict(extra="forbid")

    question: str
    history: list[tuple[str, str]] | list[dict[str, str]] | None = Field(
        None, description="(user, assistant) pairs or role/content messages"
    )
    filters: ChainFilters | None = None


class ChainCitation(BaseModel):
    """A numbered source paragraph (``Citation.to_dict``)."""

    n: int
    article_id: str
    title: str
    date: str
    source: str
    url: str
    paragraph_index: int
    text: str
    speaker: str
    score: float
    speaker_role: str = ""
    quotes: list[str] = []


class ChainOutput(BaseModel):
    """What the chain returns: ``Answer.to_dict`` (the ``--json`` answer)."""

    question: str
    answer: str
    abstained: bool
    language: str
    standalone_question: str
    citations: list[ChainCitation]


def _parse_input(value: Any) -> tuple[str, Any, Any]:
    if isinstance(value, str):
        return value, None, None
    if isinstance(value, ChainInput):
        parsed = value
    else:
        try:
            parsed = ChainInput.model_validate(value)
        except ValidationError as error:
            raise ValueError(
                'the chain takes {"question": str, "history"?: [...], "filters"?: {...}}: '
                f"{error.errors()[0]['msg']}"
            ) from None
    filters = parsed.filters.model_dump(exclude_none=True) if parsed.filters else None
    return parsed.question, parsed.history, filters


class AnswerChain(Runnable[dict[str, Any], dict[str, Any]]):
    """``invoke({"question", "history"?, "filters"?})`` -> the ``--json`` answer dictionary."""

    name: str | None = "qazaq_news_answer"

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    @property
    def InputType(self) -> type[ChainInput]:
        return ChainInput

    @property
    def OutputType(self) -> type[ChainOutput]:
        return ChainOutput

    def invoke(
        self, input: dict[str, Any], config: RunnableConfig | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """The whole answer: the stream's pieces added up (one traced run with its steps)."""
        merged: AddableDict | None = None
        for piece in self.stream(input, config, **kwargs):
            merged = piece if merged is None else merged + piece
        return dict(merged or {})

    def stream(
        self, input: dict[str, Any], config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[dict[str, Any]]:
        """Citations as soon as retrieval is done, then the answer text piece by piece."""
        question, history, filters = _parse_input(input)  # a bad input fails before any run
        yield from self._transform_stream_with_config(
            iter([(question, history, filters)]), self._answer_stream, config, **kwargs
        )

    async def astream(
        self, input: dict[str, Any], config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[dict[str, Any]]:
        """``stream`` without blocking the event loop: each piece as soon as it is ready."""
        pieces = self.stream(input, config, **kwargs)
        done = object()
        while (piece := await run_in_executor(config, next, pieces, done)) is not done:
            yield piece  # type: ignore[misc]

    def _answer_stream(
        self,
        inputs: Iterator[tuple[str, Any, Any]],
        run_manager: CallbackManagerForChainRun,
        config: RunnableConfig,
    ) -> Iterator[AddableDict]:
        child = patch_config(config, callbacks=run_manager.get_child())
        for question, history, filters in inputs:
            parts = self.assistant.stream(question, history, filters)
            retrieve = RunnableLambda(partial(_first, parts), name="retrieve")
            yield retrieve.invoke(question, child)
            yield from RunnableGenerator(partial(_rest, parts), name="answer").stream(
                question, child
            )


def _first(parts: Iterator[dict[str, Any]], _: object) -> AddableDict:
    """The question, its language and citations: everything retrieval decided."""
    return AddableDict(next(parts))


def _rest(parts: Iterator[dict[str, Any]], _: Iterator[Any]) -> Iterator[AddableDict]:
    """The answer text piece by piece, then whether it abstained."""
    for part in parts:
        yield AddableDict(part)
