"""Which language a text is in: Kazakh, Russian or English -- the one place that decides.

Latin script means English unless its words are Kazakh (``kazakh.script``); for Cyrillic,
Kazakh and Russian function words and Kazakh letters vote (function words outweigh a single
Kazakh letter, so "Что сказал Бөлекпаев?" is Russian; a question with no Kazakh letter or word at
all is Russian). No model needed, and it works on the
short questions users type. The word lists are data (``data/*_function_words.txt``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kazakh.script import is_latin_kazakh
from kazakh.tokens import tokenize
from kazakh.wordlists import word_set

_CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
_WORD = re.compile(r"[^\W\d_]+")
_KK_LETTERS = frozenset("әғқңөұүһі")


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
        return word_language(words, default="ru" if len(words) >= 3 else "kk")
    return "en"


def word_language(words: Iterable[str], default: str = "kk") -> str:
    """``"ru"`` when Russian function words outweigh Kazakh letters and words, ``"kk"`` when
    there is any Kazakh evidence, else ``default``.

    Russian questions name Kazakh people (Бөлекпаев), so one Kazakh letter must not decide.
    Indexing keeps ``"kk"`` as the default (articles are Kazakh); a question with neither
    Kazakh letters nor Kazakh words is Russian for ``detect_language``.
    """
    kazakh_words = word_set("kazakh", "kazakh_function_words.txt")
    russian_words = word_set("kazakh", "russian_function_words.txt")
    kk = ru = 0
    for word in words:
        kk += word in kazakh_words or not _KK_LETTERS.isdisjoint(word)
        ru += 2 * (word in russian_words)
    if ru > kk:
        return "ru"
    return "kk" if kk else default
