"""Questions asking for a sum are answered only from paragraphs that state one."""

from __future__ import annotations

import pytest

from assistant.abstention import lacks_asked_amount
from assistant.amount_question import asks_amount, states_amount
from assistant.query import Query
from assistant.retrieval import Retrieved
from vectorstore.store import StoredChunk


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Сколько будет стоить билет на рейс Семей – Новосибирск?", True),
        ("Сколько денег выделено на газификацию?", True),
        ("How much did the new ice arena cost?", True),
        ("What is the price of bitcoin today?", True),
        ("Жобаның жалпы құны қанша?", True),
        ("Жас дәрігерлердің айлық жалақысы қанша?", True),
        ("Сколько человек стоит в очереди на жильё?", False),
        ("How many people were evacuated?", False),
        ("Көпір қашан салынады?", False),
    ],
)
def test_a_question_asks_for_a_sum_by_its_cue_words(question: str, asks: bool) -> None:
    assert asks_amount(question) is asks


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("Станцияны жаңғыртуға 18,4 млрд теңге бөлінді.", True),
        ("Зауыттың құны 98 млрд теңгеге бағаланады.", True),  # the currency inflected
        ("Jobanyń quny 126 mlrd teńge.", True),
        ("The plant cost $5 million.", True),
        ("Биыл 140 жас маман жұмысқа орналасты.", False),
        ("1 500 oryndyq turaq salynady.", False),
    ],
)
def test_a_paragraph_states_a_sum_with_a_number_and_a_currency(text: str, states: bool) -> None:
    assert states_amount([text]) is states


def _retrieved(*texts: str) -> list[Retrieved]:
    return [
        Retrieved(StoredChunk(f"a:{i}:0:aa", text, "a", i), 0.5) for i, text in enumerate(texts)
    ]


def test_a_sum_asked_for_and_not_stated_in_the_top_paragraphs_is_not_answered() -> None:
    question = Query.of("Сколько будет стоить билет на рейс Семей – Новосибирск?")
    covered = _retrieved("Семей әуежайында жаңа терминал ашылды.", "Рейстер көбейеді.")
    assert lacks_asked_amount(question, covered)
    priced = _retrieved("Семей әуежайында жаңа терминал ашылды.", "Билет 45 000 теңге тұрады.")
    assert not lacks_asked_amount(question, priced)
    # a question about speech is not asking for the figure itself
    speech = Query.of("Что сказал министр о зарплатах учителей?")
    assert speech.speech  # "speech", or "who_said" with no speakers known here
    assert not lacks_asked_amount(speech, covered)
