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

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from kazakh.script import to_cyrillic

#: Bump whenever the terms produced for a text change: stored keyword indexes re-derive their terms.
MORPHOLOGY_VERSION = 4  # 2: proper-noun keys; 3: more function words; 4: Latin-script Kazakh

#: bench/keyword_schemes.py: every stemming scheme beats none by 9-13 MRR points; suffix and
#: prefix5 tie within noise, and suffix keeps names apart (Бөлекпаев is not бөлек, "separate").
DEFAULT_SCHEME = "suffix"

# Latin letters typed (or OCR'd) inside Cyrillic words. Case matters: "B" looks like "В", "b" not.
_LOOKALIKES = str.maketrans(
    {
        "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М",
        "O": "О", "P": "Р", "T": "Т", "X": "Х", "Y": "У", "a": "а", "c": "с", "e": "е",
        "h": "һ", "i": "і", "k": "к", "o": "о", "p": "р", "x": "х", "y": "у",
        "Ə": "Ә", "ə": "ә", "Ɵ": "Ө", "ɵ": "ө",
    }
)  # fmt: skip
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Invisible characters that split words for the regex but not for a reader.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_HYPHENS = str.maketrans(dict.fromkeys("\u2010\u2011\u2012", "-"))
_APOSTROPHES = "'\u2018\u2019\u02bc\u02bb`\u00b4"
_WORD = re.compile(rf"[^\W_]+(?:[-{_APOSTROPHES}][^\W_]+)*")
_APOSTROPHE_RE = re.compile(f"[{_APOSTROPHES}]")

# --- Kazakh suffixes -------------------------------------------------------------------------
_VOWELS = "аәеиоөұүыіэюя"  # у is listed per suffix: it takes л-forms and д-forms alike
_VOICED = "лрйумнңзж"
_VOICELESS = "кқпстфхцчшщбвгд"  # word-final б в г д are devoiced and take т/қ/п-forms
_POSS3 = "ыі"  # the possessive ы/і before pronominal н-forms (қаласына, үйінде)
_CONSONANTS = _VOICED + _VOICELESS + "ғһ"

# suffix -> letters allowed just before it (Kazakh allomorphy), inflection in any order.
_INFLECTION: dict[str, str] = {
    # plural
    **dict.fromkeys(("лар", "лер"), _VOWELS + "руй"),
    **dict.fromkeys(("дар", "дер"), "лмнңзж"),
    **dict.fromkeys(("тар", "тер"), _VOICELESS),
    # possessive
    **dict.fromkeys(("ы", "і", "ым", "ім", "ың", "ің"), _CONSONANTS),
    **dict.fromkeys(("сы", "сі"), _VOWELS + "у"),
    **dict.fromkeys(("ымыз", "іміз", "ыңыз", "іңіз", "ларың", "лерің"), _CONSONANTS),
    **dict.fromkeys(("мыз", "міз", "ңыз", "ңіз"), _VOWELS),
    # genitive
    **dict.fromkeys(("ның", "нің"), _VOWELS + "мнң"),
    **dict.fromkeys(("дың", "дің"), "лрйузж"),
    **dict.fromkeys(("тың", "тің"), _VOICELESS),
    # accusative
    **dict.fromkeys(("ны", "ні"), _VOWELS),
    **dict.fromkeys(("ды", "ді"), _VOICED),
    **dict.fromkeys(("ты", "ті"), _VOICELESS),
    "н": _POSS3,
    # dative
    **dict.fromkeys(("ға", "ге"), _VOWELS + _VOICED),
    **dict.fromkeys(("қа", "ке"), _VOICELESS),
    **dict.fromkeys(("на", "не"), _POSS3),
    # locative
    **dict.fromkeys(("да", "де"), _VOWELS + _VOICED),
    **dict.fromkeys(("та", "те"), _VOICELESS),
    **dict.fromkeys(("нда", "нде"), _POSS3),
    # ablative
    **dict.fromkeys(("дан", "ден"), _VOWELS + "лрйузж"),
    **dict.fromkeys(("тан", "тен"), _VOICELESS),
    **dict.fromkeys(("нан", "нен"), "мнң" + _POSS3),
    **dict.fromkeys(("ндан", "нден"), _POSS3),
    # instrumental
    "мен": _VOWELS + "лрйумнң",
    "бен": "зж",
    "пен": _VOICELESS,
    # relative / adjectival: -дағы (Астанадағы), -ғы (2024 жылғы, сыртқы)
    **dict.fromkeys(("дағы", "дегі"), _VOWELS + _VOICED),
    **dict.fromkeys(("тағы", "тегі"), _VOICELESS),
    **dict.fromkeys(("ндағы", "ндегі"), _POSS3),
    **dict.fromkeys(("ғы", "гі"), _VOICED),  # not after vowels: құқығы is құқық + ы
    **dict.fromkeys(("қы", "кі"), _VOICELESS),
}

