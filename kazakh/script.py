"""Kazakh in the Latin script: tell it from English, and read it as Cyrillic.

Kazakh news is published in Cyrillic and in two official Latin alphabets: the 2018 one with acute
accents that QazAqparat and Kazinform's Latin site use ("ákimi", "aıtty", "Respýblıkasy") and the
2021 one ("äkımı", "ğ", "ş", "ñ", "ū"). People also type Kazakh in plain ASCII ("akim ne dedi").
The keyword index, the embedding model and the attribution rules all read Cyrillic, so every
Latin-script Kazakh text is read through :func:`to_cyrillic` before it is stemmed, embedded or
attributed, while the text itself (and every quote taken from it) stays as written.

- The two official alphabets are converted letter by letter (they are nearly one-to-one; "ı"/"i"
  swap roles between them, so the alphabet is told from its marker letters per text).
- Plain ASCII is ambiguous (a: а/ә, u: у/ұ/ү, i: і/и/ы/й ...): each word is looked up by a folded
  key in a lexicon of Kazakh word forms (``data/kk_wordforms.tsv``, built from Kazakh news
  sentences) and written in its most frequent Cyrillic form, then among the forms the caller
  knows (``forms``: the stored articles' words, ``kazakh.word_forms``); unknown words get a
  plain letter mapping. Names need no lexicon: ``kazakh.names.name_key`` meets them in any script.
- People mix the alphabets as they type ("dedı" with a 2021 ı in an otherwise 2018 text, "ŋ",
  "ǧ"): a word whose letter reading is no known form but whose key is known takes the known form.

:func:`to_cyrillic_mapped` also returns, for each output character, the index of the source
character it came from, so a span found in the Cyrillic reading maps back to the original text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from importlib import resources

# --- the official alphabets (lower case; upper case is derived) --------------------------------
_LATIN_2018 = {
    "á": "ә", "ǵ": "ғ", "ń": "ң", "ó": "ө", "ú": "ү", "ý": "у", "ı": "и", "i": "і", "y": "ы",
    "u": "ұ", "q": "қ", "j": "ж", "h": "х", "c": "ц", "w": "у", "x": "кс",
}  # fmt: skip
_LATIN_2021 = {
    "ä": "ә", "ğ": "ғ", "ñ": "ң", "ö": "ө", "ü": "ү", "ū": "ұ", "u": "у", "ı": "і", "i": "и",
    "y": "ы", "q": "қ", "j": "ж", "h": "х", "ş": "ш", "ç": "ч", "c": "ц", "w": "у", "x": "кс",
    # look-alikes people type for the official letters (the 2019 draft's ŋ, a caron ǧ)
    "ǧ": "ғ", "ŋ": "ң", "š": "ш", "č": "ч",
}  # fmt: skip
_COMMON = {
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "k": "к", "l": "л", "m": "м",
    "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "v": "в", "z": "з",
}  # fmt: skip
_DIGRAPHS = {"sh": "ш", "ch": "ч", "zh": "ж", "kh": "х"}
# Plain ASCII typing of words the lexicon does not know: the closest Kazakh reading.
_ASCII = _COMMON | {
    "c": "с", "h": "х", "i": "и", "j": "ж", "q": "қ", "u": "у", "w": "у", "x": "кс", "y": "ы",
}  # fmt: skip

_MARKS_2018 = frozenset("áǵńóúý")
_MARKS_2021 = frozenset("äğñöüūşçǧŋšč")
_VOWELS_CYR = frozenset("аәеёиоөұүыіэюяу")
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ'’]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN_LETTER = re.compile("[A-Za-zÀ-ɏ]")

LEXICON_FILE = "kk_wordforms.tsv"


@lru_cache(maxsize=200_000)
def fold_key(word: str) -> str:
    """A typing-independent key of a word in any script: "ákimi", "akimi", "әкімі" -> "akimi".

    Kazakh letters fold to plain ones (ә->a, ұ/ү/у->u, і/и/ы/й->i, қ->k, ғ->g, ң->n), ASCII
    digraphs to one spelling (zh->j, kh->h, y->i, w->u, q->k).
    """
    text = unicodedata.normalize("NFC", word.lower()).replace("’", "").replace("'", "")
    text = "".join(_FOLD_CYR.get(ch, ch) for ch in text)
    for source, target in (
        ("zh", "j"), ("kh", "h"), ("ş", "sh"), ("š", "sh"), ("ç", "ch"), ("č", "ch"), ("ı", "i"),
        ("ŋ", "n"),
    ):  # fmt: skip
        text = text.replace(source, target)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if "a" <= c <= "z")
    text = _LATIN_C.sub("ts", text)  # c is ц in both alphabets and as people type ("stanciya")
    return text.replace("y", "i").replace("w", "u").replace("q", "k")


_LATIN_C = re.compile("c(?!h)")


_FOLD_CYR = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i", "й": "i", "і": "i", "ы": "i", "к": "k", "қ": "k", "л": "l",
    "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sh", "ъ": "", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip


def latin_alphabet(text: str) -> str | None:
    """ "latn2018", "latn2021" or "ascii" for Latin-script Kazakh text, None for anything else.

    Marker letters decide between the official alphabets; unmarked Latin text is Kazakh typed in
    ASCII only when its words are Kazakh (:func:`kazakh_word_share`), not English.
    """
    letters = _LATIN_LETTER.findall(text)
    if not letters or len(_CYRILLIC.findall(text)) >= len(letters):
        return None
    lowered = set(text.lower())
    marks_2018 = len(lowered & _MARKS_2018) + ("ı" in lowered and not lowered & _MARKS_2021)
    marks_2021 = len(lowered & _MARKS_2021)
    if marks_2018 or marks_2021:
        return "latn2021" if marks_2021 > marks_2018 else "latn2018"
    return "ascii" if kazakh_word_share(text) >= 0.5 else None


def kazakh_word_share(text: str) -> float:
    """Share of a Latin text's words that read as Kazakh rather than English.

    A word counts for Kazakh when its folded key is a Kazakh word form of the lexicon and it is
    not an English word; English words count against. Words that are neither (names) abstain.
    """
    kazakh = english = 0
    lexicon, english_words = _lexicon(), _english_words()
    for match in _LATIN_WORD.finditer(text):
        word = match.group().lower()
        if word in english_words:
            english += 1
        elif len(word) > 1 and (fold_key(word) in lexicon or "q" in word):
            kazakh += 1
    return kazakh / (kazakh + english) if kazakh + english else 0.0


def is_latin_kazakh(text: str) -> bool:
    """True for Kazakh written in a Latin alphabet or typed in ASCII."""
    return latin_alphabet(text) is not None


#: Folded key -> the Cyrillic forms with that key, most frequent first (``kazakh.word_forms``).
Forms = Mapping[str, Sequence[str]]


def to_cyrillic(text: str, alphabet: str | None = None, forms: Forms | None = None) -> str:
    """The Cyrillic reading of Latin-script Kazakh; other text comes back unchanged.

    ``alphabet`` (from :func:`latin_alphabet` of a whole article) keeps a short sentence without
    marker letters in its article's alphabet; by default each text is judged on its own.
    ``forms``: word forms known besides the bundled lexicon's (a question is read against the
    stored articles' words).
    """
    return to_cyrillic_mapped(text, alphabet, forms)[0]


def latin_keys(text: str) -> list[str]:
    """The folded keys of a Latin-script text's words (what ``forms`` is looked up by)."""
    return list(dict.fromkeys(fold_key(m.group()) for m in _LATIN_WORD.finditer(text)))


