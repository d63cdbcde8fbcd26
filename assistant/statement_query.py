""" "Who said ...?" questions: find the statement, answer with its speaker and role.

"Кто сообщил, что ...", "Who said that ...", "... деп кім айтты?" (and Latin "... dep kim aıtty?")
ask for the person behind a statement. The question's frame is cut off and retrieval runs on the
statement alone, so the question word ("кім", "who") neither dilutes the search nor meets a speaker
called Ким; the answer names the speaker and role of the quoted paragraph (from the attribution at
ingest) and quotes the sentence that carries the statement. The patterns are data
(``prompts/who_said.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np

from assistant.extractive import (
    QuotedSentence,
    SentenceVectors,
    display_name,
    frame_sentence,
    pick_sentences,
)
from assistant.retrieval import Retrieved
from prompts import frames, word_lists

#: How much lower an attributed paragraph's sentence may score than the best one and still win.
_ATTRIBUTED_MARGIN = 0.02


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    lists = word_lists("who_said")
    en = "|".join(re.escape(v) for v in lists["en_verbs"])
    ru = "|".join(re.escape(v) for v in lists["ru_verbs"])
    found = [
        rf"^who\s+(?:has\s+|had\s+|first\s+)?(?:{en})\w*\s+(?:that\s+|about\s+)?(?P<statement>.+)$",
        rf"^кто\s+(?:(?:первым|первой|именно|же)\s+)?(?:{ru})\w*\s*,?\s*"
        rf"(?:(?:о\s+том\s*,?\s*)?что\s+|будто\s+|о\s+)?(?P<statement>.+)$",
        *lists["kk_patterns"],
    ]
    return tuple(re.compile(p, re.IGNORECASE | re.DOTALL) for p in found)


def who_said_statement(question: str) -> str | None:
    """The statement a "who said ...?" question asks about, or None for other questions."""
    text = question.strip().rstrip("?!. ").strip()
    for pattern in _patterns():
        match = pattern.match(text)
        if match is not None:
            statement = match.group("statement").strip(" ,:–—-")
            if len(statement.split()) >= 2:
                return statement
    return None


def frame_who_said(quoted: QuotedSentence, language: str) -> str:
    """ "<speaker> (<role>) said it: «...» [n]"; the usual frame when nobody is named."""
    meta = quoted.retrieved.chunk.metadata
    speaker = str(meta.get("speaker") or "")
    if not speaker:
        return frame_sentence(quoted, language)
    texts = frames(language)
    role = str(meta.get("speaker_role") or "")
    return texts["who_said"].format(
        speaker=display_name(speaker, language),
        role_part=texts["role_part"].format(role=role) if role else "",
        quote=quoted.text.strip(),
        n=quoted.n,
    )


def compose_who_said(
    statement: str,
    language: str,
    query_vector: np.ndarray,
    cited: Sequence[Retrieved],
    vectors: SentenceVectors,
) -> tuple[str, list[str]]:
    """The answer to a "who said" question: the sentence closest to the statement among the top
    paragraphs, preferring one whose paragraph has a speaker when it scores nearly as well."""
    numbered = list(enumerate(cited, start=1))[:3]
    picked = pick_sentences(statement, query_vector, numbered, vectors)
    if not picked:
        return "", []
    best = picked[0]
    if not best.retrieved.chunk.metadata.get("speaker"):
        attributed = [q for q in picked if q.retrieved.chunk.metadata.get("speaker")]
        if attributed and best.score - attributed[0].score <= _ATTRIBUTED_MARGIN:
            best = attributed[0]
    return frame_who_said(best, language), [best.text.strip()]
