"""Which speakers a question asks about: by name in any case form or script, or by role.

"Бөлекпаевтың", "Болекпаев" and "Bolekpayev" all reach the speaker "Ермағанбет Бөлекпаев" through
the attribution layer's script- and case-insensitive name keys; "akim", "аким" and "әкім" reach
whoever's recorded role contains "әкім".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kazakh.glossary import default_glossary
from kazakh.language import detect_language
from kazakh.morphology import index_terms, query_terms, voiced
from kazakh.names import SURNAME, name_key, strip_name_case
from kazakh.script import fold_key, to_cyrillic
from kazakh.wordlists import word_list, word_table
from prompts import word_lists


def role_aliases() -> dict[str, tuple[str, ...]]:
    """Role words users type (any language, prefix match) -> the Kazakh stem found in recorded
    roles (``data/role_aliases.tsv``)."""
    return word_table("assistant", "role_aliases.tsv")


def role_qualifiers() -> dict[str, tuple[str, ...]]:
    """Words narrowing a role ("regional", "district") -> the Kazakh stem in recorded roles
    (``data/role_qualifiers.tsv``); they count only once a role word picked speakers."""
    return word_table("assistant", "role_qualifiers.tsv")


def deputy_words() -> tuple[str, ...]:
    """Role stems that make a deputy of a role (вице, орынбасар; ``data/deputy_role_words.txt``)."""
    return word_list("assistant", "deputy_role_words.txt")


def speech_words() -> tuple[str, ...]:
    """Words that make a question about what someone said: prefixes, any of the three languages
    (``data/speech_words.txt``)."""
    return word_list("assistant", "speech_words.txt")


_WORD = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class KnownSpeaker:
    """A speaker of record with the role written beside the name."""

    name: str
    role: str


def _role_keys(
    question_words: Iterable[str], table: dict[str, tuple[str, ...]] | None = None
) -> list[frozenset[str]]:
    """For each question word that names a role, the stems it stands for ("head": басшы or
    бастық)."""
    found: list[frozenset[str]] = []
    for word in question_words:
        keys = frozenset(
            key
            for key, aliases in (role_aliases() if table is None else table).items()
            if any(word.startswith(alias) for alias in aliases)
        )
        if keys:
            found.append(keys)
    return found


@lru_cache(maxsize=10_000)
def _role_reading(role: str) -> str:
    """A recorded role in lower-case Cyrillic, whatever script its article used."""
    return to_cyrillic(role).lower()


def _in_role(stem: str, role: str) -> bool:
    """Is the stem in the role, also with its last consonant voiced before a vowel ending
    (бастық: "бастығы"), or spelled another way (a Latin article's "vitse" reads витсе: вице)?"""
    return stem in role or voiced(stem) in role or _folded(stem) in _folded(role)


@lru_cache(maxsize=20_000)
def _folded(text: str) -> str:
    """``text`` by its typing-independent key, word by word (ц and тс alike)."""
    return " ".join(fold_key(word) for word in text.split())


_CAPITALIZED_WORD = re.compile(r"(?<![\w-])[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w'’-]{2,}")
#: Latin spellings of the surname endings (``kazakh.names.SURNAME``): Petrenko, Otepov, Abdiuly.
_LATIN_SURNAME = re.compile(
    r"(?:[oe]v|[oe]va|[oe]ff|in|ina|[uú]ly|uli|q[iy]z[iy]|k[iy]z[iy]|sk[iy]y?|ska(?:ya)?|enko|"
    r"vich|vna|yan|ian)$"
)


def names_a_person(question: str) -> bool:
    """Does the question name someone by a surname ("Игорь Петренко", "Igor Petrenko",
    "Өтепов")? Then it asks about that person, known or not: a role word beside the name
    ("Bapker Igor Petrenko") describes them and picks nobody else."""
    for word in _CAPITALIZED_WORD.findall(question):
        stem = strip_name_case(word)[0].lower()
        if SURNAME.search(stem) or _LATIN_SURNAME.search(stem):
            return True
    return False


def asks_about_speech(question: str) -> bool:
    """Whether the question is about what someone said (only then do roles pick speakers)."""
    words = [w.lower() + " " for w in _WORD.findall(question)]
    prefixes = speech_words()
    return any(word.startswith(prefix) for word in words for prefix in prefixes)


def resolve_speakers(question: str, known: Sequence[KnownSpeaker], roles: bool = True) -> list[str]:
    """Names of the known speakers the question refers to (by name first, else by role).

    ``roles=False`` matches names only: a role word ("party", "minister") in a question that is
    not about speech should not pull every such speaker's paragraphs up.
    """
    words = [w.lower() for w in _WORD.findall(question)]
    asking = frozenset(word_lists("who_said")["question_words"])  # "кім" is not Ким
    word_keys = {name_key(w) for w in _WORD.findall(question) if len(w) > 2 and w not in asking}
    by_name = [
        s.name for s in known if any(name_key(part) in word_keys for part in s.name.split()[-1:])
    ]
    if len(set(by_name)) > 1:  # two Жұмабаевs: the one whose first name is given too
        full = [n for n in by_name if all(name_key(p) in word_keys for p in n.split())]
        by_name = full or by_name
    if by_name:
        return sorted(set(by_name))
    keys = _role_keys(words) if roles else []
    if not keys:
        return []
    # The speakers whose recorded role meets most of the question's role words: "the deputy
    # akim" is an әкімнің орынбасары, not every akim; "the head of the regional department"
    # a басқарма басшысы of the облыс before a district one.
    # Then the words narrowing the role: qualifiers ("regional"), and the question's other
    # content words met among the role's own terms ("trade" minister: сауда; the "energy"
    # department: энергетика), so the speaker whose role says most of the question is meant.
    # Last, a deputy whose deputy the question does not ask for comes after the role's holder:
    # "the trade minister" is the minister when the vice minister spoke too.
    narrowing = _role_keys(words, role_qualifiers())
    topic = _topic_terms(question)
    deputies = deputy_words()
    asks_deputy = any(key in deputies for word in keys for key in word)
    met: dict[str, tuple[int, int, int]] = {}
    for speaker in known:
        role = _role_reading(speaker.role)
        count = sum(any(_in_role(key, role) for key in word) for word in keys)  # words met
        if not count:
            continue
        narrowed = sum(any(_in_role(key, role) for key in word) for word in narrowing)
        narrowed += len(topic & _role_terms(role))
        unasked_deputy = not asks_deputy and any(_in_role(d, role) for d in deputies)
        rank = (count, narrowed, -int(unasked_deputy))
        met[speaker.name] = max(met.get(speaker.name, rank), rank)
    best = max(met.values(), default=(0, 0, 0))
    return sorted(name for name, count in met.items() if count == best)


def _topic_terms(question: str) -> frozenset[str]:
    """The question's content terms in Kazakh but for its role words and qualifiers (counted
    apart, once each): a Kazakh question's own, a Russian or English one's glossary
    translation."""
    language = detect_language(question)
    if language == "kk":
        words = [w for w in _WORD.findall(question) if not _names_role(w.lower())]
        return frozenset(query_terms(" ".join(words)))
    concepts = default_glossary().translate(question, language)
    return frozenset(
        term
        for c in concepts
        if not any(_names_role(word) for word in c.source.lower().split())
        for form in c.forms()
        for term in index_terms(form)
    )


def _names_role(word: str) -> bool:
    """Is the word a role word or a qualifier (its stems are counted as such)?"""
    return bool(_role_keys([word]) or _role_keys([word], role_qualifiers()))


@lru_cache(maxsize=10_000)
def _role_terms(role: str) -> frozenset[str]:
    """The keyword terms of a role's Cyrillic reading."""
    return frozenset(index_terms(role))
