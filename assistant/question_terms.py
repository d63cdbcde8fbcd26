"""The content of a question as units of Kazakh terms, to measure how much of it a text holds.

A Kazakh question's units are its own content terms. A Russian or English question's words never
occur in Kazakh text, so its units are the concepts its glossary translation found, each met by
any of its Kazakh forms (all words of a multi-word one). Untranslated words do not count; names
are compared script-independently elsewhere (``abstention.entity_miss``). Abstention and the
extractive answerer's sentence choice share this measure.
"""

from __future__ import annotations

from collections.abc import Set

from ingest.glossary import default_glossary
from ingest.morphology import index_terms, query_terms

#: Each unit lists alternatives; an alternative is the set of terms that must all be present.
Units = list[list[frozenset[str]]]


def question_units(question: str, language: str) -> Units:
    """The units of ``question`` (see the module docstring)."""
    if language == "kk":
        terms = dict.fromkeys(query_terms(question))
        return [[frozenset({term})] for term in terms if len(term) > 2]
    return [
        [frozenset(index_terms(form)) for form in concept.forms()]
        for concept in default_glossary().translate(question, language)
    ]


def overlap(units: Units, found: Set[str]) -> float:
    """Share of the units that ``found`` (a text's ``index_terms``) meets; 0.0 without units."""
    if not units:
        return 0.0
    met = sum(any(alt and alt <= found for alt in alternatives) for alternatives in units)
    return met / len(units)
