"""Loanwords: the folded prefix a Russian or English word would begin with in Kazakh text."""

from __future__ import annotations

import pytest

from kazakh.loanwords import loan_prefix
from kazakh.script import fold_key


@pytest.mark.parametrize(
    ("word", "lang", "kazakh"),
    [
        ("вагонов", "ru", "вагондары"),
        ("сканеры", "ru", "сканерлер"),
        ("кооперативу", "ru", "кооперативке"),
        ("wagons", "en", "вагондар"),
        ("scanners", "en", "сканерлері"),
        ("federation", "en", "федерациясы"),
        ("diploma", "en", "дипломы"),
        ("bitcoin", "en", "биткоин"),
        ("terminal", "en", "терминалы"),
    ],
)
def test_a_loan_is_found_by_its_kazakh_prefix(word: str, lang: str, kazakh: str) -> None:
    prefix = loan_prefix(word, lang)
    assert prefix is not None and fold_key(kazakh).startswith(prefix)


@pytest.mark.parametrize(("word", "lang"), [("план", "ru"), ("plan", "en"), ("арена", "kk")])
def test_short_words_and_kazakh_are_not_looked_up(word: str, lang: str) -> None:
    assert loan_prefix(word, lang) is None
