"""Who said what: the speakers of record and their paragraphs.

Fact-checkers start from a person ("what did the akim say about the courts?"), so speakers are
listed with where and when they spoke, and a speaker's paragraphs can be read in order or ranked
by topic. Names match in any case form or script and by role, like questions do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.answer_types import Citation
from assistant.components import ChunkSearch, Embedder, KnownSpeakers, SpeakerCatalog, SpeakerSource
from assistant.query import Query
from assistant.speaker_query import KnownSpeaker, resolve_speakers
from kazakh.names import name_key
from kazakh.script import to_cyrillic
from vectorstore.catalog import SpeakerRow
from vectorstore.filters import SearchFilters
from vectorstore.store import StoredChunk


def _matches_query(query: str, name: str, roles: list[str], resolved: set[str]) -> bool:
    """A case-insensitive substring of the name or a role, or a name form / role word."""
    needle = query.casefold()
    if needle in name.casefold() or any(needle in role.casefold() for role in roles):
        return True
    return name in resolved


def list_speakers(catalog: SpeakerCatalog, query: str | None = None) -> list[dict[str, Any]]:
    """Speakers of record with roles, articles, dates and paragraph counts, most quoted first.

    ``query`` keeps the speakers whose name (any case form or script) or role it names.
    """
    groups: dict[str, list[SpeakerRow]] = defaultdict(list)
    for row in catalog.speakers():
        groups[name_key(row.speaker)].append(row)
    articles = {a.article_id: a for a in catalog.articles()}
    resolved: set[str] = set()
    query = (query or "").strip()
    if query:
        pool = list(
            dict.fromkeys(KnownSpeaker(r.speaker, r.role) for rs in groups.values() for r in rs)
        )
        resolved = set(resolve_speakers(query, pool))
    listed = []
    for rows in groups.values():
        name = max({r.speaker for r in rows}, key=lambda s: (sum(r.speaker == s for r in rows), s))
        roles = list(dict.fromkeys(r.role for r in rows if r.role))
        spellings = {r.speaker for r in rows}
        if query and not any(_matches_query(query, s, roles, resolved) for s in spellings):
            continue
        seen = list(dict.fromkeys(r.article_id for r in rows))
        rows_articles = [articles[a] for a in seen if a in articles]
        listed.append(
            {
                "speaker": name,
                "roles": roles,
                "articles": [
                    {
                        "article_id": a.article_id,
                        "title": a.title,
                        "date": a.date,
                        "source": a.source,
                    }
                    for a in rows_articles
                ],
                "dates": sorted({a.date for a in rows_articles if a.date}),
                "quotes": len({(r.article_id, r.paragraph_index) for r in rows}),
                "direct_quotes": len(
                    {(r.article_id, r.paragraph_index) for r in rows if r.kind == "direct"}
                ),
            }
        )
    listed.sort(key=lambda s: (-s["quotes"], s["speaker"]))
    return listed


def resolve_speaker(known: Sequence[KnownSpeaker], speaker: str) -> list[str]:
    """The speakers of record that ``speaker`` (a name in any form, or a role) refers to."""
    names = resolve_speakers(speaker, known)
    if not names:
        wanted = speaker.strip().casefold()
        names = [s.name for s in known if s.name.casefold() == wanted]
    if not names:
        raise ValueError(f"unknown speaker: {speaker}")
    return names


@dataclass(frozen=True)
class SpeakerQuotes:
    """A speaker's paragraphs, from the few components that find them."""

    store: SpeakerSource
    search: ChunkSearch
    embedder: Embedder
    known_speakers: KnownSpeakers

    def quotes(self, speaker: str, about: str | None = None, k: int = 20) -> list[Citation]:
        """The speaker's paragraphs as numbered citations: best matches for ``about`` first, or
        in reading order (oldest article first) without it.

        Raises ValueError when no speaker of record matches ``speaker``.
        """
        names = resolve_speaker(self.known_speakers(), speaker)
        about = (about or "").strip()
        if about:
            ranked = self._ranked(names, about, k)
        else:
            ranked = [(chunk, 0.0) for chunk in in_reading_order(self.store, names)[:k]]
        return [Citation.from_chunk(n, chunk, score) for n, (chunk, score) in enumerate(ranked, 1)]

    def _ranked(self, names: list[str], about: str, k: int) -> list[tuple[StoredChunk, float]]:
        """Hybrid search for ``about`` restricted to each speaker, merged by fused score."""
        reading = to_cyrillic(about)  # Latin-typed Kazakh is searched in its Cyrillic reading
        vector = self.embedder.embed_queries_array([reading])[0]
        query = Query.of(about, reading, follow_up=False)
        best: dict[str, tuple[StoredChunk, float]] = {}
        for name in names:
            hits = self.search.search(query, vector, k, SearchFilters(speaker=name), "hybrid")
            for hit in hits:
                if hit.chunk.chunk_id not in best or best[hit.chunk.chunk_id][1] < hit.score:
                    best[hit.chunk.chunk_id] = (hit.chunk, hit.score)
        return sorted(best.values(), key=lambda pair: pair[1], reverse=True)[:k]


def in_reading_order(store: SpeakerSource, names: list[str]) -> list[StoredChunk]:
    """All paragraphs of the speakers, article by article (oldest first), in text order."""
    wanted = set(names)
    article_ids = {r.article_id for r in store.speakers() if r.speaker in wanted}
    rows = sorted(
        (a for a in store.articles() if a.article_id in article_ids),
        key=lambda a: (a.date, a.article_id),
    )
    return [
        chunk
        for article in rows
        for chunk in store.article_chunks(article.article_id)
        if chunk.speaker in wanted
    ]
