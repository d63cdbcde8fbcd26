"""Metadata filters shared by dense (Chroma) and keyword (SQLite) search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def date_to_int(date: str) -> int:
    """``2026-03-11`` -> ``20260311`` (Chroma compares numbers, not strings)."""
    return int(date.replace("-", "")[:8]) if date else 0


@dataclass(frozen=True)
class SearchFilters:
    """Restrict retrieval to dates (inclusive, ISO), an outlet, an article or a speaker."""

    date_from: str | None = None
    date_to: str | None = None
    source: str | None = None
    article_id: str | None = None
    speaker: str | None = None

    def is_empty(self) -> bool:
        return not any((self.date_from, self.date_to, self.source, self.article_id, self.speaker))

    def chroma_where(self) -> dict[str, Any] | None:
        """The ``where`` clause for Chroma, or None when nothing is filtered."""
        clauses: list[dict[str, Any]] = []
        for key in ("source", "article_id", "speaker"):
            value = getattr(self, key)
            if value:
                clauses.append({key: value})
        if self.date_from:
            clauses.append({"date_int": {"$gte": date_to_int(self.date_from)}})
        if self.date_to:
            clauses.append({"date_int": {"$lte": date_to_int(self.date_to)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def keyword_where(self) -> dict[str, Any] | None:
        """The filter dict the keyword index understands."""
        where: dict[str, Any] = {
            key: getattr(self, key)
            for key in ("source", "article_id", "speaker")
            if getattr(self, key)
        }
        if self.date_from:
            where["date_from"] = date_to_int(self.date_from)
        if self.date_to:
            where["date_to"] = date_to_int(self.date_to)
        return where or None
