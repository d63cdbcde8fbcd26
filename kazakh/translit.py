"""Kazakh Cyrillic in the spellings English and Russian news use for the same names.

Why: answers in English or Russian must name a Kazakh speaker the way those readers know him
("Yermaganbet Bolekpayev", "Ермағанбет Болекпаев"). PyPI has no maintained library for this
romanization: ``qazaq-transliterator`` targets the official Kazakh Latin alphabet (Qazaqstan,
Şyğys), ``cyrtranslit`` has no Kazakh table, ``turkic-translit`` needs PyICU and gives scholarly
Latin/IPA, and the ICU/CLDR BGN rules write "Ä", "Gh", "ū". English-language Kazakh media instead
use a plain ASCII scheme close to the Russian BGN one, which is the table below.
"""

from __future__ import annotations

import re

# English news romanization: Kazakh letters lose their diacritics (ә->a, ғ->g, қ->k, ...).
_LATIN: dict[str, str] = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
# "е" is read "ye" where Russian reads it so: at the start of a word and after a vowel or sign.
_YE_AFTER = set("аәеёиоөуұүыіэюяъь")

_RUSSIAN = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")

_CYRILLIC_WORD = re.compile(r"[а-яёәғқңөұүһі]+", re.IGNORECASE)


def _romanize_word(word: str) -> str:
    out: list[str] = []
    previous = ""
    for char in word:
        lower = char.lower()
        latin = _LATIN.get(lower, char)
        if lower == "е" and (not previous or previous in _YE_AFTER):
            latin = "ye"
        if char != lower and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
        previous = lower
    result = "".join(out)
    if len(word) > 1 and word.isupper():
        return result.upper()  # ЖҚ -> ZHK, not ZhK
    return result


def to_latin(text: str) -> str:
    """English-news Latin spelling: "Ермағанбет Бөлекпаев" -> "Yermaganbet Bolekpayev".

    Non-Cyrillic characters are kept as they are; capitalization follows the source word.
    """
    return _CYRILLIC_WORD.sub(lambda match: _romanize_word(match.group()), text)


def to_russian(text: str) -> str:
    """Russian Cyrillic spelling of Kazakh text: "Бөлекпаев" -> "Болекпаев", "Жақып" -> "Жакып"."""
    return text.translate(_RUSSIAN)
