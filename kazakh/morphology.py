"""Word normalisation and stemming for the Kazakh keyword index (pure Python, rule based).

Why: Kazakh is agglutinative (өңірлердің = өңір + лер + дің), so exact-word matching misses most
mentions, and no Kazakh stemmer is among our dependencies. The rules below strip inflection right to
left, longest suffix first, and only where the suffix's allomorph fits the sound before it (``тың``
after voiceless consonants, ``на`` only after a possessive ``ы/і`` ...), which keeps roots such as
Астана or күн intact. Stems need not be words: the index only needs every form of a word to land
on the same term. Russian text gets a light ending strip so names and loanwords still match.

The scheme is a parameter so ``bench/keyword_schemes.py`` can measure it against prefix truncation.
"""

from __future__ import annotations

from functools import lru_cache

from kazakh.language import word_language
from kazakh.script import to_cyrillic
from kazakh.suffixes import (
    _CONSONANTS,
    _DERIVATION,
    _INFLECTION,
    _POSS3,
    _VERB_STEM_FINAL,
    _VERBAL,
    _VOWELS,
)
from kazakh.tokens import _CYRILLIC, normalize_token, tokenize
from kazakh.wordlists import word_set

__all__ = [
    "DEFAULT_SCHEME",
    "MORPHOLOGY_VERSION",
    "check_scheme",
    "index_terms",
    "normalize_token",
    "query_stopwords",
    "query_terms",
    "reading_tokens",
    "stem",
    "tokenize",
    "voiced",
]

#: Bump whenever the terms produced for a text change: stored keyword indexes re-derive their terms.
MORPHOLOGY_VERSION = 10  # 2: proper-noun keys; 3: more function words; 4: Latin-script Kazakh;
# 5: Latin "ıa"/"ıý" after a vowel read as я/ю; 6: word forms by folded key (kazakh.word_forms);
# 7: a loan's Latin "ts" read as ц (federatsııa, tsentr); 8: a known loan's ь/ъ/ц restored
# (premer премьер, vitse вице), name keys drop an "i" beside a vowel (Rı Iong = Ри Йонг);
# 9: a known loan's э restored (energetıka энергетика); 10: vowel-final verb stems
# (suffix-verbstem)

#: bench/keyword_schemes.py: every stemming scheme beats none by 9-13 MRR points; suffix and
#: prefix5 tie within noise, and suffix keeps names apart (Бөлекпаев is not бөлек, "separate").
#: suffix-verbs also strips verb endings (салынды and салу are сал; тоқтатылады and тоқтату
#: тоқтат): on the kaznews dev halves (parts a-g) four questions won and none lost, keyword MRR
#: 0.650 -> 0.666; on the headline task of bench/keyword_schemes.py it is within noise of
#: suffix (KazQAD 0.767 against 0.761, NTREX headlines 0.838 against 0.854).
#: suffix-verbstem also brings a vowel-final verb stem's forms together (жөндеу, жөндеп,
#: жөндейді are жөнде) and stops there: cut further, "repair" met жөнінде "about". A noun ending
#: in a vowel and п loses the п in every form alike (мектеп, мектебі, мектепте: мекте). Kaznews dev:
#: one question won (жөндеп vs "jóndeýge"), none lost, keyword MRR 0.672 -> 0.669; KazQAD and
#: NTREX headlines within 0.001 MRR of suffix-verbs.
DEFAULT_SCHEME = "suffix-verbstem"

# Final consonants voiced before a vowel-initial suffix (кітап/кітабы, жүрек/жүрегі): fold back.
_DEVOICE = {"б": "п", "г": "к", "ғ": "қ"}
_VOICE = {final: written for written, final in _DEVOICE.items()}
# Stems are 3+ letters, or one of the few two-letter roots (елдің -> ел, but саны -/-> са).
_MIN_STEM = 3
_SHORT_ROOTS = frozenset(
    {"ел", "үй", "ұл", "ат", "ас", "ай", "ой", "от", "ет", "іс", "ән", "су", "би", "ру", "ақ", "із"}
)

