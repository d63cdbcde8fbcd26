"""Sentence boundaries in Kazakh / Russian / English news text.

Used twice: to split paragraphs too long to embed, and to pick answer sentences. Splitting never
happens inside «...» quotes or after an initial (``Е. Бөлекпаев``) so quotes stay whole.
"""

from __future__ import annotations

import re

_END = re.compile(r"[.!?…]+[»\"”)]*")
_NEXT_START = re.compile(r"\s+(?=[«\"“(–—-]?\s*[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])")
_INITIAL = re.compile(r"(?:^|\s)[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]?$")
_INITIAL_INSIDE = re.compile(r"\s[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]?$")
#: How far back from a period the initial and abbreviation checks look: far more than the longest
#: abbreviation, and a bound that keeps splitting linear however long a quote stays open.
_LOOKBEHIND = 64
_ABBREVIATIONS = ("т.б", "т.с.с", "ж", "жж", "млн", "млрд", "г", "гг", "т.д", "т.п", "им", "проф")


def _ends_in_initial_or_abbreviation(text: str, start: int, end: int) -> bool:
    """Whether the sentence text ``text[start:end]`` ends in an initial or an abbreviation.

    Only the last ``_LOOKBEHIND`` characters are read, so the cost per period is bounded.
    """
    low = max(start, end - _LOOKBEHIND)
    window = text[low:end]
    if (_INITIAL if low == start else _INITIAL_INSIDE).search(window):
        return True
    words = window.split()
    if not words or (len(words) == 1 and low > start and not window[0].isspace()):
        return False  # no word, or one longer than the window: no abbreviation
    return words[-1].lower().rstrip(".") in _ABBREVIATIONS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``, covering all non-space text in order.

    Linear in the length of ``text``: quote depth is counted incrementally, and the initial and
    abbreviation checks read a bounded window (an unclosed « cannot make splitting quadratic).
    """
    spans: list[tuple[int, int]] = []
    start = 0
    counted = depth = 0  # «» balance of text[:counted]
    for match in _END.finditer(text):
        end = match.end()
        following = _NEXT_START.match(text, end)
        if following is None:
            continue
        if _ends_in_initial_or_abbreviation(text, start, match.start()):
            continue
        depth += text.count("«", counted, end) - text.count("»", counted, end)
        counted = end
        if depth > 0:
            continue
        spans.append((start, end))
        start = following.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    trimmed = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans]
    return [(s, e) for s, e in trimmed if s < e]


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as exact substrings."""
    return [text[s:e] for s, e in sentence_spans(text)]
