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


@cache
def _question_words(language: str) -> frozenset[str]:
    return frozenset(word_lists("followup")["question_words"][_lang(language)])


def ellipsis_topic(question: str, language: str) -> str | None:
    """The new topic of a follow-up that names nothing else ("And what about youth?" -> "youth");
    None for a full question after "And" ("А что сказал вице-министр?")."""
    text = _clean(question)
    for pattern in _compiled("ellipsis", language):
        match = pattern.match(text)
        if match is not None and match.group("topic").strip():
            topic = match.group("topic").strip(" ,")
            if topic.split()[0].lower() in _question_words(language):
                return None
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


def previous_topic(previous: str, language: str) -> str | None:
    """The topic slot's words of the previous question ("about the regions"), or None."""
    text = _clean(previous)
    for pattern in _compiled("topic_slot", language):
        match = pattern.search(text)
        if match is not None:
            return match.group("topic").strip()
    return None


def names_role(topic: str) -> bool:
    """Does a follow-up's topic name a new speaker by role ("А аким области?", "And the vice
    minister?")? Its first or second word is a role word (after an article)."""
    return any(_is_role(word) for word in topic.split()[:2])


def mentions_role(question: str) -> bool:
    """Does any word of the question begin with a role word ("вице-министр", "the akim")?"""
    aliases = [alias for group in role_aliases().values() for alias in group]
    words = re.findall(r"[\w-]+", question.lower())
    return any(word.startswith(alias) for word in words for alias in aliases)


def role_question(role: str, topic: str | None, language: str) -> str:
    """A question about what the speaker of ``role`` said, about ``topic`` when there is one."""
    if topic:
        return speaker_topic_question(role, topic, language)
    return word_lists("followup")["frame_no_topic"][_lang(language)].format(speaker=role)


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


def who_said_that(question: str, answer: str, language: str) -> str | None:
    """ "Who said that?" after an answer: the "who said" question about the answer's first
    «quote», or None for any other question (or an answer quoting nothing)."""
    text = _clean(question)
    if not any(p.match(text) for p in _compiled("who_said_that", language)):
        return None
    quotes = [q.strip(" .") for q in _QUOTE.findall(answer)]
    quotes = [q for q in quotes if len(q.split()) >= 3]
    if not quotes:
        return None
    frame = word_lists("followup")["who_said_frame"][_lang(language)]
    return frame.format(quote=quotes[0])


_QUOTE = re.compile(r"«([^«»]+)»")