def to_cyrillic_mapped(
    text: str, alphabet: str | None = None, forms: Forms | None = None
) -> tuple[str, list[int]]:
    """(Cyrillic reading, source index of every output character); identity for non-Kazakh."""
    alphabet = alphabet or latin_alphabet(text)
    if alphabet is None or not _LATIN_LETTER.search(text):
        return text, list(range(len(text)))
    table = {"latn2018": _LATIN_2018, "latn2021": _LATIN_2021}.get(alphabet, _ASCII)
    out: list[str] = []
    index: list[int] = []
    position = 0
    for match in _LATIN_WORD.finditer(text):
        for offset, char in enumerate(text[position : match.start()]):
            out.append(char)
            index.append(position + offset)
        word = match.group()
        converted = _convert_word(word, table, alphabet, forms)
        out.append(converted)
        index.extend(_spread(match.start(), len(word), len(converted)))
        position = match.end()
    for offset, char in enumerate(text[position:]):
        out.append(char)
        index.append(position + offset)
    return "".join(out), index


def reading_span(source_index: list[int], start: int, end: int) -> tuple[int, int]:
    """The span of a reading that characters ``start:end`` of its source became
    (``source_index`` from :func:`to_cyrillic_mapped`); identity for an unchanged text."""
    inside = [i for i, source in enumerate(source_index) if start <= source < end]
    return (inside[0], inside[-1] + 1) if inside else (start, start)


