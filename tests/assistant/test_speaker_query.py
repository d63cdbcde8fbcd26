"""Which questions are about speech: only those let a role word pick speakers."""

from __future__ import annotations

import pytest

from assistant.speaker_query import asks_about_speech


@pytest.mark.parametrize(
    ("question", "about_speech"),
    [
        ("What did the akim say about the regions?", True),
        ("Еңбек ету құқығы туралы кім айтты?", True),
        ("Что заявил министр о пенсиях?", True),
        ("Зейнеткер Зейнеп Оразова орталық туралы не дейді?", True),  # present tense of деді
        ("Что рассказала руководитель управления о центре?", True),
        ("What did the minister explain about the tariffs?", True),
        ("Министр не деп ескертті?", True),
        # requests, complaints and proposals are speech too
        ("What did Nurlan Abdirakhmanov request from local residents?", True),
        # "asked whether" questions someone: the asker is what is asked for, not their words
        ("Which correspondent asked the senators whether the probe was limited?", False),
        ("What did the retired woman complain about?", True),
        ("Что попросил аким у жителей?", True),
        ("Әкім тұрғындардан не сұрады?", True),
        ("Зейнеткер неге шағымданды?", True),
        # "who" alone asks for a person, not for words: a role here must not pull speakers up
        ("Who is Elizabeth Warren's opponent in the Senate race?", False),
        ("Кто сыграл премьер-министра в фильме?", False),
        ("Дөңгелек үстелге кімдер жиналды?", False),
        ("Ескерткішті облыс әкімі қашан ашады?", False),  # ескерткіш is a monument, not a warning
        ("How many applications did the hub receive?", False),
        ("Жобаға қанша өтініш түсті?", False),  # өтініш is an application, not "asked"
    ],
)
def test_asks_about_speech(question: str, about_speech: bool) -> None:
    assert asks_about_speech(question) is about_speech
