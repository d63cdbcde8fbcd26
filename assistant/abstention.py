"""Decide whether the retrieved paragraphs answer the question at all.

multilingual-e5 similarities are compressed (unrelated Kazakh text scores ~0.76, translations
~0.9), so one raw cosine threshold is fragile. The decision combines the best dense similarity,
how far it stands above the rest of the candidates and above the corpus's typical similarity to
the question (its 10th-30th dense neighbours: the level of its language and length), the share
of the question's content found in the best of the top paragraphs
(``assistant.question_terms``: a Russian or English question's glossary translation, weighed
apart from a Kazakh question's own words), whether a named speaker was found, and the names no
top paragraph mentions, in a logistic score whose weights are fitted by
``bench/calibrate_abstention.py`` on the kaznews dev half in kk, Latin-typed kk, ru and en
(answerable questions, the same questions with their article taken out, off-topic ones), with
cross-validation grouped by article, and stored in ``abstention.json`` beside this file.

What it tells apart is whether the articles cover what is asked. A question on a covered story
that asks a detail the story lacks (the pilot's name, when the article names none) looks like an
answerable one to every feature here; the answer then quotes the closest sentence with its
citation, and the reader sees that it does not give the detail.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from assistant.amount_question import SUM_RANKS, states_amount, stating_amount
from assistant.organisation_question import names_organisation
from assistant.query import Query
from assistant.question_terms import Units, analyse, is_name_unit, overlap, text_terms
from assistant.retrieval import Retrieved
from vectorstore.store import StoredChunk

_WEIGHTS_FILE = Path(__file__).with_name("abstention.json")
FEATURES = (
    "dense_top",
    "dense_margin",
    "dense_gap",
    "term_overlap",
    "translated_overlap",
    "speaker_match",
    "entity_miss",
    "is_kk",
    "is_ru",
    "bias",
)


@dataclass(frozen=True)
class Evidence:
    """The features of one question's retrieval."""

    dense_top: float
    dense_margin: float
    term_overlap: float
    speaker_match: float
    entity_miss: float  # share of the question's names/places absent from the top paragraphs
    language: str  # a Kazakh question's own terms and a translation's weigh differently
    #: The best similarity above the corpus's typical one for this question (see
    #: :func:`typical_similarity`): e5's similarity level differs by language and by question
    #: length, so an off-topic English question can reach a Kazakh paragraph at a raw cosine an
    #: answerable Kazakh one has; how far the best stands above the bulk does not depend on that.
    dense_gap: float = 0.0

    def vector(self) -> list[float]:
        return [
            self.dense_top,
            self.dense_margin,
            self.dense_gap,
            self.term_overlap if self.language == "kk" else 0.0,
            self.term_overlap if self.language != "kk" else 0.0,
            self.speaker_match,
            self.entity_miss,
            float(self.language == "kk"),
            float(self.language == "ru"),
            1.0,
        ]


#: Ranks of a plain dense search whose similarities stand for the corpus's typical level.
TYPICAL_RANKS = (10, 30)


def typical_similarity(similarities: Sequence[float]) -> float | None:
    """Mean similarity of the question to the paragraphs a dense search ranks 10th to 30th
    (``similarities``: that search's scores, best first): not about the question, but on the
    corpus and in the question's language. None when the corpus is too small to tell."""
    start, stop = TYPICAL_RANKS
    tail = list(similarities)[start:stop]
    return sum(tail) / len(tail) if len(tail) == stop - start else None


