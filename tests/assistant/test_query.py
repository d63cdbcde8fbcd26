"""A question analysed once: language, standalone text, terms, speakers and kind."""

from __future__ import annotations

import pytest

from assistant.query import Query
from assistant.speaker_query import KnownSpeaker
from kazakh.script import to_cyrillic

KNOWN = (
    KnownSpeaker("Ермағанбет Бөлекпаев", "Қарағанды облысының әкімі"),
    KnownSpeaker("Асхат Оралов", "Мәдениет және ақпарат министрі"),
    KnownSpeaker("Ерлан Қарин", "Мемлекеттік кеңесші"),
)


def test_a_named_speaker_of_a_speech_question_is_found_by_name() -> None:
    query = Query.of("What did Bolekpayev say about the regions?", known=KNOWN)
    assert query.speakers == ("Ермағанбет Бөлекпаев",)
    assert not query.by_role
    assert query.kind == "speech"
    assert query.language == "en" == query.terms.language


def test_a_role_picks_speakers_only_in_a_question_about_speech() -> None:
    said = Query.of("What did the akim say about the regions?", known=KNOWN)
    assert said.speakers == ("Ермағанбет Бөлекпаев",)
    assert said.by_role
    fact = Query.of("Who is the akim of Karaganda region?", known=KNOWN)
    assert fact.speakers == ()
    assert fact.kind == "fact"


def test_who_said_is_a_speech_question_naming_nobody_known() -> None:
    query = Query.of("Еңбек ету құқығы туралы кім айтты?", known=KNOWN)
    assert query.speech and query.speakers == ()
    assert query.kind == "who_said"


def test_an_outlet_question() -> None:
    query = Query.of("Which outlet reported on the round table in Karaganda?")
    assert query.outlet
    assert query.kind == "outlet"


def test_a_follow_up_is_analysed_on_its_standalone_text_and_answered_in_its_own_language() -> None:
    query = Query.of("А что он сказал?", "А что Бөлекпаев сказал?", known=KNOWN, language="ru")
    assert query.kind == "follow_up"
    assert query.text == "А что Бөлекпаев сказал?"
    assert query.speakers == ("Ермағанбет Бөлекпаев",)
    assert query.names  # the name from the standalone text, not the pronoun
    assert query.language == "ru"


@pytest.mark.parametrize("question", ["Кто такой Ермаганбет Болекпаев?", "Who is Bolekpayev?"])
def test_names_are_the_question_names(question: str) -> None:
    assert Query.of(question).names
    assert not Query.of("Сколько жителей в стране?").names


def test_a_latin_typed_question_read_in_cyrillic_is_no_follow_up() -> None:
    query = Query.of("Aqtóbe ákimi ne dedi?", "Ақтөбе әкімі не деді?", KNOWN, follow_up=False)
    assert not query.follow_up and query.kind == "speech"
    assert Query.of("А что он сказал?", "А что Бөлекпаев сказал?", KNOWN).follow_up


def test_a_who_said_statement_keeps_the_language_of_its_question() -> None:
    """Cut out of "... деп кім айтты?", the statement has no Kazakh-only word left; it is still
    read as Kazakh (its own terms), and an English one as English (its glossary translation)."""
    kk = Query.of("Маркетплейс сатушыны тексеруге жауапты деп кім айтты?")
    assert kk.terms.language == "kk" and len(kk.terms.units) == 4
    en = Query.of("Who said the rescuers arrived within ten minutes?")
    assert en.terms.language == "en" and en.terms.concepts


def test_a_role_picks_the_speakers_whose_role_meets_most_of_its_words() -> None:
    known = (
        *KNOWN,
        KnownSpeaker("Ерлан Жақыпбеков", "Облыс әкімінің орынбасары"),
        KnownSpeaker("Nurjan Ábdiqadyrov", "Oblystyq energetıka basqarmasynyń basshysy"),
        KnownSpeaker("Данияр Өтепов", "Төтенше жағдайлар департаментінің бастығы"),
    )
    deputy = Query.of("Облыс әкімінің орынбасары жылу туралы не деді?", known=known)
    assert deputy.speakers == ("Ерлан Жақыпбеков",) and deputy.by_role
    akim = Query.of("What did the akim say about the regions?", known=known)
    assert "Ермағанбет Бөлекпаев" in akim.speakers
    head = Query.of("What did the head of the regional department say?", known=known)
    assert head.speakers == ("Nurjan Ábdiqadyrov",)


