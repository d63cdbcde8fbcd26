"""Which speakers a question asks about: by name in any case form or script, or by role.

"Бөлекпаевтың", "Болекпаев" and "Bolekpayev" all reach the speaker "Ермағанбет Бөлекпаев" through
the attribution layer's script- and case-insensitive name keys; "akim", "аким" and "әкім" reach
whoever's recorded role contains "әкім".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.attribution import name_key

#: Role words users type (any language, prefix match) -> the Kazakh stem found in recorded roles.
ROLE_ALIASES: dict[str, tuple[str, ...]] = {
    "әкім": ("akim", "аким", "әкім", "mayor", "governor", "губернатор", "мэр"),
    "сенат": ("senator", "senate", "сенатор", "сенат"),
    "министр": ("minister", "ministry", "министр", "министерств"),
    "депутат": ("deputy", "deputies", "депутат", "мәжіліс", "мажилис", "parliamentarian"),
    "партия": ("party", "партия", "партии", "партий", "партиял"),
    "директор": ("director", "директор"),
    "төраға": ("chairman", "chairwoman", "chair", "председател", "төраға"),
    "сарапшы": ("expert", "analyst", "эксперт", "аналитик", "сарапшы"),
    "ректор": ("rector", "ректор"),
}
_WORD = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class KnownSpeaker:
    """A speaker of record with the role written beside the name."""

    name: str
    role: str


def _role_keys(question_words: Iterable[str]) -> set[str]:
    keys: set[str] = set()
    for word in question_words:
        for key, aliases in ROLE_ALIASES.items():
            if any(word.startswith(alias) for alias in aliases):
                keys.add(key)
    return keys


def resolve_speakers(question: str, known: Sequence[KnownSpeaker]) -> list[str]:
    """Names of the known speakers the question refers to (by name first, else by role)."""
    words = [w.lower() for w in _WORD.findall(question)]
    word_keys = {name_key(w) for w in _WORD.findall(question) if len(w) > 2}
    by_name = [
        s.name for s in known if any(name_key(part) in word_keys for part in s.name.split()[-1:])
    ]
    if by_name:
        return sorted(set(by_name))
    roles = _role_keys(words)
    if not roles:
        return []
    return sorted({s.name for s in known if any(key in s.role.lower() for key in roles)})