def evidence(
    query: Query, retrieved: Sequence[Retrieved], typical: float | None = None
) -> Evidence:
    """Measure how well the retrieved paragraphs match the question (``typical``:
    :func:`typical_similarity` of the question; when the corpus is too small to tell, the level
    measured on the calibration corpus for the question's language stands in)."""
    dense = sorted((r.dense for r in retrieved if r.dense is not None), reverse=True)
    top = dense[0] if dense else 0.0
    rest = dense[1:6]
    margin = top - (sum(rest) / len(rest)) if rest else 0.0
    terms = query.terms
    # Read on each of the first three paragraphs, the best counts: a short question's first
    # paragraph is often the article's lead, and the one that answers comes second or third
    # (bench/calibrate_abstention.py: the same cross-validated accuracy as the first paragraph
    # alone, and more answerable questions about the seed article answered).
    # An outlet question's first paragraph is its article's credit line; its subject is read
    # on every retrieved paragraph of that article, together.
    top_terms = [_terms_of(r.chunk) for r in retrieved[:3]]
    best_overlap = 0.0
    if terms.outlet and retrieved:
        article = retrieved[0].chunk.article_id
        same_article = [r.chunk for r in retrieved if r.chunk.article_id == article]
        best_overlap = overlap(terms.units, set().union(*map(_terms_of, same_article)))
    elif top_terms and query.asks_amount:
        subject = query.amount_subject or ()
        best_overlap = max(_sum_overlap(subject, r.chunk) for r in retrieved[:3])
    elif top_terms:
        best_overlap = max(overlap(terms.units, found) for found in top_terms)
    speaker = 1.0 if any(r.speaker_match for r in retrieved[:3]) else 0.0
    entity_miss = _entity_miss(query.names, set().union(*top_terms))
    if typical is None:
        levels = _model()["typical_by_language"]
        typical = levels.get(terms.language, levels["all"])
    gap = top - typical
    return Evidence(top, margin, best_overlap, speaker, entity_miss, terms.language, gap)


def _sum_overlap(subject: Units, chunk: StoredChunk) -> float:
    """The content share of a question asking for a sum, read on one paragraph: what the sum is
    of (``subject``) as usual, and the sum asked for as one more unit, met when the paragraph
    states one. The words asking for it ("қанша қаржы", "how much money") are never in the
    answer: it says "9,1 млрд теңге". (The same for a date won one dev question and lost a pool
    one: "When will the Tokyo Olympics open?" answered with Seoul's 1988 games.)"""
    met = overlap(subject, _terms_of(chunk)) * len(subject) + states_amount([chunk.text])
    return met / (len(subject) + 1)


def _terms_of(chunk: StoredChunk) -> set[str]:
    return text_terms(f"{chunk.text} {chunk.title}")


def _entity_miss(names: Sequence[str], found: set[str]) -> float:
    """Share of the capitalized names in the question (any script, ``Query.names``) that no top
    paragraph has (``found``: their ``text_terms``): "the population of Almaty" answered from
    paragraphs that never mention Almaty is no answer. A short name's key meets its inflected
    form's ("zzesil" and the Russian genitive's "zzesila"): one is the other's prefix."""
    asked = set(names)
    keys = [k for k in found if k.startswith("zz")]
    missing = [name for name in asked if name not in found and not _inflected(name, keys)]
    return len(missing) / len(asked) if asked else 0.0


def _inflected(name: str, keys: Sequence[str]) -> bool:
    """Is a name key one of ``keys`` but for an ending (both at least 4 letters)?"""
    return any(
        min(len(name), len(key)) >= 6 and (name.startswith(key) or key.startswith(name))
        for key in keys
    )


@cache
def _model() -> dict[str, Any]:
    return json.loads(_WEIGHTS_FILE.read_text(encoding="utf-8"))


