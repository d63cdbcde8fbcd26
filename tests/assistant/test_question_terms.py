"""What a question asks for in Kazakh terms: glossary concepts, names, and how far they cover it."""

from __future__ import annotations

import pytest

from assistant.question_terms import analyse, overlap, text_terms

BOLEKPAYEV = "Қарағанды облысының әкімі Ермағанбет Бөлекпаев жаңа Конституция жобасын атап өтті."


@pytest.mark.parametrize(
    "question",
    ["Кто такой Ермаганбет Болекпаев?", "Who is Yermaganbet Bolekpayev?"],
)
def test_a_question_of_names_alone_is_met_by_the_names_in_kazakh(question: str) -> None:
    terms = analyse(question)
    assert terms.coverage == 1.0  # the keyword index matches names in any script
    assert overlap(terms.units, text_terms(BOLEKPAYEV)) == 1.0
    assert overlap(terms.units, text_terms("Қарағанды облысының әкімі өңірлер туралы айтты.")) == 0


def test_a_name_the_glossary_translates_counts_once() -> None:
    """ "Karaganda" is a glossary concept (Қарағанды); its name key would count it twice."""
    terms = analyse("Who is the akim of Karaganda region?")
    assert len(terms.units) == 3
    assert overlap(terms.units, text_terms(BOLEKPAYEV)) == 1.0


def test_a_possessive_name_the_glossary_translates_is_no_extra_unit() -> None:
    terms = analyse("What did the People's Party representative say about young people?")
    assert not any(any(key.startswith("zz") for alt in unit for key in alt) for unit in terms.units)


def test_untranslated_common_words_keep_the_coverage_partial() -> None:
    """ "shark" is in no glossary line: only names and translated words make a question covered."""
    assert analyse("Where did the shark attack Jones?").coverage < 1.0


def test_a_capitalized_first_word_is_no_name() -> None:
    terms = analyse("Численность жителей в Алматы?")  # "численность" is untranslated
    assert terms.coverage < 1.0
    assert not any(key.startswith("zz") for unit in terms.units for alt in unit for key in alt)


def test_how_much_and_how_many_are_question_words_in_every_language() -> None:
    """The answering paragraph states a figure; it never says "қанша" or "сколько"."""
    for question in (
        "Көпір құрылысына қанша ақша кетеді?",
        "Сколько стоит строительство моста?",
        "How much does the bridge cost?",
    ):
        units = analyse(question).units
        assert units, question
        terms = {term for unit in units for alternative in unit for term in alternative}
        assert not terms & {"қанша", "сколько", "скольк", "much", "many"}, question
