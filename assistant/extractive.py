"""The default answerer: quote the sentences that answer the question, verbatim, with citations.

No generative model runs offline well enough in Kazakh, so the answer is built from the sources
themselves: the best sentence of the best paragraph(s), quoted exactly inside «...», framed in the
user's language by templates in ``prompts/``. Quotes are exact substrings of the cited paragraph
by construction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.retrieval import Retrieved
from ingest.morphology import index_terms
from ingest.sentences import split_sentences
from ingest.translit import to_latin, to_russian
from prompts import frames
from vectorstore.embeddings import E5Embeddings

_KEYWORD_WEIGHT = 0.15
_RANK_BONUS = (0.03, 0.015, 0.0)  # retrieval already weighed whole paragraphs: trust its order
_SECOND_PARAGRAPH_GAP = 0.03


@dataclass(frozen=True)
class QuotedSentence:
    """A sentence chosen for the answer and the citation number of its paragraph."""

    n: int
    text: str
    retrieved: Retrieved
    score: float


def display_name(name: str, language: str) -> str:
    """A speaker's name as the answer's language writes it."""
    if language == "en":
        return to_latin(name)
    if language == "ru":
        return to_russian(name)
    return name


def _quote_regions(item: Retrieved) -> list[str]:
    """Where to look for the answer in a paragraph: its direct quotes if any, else all of it."""
    quotes = [q for q in item.chunk.quotes if q and q in item.chunk.text]
    return quotes or [item.chunk.text]


def pick_sentences(
    question: str,
    query_vector: np.ndarray,
    candidates: Sequence[tuple[int, Retrieved]],
    embeddings: E5Embeddings,
) -> list[QuotedSentence]:
    """Score every sentence of the candidate paragraphs; best sentence per paragraph, best first."""
    rows: list[tuple[int, Retrieved, str]] = []
    for n, item in candidates:
        for region in _quote_regions(item):
            rows.extend((n, item, s) for s in split_sentences(region))
    if not rows:
        return []
    vectors = embeddings.embed_documents_array([text for _, _, text in rows])
    dense = vectors @ query_vector
    question_terms = set(index_terms(question))
    best: dict[int, QuotedSentence] = {}
    for (n, item, text), similarity in zip(rows, dense, strict=True):
        terms = set(index_terms(text))
        overlap = len(question_terms & terms) / max(1, len(question_terms))
        score = float(similarity) + _KEYWORD_WEIGHT * overlap + _RANK_BONUS[min(n, 3) - 1]
        if n not in best or score > best[n].score:
            best[n] = QuotedSentence(n, text, item, score)
    return sorted(best.values(), key=lambda q: q.score, reverse=True)


def frame_sentence(quoted: QuotedSentence, language: str) -> str:
    """One answer sentence: who said it or which outlet reports it, the quote, the citation."""
    texts = frames(language)
    meta = quoted.retrieved.chunk.metadata
    speaker = str(meta.get("speaker") or "")
    role = str(meta.get("speaker_role") or "")
    source = str(meta.get("source") or "") or texts["unknown_source"]
    values = {
        "speaker": display_name(speaker, language),
        "role_part": texts["role_part"].format(role=role) if role else "",
        "source": source,
        "date": str(meta.get("date") or ""),
        "title": str(meta.get("title") or ""),
        "quote": quoted.text.strip(),
        "n": quoted.n,
    }
    if not speaker:
        template = "plain"
    elif meta.get("speech_kind") == "direct":
        template = "direct"
    else:
        template = "reported"
    return texts[template].format(**values)


def compose(
    question: str,
    language: str,
    query_vector: np.ndarray,
    cited: Sequence[Retrieved],
    embeddings: E5Embeddings,
    max_sentences: int = 2,
) -> tuple[str, list[str]]:
    """The answer text and the verbatim quotes in it, from the cited paragraphs ([1] = cited[0]).

    The best paragraph always speaks; a second one joins when its best sentence scores nearly as
    well (a speaker introduced in one paragraph and quoted in the next, for instance). When the
    question names a speaker, only that speaker's paragraphs are quoted.
    """
    numbered = list(enumerate(cited, start=1))
    asked_about = [(n, item) for n, item in numbered if item.speaker_match]
    top = (asked_about or numbered)[:3]
    picked = pick_sentences(question, query_vector, top, embeddings)
    if not picked:
        return "", []
    chosen = [picked[0]]
    for candidate in picked[1:max_sentences]:
        if picked[0].score - candidate.score <= _SECOND_PARAGRAPH_GAP:
            chosen.append(candidate)
    chosen.sort(key=lambda q: (q.retrieved.chunk.article_id, q.retrieved.chunk.paragraph_index))
    return " ".join(frame_sentence(q, language) for q in chosen), [q.text.strip() for q in chosen]
