"""Which language a question is in: Kazakh, Russian or English.

Script and a few letters decide it: Kazakh-only letters (ә ғ қ ң ө ұ ү һ і) or Kazakh function
words mean Kazakh, other Cyrillic means Russian, Latin means English. No model needed, and it
works on the short questions users type.
"""

from __future__ import annotations

import re

LANGUAGES = ("kk", "ru", "en")
_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_KAZAKH_WORDS = {"не", "кім", "қай", "қалай", "неге", "қашан", "туралы", "деді", "айтты", "мен"}
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """'kk', 'ru' or 'en' (English when nothing tells otherwise)."""
    if any(ch in _KAZAKH_LETTERS for ch in text):
        return "kk"
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic > latin:
        words = set(re.findall(r"\w+", text.lower()))
        kazakh_only = words & (_KAZAKH_WORDS - {"не", "мен"})
        return "kk" if kazakh_only else "ru"
    return "en"
