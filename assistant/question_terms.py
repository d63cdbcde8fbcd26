"""What a question asks for in Kazakh terms: its language, glossary translation and content units.

Retrieval, abstention and the extractive answerer all need these for the same question, so they
are derived once (``analyse``, cached per question text) rather than re-detected and
re-translated at every step.

A Kazakh question's units are its own content terms. A Russian or English question's words never
occur in Kazakh text, so its units are the concepts its glossary translation found, each met by
any of its Kazakh forms (all words of a multi-word one). Untranslated words do not count; names
are compared script-independently elsewhere (``abstention.entity_miss``).
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from functools import lru_cache

from assistant.language import detect_language
from assistant.outlet_query import asks_for_outlet, is_outlet_word
from ingest.glossary import Concept, coverage, default_glossary
from ingest.morphology import index_terms, query_terms

#: Each unit lists alternatives; an alternative is the set of terms that must all be present.
Units = tuple[tuple[frozenset[str], ...], ...]


@dataclass(frozen=True)
class QuestionTerms:
    """One question, analysed."""

    language: str
    concepts: tuple[Concept, ...]  # glossary matches; empty for Kazakh
    coverage: float  # share of the content words the glossary translated (0.0 for Kazakh)
    units: Units
    outlet: bool = False  # asks which outlet reported something (assistant.outlet_query)


@lru_cache(maxsize=1024)
def analyse(question: str) -> QuestionTerms:
    """Language, glossary translation, coverage and content units of ``question``.

    An outlet question's outlet and reporting words are what it asks, met by the article's
    credit line rather than by its text, so they are no content units.
    """
    language = detect_language(question)
    concepts = tuple(default_glossary().translate(question, language))
    outlet = asks_for_outlet(question)
    if language == "kk":
        terms = dict.fromkeys(query_terms(question))
        units: Units = tuple(
            (frozenset({term}),)
            for term in terms
            if len(term) > 2 and not (outlet and is_outlet_word(term))
        )
    else:
        units = tuple(
            tuple(frozenset(index_terms(form)) for form in concept.forms())
            for concept in concepts
            if not (outlet and is_outlet_word(concept.source))
        )
    coverage_share = coverage(question, language, concepts)
    return QuestionTerms(language, concepts, coverage_share, units, outlet)


def overlap(units: Units, found: Set[str]) -> float:
    """Share of the units that ``found`` (a text's ``index_terms``) meets; 0.0 without units."""
    if not units:
        return 0.0
    met = sum(any(alt and alt <= found for alt in alternatives) for alternatives in units)
    return met / len(units)
