"""Tokenisation of Kazakh, Russian and English text: normalized words, no stemming.

The bottom of the language package: ``kazakh.language`` and ``kazakh.morphology`` both read words
through it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kazakh.suffixes import _INFLECTION

# Latin letters typed (or OCR'd) inside Cyrillic words. Case matters: "B" looks like "В", "b" not.
_LOOKALIKES = str.maketrans(
    {
        "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М",
        "O": "О", "P": "Р", "T": "Т", "X": "Х", "Y": "У", "a": "а", "c": "с", "e": "е",
        "h": "һ", "i": "і", "k": "к", "o": "о", "p": "р", "x": "х", "y": "у",
        "Ə": "Ә", "ə": "ә", "Ɵ": "Ө", "ɵ": "ө",
    }
)  # fmt: skip
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Invisible characters that split words for the regex but not for a reader.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_HYPHENS = str.maketrans(dict.fromkeys("\u2010\u2011\u2012", "-"))
_APOSTROPHES = "'\u2018\u2019\u02bc\u02bb`\u00b4"
_WORD = re.compile(rf"[^\W_]+(?:[-{_APOSTROPHES}][^\W_]+)*")
_APOSTROPHE_RE = re.compile(f"[{_APOSTROPHES}]")


def _clean(text: str) -> str:
    """NFC without invisible characters and combining marks (stress accents), which split words."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def normalize_token(tok: str) -> str:
    """Fold a token to its index form: look-alikes, case, ё, apostrophes and edge punctuation."""
    tok = _APOSTROPHE_RE.sub("", _clean(tok))
    if _CYRILLIC.search(tok):
        tok = tok.translate(_LOOKALIKES)
    tok = tok.casefold().replace("ё", "е")
    return "".join(ch for ch in tok if ch.isalnum() or ch == "-").strip("-")


def tokenize(text: str) -> list[str]:
    """Normalized words of ``text``; hyphenated compounds split, bare case endings dropped.

    ``АТФ-ны`` and ``BAQ.KZ-тың`` attach a case ending to an abbreviation with a hyphen; the ending
    alone is no keyword, while both halves of ``қоғамдық-саяси`` are.
    """
    text = _clean(text).translate(_HYPHENS)
    words: list[str] = []
    for match in _WORD.finditer(text):
        parts = [normalize_token(part) for part in match.group().split("-")]
        words.extend(p for i, p in enumerate(parts) if p and not (i and _is_suffix_chain(p)))
    return words


@lru_cache(maxsize=4096)
def _is_suffix_chain(part: str) -> bool:
    """True when ``part`` is nothing but Kazakh endings (the ``-ның`` of ``АТФ-ның``)."""
    if not part:
        return True
    return any(
        part.endswith(suffix) and _is_suffix_chain(part[: -len(suffix)]) for suffix in _INFLECTION
    )
