"""A question asking which company (factory, contractor, brand) is answered only where a top
paragraph names one."""

from __future__ import annotations

import pytest

from assistant.abstention import lacks_asked_organisation
from assistant.organisation_question import asks_organisation, names_organisation
from assistant.query import Query
from assistant.retrieval import Retrieved
from vectorstore.store import StoredChunk


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Which construction company built the new ice arena?", True),
        ("What is the name of the contractor firm?", True),
        ("Какая компания строит водопровод?", True),
        ("Какой марки новые машины скорой помощи?", True),
        ("Жаңа көліктерді қай зауыт шығарған?", True),
        ("Мердігер компания қалай аталады?", True),
        ("What did the bus company director say about the fleet?", False),
        ("Сколько компаний участвует в проекте?", False),
        ("Зауыт қашан іске қосылады?", False),
    ],
)
def test_a_question_asks_for_an_organisation_by_its_cue_words(question: str, asks: bool) -> None:
    assert asks_organisation(question) is asks


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("«Сарыарқа Кен» ЖШС-ның жерасты кенішінде опырылу болды.", True),
        ("Мердігер «Каспий Көпір Құрылыс» құрылысты жүргізеді.", True),  # the noun before it
        ("Жоба «Ауыл – Ел бесігі» бағдарламасы аясында жүр.", False),  # a programme
        ("«Ертіс Полимер» компаниясының бас директоры сөз алды.", True),
        ("«Ertis Polimer» kompaniiasynyñ bas direktory söz aldy.", True),  # read in Cyrillic
        ("Qazaqstan Temir Joly AQ jańa vagondar aldy.", True),
        ("Облыста жаңа зауыт салынады.", False),
        ("«Бұл жоба маңызды», – деді компания басшысы.", False),  # a quoted statement
    ],
)
def test_a_paragraph_names_an_organisation_by_legal_form_or_quoted_name(
    text: str, names: bool
) -> None:
    assert names_organisation(text) is names


def _retrieved(*texts: str) -> list[Retrieved]:
    return [
        Retrieved(StoredChunk(f"a:{i}:0:aa", text, "a", i), 0.5) for i, text in enumerate(texts)
    ]


def test_an_organisation_asked_for_and_named_by_no_top_paragraph_is_not_answered() -> None:
    question = Query.of("Which construction company built the new ice arena in Aktobe?")
    covered = _retrieved(
        "Ақтөбеде 1 200 көрерменге арналған жаңа мұз айдыны ашылды.",
        "Кешенде хоккей секциялары жұмыс істейді.",
    )
    assert lacks_asked_organisation(question, covered)
    named = _retrieved("Ақтөбеде жаңа мұз айдыны ашылды.", "Нысанды «Ақтөбе Құрылыс» ЖШС салды.")
    assert not lacks_asked_organisation(question, named)
    # a question that does not ask for an organisation is left alone
    assert not lacks_asked_organisation(Query.of("When did the ice arena open?"), covered)
