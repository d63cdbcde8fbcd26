""" "Who said ...?" questions: find the statement, answer with its speaker and role.

"Кто сообщил, что ...", "Who said that ...", "... деп кім айтты?" (and Latin "... dep kim aıtty?")
ask for the person behind a statement. ``assistant.who_said_question`` cuts the question's frame
off and retrieval runs on the statement alone, so the question word ("кім", "who") neither dilutes
the search nor meets a speaker called Ким; the answer names the speaker and role of the quoted
paragraph (from the attribution at ingest) and quotes the sentence that carries the statement.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.extractive import (
    QuotedSentence,
    SentenceVectors,
    display_name,
    frame_sentence,
    pick_sentences,
)
from assistant.question_terms import Units
from assistant.retrieval import Retrieved
from prompts import frames

#: How much lower an attributed paragraph's sentence may score than the best one and still win.
_ATTRIBUTED_MARGIN = 0.02


def frame_who_said(quoted: QuotedSentence, language: str, found: bool = True) -> str:
    """ "<speaker> (<role>) said it: «...» [n]"; the usual frame when nobody is named. When the
    statement was not ``found`` (the closest sentence says something else), the answer says so
    and gives the closest statement and its speaker, so that nobody is credited with words the
    articles do not give them."""
    chunk = quoted.retrieved.chunk
    speaker = chunk.speaker
    texts = frames(language)
    if not found:
        return f"{texts['who_said_not_found']} {frame_sentence(quoted, language)}"
    if not speaker:
        return frame_sentence(quoted, language)
    role = chunk.speaker_role
    return texts["who_said"].format(
        speaker=display_name(speaker, language),
        role_part=texts["role_part"].format(role=role) if role else "",
        quote=quoted.text.strip(),
        n=quoted.n,
    )


def compose_who_said(
    units: Units,
    language: str,
    query_vector: np.ndarray,
    cited: Sequence[Retrieved],
    vectors: SentenceVectors,
    states_number: bool = False,
    found: bool = True,
) -> tuple[str, list[str]]:
    """The answer to a "who said" question: the sentence closest to the statement among the top
    paragraphs, preferring one whose paragraph has a speaker when it scores nearly as well.
    ``states_number``: the statement has a figure ("only 380 wagons a day"), so in each
    paragraph the sentences stating one are the candidates, when it has any. ``found``: whether
    the statement was found (:func:`frame_who_said`)."""
    numbered = list(enumerate(cited, start=1))[:3]
    picked = pick_sentences(units, query_vector, numbered, vectors, needs_number=states_number)
    if not picked:
        return "", []
    best = picked[0]
    if not best.retrieved.chunk.speaker:
        attributed = [q for q in picked if q.retrieved.chunk.speaker]
        if attributed and best.score - attributed[0].score <= _ATTRIBUTED_MARGIN:
            best = attributed[0]
    return frame_who_said(best, language, found), [best.text.strip()]
