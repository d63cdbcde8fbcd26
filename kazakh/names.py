"""Kazakh personal names: case endings, the nominative of an inflected name, and a matching key.

Kazakh inflects only the last word of a name ("Бөлекпаевтың", "Асановқа"), and the same person is
written in Cyrillic, Russian-style and Latin spellings. ``normalize_name`` gives the nominative,
``name_key`` one lossy key for every spelling, ``proper_noun_keys`` the keys of a text's
capitalized words (for the keyword index). Used by attribution at ingest and by question analysis.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from kazakh.script import latin_alphabet, to_cyrillic
from kazakh.translit import to_russian

# --- inflection ----------------------------------------------------------------------------------

# Nominal endings that keep a noun in the nominative: possessive, plural, plural + possessive.
NOMINATIVE_TAILS = (
    "", "ы", "і", "сы", "сі", "ым", "ім", "ымыз", "іміз", "мыз", "міз",
    "лар", "лер", "дар", "дер", "тар", "тер", "лары", "лері", "дары", "дері", "тары", "тері",
)  # fmt: skip
GENITIVE = ("ның", "нің", "дың", "дің", "тың", "тің")
CASES = (
    *GENITIVE,
    "ға", "ге", "қа", "ке", "на", "не",  # dative
    "ны", "ні", "ды", "ді", "ты", "ті", "н",  # accusative
    "да", "де", "та", "те", "нда", "нде",  # locative
    "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі",
    "дан", "ден", "тан", "тен", "нан", "нен",  # ablative
    "мен", "бен", "пен",  # instrumental
)  # fmt: skip
ALL_TAILS = tuple(
    sorted({n + c for n in NOMINATIVE_TAILS for c in ("", *CASES)} - {""}, key=len, reverse=True)
)
_TAIL_SET = frozenset(ALL_TAILS)
_TAIL_SIZES = tuple(sorted({len(tail) for tail in ALL_TAILS}, reverse=True))


def nominal_stems(lower: str, min_stem: int) -> list[str]:
    """``lower`` without each ending of ``ALL_TAILS`` it ends in, leaving ``min_stem`` letters
    or more, longest ending first (the endings' lengths are tried, not each ending)."""
    return [
        lower[:-size]
        for size in _TAIL_SIZES
        if len(lower) - size >= min_stem and lower[-size:] in _TAIL_SET
    ]


# Case endings a surname takes ("Бөлекпаевтың", "Асановқа", "Маминмен", "Әбішұлын"), longest
# first. The bare dative "а/е" is left out: it would turn "Ахметжанова" into "Ахметжанов".
NAME_CASES = tuple(
    sorted(
        {
            *CASES,
            "дай", "дей", "тай", "тей", "ша", "ше", "дікі", "тікі", "нікі",
            "лар", "лер", "дар", "дер", "тар", "тер",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip
SURNAME = re.compile(
    r"(?:[оеё]в|[оеё]ва|ин|ина|ұлы|улы|қызы|кызы|ский|ская|цкий|цкая|енко|вич|вна|ян)$"
)
# Genitive / dative / ablative / instrumental on a word that is not a known surname shape: the word
# is probably inflected ("Ғанимен"), but some names end so ("Сүлеймен"), so such a match is weak.
OBLIQUE_END = re.compile(
    r"(?:ның|нің|дың|дің|тың|тің|ға|ге|қа|ке|нан|нен|дан|ден|тан|тен|мен|бен|пен)$"
)

# --- lexicons ------------------------------------------------------------------------------------

_GLOSSARY = Path(__file__).with_name("data") / "news_glossary.tsv"


@functools.cache
def _common_nouns() -> frozenset[str]:
    """One-word lowercase Kazakh entries of the news glossary: common nouns and adjectives."""
    words: set[str] = set()
    with _GLOSSARY.open(encoding="utf-8") as handle:
        for line in handle:
            cell = line.split("\t", 1)[0].strip()
            if cell[:1].islower() and " " not in cell and cell != "kk":
                words.add(cell.lower())
    return frozenset(words)


@functools.lru_cache(maxsize=100_000)
def is_common_noun(word: str) -> bool:
    """Is ``word`` (with any nominal ending) a common noun of the glossary ("Шығыс", "Үй",
    "Кубогі")? Such a word ends a phrase or a place name, never a person's name."""
    lower = word.lower()
    nouns = _common_nouns()
    if lower in nouns:
        return True
    for stem in nominal_stems(lower, 2):
        if stem in nouns or (
            stem[-1:] in "ғг" and stem[:-1] + {"ғ": "қ", "г": "к"}[stem[-1]] in nouns
        ):
            return True
    return False


# --- names ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=100_000)
def strip_name_case(word: str) -> tuple[str, str]:
    """(stem, case ending) when ``word`` is a surname with a case ending, else (word, "")."""
    lower = word.lower()
    for suffix in NAME_CASES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)]
            if SURNAME.search(stem.lower()):
                return stem, suffix
    return word, ""


def normalize_name(text: str) -> str:
    """The nominative of a name written in any case: "Е. Бөлекпаевтың" -> "Е. Бөлекпаев".

    Kazakh inflects only the last word of a name, and a surname's ending (-ов, -ева, -ұлы, ...)
    tells where the stem stops, so only such a surname loses its case ending; other words are
    kept as written (a first name alone cannot be told from a name that ends like a case).
    """
    words = [w.strip(",;:!?«»\"'()") for w in text.split()]
    words = [w if len(w) <= 2 else w.rstrip(".") for w in words if w]  # keep initials: "Е."
    if not words:
        return ""
    words[-1] = strip_name_case(words[-1])[0]
    return " ".join(words)


# Latin spellings of Kazakh/Russian sounds, folded to the skeleton's letters.
_LATIN_FOLD = (
    ("ş", "sh"), ("ç", "ch"), ("ğ", "g"), ("ı", "y"), ("ñ", "n"), ("q", "k"), ("w", "u"),
    ("shch", "sh"), ("dzh", "zh"), ("j", "zh"), ("kh", "h"),
)  # fmt: skip
_CYR_TO_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
        "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    }
)  # fmt: skip


#: Letters only the official Latin alphabets have: such a word is read in Cyrillic first, where
#: "ı" is и or й (2018) or і (2021) and "ý" is у, as the Cyrillic spelling of the name has them.
_OFFICIAL_LATIN = frozenset("áǵńóúýıäğñöüūşç")


#: An "i" beside another vowel: и and й are one Latin letter in both official alphabets ("ı" in
#: 2018, "i" in 2021), so "Rı Iong", "Uıll", "Saıpov" read as Ри Ионг, Уилл, Саипов where
#: Russian writes Йонг, Уилл, Сайпов; й is already dropped with "y", so this "i" goes too.
_IOTA = re.compile(r"(?<=[aeou])i|i(?=[aeou])")


@functools.lru_cache(maxsize=100_000)
def _skeleton(word: str) -> str:
    if not _OFFICIAL_LATIN.isdisjoint(word.lower()):
        word = to_cyrillic(word, latin_alphabet(word) or "latn2018")
    text = to_russian(word.lower()).translate(_CYR_TO_LATIN)
    for source, target in _LATIN_FOLD:
        text = text.replace(source, target)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if "a" <= c <= "z")
    text = _IOTA.sub("", text.replace("y", ""))
    return re.sub(r"(.)\1+", r"\1", text)


