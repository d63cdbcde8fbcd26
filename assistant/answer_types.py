"""The answer contract: what ``ask`` returns and what ``--json`` and the ``/ask`` API print."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vectorstore.store import StoredChunk


@dataclass(frozen=True)
class Citation:
    """A numbered source paragraph, with everything a journalist needs to check it."""

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
    quotes: tuple[str, ...] = ()

    @classmethod
    def from_chunk(cls, n: int, chunk: StoredChunk, score: float) -> Citation:
        """Citation ``[n]`` for a stored chunk."""
        return cls(
            n=n,
            article_id=chunk.article_id,
            title=chunk.title,
            date=chunk.date,
            source=chunk.source,
            url=chunk.url,
            paragraph_index=chunk.paragraph_index,
            text=chunk.text,
            speaker=chunk.speaker,
            score=score,
            speaker_role=chunk.speaker_role,
            quotes=chunk.quotes,
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["quotes"] = list(self.quotes)
        data["score"] = round(self.score, 4)
        return data


@dataclass(frozen=True)
class Answer:
    """An answer with its citations; ``abstained`` when the articles do not answer the question.

    When abstaining, ``citations`` still lists the closest paragraphs, as "related" reading.
    """

    question: str
    answer: str
    abstained: bool
    citations: tuple[Citation, ...] = ()
    language: str = "en"
    standalone_question: str = ""
    quotes: tuple[str, ...] = field(default=())  # verbatim spans quoted in ``answer``

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "language": self.language,
            "standalone_question": self.standalone_question or self.question,
            "citations": [c.to_dict() for c in self.citations],
        }
