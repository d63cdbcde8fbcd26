"""Who said what on a real catalog (SQLite), without the model or Chroma."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.speaker_query import KnownSpeaker
from assistant.who_said import list_speakers, resolve_speaker
from vectorstore.catalog import ArticleRow, Catalog, SpeakerRow


def _article(article_id: str, date: str, source: str) -> ArticleRow:
    return ArticleRow(article_id, f"Title {article_id}", date, source, "", 3, 3, "f")


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    catalog = Catalog(tmp_path / "catalog.sqlite")
    catalog.put(
        _article("a", "2026-03-11", "BAQ.KZ"),
        [
            SpeakerRow("a", "Ермағанбет Бөлекпаев", "облыс әкімі", 0, "direct"),
            SpeakerRow("a", "Ермағанбет Бөлекпаев", "облыс әкімі", 1, "reported"),
            SpeakerRow("a", "Жақып Асанов", "сенатор", 2, "reported"),
        ],
    )
    catalog.put(
        _article("b", "2026-04-02", "Kazinform"),
        [SpeakerRow("b", "Ермағанбет Бөлекпаевтың", "", 0, "direct")],
    )
    return catalog


def test_spellings_of_one_name_are_one_speaker_with_counts_and_dates(catalog: Catalog) -> None:
    rows = list_speakers(catalog)
    assert [r["speaker"] for r in rows] == ["Ермағанбет Бөлекпаев", "Жақып Асанов"]
    first = rows[0]
    assert (first["quotes"], first["direct_quotes"]) == (3, 2)
    assert first["roles"] == ["облыс әкімі"]
    assert first["dates"] == ["2026-03-11", "2026-04-02"]
    assert [a["source"] for a in first["articles"]] == ["BAQ.KZ", "Kazinform"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Bolekpayev", ["Ермағанбет Бөлекпаев"]),
        ("senator", ["Жақып Асанов"]),
        ("сенат", ["Жақып Асанов"]),  # a substring of the role
        ("Тоқаев", []),
    ],
)
def test_a_query_keeps_the_speakers_it_names(
    catalog: Catalog, query: str, expected: list[str]
) -> None:
    assert [r["speaker"] for r in list_speakers(catalog, query)] == expected


def test_resolve_speaker_by_name_form_or_role_or_fails_clearly() -> None:
    known = [KnownSpeaker("Жақып Асанов", "сенатор"), KnownSpeaker("Марат Сейітов", "министр")]
    assert resolve_speaker(known, "Асановтың") == ["Жақып Асанов"]
    assert resolve_speaker(known, "the minister") == ["Марат Сейітов"]
    with pytest.raises(ValueError, match="unknown speaker: Тоқаев"):
        resolve_speaker(known, "Тоқаев")
