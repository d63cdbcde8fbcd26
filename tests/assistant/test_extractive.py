"""Framing of extractive answer sentences in the question's language."""

from __future__ import annotations

import pytest

from assistant.extractive import QuotedSentence, frame_sentence
from assistant.retrieval import Retrieved
from vectorstore.store import StoredChunk


def _quoted(**metadata: str) -> QuotedSentence:
    chunk = StoredChunk("a:0:0:ff", "Алматыда жаңа саябақ ашылды.", "a", 0, **metadata)
    return QuotedSentence(1, chunk.text, Retrieved(chunk, 0.1), 0.9)


@pytest.mark.parametrize(
    ("language", "dated", "undated"),
    [
        (
            "en",
            "Kazinform (2026-04-01) reports: «Алматыда жаңа саябақ ашылды.» [1]",
            "The article reports: «Алматыда жаңа саябақ ашылды.» [1]",
        ),
        (
            "ru",
            "Как сообщает Kazinform (2026-04-01): «Алматыда жаңа саябақ ашылды.» [1]",
            "Как сообщает статья: «Алматыда жаңа саябақ ашылды.» [1]",
        ),
        (
            "kk",
            "Kazinform (2026-04-01) хабарлауынша: «Алматыда жаңа саябақ ашылды.» [1]",
            "Мақала хабарлауынша: «Алматыда жаңа саябақ ашылды.» [1]",
        ),
    ],
)
def test_a_missing_outlet_or_date_leaves_no_empty_parentheses(
    language: str, dated: str, undated: str
) -> None:
    assert frame_sentence(_quoted(source="Kazinform", date="2026-04-01"), language) == dated
    assert frame_sentence(_quoted(), language) == undated