# Noun/adjective derivation (энергетикалық -> энергетика, мемлекеттік -> мемлекет).
_DERIVATION: dict[str, str] = {
    **dict.fromkeys(("лық", "лік", "лы", "лі"), _VOWELS + "руй"),
    **dict.fromkeys(("дық", "дік"), "лмнңзж"),
    **dict.fromkeys(("тық", "тік"), _VOICELESS),
    # agent nouns (қатысушы -> қатысу); not -сыз "without": тәуелсіз must not meet тәуелді
    **dict.fromkeys(("шы", "ші"), _VOWELS + _CONSONANTS),
}

# Verb forms: infinitive -у, participles -ған/-атын, converb -ып, present -ады.
_VERBAL: dict[str, str] = {
    **dict.fromkeys(("у", "уы", "уі"), _CONSONANTS),
    **dict.fromkeys(("ған", "ген", "ғандар", "гендер"), _VOWELS + _VOICED),
    **dict.fromkeys(("қан", "кен", "қандар", "кендер"), _VOICELESS),
    **dict.fromkeys(("атын", "етін", "ып", "іп", "ады", "еді"), _CONSONANTS),
    **dict.fromkeys(("йтын", "йтін", "йды", "йді"), _VOWELS),
}

# Final consonants voiced before a vowel-initial suffix (кітап/кітабы, жүрек/жүрегі): fold back.
_DEVOICE = {"б": "п", "г": "к", "ғ": "қ"}
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
_KK_LETTERS = frozenset("әғқңөұүһі")
_KK_WORDS = frozenset(
    {
        "және", "мен", "бен", "пен", "қалай", "қандай", "кім", "қай", "неше", "қашан", "неге",
        "деген", "дегеніміз", "туралы", "үшін", "бойынша", "бар", "жоқ", "бұл", "осы", "сол",
        "еді", "екен", "немен", "нені", "неден", "ма", "ме", "ба", "бе", "па", "пе", "ол", "олар",
        "деп", "болды", "болады", "болып", "осылай",
    }
)  # fmt: skip
# Russian function words; none is also a Kazakh word (от, он) or an initial (В. И. Ленин).
_RU_WORDS = frozenset(
    {
        "во", "на", "что", "как", "кто", "где", "когда", "почему", "зачем", "какой", "какая",
        "какие", "каких", "какое", "каком", "какую", "каким", "сколько", "чем", "чего",
        "кого", "кому", "над", "под", "около", "после", "перед", "между", "через", "против",
        "об", "обо", "по", "для", "со", "из", "до", "за", "это", "ли", "или", "при", "про",
        "она", "они", "был", "была", "были", "будет", "также", "уже",
    }
)  # fmt: skip

# scheme -> {suffix: letters allowed just before it}
_SUFFIX_SCHEMES: dict[str, dict[str, str]] = {
    "suffix-infl": _INFLECTION,
    "suffix": _INFLECTION | _DERIVATION,
    "suffix-verbs": _INFLECTION | _DERIVATION | _VERBAL,
}
_STEM_VOWELS = frozenset(_VOWELS + "у")
_LONGEST = max(map(len, _SUFFIX_SCHEMES["suffix-verbs"]))


