"""A role many people hold: the holder asked about is the one whose paragraphs meet the topic.

Four kaznews stories (``bench/data/kaznews``), each with a deputy akim of its region, one of them
in Latin script: every holder's introduction meets "облыс әкімінің орынбасары", so only what is
asked about tells which deputy akim the question means.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import kaznews_assistant, make_assistant

pytestmark = pytest.mark.integration

STORIES = (
    "kn-a-01-karaganda-heating",
    "kn-a-13-akmola-rural-elections",
    "kn-d-01-mangystau-road-repair",
    "kn-e-03-kyzylorda-village-water",
)


@pytest.fixture(scope="module")
def deputies(tmp_path_factory: pytest.TempPathFactory, e5_model_dir: Path):
    return kaznews_assistant(tmp_path_factory.mktemp("role-holders"), STORIES)


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        ("Облыс әкімінің орынбасары жылу желілерін ауыстыру туралы не деді?", "Ерлан Жақыпбеков"),
        ("What did the deputy akim say about repairing village streets?", "Ғалымжан Сәрсенбаев"),
    ],
)
def test_the_deputy_asked_about_is_the_one_whose_words_meet_the_topic(
    deputies, question: str, holder: str
) -> None:
    answer = deputies.ask(question)
    assert not answer.abstained
    assert answer.citations[0].speaker == holder


def test_a_speaker_recorded_with_two_roles_is_found_by_either(
    tmp_path: Path, e5_model_dir: Path
) -> None:
    """One name, two roles in two stories (a promotion, or namesakes): asked by the role the
    later story gives, the speaker is found, whichever role was recorded first."""
    name = "Гүлнар Әбдірахманова"
    stories = [
        {
            "id": "a-maslikhat",
            "title": "Мәслихат тарифтерді талқылады",
            "date": "2026-01-10",
            "source": "Kazinform",
            "paragraphs": [
                f"Облыстық мәслихат депутаты {name} жылу тарифінің өсуіне қарсы екенін айтты, "
                "деп хабарлайды Kazinform тілшісі.",
                "«Зейнеткерлерге адресті көмек керек», – деді ол.",
            ],
        },
        {
            "id": "b-energy",
            "title": "Жылу желілері жерасты сканерімен тексеріледі",
            "date": "2026-02-17",
            "source": "Kazinform",
            "paragraphs": [
                f"Облыстық энергетика басқармасының басшысы {name} биыл құбырлар жерасты "
                "сканерімен тексерілетінін айтты, деп хабарлайды Kazinform тілшісі.",
                "«Сканер ақауды ерте табуға көмектеседі», – деді ол.",
            ],
        },
    ]
    path = tmp_path / "stories.jsonl"
    path.write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in stories) + "\n")
    assistant = make_assistant(tmp_path / "store")
    assert len(assistant.ingest([path]).added) == 2
    roles = {k.role.lower() for k in assistant.known_speakers() if k.name == name}
    assert any("энергетика" in role for role in roles) and any("мәслихат" in role for role in roles)
    answer = assistant.ask("Энергетика басқармасының басшысы сканер туралы не деді?")
    assert answer.citations[0].speaker == name
    assert answer.citations[0].article_id == "b-energy"
