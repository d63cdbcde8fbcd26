"""The LangChain face of the assistant: a ``BaseRetriever`` and an answer ``Runnable``.

Developers compose these with the rest of LangChain. The chain streams partial dictionaries
(``AddableDict``) that add up to exactly the dictionary ``invoke`` returns, so ``.stream()`` and
``.invoke()`` never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableConfig
from langchain_core.runnables.utils import AddableDict
from pydantic import ConfigDict

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


def _parse_input(value: Any) -> tuple[str, Any, Any]:
    if isinstance(value, str):
        return value, None, None
    if not isinstance(value, dict) or not isinstance(value.get("question"), str):
        raise ValueError('the chain takes {"question": str, "history"?: [...], "filters"?: {...}}')
    return value["question"], value.get("history"), value.get("filters")


class AnswerChain(Runnable[dict[str, Any], dict[str, Any]]):
    """``invoke({"question", "history"?, "filters"?})`` -> the ``--json`` answer dictionary."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def invoke(
        self, input: dict[str, Any], config: RunnableConfig | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        question, history, filters = _parse_input(input)
        return self._call_with_config(
            lambda _: self.assistant.ask(question, history, filters).to_dict(), input, config
        )

    def stream(
        self, input: dict[str, Any], config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[dict[str, Any]]:
        """Citations as soon as retrieval is done, then the answer text piece by piece."""
        question, history, filters = _parse_input(input)
        for piece in self.assistant.stream(question, history, filters):
            yield AddableDict(piece)
