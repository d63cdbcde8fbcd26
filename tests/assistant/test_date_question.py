"""Questions asking when, and the sentences that state a date (``assistant.date_question``)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.date_question import asks_date, states_date
from assistant.extractive import compose
from assistant.query import Query
from assistant.retrieval import Retrieved
from vectorstore.store import StoredChunk


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Until when is the exhibition open?", True),
        ("In what year was the park founded?", True),
        ("Когда откроют мост?", True),
        ("Боран қай күнге дейін созылады?", True),
        ("До какого числа принимаются документы?", True),
        ("Көрме қашанға дейін жұмыс істейді?", True),
        ("Паркі қай жылы ашылған?", True),
        ("А до какого часа он открыт?", True),
        ("What time does the park open?", True),
        ("Во сколько обошёлся ремонт?", False),  # a sum, not a time
        ("How many people came to the park?", False),
        ("Whenever the akim speaks, what does he say?", False),
        ("Көрмеге қанша адам келді?", False),
    ],
)
def test_a_question_asks_when(question: str, asks: bool) -> None:
    assert asks_date(question) is asks


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("Көрме 31 тамызға дейін жұмыс істейді.", True),
        ("Körme 31 tamyzğa deiın jūmys ısteidı.", True),  # a Latin paragraph's Cyrillic reading
        ("Парк 2001 жылы құрылған.", True),
        ("Жұмыс маусым айында басталады.", True),
        ("Туристік маусым басталды.", False),  # маусым is also a season
        ("Саябақ таңғы сағат 7-ден түнгі 11-ге дейін жұмыс істейді.", True),  # a clock time
        ("Өрт таңғы 05:20-да шықты.", True),
        ("Су деңгейі сағат сайын тексеріледі.", False),
        ("Қазан айтты.", False),
        ("Жолдың ұзындығы 48 шақырым.", False),
        ("Бағасы 2 500 теңге.", False),
    ],
)
def test_a_sentence_states_a_date(text: str, dated: bool) -> None:
    assert states_date(text) is dated


def test_asked_when_the_answer_is_the_sentence_that_dates_it() -> None:
    """The first paragraph names the exhibition and reads closer to the question; only the
    second says until when it is open, and it answers."""
    lead = StoredChunk("a:0:0:aa", "Орал музейінде «Алаш мұрасы» көрмесі ашылды.", "a", 0)
    dated = StoredChunk("a:1:0:bb", "Көрме 31 тамызға дейін жұмыс істейді.", "a", 1)
    query_vector = np.array([1.0, 0.0])
    closer, farther = np.array([0.95, 0.31]), np.array([0.9, 0.44])
    stored = {lead.chunk_id: [closer], dated.chunk_id: [farther]}

    def vectors(ids):
        return {i: stored[i] for i in ids}

    query = Query.of("Көрме қашанға дейін ашық?")
    assert query.asks_date
    cited = [Retrieved(lead, 0.9), Retrieved(dated, 0.8)]
    _, quotes = compose(query, query_vector, cited, vectors, max_sentences=1)
    assert quotes == ["Көрме 31 тамызға дейін жұмыс істейді."]
