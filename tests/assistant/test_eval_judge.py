"""How the eval harness judges one answer and splits items (no model: hand-made answers)."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.answer_types import Answer, Citation
from assistant.eval import Question, item_split, judge, read_questions


def _citation(n: int, index: int, text: str, speaker: str = "") -> Citation:
    return Citation(n, "art", "T", "2026-01-01", "X", "", index, text, speaker, 0.9)


QUESTION = Question(
    text="Who said the bridge will be 620 metres long?",
    lang="en",
    gold_paragraphs=(("art", 2),),
    speaker="Нұрлан Сәрсенбаев",
    kind="who_said",
    expected=("620 МЕТР",),
)
GOLD = _citation(1, 2, "«Көпірдің ұзындығы 620 метр болады», – деді ол.", "Нұрлан Сәрсенбаев")
OTHER = _citation(2, 5, "Басқа абзац.", "Айнұр Төлегенова")


def test_answered_right_needs_gold_citation_expected_words_and_speaker() -> None:
    text = "Nurlan Sarsenbaev: «Көпірдің ұзындығы 620 метр болады» [1]"
    assert judge(QUESTION, Answer("q", text, False, (GOLD, OTHER))).right(QUESTION)
    # The speaker named in another case form and script also counts.
    text_kk = "Сәрсенбаевтың айтуынша: «Көпірдің ұзындығы 620 метр болады» [2]"
    other_only = judge(QUESTION, Answer("q", text_kk, False, (GOLD, OTHER)))
    assert not other_only.gold_cited and not other_only.right(QUESTION)
    # The gold paragraph's stored speaker stands for a name the answer text lacks.
    unnamed = judge(QUESTION, Answer("q", "«620 метр болады» [1]", False, (GOLD,)))
    assert unnamed.speaker_right and unnamed.right(QUESTION)
    wrong_person = _citation(1, 2, GOLD.text, "Айнұр Төлегенова")
    assert not judge(QUESTION, Answer("q", "«620 метр» [1]", False, (wrong_person,))).right(
        QUESTION
    )
    missing_words = judge(QUESTION, Answer("q", "Nurlan Sarsenbaev said so [1]", False, (GOLD,)))
    assert missing_words.gold_cited and not missing_words.right(QUESTION)
    assert not judge(QUESTION, Answer("q", "—", True, (GOLD,))).right(QUESTION)


def test_unanswerable_is_right_only_when_abstained() -> None:
    off_topic = Question(text="Bitcoin?", lang="en", answerable=False, kind="unanswerable")
    assert judge(off_topic, Answer("q", "—", True)).right(off_topic)
    assert not judge(off_topic, Answer("q", "«x» [1]", False, (GOLD,))).right(off_topic)


def test_split_by_article_then_own_field_then_hash() -> None:
    articles = {"a1": {"split": "test", "script": "cyrl"}}
    assert item_split("a1", "dev", "q1", articles) == "test"
    assert item_split("", "dev", "q1", articles) == "dev"
    hashed = {item_split("", "", f"q-{i}", articles) for i in range(20)}
    assert hashed == {"dev", "test"}
    assert item_split("", "", "q-7", articles) == item_split("", "", "q-7", articles)


def test_reads_kaznews_questions_with_history(tmp_path: Path) -> None:
    row = {
        "id": "q-1",
        "article_id": "a1",
        "lang": "kk-latn",
        "kind": "followup",
        "question": "Al ol ne dedi?",
        "history": [["Kim aıtty?", "Asanov."]],
        "gold": [{"article_id": "a1", "paragraph_index": 3}],
        "answerable": True,
        "speaker": None,
        "expected": ["5 пайыз"],
    }
    path = tmp_path / "questions.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    (q,) = read_questions(path)
    assert (q.id, q.lang, q.kind, q.article_id) == ("q-1", "kk-latn", "followup", "a1")
    assert q.history == (("Kim aıtty?", "Asanov."),) and q.expected == ("5 пайыз",)
    assert q.gold_paragraphs == (("a1", 3),)


def test_a_quote_is_exact_in_its_cited_paragraph_or_the_role_the_frame_shows() -> None:
    role = "«Береке-Агро» серіктестігінің директоры"
    cited = Citation(
        1, "art", "T", "2026-01-01", "X", "", 2, GOLD.text, "Виктор Шульц", 0.9, speaker_role=role
    )
    framed = f"Виктор Шульц ({role}) былай деді: «Көпірдің ұзындығы 620 метр болады» [1]"
    assert judge(QUESTION, Answer("q", framed, False, (cited,))).quote_exact == (True, True)
    invented = "Виктор Шульц («Жаңа Агро» директоры): «Көпірдің ұзындығы 620 метр болады» [1]"
    assert judge(QUESTION, Answer("q", invented, False, (cited,))).quote_exact == (False, True)
    misquoted = "Виктор Шульц: «Көпірдің ұзындығы 700 метр болады» [1]"
    assert judge(QUESTION, Answer("q", misquoted, False, (cited,))).quote_exact == (False,)
