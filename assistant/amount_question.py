"""Does a question ask for a sum of money, and does a paragraph state one?

"How much will the ticket cost?" about a story that gives no price is the commonest question the
abstention model cannot tell from an answerable one: the story is covered, only the sum is
missing. The cues and currencies are data (``prompts/amounts.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from prompts import word_lists

_NUMBER = r"\d[\d\s.,]*(?:\s*(?:млн|млрд|мың|трлн|mln|mlrd|myń|myñ|million|billion|thousand)\.?)?"


@cache
def _cues() -> re.Pattern[str]:
    return re.compile("|".join(word_lists("amounts")["cues"]), re.IGNORECASE)


@cache
def _amount() -> re.Pattern[str]:
    currencies = "|".join(word_lists("amounts")["currencies"])
    # no word end after the currency: Kazakh inflects it ("98 млрд теңгеге", "теңгеден")
    return re.compile(rf"(?:{_NUMBER}\s*(?:{currencies}))|(?:(?:\$|€)\s*\d)", re.IGNORECASE)


def asks_amount(question: str) -> bool:
    """True when ``question`` asks how much something costs or pays."""
    return _cues().search(question) is not None


def states_amount(texts: Iterable[str]) -> bool:
    """True when any of ``texts`` states a sum of money ("18,4 млрд теңге", "$5")."""
    return any(_amount().search(text) for text in texts)
