"""Sentence boundaries in Kazakh / Russian / English news text.

Used twice: to split paragraphs too long to embed, and to pick answer sentences. Splitting never
happens inside «...» quotes or after an initial (``Е. Бөлекпаев``) so quotes stay whole.
"""

from __future__ import annotations

import re

_END = re.compile(r"[.!?…]+[»\"”)]*")
_NEXT_START = re.compile(r"\s+(?=[«\"“(–—-]?\s*[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])")
_INITIAL = re.compile(r"(?:^|\s)[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]?$")
_ABBREVIATIONS = ("т.б", "т.с.с", "ж", "жж", "млн", "млрд", "г", "гг", "т.д", "т.п", "им", "проф")


def _quote_depth_at(text: str, end: int) -> int:
    """How many «» quotes are open before ``end`` (no split inside a quote)."""
    return max(0, text.count("«", 0, end) - text.count("»", 0, end))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``, covering all non-space text in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        following = _NEXT_START.match(text, end)
        if following is None:
            continue
        head = text[start : match.start()]
        last_word = head.rsplit(maxsplit=1)[-1].lower() if head.split() else ""
        if _INITIAL.search(head) or last_word.rstrip(".") in _ABBREVIATIONS:
            continue
        if _quote_depth_at(text, end) > 0:
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
