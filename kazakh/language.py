"""Which language a question is in: Kazakh, Russian or English.

Latin script means English unless its words are Kazakh (``kazakh.script``); for Cyrillic, the
morphology layer's Kazakh/Russian decision is used
(function words outweigh a single Kazakh letter, so "Что сказал Бөлекпаев?" is Russian; a question
with no Kazakh letter or word at all is Russian). No model needed, and it works on the short
questions users type.
"""

from __future__ import annotations

import re

from kazakh.morphology import detect_language as cyrillic_language
from kazakh.morphology import tokenize
from kazakh.script import is_latin_kazakh

_CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """'kk', 'ru' or 'en' (English when nothing tells otherwise).

    The script of most words decides, so a Russian question naming an English newspaper
    ("Какой тираж у газеты Des Moines Register?") stays Russian.
    """
    if is_latin_kazakh(text):
        return "kk"  # Kazakh in a Latin alphabet or typed in ASCII ("Akim ne dedi?")
    scripts = [bool(_CYRILLIC.search(word)) for word in _WORD.findall(text)]
    if sum(scripts) > len(scripts) - sum(scripts):
        words = tokenize(text)
        # Three or more words without one Kazakh letter or word are Russian ("Около какого
        # кампуса застрелили Уэйда Симса?"); a lone name ("Абай") stays Kazakh.
        return cyrillic_language(words, default="ru" if len(words) >= 3 else "kk")
    return "en"
