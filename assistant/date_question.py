"""Does a question ask when, and does a sentence state a date?

"When will the exhibition close?" is answered by the sentence that dates something ("31
тамызға дейін"), not by the lead that only names the exhibition. The cues and month names are
data (``prompts/dates.toml``).
"""

from __future__ import annotations

import re
from functools import cache

from kazakh.morphology import reading_tokens
from prompts import any_of, word_lists

#: A year written in digits ("2027 жылы", "2001-ші"): four digits from 1900 to 2099.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: A clock time written in digits ("05:20"; not "18.30", which may be a decimal).
_CLOCK = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)")


@cache
def _months() -> tuple[str, ...]:
    return tuple(word_lists("dates")["months"])


def asks_date(question: str) -> bool:
    """True when ``question`` asks when something happens ("When…?", "Когда…?", "…қашан…?")."""
    return any_of("dates", "cues").search(question) is not None


def states_date(text: str) -> bool:
    """True when ``text`` states a date or a time: a year in digits, a month name in any form
    after a day's number or before "ай" ("31 тамызға дейін", "маусым айында"), or a clock time
    ("05:20", "сағат 7-ден"), read in Cyrillic so Latin-script paragraphs count too. A month
    name alone is no date: маусым is also a season ("жылу маусымы"), қазан a cauldron and
    Kazan."""
    if _YEAR.search(text) or _CLOCK.search(text):
        return True
    months = _months()
    tokens = reading_tokens(text)
    for at, word in enumerate(tokens):
        if word.startswith("сағат") and at + 1 < len(tokens) and tokens[at + 1][:1].isdigit():
            return True  # "сағат 7-ден"
        if not word.startswith(months):
            continue
        before = tokens[at - 1] if at else ""
        after = tokens[at + 1] if at + 1 < len(tokens) else ""
        if before[:1].isdigit() or (after.startswith("ай") and not after.startswith("айт")):
            return True
    return False
