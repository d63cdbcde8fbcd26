"""Does a question ask which company (factory, contractor, brand), and does a paragraph name one?

"Which construction company built the arena?" about a story that names no builder is, like a sum
a story lacks (``assistant.amount_question``), a question the abstention model cannot tell from
an answerable one: the story is covered, only the name asked for is missing. A paragraph names
an organisation by a legal form ("«Сарыарқа Кен» ЖШС", "Qazaqstan Temir Joly AQ") or by a
quoted name beside a word saying what it is ("«Ертіс Полимер» компаниясы"). The cues and words
are data (``prompts/organisations.toml``).
"""

from __future__ import annotations

import re
from functools import cache

from kazakh.script import latin_alphabet, to_cyrillic
from prompts import any_of, word_lists

#: A quoted name: «…» or "…", short, starting with a capital letter (not a quoted statement).
_QUOTED_NAME = r"[«\"“„]\s*[A-ZА-ЯӘҒҚҢӨҰҮҺІЁ][^«»\"“”„.!?]{0,60}[»\"”]"


@cache
def _legal_form() -> re.Pattern[str]:
    forms = "|".join(re.escape(f) for f in word_lists("organisations")["legal_forms"])
    return re.compile(rf"(?<!\w)(?:{forms})(?!\w)")


@cache
def _named_thing() -> re.Pattern[str]:
    nouns = "|".join(word_lists("organisations")["nouns"])
    return re.compile(rf"{_QUOTED_NAME}\s*(?i:{nouns})|(?i:{nouns})\w*\s+{_QUOTED_NAME}")


def asks_organisation(question: str) -> bool:
    """True when ``question`` asks which company, factory, contractor or brand did something."""
    return any_of("organisations", "cues").search(question) is not None


def names_organisation(text: str) -> bool:
    """True when ``text`` names a company or other organisation: a legal form as a word
    (ЖШС, АҚ, LLP ...), or a quoted name beside a word such as компания or зауыт (read in
    Cyrillic, so a Latin-script paragraph's "«Ertis Polimer» kompaniiasy" counts)."""
    if _legal_form().search(text):
        return True
    alphabet = latin_alphabet(text)
    readings = {text, to_cyrillic(text, alphabet)} if alphabet else {text}
    return any(_named_thing().search(reading) for reading in readings)
