"""``StoredChunk``: a paragraph as the store gives it back, with typed citation fields.

Chroma and the keyword index keep a chunk's fields as one flat dictionary of scalars (what
``ingest.models.Chunk.metadata`` writes); ``StoredChunk.from_metadata`` and ``to_metadata`` are the
one place that reads and writes that dictionary, so a renamed field fails here, loudly, rather
than as an empty string wherever it was read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StoredChunk:
    """A stored paragraph (or part of one): id, exact text and where it comes from."""

    chunk_id: str
    text: str
    article_id: str
    paragraph_index: int
    part: int = 0  # a paragraph too long to embed whole is split into parts
    title: str = ""
    date: str = ""  # ISO YYYY-MM-DD or empty
    source: str = ""  # outlet, e.g. BAQ.KZ
    url: str = ""
    speaker: str = ""  # normalized name of who speaks, "" when nobody does
    speaker_role: str = ""  # role as written beside the name
    speech_kind: str = "none"  # "direct" | "reported" | "none"
    quotes: tuple[str, ...] = ()  # the quoted span(s), verbatim
    text_hash: str = ""

    @classmethod
    def from_metadata(cls, chunk_id: str, text: str, meta: Mapping[str, Any]) -> StoredChunk:
        """The chunk from its stored text and flat metadata (``ingest.models.Chunk.metadata``).

        ``article_id`` and ``paragraph_index`` are required (KeyError without them); the other
        fields default to empty.
        """
        return cls(
            chunk_id=chunk_id,
            text=text,
            article_id=str(meta["article_id"]),
            paragraph_index=int(meta["paragraph_index"]),
            part=int(meta.get("part") or 0),
            title=str(meta.get("title") or ""),
            date=str(meta.get("date") or ""),
            source=str(meta.get("source") or ""),
            url=str(meta.get("url") or ""),
            speaker=str(meta.get("speaker") or ""),
            speaker_role=str(meta.get("speaker_role") or ""),
            speech_kind=str(meta.get("speech_kind") or "none"),
            quotes=tuple(json.loads(str(meta.get("quotes") or "[]"))),
            text_hash=str(meta.get("hash") or ""),
        )

    def to_metadata(self) -> dict[str, str | int]:
        """The flat metadata dictionary, as ``ingest.models.Chunk.metadata`` writes it."""
        return {
            "article_id": self.article_id,
            "title": self.title,
            "date": self.date,
            "date_int": int(self.date.replace("-", "")) if self.date else 0,
            "source": self.source,
            "url": self.url,
            "paragraph_index": self.paragraph_index,
            "part": self.part,
            "hash": self.text_hash,
            "speaker": self.speaker,
            "speaker_role": self.speaker_role,
            "speech_kind": self.speech_kind,
            "quotes": json.dumps(list(self.quotes), ensure_ascii=False),
        }
