"""Follow-ups keep the speaker or the topic the new question does not replace."""

from __future__ import annotations

import pytest

from assistant.followup import continues_conversation, resolve_followup
from assistant.speaker_query import KnownSpeaker

KNOWN = [
    KnownSpeaker("Сәуле Ерғалиева", "басқарма басшысы"),
    KnownSpeaker("Мақсат Жұмабаев", "фермер"),
    KnownSpeaker("Қайрат Жұмабаев", "инспектор"),
    KnownSpeaker("Әділет Қожахметов", "саясаттанушы"),
    KnownSpeaker("Ерлан Жақыпбеков", "облыс әкімінің орынбасары"),
]


@pytest.mark.parametrize(
    ("previous", "question", "language", "standalone"),
    [
        (
            "What did the akim say about the regions?",
            "And what about youth?",
            "en",
            "What did the akim say about youth?",
        ),
        (
            "Басқарма басшысы Сәуле Ерғалиева кіреберіс жолдар туралы не деді?",
            "Ал велосипед жолағы ше?",
            "kk",
            "Басқарма басшысы Сәуле Ерғалиева велосипед жолағы туралы не деді?",
        ),
        (
            "Көлік вице-министрі жаңа терминал туралы не деді?",
            "Ал әуежайлар ше?",
            "kk",
            "Көлік вице-министрі әуежайлар туралы не деді?",
        ),
        (
            "Что сказал фермер Максат Жумабаев о прошлом лете?",
            "А что насчёт урожая?",
            "ru",
            "Что сказал фермер Максат Жумабаев насчёт урожая?",
        ),
        (
            "Сәуле Ерғалиева не деді?",
            "Ал жастар ше?",
            "kk",
            "Сәуле Ерғалиева жастар туралы не деді?",
        ),
    ],
)
def test_new_topic_takes_the_previous_topic_slot(
    previous: str, question: str, language: str, standalone: str
) -> None:
    assert resolve_followup(question, [(previous, "...")], KNOWN, language) == standalone


def test_subject_pronoun_is_the_speaker_even_when_a_role_is_the_topic() -> None:
    got = resolve_followup(
        "And what did he say about the akim's budget?",
        [("What did Adilet Kozhakhmetov say about young candidates?", "...")],
        KNOWN,
        "en",
    )
    assert got == "And what did Adilet Kozhakhmetov say about the akim's budget?"


@pytest.mark.parametrize(
    "question",
    [
        "And the farmer whose hay burned, how many cattle does he keep?",
        "А фермер, у которого сгорело сено, сколько скота он держит?",
    ],
)
def test_a_role_named_before_the_pronoun_is_what_it_refers_to(question: str) -> None:
    history = [("What did Adilet Kozhakhmetov say about young candidates?", "...")]
    language = "ru" if question.startswith("А") else "en"
    assert resolve_followup(question, history, KNOWN, language) == question


def test_object_pronoun_with_a_new_role_asks_about_the_new_speaker() -> None:
    question = "А что ответил ей заместитель акима?"
    history = [("Что сказала депутат Гульнар Абдрахманова о тарифах?", "...")]
    assert resolve_followup(question, history, KNOWN, "ru") == question


def test_first_name_picks_one_of_two_namesakes() -> None:
    got = resolve_followup(
        "А какой урожай он ожидает?",
        [("Что сказал фермер Максат Жумабаев о лете?", "Максат Жумабаев сказал ...")],
        KNOWN,
        "ru",
    )
    assert got == "А какой урожай Максат Жумабаев ожидает?"


def test_follow_up_naming_nobody_keeps_the_speaker() -> None:
    got = resolve_followup(
        "Ал ауа райы болжамы туралы не айтты?",
        [("Сәуле Ерғалиева көпір туралы не деді?", "...")],
        KNOWN,
        "kk",
    )
    assert got == "Сәуле Ерғалиева ауа райы болжамы туралы не айтты?"


def test_standalone_question_is_unchanged() -> None:
    question = "Қарағандыда жылу маусымы қашан басталады?"
    assert (
        resolve_followup(question, [("Сәуле Ерғалиева не деді?", "...")], KNOWN, "kk") == question
    )


