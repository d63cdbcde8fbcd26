"""The news glossary: Russian/English question words reach Kazakh terms, inflected or not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kazakh.glossary import (
    Glossary,
    GlossaryError,
    code_switched,
    default_glossary,
    kazakh_text,
    verb_forms,
)
from kazakh.language import detect_language
from kazakh.morphology import index_terms


def _glossary(tmp_path: Path, body: str) -> Glossary:
    path = tmp_path / "g.tsv"
    path.write_text("kk\tru\ten\n" + body, encoding="utf-8")
    return Glossary.load(path)


def test_inflected_russian_and_english_forms_meet_their_lemmas(tmp_path: Path) -> None:
    glossary = _glossary(
        tmp_path,
        "# events\n"
        "дөңгелек үстел\tкруглый стол\tround table\n"
        "үстел\tстол\ttable\n"
        "хабарла\tсообщать;сообщить\treport\n",
    )
    ru = glossary.translate("Где проходил круглого стола? Что сообщили?", "ru")
    assert [(c.source, c.forms()) for c in ru] == [
        ("круглого стола", ("дөңгелек үстел",)),  # the longest phrase wins over "стол"
        ("сообщили", ("хабарла", "хабарлады", "хабарлайды", "хабарлалды", "хабарланды",
                      "хабарлаған")),
    ]  # fmt: skip
    en = glossary.translate("Which outlet reported on the round tables?", "en")
    assert [c.kazakh[0][0] for c in en] == ["хабарла", "дөңгелек үстел"]
    assert glossary.translate("Дөңгелек үстел қайда өтті?", "kk") == []


def test_synonyms_from_several_lines_are_merged(tmp_path: Path) -> None:
    glossary = _glossary(
        tmp_path, "жастар\tмолодежь\tyouth\nжас ұрпақ\tмолодежь\tyoung people\nөт\tпройти\tpass\n"
    )
    (concept,) = glossary.translate("о молодёжи", "ru")
    assert concept.kazakh == (("жастар",), ("жас ұрпақ",))
    assert kazakh_text([concept]) == "жастар жас ұрпақ"
    (verb,) = glossary.translate("it passed", "en")
    assert verb.forms() == ("өт", "өтті", "өтеді", "өтілді", "өткен")


@pytest.mark.parametrize(
    ("stem", "forms"),
    [
        ("хабарла", ["хабарлады", "хабарлайды", "хабарлалды", "хабарланды", "хабарлаған"]),
        ("өт", ["өтті", "өтеді", "өтілді", "өткен"]),
        ("ал", ["алды", "алады", "алынды", "алған"]),
        ("қол қой", ["қол қойды", "қол қойады", "қол қойылды", "қол қойған"]),
    ],
)
def test_verb_forms_follow_vowel_harmony_and_voicing(stem: str, forms: list[str]) -> None:
    assert verb_forms(stem) == forms


@pytest.mark.parametrize(
    ("body", "line"),
    [("жастар\tмолодежь\n", 2), ("жастар\tмолодежь\tyouth\n\nсот\t\tcourt\n", 4)],
)
def test_a_malformed_line_names_the_file_and_line(tmp_path: Path, body: str, line: int) -> None:
    with pytest.raises(GlossaryError) as error:
        _glossary(tmp_path, body)
    assert str(error.value).startswith(f"{tmp_path / 'g.tsv'}:{line}: ")


def test_a_wrong_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("ru\tkk\ten\nмолодежь\tжастар\tyouth\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=":1: the header"):
        Glossary.load(path)


@pytest.mark.parametrize(
    ("question", "lang", "kazakh_word"),
    [
        ("Когда состоится круглый стол?", "ru", "дөңгелек үстелде"),
        ("Which outlet reported the news?", "en", "хабарлайды"),
        ("Что заявил аким Карагандинской области?", "ru", "Қарағанды"),
        ("What did the court decide?", "en", "соттардың"),
        ("What are young people worried about?", "en", "жастары"),
    ],
)
def test_the_bundled_glossary_reaches_inflected_kazakh_text(
    question: str, lang: str, kazakh_word: str
) -> None:
    """The translation's terms, once stemmed by the index, meet the word as articles inflect it."""
    translated = set(index_terms(kazakh_text(default_glossary().translate(question, lang))))
    assert set(index_terms(kazakh_word)) <= translated


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Около какого кампуса застрелили баскетболиста?", "ru"),  # no Russian function word
        ("Какой тираж у газеты Des Moines Register?", "ru"),  # most words are Cyrillic
        ("Гидра немен тыныс алады?", "kk"),  # Kazakh without a Kazakh letter
        ("Абай", "kk"),  # a lone name stays Kazakh
        ("What did Бөлекпаев say?", "en"),
    ],
)
def test_question_language(question: str, language: str) -> None:
    """The language picks the glossary side and the answer's frame, so misreading it loses both."""
    assert detect_language(question) == language


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Где прошёл круглый стол?", "дөңгелек үстел"),
        ("Which outlet reported it?", "деп хабарлайды"),
    ],
)
def test_keyword_search_reaches_kazakh_text_from_russian_and_english(
    seed_assistant: Any, question: str, expected: str
) -> None:
    """Without the translation, these questions share no term with the Kazakh article."""
    hits = seed_assistant.retrieve(question, k=3, mode="keyword")
    assert hits and expected in hits[0].chunk.text.lower()


def test_code_switched_puts_each_translated_phrase_in_kazakh(tmp_path: Path) -> None:
    """The dense channel's second reading of a question: its glossary phrases in Kazakh, its
    names and untranslated words as written."""
    glossary = _glossary(tmp_path, "дөңгелек үстел\tкруглый стол\tround table\nәкім\tаким\takim\n")
    question = "What did the akim of Karaganda say at the Round Table?"
    assert (
        code_switched(question, glossary.translate(question, "en"))
        == "What did the әкім of Karaganda say at the дөңгелек үстел?"
    )