def name_key(name: str) -> str:
    """A key equal for the spellings of one name in any case form and script.

    "Бөлекпаев", "Бөлекпаевтың", "Болекпаев", "Bolekpayev" and "Bolekpaev" all give "bolekpaev":
    the Kazakh case ending is stripped (:func:`normalize_name`), Kazakh letters are folded to
    Russian ones (ө->о, қ->к, ...), Cyrillic and Latin are both written as one plain Latin
    skeleton (ж, j, zh -> "zh"; х, kh -> "h"; q -> k), then every "y" is dropped (the
    ye/ya/ay/ы spellings differ exactly there) and doubled letters are merged (Kassym/Қасым).
    It is a lossy key for matching, never for display. Words stay separate: "a b".
    """
    return " ".join(k for k in (_skeleton(w) for w in normalize_name(name).split()) if k)


_CAPITALIZED = re.compile(r"\b[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]{3,}")
_PROPER_PREFIX = 5


def proper_noun_keys(text: str) -> list[str]:
    """Script-independent keys of capitalized words, so "Karaganda", "Караганда" and
    "Қарағандыда" meet: English and Russian questions name Kazakh places and people in their own
    spelling, which neither stemming nor the cross-lingual embedding match reliably."""
    return [f"zz{name_key(word)[:_PROPER_PREFIX]}" for word in _CAPITALIZED.findall(text)]