def answer_probability(ev: Evidence) -> float:
    """P(the paragraphs answer the question) under the calibrated logistic model."""
    weights = _model()["weights"]
    z = sum(weights[name] * value for name, value in zip(FEATURES, ev.vector(), strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def should_abstain(
    query: Query, retrieved: Sequence[Retrieved], typical: float | None = None
) -> bool:
    """True when the evidence does not answer the question."""
    if not retrieved:
        return True
    found = evidence(query, retrieved, typical)
    if found.term_overlap == 1.0 and _names_only(query.terms.units):
        return False  # "Who is Yermaganbet Bolekpayev?": every name asked is in the paragraphs
    return answer_probability(found) < 0.5


def _names_only(units: Units) -> bool:
    """Does the question ask nothing but names ("Кто такой Ермаганбет Болекпаев?")? A name's
    unit has a script-independent key (``zz…``) as one of its alternatives. Such a question is
    answered when the top paragraphs have every name: its dense similarity to any paragraph is
    low (a name is little text), and the model's similarity features would refuse it."""
    return bool(units) and all(is_name_unit(unit) for unit in units)


#: Share of a follow-up's content units the conversation article must have in one paragraph.
CONTEXT_COVERAGE = 0.5


def context_covers(query: Query, chunks: Sequence[StoredChunk]) -> bool:
    """Does one paragraph of the conversation's article (``chunks``, ``Query.context``) hold at
    least half of what a follow-up asks? Then the follow-up is answered from it even when the
    whole store's evidence is weak: "And how much will be paid in total?" means in that article.
    A follow-up about something the article never mentions ("And bitcoin?") still abstains.
    A follow-up asking only for a sum ("How much will it cost?") is covered when the article
    states one.
    The follow-up is read as resolved and as asked: the speaker or topic its resolution carried
    over already led to the article, and may be what the paragraph that answers never repeats
    ("And how many complaints were there last year?" after a question about the minister)."""
    subject = query.amount_subject
    if subject is not None and chunks and not subject:
        # "How much will it cost?": the sum of the story itself
        return states_amount(c.text for c in chunks)
    readings = [query.terms.units]
    if query.follow_up:
        readings.append(analyse(query.question).units)
    readings = [units for units in readings if units]
    if not readings or not chunks:
        return False
    found = [_terms_of(c) for c in chunks]
    best = max(overlap(units, terms) for units in readings for terms in found)
    return best >= CONTEXT_COVERAGE


def story_holds_all(query: Query, chunks: Sequence[StoredChunk]) -> bool:
    """Does one paragraph of the conversation's story (``chunks``) hold all that a question
    without a follow-up's marks asks (for a sum, all it asks the sum of, and the story states
    one)? Then it is asked of that story. All, not half as for a follow-up
    (:func:`context_covers`): a short question's one stray stem ("ас" of астық in "асты") must
    not pull it in."""
    units = query.terms.units
    subject = query.amount_subject
    if subject is not None:
        if not states_amount(c.text for c in chunks):
            return False
        units = subject
    return bool(units) and any(overlap(units, text_terms(c.text)) == 1.0 for c in chunks)


#: How deep the company a question asks for is looked for (the top paragraphs, as for a sum).
ORGANISATION_RANKS = SUM_RANKS


def lacks_asked_amount(query: Query, retrieved: Sequence[Retrieved]) -> bool:
    """A fact question asking for a sum ("How much will the ticket cost?") whose top three
    paragraphs state none: the story is covered, the sum is not, and quoting the closest
    sentence would look like an answer. Questions about speech and "who said" are left alone
    ("What did the minister say about salaries?" is not asking for a figure)."""
    if not query.asks_amount:
        return False
    # a follow-up asks its sum of the conversation's story: any of its retrieved paragraphs
    in_context = bool(retrieved) and retrieved[0].chunk.article_id == query.context
    return not stating_amount(
        retrieved, None if in_context else SUM_RANKS, query.amount_subject or ()
    )


def lacks_asked_organisation(query: Query, retrieved: Sequence[Retrieved]) -> bool:
    """A fact question asking which company (factory, contractor, brand) did something whose top
    three paragraphs name none: the story is covered, the name asked for is not ("Which company
    built the new arena?" about a story that names no builder)."""
    if not query.asks_organisation:
        return False
    return not any(names_organisation(r.chunk.text) for r in retrieved[:ORGANISATION_RANKS])
