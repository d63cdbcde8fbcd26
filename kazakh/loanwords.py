"""Loanwords: Russian and English question words that Kazakh news writes as Russian does.

Kazakh news keeps many words of Russian form (вагон, станция, сканер, кооператив, арена,
терминал, федерация). A Russian or English question word that the glossary lacks may be one of
them, and then the articles' own forms of it are its Kazakh equivalent. It is looked up in the
stored articles' words (``vectorstore`` keeps them by :func:`kazakh.script.fold_key`) by a
folded prefix: a Russian word by its Snowball stem ("вагонов" -> "vagon"), an English one by its
stem spelled the Russian way ("wagons" -> "vagon", "scanners" -> "skaner", "federation" ->
"feder"). A word no stored article contains finds nothing and adds nothing, so the mechanism
needs no list of loanwords: the store is the list.

Short prefixes would meet unrelated Kazakh words by chance, so a prefix has at least
``MIN_PREFIX`` letters and a form may run on past it only by what Kazakh endings add.
"""

from __future__ import annotations

import re
from collections.abc import Set

from kazakh.glossary import Concept, stemmer
from kazakh.script import fold_key
from kazakh.word_forms import FormsByPrefix

#: Letters a prefix must have: "plan" or "list" would meet Kazakh words by chance.
MIN_PREFIX = 5
#: A stored form may be longer than its prefix by this much: a stem's endings
#: (станция -> станцияларында), not a longer word that happens to begin the same.
MAX_TAIL = 9
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CAPITALIZED = re.compile(r"^[A-ZА-ЯЁ]")
#: English spellings as a Russian loan writes them, in order (folded keys use only a-z).
_ENGLISH = (
    ("tion", "tsi"), ("sion", "si"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("qu", "kv"),
    ("x", "ks"), ("w", "v"), ("ce", "se"), ("ci", "si"), ("cy", "si"), ("c", "k"),
)  # fmt: skip
_DOUBLE = re.compile(r"(.)\1")
_VOWELS = "aeiou"


def loan_prefix(word: str, lang: str) -> str | None:
    """The folded prefix a Russian or English ``word`` would begin with in Kazakh text, or None
    when it is too short to look up."""
    if lang not in ("ru", "en"):
        return None
    stem = stemmer(lang).stemWord(word.lower())
    if lang == "en":
        for source, target in _ENGLISH:
            stem = stem.replace(source, target)
        stem = _DOUBLE.sub(r"\1", stem).rstrip(_VOWELS + "y")
    prefix = fold_key(stem)
    return prefix if len(prefix) >= MIN_PREFIX else None


def loan_concepts(
    text: str, lang: str, skip: Set[str], forms_by_prefix: FormsByPrefix
) -> list[Concept]:
    """Concepts for the words of ``text`` that stored articles write as loans: each word (not in
    ``skip``, the words already translated or not content, lower-cased; not capitalized: a name,
    which the keyword index matches in any script, or the question word that opens a question)
    met by the stored forms its prefix begins."""
    wanted: dict[str, str] = {}
    for word in _WORD.findall(text):
        if word.lower() in skip or _CAPITALIZED.match(word):
            continue
        prefix = loan_prefix(word, lang)
        if prefix:
            wanted.setdefault(word.lower(), prefix)
    if not wanted:
        return []
    found = forms_by_prefix(list(wanted.values()))
    concepts = []
    for word, prefix in wanted.items():
        forms = [
            form for form in found.get(prefix, []) if len(fold_key(form)) <= len(prefix) + MAX_TAIL
        ]
        if forms:
            concepts.append(Concept(word, tuple((form,) for form in forms)))
    return concepts