def _spread(start: int, source_len: int, target_len: int) -> list[int]:
    """Source indexes for ``target_len`` characters converted from ``source_len`` ones."""
    if target_len == 0:
        return []
    return [start + min(source_len - 1, i * source_len // target_len) for i in range(target_len)]


def _convert_word(word: str, table: dict[str, str], alphabet: str, forms: Forms | None) -> str:
    """One word's reading. ASCII: the lexicon's form of its key, else the most frequent of
    ``forms``, else a letter reading. An official alphabet: its letter reading; but when the
    caller knows the forms (a question, read against the stored articles' words) and the letter
    reading is neither one of them nor the lexicon's, the most frequent stored one (a
    mixed-alphabet "dedı" is деді, not деди)."""
    lower = unicodedata.normalize("NFC", word.lower()).replace("’", "").replace("'", "")
    key = fold_key(lower)
    stored = forms.get(key, ()) if forms is not None else ()
    if alphabet == "ascii":
        known = [*_lexicon().get(key, ()), *stored]
        cyrillic = known[0] if known else _letters(lower, table, "i")
    else:
        cyrillic = _letters(lower, table, "ı" if alphabet == "latn2018" else "i")
        lexicon = _lexicon().get(key, ())
        if stored and cyrillic not in stored and cyrillic not in lexicon:
            cyrillic = stored[0]
        elif cyrillic not in lexicon:
            cyrillic = _loan_spelling(cyrillic, (*stored, *lexicon))
    return _match_case(word, cyrillic)


def _loan_spelling(reading: str, known: Sequence[str]) -> str:
    """The Russian spelling of a loan that the Latin alphabets write without ь, ъ, ц or э
    ("premer" премьер, "obekt" объект, "vitse" вице, "protsess" процесс, "energetıka"
    энергетика): taken only when a known form of the word's key is the letter reading but for
    those letters, because the letters alone cannot tell a loan's ц from a Kazakh т + с
    ("ketse" кетсе), nor its э from е ("esep" есеп)."""
    return next((form for form in known if _unsoftened(form) == reading), reading)


def _unsoftened(form: str) -> str:
    return form.replace("ь", "").replace("ъ", "").replace("ц", "тс").replace("э", "е")


def _letters(lower: str, table: dict[str, str], iota: str) -> str:
    """Letter-by-letter reading; the и/й letter is й after a vowel, "ıa"/"ıý" at a word's
    start or after a vowel are я/ю, and "ts" of a loan is ц."""
    out: list[str] = []
    i = 0
    while i < len(lower):
        pair = lower[i : i + 2]
        if pair == "ts" and (i == 0 or (lower[i + 2 : i + 3] == iota and table is not _ASCII)):
            # ц of loans: word-initial ("tsentr") or before the official alphabets' и
            # ("federatsııa", "tsıfrlyq"); a Kazakh т + с meets at a suffix, before a, e, ы or і
            # ("jatsa", "ketsin"), and plain ASCII cannot tell и from і there
            out.append("ц")
            i += 2
            continue
        if pair in _DIGRAPHS and not (table is _LATIN_2021 and pair in ("sh", "ch")):
            out.append(_DIGRAPHS[pair])
            i += 2
            continue
        char = lower[i]
        if char == iota:
            nxt = table.get(lower[i + 1 : i + 2], _COMMON.get(lower[i + 1 : i + 2], ""))
            prev = out[-1][-1:] if out else ""
            # Kazakh spelling writes й + а/у as я/ю: at a word's start and after a vowel
            # ("aıaq" -> аяқ, "federatsııasy" -> федерациясы)
            if (not out or prev in _VOWELS_CYR) and nxt in ("а", "ұ", "у"):
                out.append("я" if nxt == "а" else "ю")
                i += 2
                continue
            out.append("й" if prev in _VOWELS_CYR else "и")
        else:
            out.append(table.get(char, _COMMON.get(char, char)))
        i += 1
    return "".join(out)


def _match_case(source: str, target: str) -> str:
    letters = [c for c in source if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return target.upper()
    if letters and letters[0].isupper():
        return target[:1].upper() + target[1:]
    return target


@cache
def _lexicon() -> dict[str, tuple[str, ...]]:
    """Folded key -> the lexicon's Cyrillic word forms with that key, most frequent first."""
    text = resources.files("kazakh").joinpath("data", LEXICON_FILE).read_text(encoding="utf-8")
    lexicon: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, word = line.split("\t")[:2]
            lexicon.setdefault(key, []).append(word)
    return {key: tuple(words) for key, words in lexicon.items()}


@cache
def _english_words() -> frozenset[str]:
    """English words: the product's English stopwords and the glossary's English side."""
    text = resources.files("kazakh").joinpath("data", "en_common_words.txt").read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return frozenset(word for line in lines for word in line.split())


# --- Cyrillic to the Latin alphabets (answer frames for Latin-typed questions, test material) ----
_TO_2018 = {
    "а": "a", "ә": "á", "б": "b", "в": "v", "г": "g", "ғ": "ǵ", "д": "d", "е": "e", "ё": "ıo",
    "ж": "j", "з": "z", "и": "ı", "й": "ı", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ń", "о": "o", "ө": "ó", "п": "p", "р": "r", "с": "s", "т": "t", "у": "ý", "ұ": "u",
    "ү": "ú", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "",
    "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "ıý", "я": "ıa",
}  # fmt: skip
_TO_2021 = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū",
    "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ç", "ш": "ş", "щ": "ş", "ъ": "",
    "ы": "y", "і": "ı", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip


def to_latin_2018(text: str) -> str:
    """Kazakh Cyrillic in the 2018 Latin alphabet: "Облыс әкімі айтты" -> "Oblys ákimi aıtty"."""
    return _transliterate(text, _TO_2018)


def to_latin_2021(text: str) -> str:
    """Kazakh Cyrillic in the 2021 Latin alphabet: "Облыс әкімі айтты" -> "Oblys äkımı aitty"."""
    return _transliterate(text, _TO_2021)


def _transliterate(text: str, table: dict[str, str]) -> str:
    """Letter by letter through ``table`` (lower case), keeping each letter's case."""
    out = []
    for char in text:
        latin = table.get(char.lower())
        if latin is None:
            out.append(char)
        else:
            out.append(latin[:1].upper() + latin[1:] if char.isupper() else latin)
    return "".join(out)
