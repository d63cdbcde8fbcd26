"""Follow-ups are asked of the article the conversation is about (``Query.context``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.abstention import context_covers
from assistant.followup import continues_conversation
from assistant.query import Query
from tests.helpers import SEED_DIR, make_assistant
from vectorstore.filters import SearchFilters
from vectorstore.store import StoredChunk

# Two stories with a construction finishing; asked alone, "when will construction end?" finds the
# school (its paragraph says little else), while the conversation is about the bridge.
ARTICLES = [
    {
        "id": "oral-bridge",
        "title": "Оралда Жайық өзені арқылы жаңа көпір салынады",
        "date": "2026-05-04",
        "source": "Kazinform",
        "paragraphs": [
            "Орал қаласында Жайық өзені арқылы жаңа көпір салынады, деп хабарлайды Kazinform.",
            "Облыс әкімінің орынбасары Нұрлан Сәрсенбаев көпірдің ұзындығы 620 метр болатынын "
            "айтты.",
            "«Көпір төрт жолақты болады, жаяу жүргіншілер жолы да салынады. Құрылыс 2027 "
            "жылдың күзінде аяқталады», – деді ол.",
        ],
    },
    {
        "id": "aktau-school",
        "title": "Ақтауда жаңа мектеп салынып жатыр",
        "date": "2026-05-05",
        "source": "BAQ.KZ",
        "paragraphs": [
            "Ақтау қаласының 32-шағынауданында 1200 орындық жаңа мектеп салынып жатыр, деп "
            "хабарлайды BAQ.KZ.",
            "Мектеп құрылысы 2026 жылдың желтоқсанында аяқталады, деді қала әкімінің "
            "орынбасары Ержан Мұқанов.",
        ],
    },
]
HISTORY = [("Какой длины будет новый мост в Уральске?", "Длина моста составит 620 метров.")]


@pytest.fixture(scope="module")
def two_stories(tmp_path_factory: pytest.TempPathFactory, e5_model_dir: Path):
    root = tmp_path_factory.mktemp("conversation")
    path = root / "stories.jsonl"
    path.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n")
    assistant = make_assistant(root / "store")
    assert len(assistant.ingest([path, SEED_DIR]).added) == 3
    return assistant


def _cited_articles(answer) -> list[str]:
    by_n = {c.n: c for c in answer.citations}
    return [by_n[int(n)].article_id for n in re.findall(r"\[(\d+)\]", answer.answer)]


@pytest.mark.integration
def test_a_follow_up_is_answered_from_the_article_being_discussed(two_stories) -> None:
    """The school's paragraph matches the words of the question better; the conversation is
    about the bridge, so the bridge's completion date answers it (a paraphrased answer in the
    history is enough to find the article)."""
    question = "А когда закончится строительство?"
    alone = two_stories.ask(question)
    assert alone.citations[0].article_id == "aktau-school"  # [1]: the best paragraph
    answer = two_stories.ask(question, history=HISTORY)
    assert not answer.abstained, answer.answer
    assert answer.citations[0].article_id == "oral-bridge"
    assert set(_cited_articles(answer)) == {"oral-bridge"}, answer.answer
    assert "2027" in answer.answer


@pytest.mark.integration
def test_the_conversation_article_outranks_the_store_wide_lists(two_stories) -> None:
    """A follow-up is asked of the article being discussed: its paragraphs fill the first
    citations even where the school's paragraph matches the words well (the article's list
    weighs more than the dense and keyword lists together; at an equal weight the school's
    paragraph came second)."""
    answer = two_stories.ask("А когда закончится строительство?", history=HISTORY)
    assert [c.article_id for c in answer.citations[:3]] == ["oral-bridge"] * 3


@pytest.mark.integration
def test_a_follow_up_about_something_else_still_abstains(two_stories) -> None:
    answer = two_stories.ask("А что с курсом биткоина?", history=HISTORY)
    assert answer.abstained, answer.answer


@pytest.mark.integration
def test_filters_keep_the_conversation_article_out_when_they_exclude_it(two_stories) -> None:
    answer = two_stories.ask(
        "А когда закончится строительство?",
        history=HISTORY,
        filters=SearchFilters(source="BAQ.KZ"),
    )
    assert all(c.source == "BAQ.KZ" for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "language", "continues"),
    [
        ("А когда закончится строительство?", "ru", True),
        ("And how much will be paid in total?", "en", True),
        ("Ал ол не деді?", "kk", True),
        ("What did he say about the budget?", "en", True),
        ("Какой длины будет новый мост в Уральске?", "ru", False),
        ("Қала әкімі көпір туралы не деді?", "kk", False),
    ],
)
def test_a_question_continues_the_conversation_by_its_opening_or_a_pronoun(
    question: str, language: str, continues: bool
) -> None:
    assert continues_conversation(question, language) is continues


def test_the_conversation_article_must_hold_half_of_what_is_asked() -> None:
    chunks = [
        StoredChunk("a:0:0:aa", "Көпір құрылысы 2027 жылы аяқталады.", "a", 0),
        StoredChunk("a:1:0:bb", "Көпірдің ұзындығы 620 метр.", "a", 1),
    ]
    assert context_covers(Query.of("Көпір құрылысы қашан аяқталады?"), chunks)
    assert not context_covers(Query.of("Биткоин бағасы қанша?"), chunks)
    assert not context_covers(Query.of("Көпір құрылысы қашан аяқталады?"), [])
    # resolved, the follow-up carries the speaker over; the answering paragraph never names
    # him, and half of what was asked ("құрылыс", "аяқталады") is there
    resolved = Query.of("Ал құрылыс қашан аяқталады?", "Нұрлан Сәрсенбаев құрылыс қашан аяқталады?")
    assert resolved.follow_up and len(resolved.terms.units) > 2
    lone = [StoredChunk("a:2:0:cc", "Құрылыс 2027 жылдың күзінде аяқталады.", "a", 2)]
    assert context_covers(resolved, lone)
    assert not context_covers(
        Query.of("Ал биткоин ше?", "Нұрлан Сәрсенбаев биткоин туралы не деді?"), lone
    )


@pytest.mark.integration
def test_the_conversation_article_is_the_one_the_last_answer_quotes(
    two_stories, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last answer quotes the bridge story word for word; the question and the answer's
    frame are about a school's construction. The quote decides (a search of the whole exchange
    finds the school)."""
    history = [
        (
            "When will the construction of the new school by the deputy akim be finished?",
            "The article says: «Құрылыс 2027 жылдың күзінде аяқталады» [1]",
        )
    ]
    with two_stories.store.reading():
        assert two_stories._conversation_article(history, [], None) == "oral-bridge"
        monkeypatch.setattr(type(two_stories), "_quoted_article", lambda *a: None)
        assert two_stories._conversation_article(history, [], None) == "aktau-school"