def _clean(text: str) -> str:
    """NFC without invisible characters and combining marks (stress accents), which split words."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def normalize_token(tok: str) -> str:
    """Fold a token to its index form: look-alikes, case, ё, apostrophes and edge punctuation."""
    tok = _APOSTROPHE_RE.sub("", _clean(tok))
    if _CYRILLIC.search(tok):
        tok = tok.translate(_LOOKALIKES)
    tok = tok.casefold().replace("ё", "е")
    return "".join(ch for ch in tok if ch.isalnum() or ch == "-").strip("-")


def tokenize(text: str) -> list[str]:
    """Normalized words of ``text``; hyphenated compounds split, bare case endings dropped.

    ``АТФ-ны`` and ``BAQ.KZ-тың`` attach a case ending to an abbreviation with a hyphen; the ending
    alone is no keyword, while both halves of ``қоғамдық-саяси`` are.
    """
    text = _clean(text).translate(_HYPHENS)
    words: list[str] = []
    for match in _WORD.finditer(text):
        parts = [normalize_token(part) for part in match.group().split("-")]
        words.extend(p for i, p in enumerate(parts) if p and not (i and _is_suffix_chain(p)))
    return words


def detect_language(words: Iterable[str], default: str = "kk") -> str:
    """``"ru"`` when Russian function words outweigh Kazakh letters and words, ``"kk"`` when
    there is any Kazakh evidence, else ``default``.

    Russian questions name Kazakh people (Бөлекпаев), so one Kazakh letter must not decide.
    Indexing keeps ``"kk"`` as the default (articles are Kazakh); a question with neither
    Kazakh letters nor Kazakh words is Russian for ``kazakh.language``.
    """
    kk = ru = 0
    for word in words:
        kk += word in _KK_WORDS or not _KK_LETTERS.isdisjoint(word)
        ru += 2 * (word in _RU_WORDS)
    if ru > kk:
        return "ru"
    return "kk" if kk else default


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
    return _strip_kazakh(word, _SUFFIX_SCHEMES[scheme])


def index_terms(text: str, scheme: str = DEFAULT_SCHEME) -> list[str]:
    """The terms a text is indexed (or queried) under, in order and with repeats (for BM25).

    Latin-script Kazakh is read in Cyrillic first, so both scripts meet on one term.
    """
    words = tokenize(to_cyrillic(text))
    lang = detect_language(words)
    return [term for word in words if (term := stem(word, scheme, lang))]


#: Question and function words of the three languages users ask in. They carry no topic, and
#: in English or Russian questions over Kazakh text they only match stray foreign quotes.
QUERY_STOPWORDS = frozenset(
    """
    a an the of in on at to for about from by with and or but not no is are was were be been do
    does did done what which who whom whose when where why how that this these those it its he
    she they him her his their them there here say says said tell told talk talked speak spoke
    any some all than then also into over after before что кто где когда как какой какая какие
    каких какое какую каком каким такой такая такое такие почему зачем ли не ни и или а но о об в
    во на с со по для от до из за у к ко это этот
    эта эти тот та те был была были есть сказал сказала сказали говорил говорила говорили он она
    они его её ее их ему ей им не кім кімдер қай қайда қашан қалай қандай неге неше нешінші
    туралы деді айтты және мен бен пен да де та те ма ме ба бе па пе ол олар бұл осы сол оның
    """.split()
)


def query_terms(text: str, scheme: str = DEFAULT_SCHEME) -> list[str]:
    """``index_terms`` of a question, without question and function words."""
    words = [w for w in tokenize(to_cyrillic(text)) if w not in QUERY_STOPWORDS]
    lang = detect_language(words)
    return [term for word in words if (term := stem(word, scheme, lang))]


def _strip_kazakh(word: str, suffixes: dict[str, str]) -> str:
    """Strip suffixes right to left, longest first, while a long enough stem with a vowel stays."""
    stem_ = _fold_final(word.rstrip("ьъ"))
    while True:
        for size in range(min(_LONGEST, len(stem_) - 2), 0, -1):
            rest, suffix = stem_[:-size], stem_[-size:]
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


@lru_cache(maxsize=4096)
def _is_suffix_chain(part: str) -> bool:
    """True when ``part`` is nothing but Kazakh endings (the ``-ның`` of ``АТФ-ның``)."""
    if not part:
        return True
    return any(
        part.endswith(suffix) and _is_suffix_chain(part[: -len(suffix)]) for suffix in _INFLECTION
    )
