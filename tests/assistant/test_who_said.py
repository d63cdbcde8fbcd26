"""Who said what: speakers of record with roles, counts and dates; a speaker's paragraphs."""

from __future__ import annotations

import json

import pytest

from cli.main import build_parser
from cli.quotes import run

SEED_ID = "baq-2026-03-11-new-constitution-regions"
BOLEKPAEV = "Ермағанбет Бөлекпаев"


def _by_name(rows: list[dict]) -> dict[str, dict]:
    return {row["speaker"]: row for row in rows}


@pytest.mark.integration
def test_speakers_lists_roles_articles_dates_and_counts(verify_assistant) -> None:
    rows = verify_assistant.speakers()
    named = _by_name(rows)
    assert set(named) == {
        BOLEKPAEV,
        "Жақып Асанов",
        "Серік Беркамалов",
        "Ерболат Закиров",
        "Марат Сейітов",
        "Айгүл Нұрланова",
        "Дәулет Омаров",
    }
    bolekpaev = named[BOLEKPAEV]
    assert bolekpaev["roles"] == ["Қарағанды облысының әкімі"]
    assert (bolekpaev["quotes"], bolekpaev["direct_quotes"]) == (2, 1)
    assert bolekpaev["dates"] == ["2026-03-11"]
    assert bolekpaev["articles"] == [
        {
            "article_id": SEED_ID,
            "title": "Жаңа Конституция: Өңірлердің мүмкіндігі қалай кеңейеді?",
            "date": "2026-03-11",
            "source": "BAQ.KZ",
        }
    ]
    seitov = named["Марат Сейітов"]  # his quote ends "– деді ол."
    assert (seitov["quotes"], seitov["direct_quotes"]) == (2, 1)
    assert seitov["roles"] == ["Төтенше жағдайлар министрі"]
    assert seitov["articles"][0]["source"] == "Kazinform"
    assert seitov["dates"] == ["2026-04-02"]
    assert (named["Жақып Асанов"]["quotes"], named["Жақып Асанов"]["direct_quotes"]) == (1, 0)
    order = [(-row["quotes"], row["speaker"]) for row in rows]
    assert order == sorted(order)  # most quoted first, then by name


@pytest.mark.integration
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Bolekpayev", {BOLEKPAEV}),
        ("Асановтың", {"Жақып Асанов"}),
        ("сейіт", {"Марат Сейітов"}),  # substring of the name, any case
        ("АКИМ", {BOLEKPAEV, "Айгүл Нұрланова"}),  # role word in Russian spelling
        ("the senator", {"Жақып Асанов"}),
        ("сарапшы", {"Дәулет Омаров"}),  # role as written
        ("Тоқаев", set()),
    ],
)
def test_speakers_filter_by_name_form_role_or_substring(
    verify_assistant, query: str, expected: set[str]
) -> None:
    assert {row["speaker"] for row in verify_assistant.speakers(query)} == expected


@pytest.mark.integration
def test_quotes_in_reading_order_without_about(verify_assistant) -> None:
    citations = verify_assistant.quotes("Сейітовтың")
    assert [c.n for c in citations] == [1, 2]
    assert [c.paragraph_index for c in citations] == [1, 2]
    assert {c.speaker for c in citations} == {"Марат Сейітов"}
    assert citations[1].text.startswith("«Биыл қар қалыңдығы")
    assert citations[1].quotes[0].startswith("Биыл қар қалыңдығы")
    assert citations[0].date == "2026-04-02" and citations[0].source == "Kazinform"
    assert [c.paragraph_index for c in verify_assistant.quotes("Bolekpayev", k=1)] == [4]


@pytest.mark.integration
def test_quotes_ranked_by_about(verify_assistant) -> None:
    about = verify_assistant.quotes("Беркамалов", about="еңбек ету құқығы мамандықты таңдау")
    assert [c.n for c in about] == [1, 2]
    assert about[0].paragraph_index == 8  # the direct quote about the right to work
    assert about[0].score >= about[1].score > 0
    assert {c.speaker for c in about} == {"Серік Беркамалов"}


@pytest.mark.integration
def test_quotes_by_role_reach_the_speaker(verify_assistant) -> None:
    citations = verify_assistant.quotes("the senator")
    assert [(c.speaker, c.paragraph_index) for c in citations] == [("Жақып Асанов", 6)]


@pytest.mark.integration
def test_unknown_speaker_is_a_clear_error(verify_assistant) -> None:
    with pytest.raises(ValueError, match=r"^unknown speaker: Тоқаев$"):
        verify_assistant.quotes("Тоқаев")


@pytest.mark.integration
def test_cli_speakers_and_quotes(verify_assistant, capsys) -> None:
    assert run(build_parser().parse_args(["speakers", "әкім", "--json"]), verify_assistant) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {row["speaker"] for row in listed} == {BOLEKPAEV, "Айгүл Нұрланова"}
    assert run(build_parser().parse_args(["speakers", "Нұрланова"]), verify_assistant) == 0
    text = capsys.readouterr().out
    assert "Айгүл Нұрланова — Астана қаласының әкімі" in text
    assert "3 paragraphs (2 direct), 2026-04-02" in text  # the bare quote after hers too
    argv = ["quotes", "--speaker", "Закиров", "--about", "жастар", "-k", "1", "--json"]
    assert run(build_parser().parse_args(argv), verify_assistant) == 0
    cited = json.loads(capsys.readouterr().out)
    assert len(cited) == 1 and cited[0]["speaker"] == "Ерболат Закиров"
    assert cited[0]["n"] == 1 and "жастар" in cited[0]["text"]
    assert run(build_parser().parse_args(["quotes", "--speaker", "Asanov"]), verify_assistant) == 0
    assert "[1] Жаңа Конституция" in capsys.readouterr().out
    with pytest.raises(ValueError, match="unknown speaker"):
        run(build_parser().parse_args(["quotes", "--speaker", "Тоқаев"]), verify_assistant)
