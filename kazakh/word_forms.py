"""The Cyrillic word forms a text uses, by their typing-independent key.

A question typed in plain ASCII ("zhertole ortinen") has lost the letters that tell ө from о and
і from и, so its words are read back by their folded key (:func:`kazakh.script.fold_key`). The
bundled lexicon knows the common words; the keyword index keeps the forms of the stored articles
by these counts, and they know the rest: the places, names and rare words of the news searched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

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


#: A typed word is read by a longer stored form's beginning only from this many letters on.
MIN_STEM_KEY = 5

#: (prefixes) -> {prefix: stored forms, most frequent first}:
#: ``vectorstore.store.NewsStore.forms_by_prefix`` (loanwords and typed stems both look up by it).
FormsByPrefix = Callable[[Sequence[str]], Mapping[str, Sequence[str]]]


def stem_forms(keys: Sequence[str], by_prefix: FormsByPrefix) -> dict[str, list[str]]:
    """Cyrillic forms for typed keys that no stored word has whole, cut from the stored forms
    that begin with them: "zhertole" is the жертөле of "жертөлесінен" (the articles wrote the
    word with an ending the question does not have). ``by_prefix``: the store's forms by folded
    prefix, most frequent first. A form whose beginning folds to the key exactly is taken."""
    wanted = [key for key in keys if len(key) >= MIN_STEM_KEY]
    found: dict[str, list[str]] = {}
    for key, forms in by_prefix(wanted).items():
        cut = [stem for stem in (_beginning(form, key) for form in forms) if stem]
        if cut:
            found[key] = list(dict.fromkeys(cut))
    return found


def _beginning(form: str, key: str) -> str | None:
    """The shortest beginning of ``form`` whose folded key is ``key``, or None."""
    for end in range(1, len(form) + 1):
        folded = fold_key(form[:end])
        if folded == key:
            return form[:end]
        if not key.startswith(folded):
            return None
    return None
