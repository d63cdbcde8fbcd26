"""The article and chunk records that flow from the loaders into the vector store.

Plain frozen dataclasses: the lower layers stay free of storage and model details, and a chunk's
``metadata()`` is exactly what Chroma, the keyword index and LangChain ``Document``s carry.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field


def content_hash(text: str) -> str:
    """Short, stable fingerprint of a text (ids and change detection)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class SourceRef:
    """Where a record came from, for one-line error messages (``file:line``)."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Article:
    """One news article: metadata and its paragraphs in order."""

    article_id: str
    title: str
    paragraphs: tuple[str, ...]
    date: str = ""  # ISO YYYY-MM-DD or empty when unknown
    source: str = ""  # outlet, e.g. BAQ.KZ
    url: str = ""
    origin: SourceRef | None = None

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything stored for the article would change."""
        payload = json.dumps(
            [self.title, self.date, self.source, self.url, list(self.paragraphs)],
            ensure_ascii=False,
        )
        return content_hash(payload)


@dataclass(frozen=True)
class Attribution:
    """Who speaks in a paragraph, as written in the article."""

    speaker: str = ""  # normalized name (nominative), "" when nobody speaks
    role: str = ""  # role as written, e.g. "Қарағанды облысының әкімі"
    kind: str = "none"  # "direct" | "reported" | "none"
    quotes: tuple[str, ...] = ()  # the quoted span(s), verbatim


@dataclass(frozen=True)
class Chunk:
    """The citation unit: one paragraph, or one part of a paragraph too long to embed whole."""

    article: Article
    paragraph_index: int
    part: int
    text: str
    attribution: Attribution = field(default_factory=Attribution)

    @property
    def text_hash(self) -> str:
        return content_hash(self.text)

    @property
    def chunk_id(self) -> str:
        """Stable id: same article, place, title and text give the same id; re-ingesting adds
        nothing, and a new title (embedded with the paragraph) gives new ids, so new vectors."""
        embedded = content_hash(f"{self.article.title}\n{self.text}")
        return f"{self.article.article_id}:{self.paragraph_index}:{self.part}:{embedded}"

    def metadata(self) -> dict[str, str | int]:
        """Flat scalar metadata (what Chroma accepts) carrying every citation field."""
        date = self.article.date
        return {
            "article_id": self.article.article_id,
            "title": self.article.title,
            "date": date,
            "date_int": int(date.replace("-", "")) if date else 0,
            "source": self.article.source,
            "url": self.article.url,
            "paragraph_index": self.paragraph_index,
            "part": self.part,
            "hash": self.text_hash,
            "speaker": self.attribution.speaker,
            "speaker_role": self.attribution.role,
            "speech_kind": self.attribution.kind,
            "quotes": json.dumps(list(self.attribution.quotes), ensure_ascii=False),
        }
