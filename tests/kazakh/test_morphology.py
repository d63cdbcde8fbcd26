"""Kazakh normalisation and stemming: word families meet, distinct words and short roots survive."""

import pytest

from kazakh.language import word_language
from kazakh.morphology import (
    DEFAULT_SCHEME,
    check_scheme,
    index_terms,
    normalize_token,
    stem,
    tokenize,
)


def term(word: str) -> str:
    """The default-scheme index term of one written word."""
    (only,) = index_terms(word)
    return only


@pytest.mark.parametrize(
    "forms",
    [
        ("өңірлердің", "өңір", "өңірлер", "өңірге", "өңірлік"),
        ("Бөлекпаевтың", "Бөлекпаев", "Бөлекпаевқа", "Бөлекпаевпен"),
        ("қаласына", "қала", "қаланы", "қалада", "қаладағы"),
        ("облысының", "облыс", "облысы", "облыстың"),
        ("жылы", "жыл", "жылдың", "жылғы", "жылдары"),
        ("Астанада", "Астана", "Астанадағы", "Астанаға"),
        ("мемлекеттік", "мемлекет", "мемлекеттің"),
        ("кітабы", "кітап", "кітаптар"),
        ("құқығы", "құқық", "құқықтарына"),
        ("Конституциясындағы", "Конституция", "Конституцияның"),
        ("елдің", "ел", "елде", "елі"),
        # a vowel-final verb stem: verbal noun, converb, present (жөнде- "repair")
        ("жөндеуге", "жөндеу", "жөндеп", "жөндейді"),
        ("жабдықтауға", "жабдықтап", "жабдықтайды"),
        ("бақылау", "бақылап", "бақылайды"),
    ],
)
def test_inflected_forms_share_one_term(forms: tuple[str, ...]) -> None:
    assert len({term(form) for form in forms}) == 1, {form: term(form) for form in forms}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Бөлекпаев", "бөлек"),  # the surname is not "separate"
        ("Астана", "аста"),  # -на is dative only after a possessive ы/і
        ("тәуелсіздік", "тәуелді"),  # "without" and "with" stay apart
        ("қазақ", "Қазақстан"),
        ("жөндеу", "жөнінде"),  # "repair" (жөн+де-) is not "about": a verb stem is not cut
        ("бастау", "бас"),  # "begin" (бас+та-) is not "head"
    ],
)
def test_distinct_words_keep_distinct_terms(one: str, other: str) -> None:
    assert term(one) != term(other)


@pytest.mark.parametrize(
    "word", ["ел", "үй", "су", "ол", "мен", "бұл", "сан", "күн", "бас", "жаңа"]
)
def test_short_words_survive(word: str) -> None:
    assert term(word) == word


def test_lookalike_latin_letters_inside_cyrillic_words_are_folded() -> None:
    # Latin a, p, o, e, c, y, i, k typed into Kazakh words
    assert normalize_token("Рaйымбек") == "райымбек"
    assert normalize_token("Қaзaқстaн") == "қазақстан"
    assert normalize_token("oблыс") == "облыс"
    assert normalize_token("eкi") == "екі"
    assert normalize_token("KAЗAKCTAН") == "казакстан"
    assert term("өңipлердің") == term("өңірлердің")
    # a word with no Cyrillic letter is Latin and stays Latin
    assert normalize_token("Amanat") == "amanat"
    assert normalize_token("BAQ") == "baq"


def test_case_yo_apostrophes_quotes_and_invisible_characters() -> None:
    assert normalize_token("ЁЛКА") == "елка"
    assert normalize_token("Д’Артаньян") == "дартаньян"
    assert normalize_token("«Amanat»") == "amanat"
    assert normalize_token("“қуыршақтар“") == "қуыршақтар"
    assert normalize_token("мемле\u00adкет") == "мемлекет"
    assert normalize_token("коро\u0301ва") == "корова"  # stress accent
    assert normalize_token("—") == ""


def test_tokenize_splits_compounds_and_drops_bare_endings() -> None:
    text = "АТФ-ны «Amanat» партиясы — қоғамдық-саяси 2024‑жылы BAQ.KZ-тың"
    assert tokenize(text) == [
        "атф",
        "amanat",
        "партиясы",
        "қоғамдық",
        "саяси",
        "2024",
        "жылы",
        "baq",
        "kz",
    ]
    assert tokenize("") == []
    assert tokenize(" «» — ... ") == []


def test_index_terms_keep_order_and_repeats() -> None:
    assert index_terms("Өңір өңірлердің өңірге") == ["өңір", "өңір", "өңір"]


def test_language_detection() -> None:
    assert word_language(tokenize("Облыс әкімі өңірлер туралы не деді?")) == "kk"
    assert word_language(tokenize("Что сказал аким о новой Конституции?")) == "ru"
    # one Kazakh name does not make a Russian question Kazakh
    assert word_language(tokenize("Что сказал Бөлекпаев?")) == "ru"
    # initials are not Russian prepositions
    assert word_language(tokenize("В. И. Ленин 1917 жылы")) == "kk"


def test_russian_questions_meet_kazakh_names_and_loanwords() -> None:
    ru = index_terms("Что сказал Бөлекпаева о Конституции?")
    assert term("Бөлекпаевтың") in ru
    assert term("Конституциясындағы") in ru


def test_schemes() -> None:
    assert DEFAULT_SCHEME == "suffix-verbstem"
    assert stem("салынды") == stem("салу") == "сал"  # verb endings go too
    assert stem("жөндеуге") == "жөнде"  # and stop at a vowel-final verb stem
    assert stem("жөндеуге", "suffix-verbs") == "жөндеу"  # the scheme before it
    assert stem("өңірлердің", "prefix5") == "өңірл"
    assert stem("өңірлердің", "none") == "өңірлердің"
    assert stem("өңірлердің", "suffix-infl") == "өңір"
    assert stem("2026", "suffix") == "2026"
    assert stem("amanat", "suffix") == "amanat"
    for bad in ("porter", "prefix", "prefix0", "prefixx"):
        with pytest.raises(ValueError, match="unknown stemming scheme"):
            check_scheme(bad)
        with pytest.raises(ValueError):
            stem("өңір", bad)