def test_a_role_word_counts_once_whatever_stems_it_stands_for() -> None:
    """ "department" is a басқарма or a департамент: a role holding both is not a better match
    for "the head of the department" than one holding either."""
    known = (
        KnownSpeaker("Данияр Өтепов", "Төтенше жағдайлар департаментінің бастығы"),
        KnownSpeaker("Айгүл Серікова", "Департаменттің қаржы басқармасының басшысы"),
    )
    query = Query.of("What did the head of the department say?", known=known)
    assert set(query.speakers) == {"Данияр Өтепов", "Айгүл Серікова"}


@pytest.mark.parametrize(
    "question",
    [
        "What did the trade minister say?",
        "Что сказал министр торговли?",
        "Сауда министрі не деді?",
        "Saýda mınıstri ne dedi?",
    ],
)
def test_the_question_s_other_words_narrow_a_role(question: str) -> None:
    """Both are ministers; the question's word for trade, in any language, is in one role."""
    known = (
        KnownSpeaker("Қанат Бейсенов", "Сауда және интеграция министрі"),
        KnownSpeaker("Ержан Біржанов", "Энергетика министрі"),
    )
    query = Query.of(question, to_cyrillic(question), known=known)
    assert query.speakers == ("Қанат Бейсенов",)


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("What did the trade minister say?", "Қанат Бейсенов"),
        ("Что сказал министр торговли?", "Қанат Бейсенов"),
        ("What did the trade vice minister say?", "Динара Мұхаметжанова"),
        ("Сауда вице-министрі не деді?", "Динара Мұхаметжанова"),
        ("Облыс әкімі не деді?", "Асқар Жұбанышев"),
        ("What did the deputy akim say?", "Ерлан Жақыпбеков"),
    ],
)
def test_a_role_means_its_holder_before_a_deputy_it_does_not_ask_for(
    question: str, speaker: str
) -> None:
    known = (
        KnownSpeaker("Динара Мұхаметжанова", "Сауда және интеграция вице-министрі"),
        KnownSpeaker("Қанат Бейсенов", "Сауда және интеграция министрі"),
        KnownSpeaker("Ерлан Жақыпбеков", "Облыс әкімінің орынбасары"),
        KnownSpeaker("Асқар Жұбанышев", "Облыс әкімі"),
    )
    query = Query.of(question, to_cyrillic(question), known=known)
    assert query.speakers == (speaker,)


def test_a_role_written_in_another_spelling_still_meets_its_word() -> None:
    """A Latin article's "vitse-prezıdenti" reads витсе-президенті: the vice-president still."""
    known = (
        KnownSpeaker("Сапарбек Әлімқұлов", "Қазақ күресі федерациясының витсе-президенті"),
        KnownSpeaker("Ерлан Жақыпбеков", "облыс әкімі"),
    )
    query = Query.of("What did the vice-president say?", known=known)
    assert query.speakers == ("Сапарбек Әлімқұлов",)


@pytest.mark.parametrize(
    "question",
    [
        "Бапкер Игорь Петренко балалар топтары туралы не деді?",
        "What did coach Igor Petrenko say about the children's groups?",
    ],
)
def test_a_named_person_nobody_recorded_is_not_replaced_by_a_role(question: str) -> None:
    """The attribution may have missed Petrenko; the question still asks about him, not about
    the coach it did record."""
    known = (KnownSpeaker("Мұрат Сейітқали", "Жасөспірімдер құрамасының бас бапкері"),)
    assert Query.of(question, known=known).speakers == ()
    assert Query.of("What did the coach say?", known=known).speakers == ("Мұрат Сейітқали",)


@pytest.mark.parametrize(
    "question",
    [
        "Ауыл әкімі – халыққа ең жақын билік деп кім айтты?",
        "Who said that the village akim is the closest authority to the people?",
    ],
)
def test_a_role_in_a_who_said_statement_picks_no_speaker(question: str) -> None:
    """The statement is what was said; its "akim" is not who said it."""
    known = (KnownSpeaker("Ерболат Сәрсенғалиев", "Облыс әкімі"),)
    query = Query.of(question, known=known)
    assert query.statement and query.kind == "who_said"
    assert query.speakers == ()


def test_professions_are_role_words_in_questions() -> None:
    """ "the pensioner" picks the speaker recorded as a зейнеткер (``role_aliases.tsv``)."""
    known = (
        KnownSpeaker("Зейнеп Оразова", "74 жастағы зейнеткер"),
        KnownSpeaker("Виктор Ким", "Орталықтың директоры"),
    )
    assert Query.of("What did the pensioner say?", known=known).speakers == ("Зейнеп Оразова",)
    assert Query.of("Что сказала пенсионерка?", known=known).speakers == ("Зейнеп Оразова",)
