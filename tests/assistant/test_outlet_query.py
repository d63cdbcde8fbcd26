"""Questions about which outlet reported something."""

from __future__ import annotations

import pytest

from assistant.outlet_query import asks_for_outlet, is_outlet_word, names_outlet
from assistant.question_terms import analyse


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Which outlet reported on the round table?", True),
        ("Which newspaper published the interview?", True),
        ("Какое издание сообщило о круглом столе?", True),
        ("В каком СМИ вышла статья?", True),
        ("Дөңгелек үстел туралы қай басылым хабарлады?", True),
        ("Бұл туралы қай БАҚ жазды?", True),
        # an outlet without reporting, or reporting without an outlet
        ("А. Байтұрсынов қай газетте бас редактор болған?", False),
        ("Какой тираж у газеты Des Moines Register?", False),
        ("What did the minister say about social media?", False),
        ("Who reported the accident?", False),
        ("Бақытжан не деді?", False),
    ],
)
def test_outlet_questions_name_an_outlet_and_a_reporting_verb(question: str, asks: bool) -> None:
    assert asks_for_outlet(question) is asks


def test_outlet_and_reporting_words_are_no_content_units() -> None:
    """They are what the question asks; the article's credit line answers them."""
    kk = analyse("Дөңгелек үстел туралы қай басылым хабарлады?")
    assert kk.outlet
    kept = {term for unit in kk.units for alternative in unit for term in alternative}
    assert not any(is_outlet_word(term) for term in kept)
    # the outlet's and reporting words go before stemming (басылым would stem to бас, "head")
    assert kk.units == analyse("Дөңгелек үстел туралы?").units
    en = analyse("Which outlet reported on the round table in Karaganda?")
    assert en.outlet and len(en.units) == 2  # round table, Karaganda
    assert not analyse("Who spoke at the round table in Karaganda?").outlet


@pytest.mark.parametrize(
    ("text", "source", "named"),
    [
        ("…талқыланды, деп хабарлайды BAQ.KZ.", "BAQ.KZ", True),
        ("as the BBC reported", "bbc", True),
        ("a bbcode tag", "bbc", False),
        ("any text", "", False),
    ],
)
def test_a_paragraph_names_its_outlet_as_a_whole_word(text: str, source: str, named: bool) -> None:
    assert names_outlet(text, source) is named
