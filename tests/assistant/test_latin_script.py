"""Latin-script Kazakh end to end: Latin articles and Latin-typed questions meet Cyrillic ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kazakh.names import name_key
from tests.helpers import SEED_DIR, make_assistant

pytestmark = pytest.mark.integration

# Invented people; written in the 2018 alphabet the way QazAqparat's Latin site writes.
LATIN_ARTICLE = {
    "id": "latin-pavlodar-water",
    "title": "Pavlodarda aýyz sý qubyry jańartylady",
    "date": "2026-04-14",
    "source": "QazAqparat",
    "paragraphs": [
        "Pavlodar oblysynda 2026 jyly 40 shaqyrym aýyz sý qubyry jańartylady, dep habarlaıdy "
        "QazAqparat tilshisi.",
        "Oblys ákiminiń orynbasary Dáýren Seıitqalıev jumystarǵa 3,2 mlrd teńge bólingenin "
        "atap ótti.",
        "«Qubyrlardyń jartysy kúrdeli jóndeýdi qajet etedi. Sondyqtan biz jumysty kóktemde "
        "bastaımyz», – dedi ol.",
        "Ekibastuz qalasynyń turǵyndary sý berý kestesiniń ózgeretinin habarlady.",
    ],
}


@pytest.fixture(scope="module")
def latin_assistant(tmp_path_factory: pytest.TempPathFactory, e5_model_dir: Path):
    folder = tmp_path_factory.mktemp("latin-articles")
    (folder / "latin.jsonl").write_text(
        json.dumps(LATIN_ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    assistant = make_assistant(tmp_path_factory.mktemp("latin-store"))
    report = assistant.ingest([SEED_DIR, folder])
    assert report.rejected == [] and len(report.added) == 2
    return assistant


def test_a_cyrillic_question_finds_the_latin_paragraph(latin_assistant) -> None:
    top = latin_assistant.retrieve("Павлодарда қанша шақырым су құбыры жаңартылады?", k=3)[0]
    assert (top.chunk.article_id, top.chunk.paragraph_index) == ("latin-pavlodar-water", 0)


def test_an_ascii_typed_question_is_kazakh_and_finds_the_cyrillic_paragraph(
    latin_assistant,
) -> None:
    answer = latin_assistant.ask("Qaragandy oblysynyn akimi ne dedi?")
    assert answer.language == "kk" and not answer.abstained
    assert "Бөлекпаев" in answer.citations[0].speaker


def test_the_latin_article_is_attributed_in_one_spelling_and_quoted_as_written(
    latin_assistant,
) -> None:
    chunks = latin_assistant.article("latin-pavlodar-water")
    quote = chunks[2]
    assert name_key(quote.speaker) == name_key("Дәурен Сейітқалиев")
    assert quote.speaker == chunks[1].speaker
    quotes = quote.quotes
    assert quotes and all(q in quote.text for q in quotes)
    assert any("Qubyrlardyń" in q for q in quotes)


@pytest.mark.parametrize(
    "claim",
    [
        "Half of the pipes need major repairs, so we will start the work in spring.",
        "Половина труб требует капитального ремонта, поэтому работы мы начнём весной.",
    ],
)
def test_a_translated_quote_of_a_latin_article_is_a_paraphrase(latin_assistant, claim) -> None:
    """The Latin sentences are compared in their Cyrillic reading, as they were embedded at
    ingest: the model reads Latin-script Kazakh poorly."""
    verdict = latin_assistant.verify_quote(claim, "Seıitqalıev")
    assert verdict.verdict == "paraphrase"
    assert "Qubyrlardyń" in verdict.matches[0].sentence


def test_a_latin_typed_topic_ranks_a_speakers_cyrillic_paragraphs(latin_assistant) -> None:
    """``quotes(speaker, about)`` reads a Latin-typed topic in Cyrillic, as questions are."""
    typed = latin_assistant.quotes("Бөлекпаев", about="óńirlerdi damytý")
    cyrillic = latin_assistant.quotes("Бөлекпаев", about="өңірлерді дамыту")
    assert [c.paragraph_index for c in typed[:3]] == [c.paragraph_index for c in cyrillic[:3]]
