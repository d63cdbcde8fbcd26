"""Which language a question is in: Kazakh, Russian or English.

Latin script means English; for Cyrillic, the morphology layer's Kazakh/Russian decision is used
(function words outweigh a single Kazakh letter, so "Что сказал Бөлекпаев?" is Russian). No model
needed, and it works on the short questions users type.
"""

from __future__ import annotations

import re

from ingest.morphology import detect_language as cyrillic_language
from ingest.morphology import tokenize

_CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """'kk', 'ru' or 'en' (English when nothing tells otherwise)."""
    if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)):
        return cyrillic_language(tokenize(text))
    return "en"
