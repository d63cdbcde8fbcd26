"""A role many people hold: the holder asked about is the one whose paragraphs meet the topic.

Four kaznews stories (``bench/data/kaznews``), each with a deputy akim of its region, one of them
in Latin script: every holder's introduction meets "облыс әкімінің орынбасары", so only what is
asked about tells which deputy akim the question means.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import make_assistant

pytestmark = pytest.mark.integration

KAZNEWS = Path(__file__).resolve().parents[2] / "bench" / "data" / "kaznews"
STORIES = (
    "kn-a-01-karaganda-heating",
    "kn-a-13-akmola-rural-elections",
    "kn-d-01-mangystau-road-repair",
    "kn-e-03-kyzylorda-village-water",
)


@pytest.fixture(scope="module")
def deputies(tmp_path_factory: pytest.TempPathFactory, e5_model_dir: Path):
    rows = [
        json.loads(line)
        for path in sorted(KAZNEWS.glob("articles_*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    chosen = [row for row in rows if row["id"] in STORIES]
    assert len(chosen) == len(STORIES)
    root = tmp_path_factory.mktemp("role-holders")
    path = root / "stories.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in chosen) + "\n")
    assistant = make_assistant(root / "store")
    assert len(assistant.ingest([path]).added) == len(STORIES)
    return assistant


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
