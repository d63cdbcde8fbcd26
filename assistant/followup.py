"""Rule-based follow-up resolution for the extractive mode (the LLM mode asks the model).

"And what did he say about youth?" after a question about Bolekpayev becomes "And what did
Yermaganbet Bolekpayev say about youth?": a third-person pronoun is replaced by the speaker the
conversation was last about, and a bare "And about the courts?" borrows the previous question. The
language of the question is kept (names are written in its script).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from assistant.followup_topic import (
    ellipsis_topic,
    mentions_role,
    names_role,
    previous_topic,
    replace_topic,
    role_question,
    speaker_topic_question,
    subject_pronouns,
    who_said_that,
    with_speaker,
)
from assistant.speaker_query import KnownSpeaker, asks_about_speech, resolve_speakers
from kazakh.script import latin_alphabet, to_cyrillic, to_latin_2018
from kazakh.translit import to_latin, to_russian
from kazakh.wordlists import word_table

_POSSESSIVE_EN = re.compile(r"\b(?:his|her|their)\b", re.IGNORECASE)
_ELLIPSIS_START = re.compile(
    r"^\s*(?:and|what about|а|ал|al|ещё|еще|а что|ал енді)(?!\w)", re.IGNORECASE
)


@cache
def _pronoun(language: str) -> re.Pattern[str]:
    """Third-person pronouns of ``language`` (``data/pronouns.tsv``; English for others)."""
    table = word_table("assistant", "pronouns.tsv")
    words = "|".join(table.get(language, table["en"]))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def normalize_history(history: Sequence[Any] | None) -> list[dict[str, str]]:
    """Accept ``[(user, assistant), ...]`` pairs or ``[{"role", "content"}, ...]`` messages."""
    messages: list[dict[str, str]] = []
    for item in history or ():
        if isinstance(item, dict) and "content" in item:
            content = item["content"]
            if isinstance(content, str):
                messages.append({"role": str(item.get("role", "user")), "content": content})
        elif isinstance(item, list | tuple) and len(item) == 2:
            user, bot = item
            if isinstance(user, str):
                messages.append({"role": "user", "content": user})
            if isinstance(bot, str):
                messages.append({"role": "assistant", "content": bot})
    return messages


@cache
def _anaphora(language: str) -> re.Pattern[str]:
    """Words referring back to the story (``data/anaphora.tsv``; English for others)."""
    table = word_table("assistant", "anaphora.tsv")
    words = "|".join(table.get(language, table["en"]))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def continues_conversation(question: str, language: str) -> bool:
    """Does ``question`` lean on the conversation: opened by "And/А/Ал/what about…", naming
    only a new topic ("Жастар ше?", "How about schools?"), referring to someone by a
    third-person pronoun, or to the story by "it", "there", "онда" ("How much will it cost?")?
    A "who said that?" question asks about "that", the quote just given."""
    return bool(
        _ELLIPSIS_START.match(question)
        or _pronoun(language).search(question)
        or _anaphora(language).search(_without_who_said_that(question))
        or ellipsis_topic(question, language)
    )


def _without_who_said_that(question: str) -> str:
    """The question but for a "Who said that ...?" frame's "that", which introduces a clause."""
    return re.sub(r"^\s*who\s+\w+\s+that\b", "", question, flags=re.IGNORECASE)


def _last_speaker(messages: list[dict[str, str]], known: Sequence[KnownSpeaker]) -> str | None:
    for message in reversed(messages):
        found = resolve_speakers(message["content"], known)
        if len(found) == 1:
            return found[0]
    return None


def _written(name: str, language: str, question: str) -> str:
    """The name as the question would write it: in English, Russian or Kazakh spelling, a Kazakh
    question typed in Latin in the 2018 Latin alphabet (its reading turns it back to Cyrillic)."""
    if language == "en":
        return to_latin(name)
    if language == "ru":
        return to_russian(name)
    return to_latin_2018(name) if latin_alphabet(question) else name


def resolve_followup(
    question: str, history: Sequence[Any] | None, known: Sequence[KnownSpeaker], language: str
) -> str:
    """A standalone version of ``question`` given the chat ``history`` (unchanged if standalone).

    A pronoun becomes the conversation's speaker; a follow-up naming only a new topic takes the
    previous question's topic slot; a follow-up opened by "And/А/Ал" that names nobody keeps the
    speaker when the previous question was about what someone said
    (``assistant.followup_topic``).
    """
    messages = normalize_history(history)
    if not messages:
        return question
    last_answer = next((m["content"] for m in reversed(messages) if m["role"] != "user"), "")
    asked = who_said_that(question, last_answer, language)
    if asked is not None:
        return asked
    speaker = _last_speaker(messages, known)
    pronoun = _pronoun(language)
    named = resolve_speakers(question, known, roles=False)
    by_role = resolve_speakers(question, known)
    found = pronoun.search(question)
    subject = found is not None and found.group(0).lower() in subject_pronouns(language)
    # "And the farmer whose hay burned, how many cattle does he keep?": a role named before
    # the pronoun is what it refers to, not the conversation's speaker
    own_subject = found is not None and mentions_role(question[: found.start()])
    if speaker and not named and found and not own_subject and (subject or not by_role):
        name = _written(speaker, language, question)
        resolved = pronoun.sub(name, question, count=1)
        if language == "en":
            resolved = _POSSESSIVE_EN.sub(f"{name}'s", resolved, count=1)
        return resolved
    previous = next((m["content"] for m in reversed(messages) if m["role"] == "user"), None)
    # A bare "And among women?" carries the speaker over only when the conversation was about
    # what someone said: after "Who won the final?" the answer names the winner, and the
    # follow-up asks the same of someone else, not what the winner said.
    if not (previous and asks_about_speech(to_cyrillic(previous))):
        speaker = None
    topic = ellipsis_topic(question, language)
    if previous and topic and names_role(topic):
        # "А аким области?": a new speaker by role, asked what the previous question asked
        slot = previous_topic(previous, language)
        return role_question(topic, slot, language)
    if previous and topic:
        replaced = replace_topic(previous, topic, language)
        if replaced is not None:
            return replaced
        if speaker:
            if language == "kk":  # the Kazakh frame, in the question's script
                return _written(
                    speaker_topic_question(speaker, topic, language), language, question
                )
            return speaker_topic_question(_written(speaker, language, question), topic, language)
        # nobody to carry over: the question stays as asked, and retrieval asks it of the
        # conversation's article (``Query.context``) instead of gluing the old question on
    if (
        speaker
        and not mentions_role(question)
        and found is None
        and _ELLIPSIS_START.match(question)
    ):
        return with_speaker(question, _written(speaker, language, question), language)
    return question
