"""The Cyrillic word forms a text uses, by their typing-independent key.

A question typed in plain ASCII ("zhertole ortinen") has lost the letters that tell ө from о and
і from и, so its words are read back by their folded key (:func:`kazakh.script.fold_key`). The
bundled lexicon knows the common words; the keyword index keeps the forms of the stored articles
by these counts, and they know the rest: the places, names and rare words of the news searched.
"""

from __future__ import annotations

from collections import Counter

from kazakh.morphology import reading_tokens
from kazakh.script import fold_key
from kazakh.tokens import _CYRILLIC

#: Shorter words are function words or ambiguous abbreviations: not worth a lookup.
MIN_LENGTH = 3


def word_forms(text: str) -> Counter[tuple[str, str]]:
    """How often each (folded key, Cyrillic form) occurs in ``text``'s Cyrillic reading."""
    counts: Counter[tuple[str, str]] = Counter()
    for word in reading_tokens(text):
        if len(word) >= MIN_LENGTH and word.isalpha() and _CYRILLIC.search(word):
            counts[(fold_key(word), word)] += 1
    return counts
