"""Follow-ups that keep what the new question does not replace: the speaker or the topic.

"And what about youth?" after "What did the akim say about the regions?" becomes "What did the
akim say about youth?": the new topic takes the previous question's topic slot ("about ...",
"о ...", "... туралы"), everything else of the previous question stays. A follow-up that asks a
full question without naming anyone ("Ал тексеріс қашан аяқталады?") keeps the speaker the
conversation was about. Patterns and frames are data (``prompts/followup.toml``).
"""

from __future__ import annotations

import re
from functools import cache

from assistant.speaker_query import role_aliases
from kazakh.names import is_common_noun
from prompts import word_lists

_RU_PREPOSITION = re.compile(r"(?:о|об|обо|про|насч[её]т|по\s+поводу)\s", re.IGNORECASE)


def _lang(language: str) -> str:
    return language if language in ("en", "ru") else "kk"


@cache
def _compiled(section: str, language: str) -> tuple[re.Pattern[str], ...]:
    patterns = word_lists("followup")[section][_lang(language)]
    flags = 0 if section == "topic_slot" else re.IGNORECASE
    return tuple(re.compile(p, flags) for p in patterns)


def _clean(question: str) -> str:
    return question.strip().rstrip("?!. ").strip()


def _is_role(word: str) -> bool:
    lower = word.lower()
    return any(alias in lower for aliases in role_aliases().values() for alias in aliases)


def ellipsis_topic(question: str, language: str) -> str | None:
    """The new topic of a follow-up that names nothing else ("And what about youth?" -> "youth")."""
    text = _clean(question)
    for pattern in _compiled("ellipsis", language):
        match = pattern.match(text)
        if match is not None and match.group("topic").strip():
            topic = match.group("topic").strip(" ,")
            first = topic.split()[0]
            if match.start("topic") == 0 and is_common_noun(first):
                # "Жастар ше?": capitalized as the question's first word, not as a name
                topic = first.lower() + topic[len(first) :]
            return topic
    return None


def replace_topic(previous: str, topic: str, language: str) -> str | None:
    """The previous question with its topic slot holding ``topic``, or None without a slot."""
    text = _clean(previous)
    for pattern in _compiled("topic_slot", language):
        match = pattern.search(text)
        if match is not None:
            start, end = match.span("topic")
            while _is_role(text[start:end].split()[0]) and len(text[start:end].split()) > 1:
                start = text.index(" ", start) + 1  # "вице-министрі жаңа терминал": a role
            if language == "ru" and not _RU_PREPOSITION.match(topic):
                topic = f"о {topic}"
            separator = " " if language not in ("en", "ru") else ""
            return f"{text[:start]}{topic}{separator}{text[end:]}".rstrip() + "?"
    return None


def speaker_topic_question(speaker: str, topic: str, language: str) -> str:
    """A question about what ``speaker`` said about ``topic`` (no slot to reuse)."""
    if language == "ru" and not _RU_PREPOSITION.match(topic):
        topic = f"о {topic}"
    return word_lists("followup")["frame"][_lang(language)].format(speaker=speaker, topic=topic)


def with_speaker(question: str, speaker: str, language: str) -> str:
    """The question with the conversation's speaker put first ("Al ..." -> "Ержан Қалиев ...")."""
    text = question.strip()
    for pattern in _compiled("opening", language):
        text = pattern.sub("", text, count=1)
    return f"{speaker}: {text}" if language in ("en", "ru") else f"{speaker} {text}"


def subject_pronouns(language: str) -> frozenset[str]:
    return frozenset(word_lists("followup")["subject_pronouns"][_lang(language)])