@pytest.mark.parametrize(
    ("previous", "answer", "question", "language", "standalone"),
    [
        (  # a fact question: the answer's speaker is no speaker of the conversation
            "Кто получил субсидию первым?",
            "Первым субсидию получил фермер Мақсат Жұмабаев.",
            "А среди женщин?",
            "ru",
            "А среди женщин?",
        ),
        (
            "Who was the first to get the subsidy?",
            "«Мақсат Жұмабаев субсидияны бірінші болып алды.»",
            "And in the neighbouring district?",
            "en",
            "And in the neighbouring district?",
        ),
        (  # about speech, typed in Latin: the speaker carries over
            "Maqsat Jumabaev ne dedi?",
            "«Мақсат Жұмабаев субсидияны бірінші болып алды.»",
            "Al egin she?",
            "kk",
            "Maqsat Jumabaev egin týraly ne dedi?",
        ),
    ],
)
def test_the_answer_s_speaker_carries_over_only_after_a_question_about_speech(
    previous: str, answer: str, question: str, language: str, standalone: str
) -> None:
    assert resolve_followup(question, [(previous, answer)], KNOWN, language) == standalone


SPEECH = ("Сәуле Ерғалиева жол туралы не деді?", "«Жол жөнделеді», – деді Сәуле Ерғалиева.")


@pytest.mark.parametrize(
    ("question", "language", "previous", "standalone"),
    [
        ("Жастар ше?", "kk", SPEECH[0], "Сәуле Ерғалиева жастар туралы не деді?"),
        ("Ал жастар туралы?", "kk", SPEECH[0], "Сәуле Ерғалиева жастар туралы не деді?"),
        (
            "А как насчёт школ?",
            "ru",
            "Что сказала Сауле Ергалиева о дорогах?",
            "Что сказала Сауле Ергалиева насчёт школ?",
        ),
        # a Latin-typed pronoun, the speaker written in the question's alphabet
        ("Ol taǵy ne dedi?", "kk", SPEECH[0], "Sáýle Erǵalıeva taǵy ne dedi?"),
    ],
)
def test_follow_up_forms_people_type(
    question: str, language: str, previous: str, standalone: str
) -> None:
    """ "X ше?" without "Ал", "Ал X туралы?", "А как насчёт X?" and a Latin "ol" are follow-ups
    too, and each is told apart as continuing the conversation."""
    assert continues_conversation(question, language)
    assert resolve_followup(question, [(previous, SPEECH[1])], KNOWN, language) == standalone


def test_how_about_continues_the_conversation() -> None:
    assert continues_conversation("How about schools?", "en")
    assert not continues_conversation("When will the road be finished?", "en")


@pytest.mark.parametrize(
    ("question", "language", "standalone"),
    [
        ("Who said that?", "en", "Who said that жол жөнделеді, бірақ кейін?"),
        ("Кто это сказал?", "ru", "Кто сказал, что жол жөнделеді, бірақ кейін?"),
        ("Мұны кім айтты?", "kk", "жол жөнделеді, бірақ кейін деп кім айтты?"),
    ],
)
def test_who_said_that_asks_for_the_speaker_of_the_last_quote(
    question: str, language: str, standalone: str
) -> None:
    answer = "Бақыт Әмірханова: «Жол жөнделеді, бірақ кейін.» [1]"
    history = [("Ал жол ше?", answer)]
    assert resolve_followup(question, history, KNOWN, language).lower() == standalone.lower()


@pytest.mark.parametrize(
    ("question", "language", "previous", "standalone"),
    [  # a new speaker by role asks the previous question's topic of them
        (
            "А аким области?",
            "ru",
            "Что сказал фермер Максат Жумабаев о воде?",
            "Что сказал(а) аким области о воде?",
        ),
        (
            "And the vice minister?",
            "en",
            "What did the akim say about the regions?",
            "What did the vice minister say about the regions?",
        ),
        # a full question after "А" is no new topic for the previous question's slot
        (
            "А что сказал вице-министр?",
            "ru",
            "Что сказал фермер Максат Жумабаев о воде?",
            "А что сказал вице-министр?",
        ),
        # "them" is who the answer was about, not the speaker (who stays the one asked about)
        (
            "And how many of them are children?",
            "en",
            "What did the akim say about evacuees?",
            "Yerlan Zhakypbekov: how many of them are children?",
        ),
    ],
)
def test_a_follow_up_naming_a_role_or_asking_anew(
    question: str, language: str, previous: str, standalone: str
) -> None:
    assert resolve_followup(question, [(previous, "...")], KNOWN, language) == standalone
