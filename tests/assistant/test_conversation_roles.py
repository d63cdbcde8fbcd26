"""Conversations that name a new speaker by role, ask "who said that?", or go on about a person.

Three stories of the kaznews set (``bench/data/kaznews``): a spring flood with a department head
and a vice minister, a harvest with an akim and a department head, and an airport with a vice
minister of its own, so a vice minister asked about store-wide is ambiguous, and a metro
extension in Latin script.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import kaznews_assistant

pytestmark = pytest.mark.integration

STORIES = (
    "kn-b-13-ayagoz-spring-flood",
    "kn-a-09-kostanay-harvest",
    "kn-a-11-semey-airport-terminal",
    "kn-c-09-almaty-metro",
)


@pytest.fixture(scope="module")
def stories(tmp_path_factory: pytest.TempPathFactory, e5_model_dir: Path):
    return kaznews_assistant(tmp_path_factory.mktemp("conversation-roles"), STORIES)


def _talk(assistant, questions: list[str]):
    history: list[tuple[str, str]] = []
    answers = []
    for question in questions:
        answer = assistant.ask(question, history=history or None)
        answers.append(answer)
        history.append((question, answer.answer))
    return answers


def test_a_new_role_is_its_holder_in_the_conversation_s_story(stories) -> None:
    """After the department head, "the vice minister" is the flood's vice minister, not the
    airport's; "he" is then the vice minister."""
    first, vice, rescuers = _talk(
        stories,
        [
            "Что сказал глава департамента ЧС Данияр Отепов о наводнении?",
            "А что сказал вице-министр?",
            "Сколько спасателей он отправит?",
        ],
    )
    assert first.citations[0].speaker == "Данияр Өтепов"
    assert vice.citations[0].speaker == "Әлібек Сыздықов"
    assert "60 құтқарушы" in rescuers.answer


def test_a_kazakh_follow_up_naming_a_role(stories) -> None:
    _, vice = _talk(
        stories, ["Аягөз ауданында қанша адам эвакуацияланды?", "Ал вице-министр не деді?"]
    )
    assert vice.citations[0].speaker == "Әлібек Сыздықов"


def test_who_said_that_names_the_speaker_of_the_last_quote(stories) -> None:
    _, wagons, who = _talk(
        stories,
        [
            "How much grain did Kostanay farmers harvest?",
            "What about the wagons?",
            "Who said that?",
        ],
    )
    assert "вагон" in wagons.answer
    assert not who.abstained
    assert who.answer.startswith("Gaziz Nurmagambetov")


def test_a_carried_speaker_who_never_spoke_of_the_new_topic_gives_way(stories) -> None:
    """The akim said nothing about wagons; the story's department head did."""
    _, wagons = _talk(stories, ["Qostanaı oblysynyń ákimi ne dedi?", "Al vagondar she?"])
    assert wagons.citations[0].speaker == "Ғазиз Нұрмағамбетов"
    assert "вагон" in wagons.citations[0].text


def test_it_and_there_refer_to_the_story(stories) -> None:
    """No pronoun for a person, no "And": "it" and "онда" still ask the conversation's story,
    and a sum asked of "it" is answered from the story's stated sum."""
    _, price = _talk(
        stories, ["How much grain did Kostanay farmers harvest?", "How much does it cost now?"]
    )
    assert not price.abstained and "78 мың теңге" in price.answer
    _, machines = _talk(
        stories, ["Аягөз ауданында қанша адам эвакуацияланды?", "Онда қанша техника жұмыс істейді?"]
    )
    assert "74 техника" in machines.answer


def test_a_sum_asked_of_it_is_the_story_s_sum(stories) -> None:
    """ "it" is the metro extension; the question says nothing else but that it asks a sum."""
    _, cost = _talk(
        stories, ["How long will the new Almaty metro section be?", "How much will it cost?"]
    )
    assert not cost.abstained and "96 mlrd" in cost.answer


def test_a_question_without_marks_is_asked_of_the_story_that_covers_it(stories) -> None:
    """ "The construction" is the metro's, which the conversation is about; a question the story
    does not cover goes to the whole store as before."""
    _, cost = _talk(
        stories,
        ["Когда откроются новые станции метро в Алматы?", "Сколько будет стоить строительство?"],
    )
    assert "96 mlrd" in cost.answer
    _, grain = _talk(
        stories, ["When will the new Almaty metro stations open?", "How much grain was harvested?"]
    )
    assert "6,2 млн тонна" in grain.answer


def test_an_abstention_leaves_the_conversation_s_story_as_it_was(stories) -> None:
    """The middle question (about another story) finds nothing; the next follow-up is still
    asked of the harvest, the story the conversation last quoted."""
    _, weather, price = _talk(
        stories,
        [
            "Сколько зерна собрали в Костанайской области?",
            "Какая погода в аэропорту Семея?",
            "А сколько стоит тонна пшеницы?",
        ],
    )
    assert weather.abstained
    assert "78 мың теңге" in price.answer
