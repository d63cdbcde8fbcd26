"""What a question asks for in Kazakh terms: its language, glossary translation and content units.

Retrieval, abstention and the extractive answerer all need these for the same question, so they
are derived once per question, in its ``assistant.query.Query``, rather than re-detected and
re-translated at every step.

A Kazakh question's units are its own content terms. A Russian or English question's words never
occur in Kazakh text, so its units are the concepts its glossary translation found, each met by
any of its Kazakh forms (all words of a multi-word one), and the names it gives, met in any
script ("Bolekpayev" by "Бөлекпаев", ``kazakh.names.proper_noun_keys``): "Кто такой
Ермаганбет Болекпаев?" asks for nothing but a name. Other untranslated words do not count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass, replace

from assistant.outlet_query import asks_for_outlet, is_outlet_word
from kazakh.glossary import Concept, coverage, default_glossary
from kazakh.language import detect_language
from kazakh.loanwords import loan_concepts
from kazakh.morphology import index_terms, query_stopwords, query_terms
from kazakh.names import proper_noun_keys
from kazakh.word_forms import FormsByPrefix

_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_PUNCTUATION = "?!.,:;()«»\"'“”"  # around a question's words

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


def analyse(
    question: str, language: str | None = None, loans: FormsByPrefix | None = None
) -> QuestionTerms:
    """Language, glossary translation, coverage and content units of ``question`` (in
    ``language`` when the caller detected it on a longer text: the statement cut out of "...
    деп кім айтты?" has lost the words that tell it is Kazakh).

    ``loans`` looks up the stored articles' forms of Russian and English words the glossary
    lacks (``kazakh.loanwords``): "вагонов" and "wagons" are met by вагон where articles say so.

    An outlet question's outlet and reporting words are what it asks, met by the article's
    credit line rather than by its text, so they are no content units.
    """
    language = language or detect_language(question)
    # a Kazakh question needs no translation (nor the glossary's load on a cold start)
    concepts = tuple(default_glossary().translate(question, language)) if language != "kk" else ()
    if loans is not None and language in ("ru", "en"):
        concepts = with_loans(concepts, loan_concepts(question, language, query_stopwords(), loans))
    outlet = asks_for_outlet(question)
    if language == "kk":
        # an outlet question's outlet and reporting words go before stemming: their stems
        # ("хабарл", "бас" of басылым) no longer show what they were
        asked = (
            " ".join(w for w in question.split() if not is_outlet_word(w)) if outlet else question
        )
        terms = dict.fromkeys(query_terms(asked))
        names = _name_keys_by_term(asked)
        units: Units = tuple(
            (frozenset({term}), frozenset({names[term]})) if term in names else (frozenset({term}),)
            for term in terms
            if len(term) > 2
        )
    else:
        units = tuple(
            tuple(frozenset(index_terms(form)) for form in concept.forms())
            for concept in concepts
            if not (outlet and is_outlet_word(concept.source))
        ) + tuple((frozenset({key}),) for key in _untranslated_names(question, concepts))
    coverage_share = coverage(question, language, concepts)
    return QuestionTerms(language, concepts, coverage_share, units, outlet)


def with_loans(concepts: tuple[Concept, ...], loans: list[Concept]) -> tuple[Concept, ...]:
    """The glossary's concepts, a one-word one also met by the stored loan forms of its word
    (секция is үйірме, and articles also write секция), then the loans of untranslated words.
    A word inside a multi-word concept keeps that phrase's meaning only."""
    by_word = {loan.source: loan for loan in loans}
    merged = []
    for concept in concepts:
        loan = by_word.pop(concept.source.lower(), None)
        merged.append(replace(concept, kazakh=concept.kazakh + loan.kazakh) if loan else concept)
    phrase_words = {word for c in concepts for word in c.source.lower().split()}
    return tuple(merged) + tuple(c for c in by_word.values() if c.source not in phrase_words)


def _name_keys_by_term(question: str) -> dict[str, str]:
    """For each term of a capitalized word, that name's script-independent key: a name is met in
    any spelling ("Seitkaliev" typed, Сейітқалиев written) and case form."""
    keys: dict[str, str] = {}
    for word in question.split():
        bare = word.strip(_PUNCTUATION)
        found = proper_noun_keys(bare)
        if found:
            keys.update(dict.fromkeys(query_terms(bare), found[0]))
    return keys


def _untranslated_names(question: str, concepts: tuple[Concept, ...]) -> list[str]:
    """Keys of the names in the question that no concept translated."""
    return question_names(question, {_bare(word) for c in concepts for word in c.source.split()})


def question_names(question: str, skip: Set[str] = frozenset()) -> list[str]:
    """Script-independent keys of the names in the question, but for the words in ``skip`` (the
    first word is a question word, not a name, whatever its case)."""
    stopwords = query_stopwords() | skip
    words = [word for word in question.split()[1:] if _bare(word) not in stopwords]
    return list(dict.fromkeys(proper_noun_keys(" ".join(words))))


def _bare(word: str) -> str:
    """A word without punctuation, possessive or case: "People's" -> "people"."""
    return _POSSESSIVE.sub("", word.strip(_PUNCTUATION)).lower()


def text_terms(text: str) -> set[str]:
    """What a text offers the units: its Kazakh terms and its names' keys."""
    return set(index_terms(text)) | set(proper_noun_keys(text))


def is_name_unit(unit: Sequence[frozenset[str]]) -> bool:
    """Is a question unit a name: one of its alternatives is a name's script-independent key
    (``zz…``, :func:`kazakh.names.proper_noun_keys`)?"""
    return any(len(alt) == 1 and next(iter(alt)).startswith("zz") for alt in unit)


def unmet_units(units: Units, found: Set[str]) -> Units:
    """The units ``found`` (a text's terms) does not meet: a question's topic once the terms of
    who is asked (a speaker's name and role) are set aside."""
    return tuple(u for u in units if not any(alt and alt <= found for alt in u))


def overlap(units: Units, found: Set[str]) -> float:
    """Share of the units that ``found`` (a text's ``text_terms``) meets; 0.0 without units."""
    if not units:
        return 0.0
    met = sum(any(alt and alt <= found for alt in alternatives) for alternatives in units)
    return met / len(units)