# --- Russian (light) ---------------------------------------------------------------------------
# No bare -ов/-ев/-ин: they end surnames (Тоқаев), which must keep them to meet the Kazakh forms.
_RU_ENDINGS = tuple(
    sorted(
        (
            "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ией",
            "иям", "иях", "ия", "ие", "ии", "ию", "ий", "ый", "ой", "ей", "ая", "яя", "ое",
            "ее", "ую", "юю", "ых", "их", "ом", "ем", "ам", "ям", "ах", "ях", "ью",
            "а", "я", "о", "е", "ы", "и", "у", "ю", "ь",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
_RU_MIN_STEM = 3
# scheme -> {suffix: letters allowed just before it}
_WITH_VERBS = _INFLECTION | _DERIVATION | _VERBAL
_SUFFIX_SCHEMES: dict[str, dict[str, str]] = {
    "suffix-infl": _INFLECTION,
    "suffix": _INFLECTION | _DERIVATION,
    "suffix-verbs": _WITH_VERBS,
    "suffix-verbstem": _WITH_VERBS,
}
# scheme -> {suffix: letters before it} whose match leaves a verb stem: stripping stops there
_FINAL_SCHEMES: dict[str, dict[str, str]] = {"suffix-verbstem": _VERB_STEM_FINAL}
_STEM_VOWELS = frozenset(_VOWELS + "у")
_LONGEST = max(map(len, _WITH_VERBS | _VERB_STEM_FINAL))


def check_scheme(scheme: str) -> None:
    """Raise ValueError unless ``scheme`` is one ``stem`` knows."""
    prefix = scheme.startswith("prefix") and scheme[6:].isdigit() and int(scheme[6:]) > 0
    if not (prefix or scheme == "none" or scheme in _SUFFIX_SCHEMES):
        raise ValueError(f"unknown stemming scheme {scheme!r}")


@lru_cache(maxsize=100_000)
def stem(word: str, scheme: str = DEFAULT_SCHEME, lang: str = "kk") -> str:
    """The index term of one normalized word under ``scheme``.

    Schemes: ``none``; ``prefixN`` (first N letters, the usual baseline for agglutinative
    languages); ``suffix`` (Kazakh inflection and noun derivation); ``suffix-infl`` (inflection
    only); ``suffix-verbs`` (also verb endings). Non-Cyrillic words and numbers are kept whole
    by the suffix schemes.
    """
    check_scheme(scheme)
    if scheme.startswith("prefix"):
        return word[: int(scheme[6:])]
    if scheme == "none" or not _CYRILLIC.search(word) or not word.isalpha():
        return word
    if lang == "ru":
        return _strip_russian(word)
    return _strip_kazakh(word, _SUFFIX_SCHEMES[scheme], _FINAL_SCHEMES.get(scheme, {}))


def index_terms(text: str, scheme: str = DEFAULT_SCHEME) -> list[str]:
    """The terms a text is indexed (or queried) under, in order and with repeats (for BM25).

    Latin-script Kazakh is read in Cyrillic first, so both scripts meet on one term.
    """
    words = reading_tokens(text)
    lang = word_language(words)
    return [term for word in words if (term := stem(word, scheme, lang))]


@lru_cache(maxsize=4096)
def reading_tokens(text: str) -> tuple[str, ...]:
    """The normalized words of ``text``'s Cyrillic reading. Cached: the keyword index reads
    each paragraph for its terms and again for its word forms (``kazakh.word_forms``)."""
    return tuple(tokenize(to_cyrillic(text)))


def query_stopwords() -> frozenset[str]:
    """Question and function words of the three languages users ask in
    (``data/query_stopwords.txt``). They carry no topic, and in English or Russian questions
    over Kazakh text they only match stray foreign quotes."""
    return word_set("kazakh", "query_stopwords.txt")


def query_terms(text: str, scheme: str = DEFAULT_SCHEME) -> list[str]:
    """``index_terms`` of a question, without question and function words."""
    stopwords = query_stopwords()
    words = [w for w in tokenize(to_cyrillic(text)) if w not in stopwords]
    lang = word_language(words)
    return [term for word in words if (term := stem(word, scheme, lang))]


def _strip_kazakh(word: str, suffixes: dict[str, str], final: dict[str, str]) -> str:
    """Strip suffixes right to left, longest first, while a long enough stem with a vowel stays;
    a ``final`` suffix (a vowel-final verb stem's ending) is the last one stripped."""
    stem_ = _fold_final(word.rstrip("ьъ"))
    stop = False
    while not stop:
        for size in range(min(_LONGEST, len(stem_) - 2), 0, -1):
            rest, suffix = stem_[:-size], stem_[-size:]
            if rest[-1] in final.get(suffix, "") and _is_stem(rest):
                stem_, stop = rest, True
                break
            if rest[-1] in suffixes.get(suffix, "") and _is_stem(rest):
                stem_ = _fold_final(rest.rstrip("ьъ"))
                break
        else:
            break
    # A vowel + н/л/с ending is ambiguous with a stripped ending (заман+ы vs қала+ны, облыс+ы vs
    # қала+сы, жыл+ы vs -лы): cutting the consonant, and then a possessive ы/і, from every stem
    # sends both readings of заманы, облысы ... to the term of заман, облыс.
    if stem_[-1:] in "нлс" and stem_[-2:-1] in _VOWELS and _is_stem(stem_[:-1]):
        stem_ = stem_[:-1]
        if stem_[-1] in _POSS3 and stem_[-2] in _CONSONANTS and _is_stem(stem_[:-1]):
            stem_ = _fold_final(stem_[:-1])
    # Russian loanwords: конституция / конституциясы meet the Russian конституции at "конституц".
    if stem_.endswith("ия") and len(stem_) > 4:
        stem_ = stem_[:-2]
    return stem_


def _is_stem(rest: str) -> bool:
    """Long enough to be a root (or a known two-letter one), and pronounceable (has a vowel)."""
    return (len(rest) >= _MIN_STEM or rest in _SHORT_ROOTS) and not _STEM_VOWELS.isdisjoint(rest)


def voiced(stem_: str) -> str:
    """The stem as written before a vowel ending (бастық -> бастығ, кітап -> кітаб): the
    voicing :func:`_fold_final` undoes."""
    return stem_[:-1] + _VOICE[stem_[-1]] if stem_[-1:] in _VOICE else stem_


def _fold_final(stem_: str) -> str:
    """Undo the voicing of a final consonant (кітаб -> кітап) so all forms share one stem."""
    if len(stem_) >= _MIN_STEM and stem_[-1] in _DEVOICE:
        return stem_[:-1] + _DEVOICE[stem_[-1]]
    return stem_


def _strip_russian(word: str) -> str:
    """Remove one inflectional ending (Конституции -> конституц, Бөлекпаева -> бөлекпаев)."""
    for ending in _RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _RU_MIN_STEM:
            return word[: -len(ending)]
    return word
