"""Is this a "who said ...?" question, and what statement does it ask about?

"Кто сообщил, что ...", "Who said that ...", "... деп кім айтты?" (and Latin "... dep kim aıtty?")
ask for the person behind a statement. The frame is cut off so that retrieval runs on the
statement alone. The patterns are data (``prompts/who_said.toml``).
"""

from __future__ import annotations

import re
from functools import cache

from prompts import word_lists


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    lists = word_lists("who_said")
    en = "|".join(re.escape(v) for v in lists["en_verbs"])
    ru = "|".join(re.escape(v) for v in lists["ru_verbs"])
    found = [
        rf"^who\s+(?:has\s+|had\s+|first\s+)?(?:{en})\w*\s+(?:that\s+|about\s+)?(?P<statement>.+)$",
        rf"^кто\s+(?:(?:первым|первой|именно|же)\s+)?(?:{ru})\w*\s*,?\s*"
        rf"(?:(?:о\s+том\s*,?\s*)?что\s+|будто\s+|о\s+)?(?P<statement>.+)$",
        *lists["kk_patterns"],
    ]
    return tuple(re.compile(p, re.IGNORECASE | re.DOTALL) for p in found)


def who_said_statement(question: str) -> str | None:
    """The statement a "who said ...?" question asks about, or None for other questions."""
    text = question.strip().rstrip("?!. ").strip()
    for pattern in _patterns():
        match = pattern.match(text)
        if match is not None:
            statement = match.group("statement").strip(" ,:–—-")
            if len(statement.split()) >= 2:
                return statement
    return None
