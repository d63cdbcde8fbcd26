"""Dictionary-based query translation: Russian and English question words -> Kazakh terms.

Why: the Kazakh keyword index cannot match a Russian or English question at all ("круглый стол"
never occurs in Kazakh text, "дөңгелек үстел" does), and e5 similarity alone often ranks an
article's lead paragraph above the one that answers. Translating the question's words through a
bilingual dictionary is the classic fix in cross-language retrieval; here the dictionary is a
trilingual glossary of general news vocabulary (``data/news_glossary.tsv``, lemma forms). Both
the glossary's Russian/English side and the question are stemmed with Snowball, so inflected
forms (круглого стола, reported) meet their lemmas; the Kazakh side is stemmed later by the
keyword index like any Kazakh text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import snowballstemmer
from snowballstemmer.basestemmer import BaseStemmer

from kazakh.morphology import query_stopwords

GLOSSARY_FILE = Path(__file__).with_name("data") / "news_glossary.tsv"
HEADER = ("kk", "ru", "en")
_STEMMERS = {"ru": "russian", "en": "english"}
_WORD = re.compile(r"[^\W\d_]+")
_POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)
_CAPITALIZED = re.compile(r"\b[^\W\d_a-zа-яёәғқңөұүһі]\w*")
_INFINITIVE = re.compile(r"(ть|ться|ти|тись|чь|чься)$")
_BACK = "аоұыуя"
_FRONT = "әөүіеэи"
_VOICELESS = "кқпстфхцчшщ"


class GlossaryError(ValueError):
    """A malformed glossary file: ``path:line: what is wrong``."""


@dataclass(frozen=True)
class Concept:
    """One glossary match in a question: the words as written, and their Kazakh equivalents.

    Each equivalent is a tuple of forms: the term itself and, for a verb stem (its line's
    Russian lemma is an infinitive), the finite forms articles write (өт -> өтті, өтеді). The
    stem stays among them: a noun whose Russian lemma looks like an infinitive (область) must
    still be found.
    """

    source: str
    kazakh: tuple[tuple[str, ...], ...]

    def forms(self) -> tuple[str, ...]:
        """Every Kazakh form of every equivalent, for the keyword index to match."""
        return tuple(form for alternative in self.kazakh for form in alternative)


def verb_forms(phrase: str) -> list[str]:
    """Common finite forms of a Kazakh verb stem (the last word of ``phrase``).

    The keyword index strips noun endings but not every verb ending (өтті, хабарлады), so the
    glossary's bare stems would miss the past and present tenses news is written in. Forms that
    no article contains cost nothing: they match no document.
    """
    head, _, verb = phrase.rpartition(" ")
    vowels = [ch for ch in verb if ch in _BACK + _FRONT]
    front = bool(vowels) and vowels[-1] in _FRONT
    last = verb[-1:]
    ы, а = ("і", "е") if front else ("ы", "а")
    ды = "д" + ы
    past = ("т" + ы) if last in _VOICELESS else ды
    if last in _BACK + _FRONT:  # хабарла: хабарлады, хабарлайды, хабарланды, хабарлаған
        endings = [past, "й" + ды, "л" + ды, "н" + ды, ("г" if front else "ғ") + а + "н"]
    else:  # өт: өтті, өтеді, өтілді, өткен; ал: алды, алады, алынды, алған
        passive = ы + ("н" if last == "л" else "л") + ды
        participle = ("к" if front else "қ") if last in _VOICELESS else ("г" if front else "ғ")
        endings = [past, а + ды, passive, participle + а + "н"]
    prefix = f"{head} " if head else ""
    return [prefix + verb + ending for ending in endings]


class Glossary:
    """Longest-match lookup of stemmed Russian/English phrases."""

    def __init__(self, table: dict[str, dict[tuple[str, ...], Concept]]) -> None:
        self._table = table
        self._longest = max((len(key) for keys in table.values() for key in keys), default=1)

    @classmethod
    def load(cls, path: Path = GLOSSARY_FILE) -> Glossary:
        """Parse the TSV (header ``kk ru en``, ``;`` between synonyms, ``#`` comments).

        A malformed line raises ``GlossaryError`` naming the file and line.
        """
        table: dict[str, dict[tuple[str, ...], Concept]] = {lang: {} for lang in _STEMMERS}
        stemmers = {lang: stemmer(lang) for lang in _STEMMERS}
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or tuple(lines[0].split("\t")) != HEADER:
            raise GlossaryError(f"{path}:1: the header must be {' TAB '.join(HEADER)}")
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) != len(HEADER) or not all(cell.strip() for cell in cells):
                raise GlossaryError(f"{path}:{number}: expected three non-empty cells: kk, ru, en")
            verb = bool(_INFINITIVE.search(_synonyms(cells[1])[0]))
            kazakh = tuple(
                (term, *verb_forms(term)) if verb else (term,) for term in _synonyms(cells[0])
            )
            for lang, cell in zip(HEADER[1:], cells[1:], strict=True):
                for phrase in _synonyms(cell):
                    key = tuple(stemmers[lang].stemWords(_words(phrase, lang)))
                    if not key:
                        continue
                    known = table[lang][key].kazakh if key in table[lang] else ()
                    table[lang][key] = Concept(phrase, tuple(dict.fromkeys(known + kazakh)))
        return cls(table)

    def translate(self, text: str, lang: str) -> list[Concept]:
        """The glossary phrases in ``text`` (longest match first, left to right); [] for Kazakh.

        Question words and "say"/"сказал" stay untranslated, as ``query_terms`` drops them: every
        quote paragraph says something, and speech questions are ranked by their speaker.
        """
        table = self._table.get(lang)
        if not table:
            return []
        words = _words(text, lang)
        stems = stemmer(lang).stemWords(words)
        found: list[Concept] = []
        i = 0
        while i < len(stems):
            for size in range(min(self._longest, len(stems) - i), 0, -1):
                concept = table.get(tuple(stems[i : i + size]))
                if concept and not (size == 1 and words[i] in query_stopwords()):
                    found.append(replace(concept, source=" ".join(words[i : i + size])))
                    i += size
                    break
            else:
                i += 1
        return found


def coverage(text: str, lang: str, concepts: Sequence[Concept]) -> float:
    """Share of the question's content words (not question or function words) that the
    glossary translated: how much of a Russian or English question its Kazakh terms carry.

    A name counts as translated ("Who is Elin Jones?" is covered in full): the keyword index
    matches names in any script (``kazakh.names.proper_noun_keys``). Its first word is
    capitalized as a question word ("Сколько…"), not as a name."""
    content = [word for word in _words(text, lang) if word not in query_stopwords()]
    if not content:
        return 0.0
    stop = query_stopwords()  # "не хватает" translates one content word, not two
    translated = [
        word for concept in concepts for word in _words(concept.source, lang) if word not in stop
    ]
    after_first = " ".join(_POSSESSIVE.sub("", text).split()[1:])
    names = _words(" ".join(_CAPITALIZED.findall(after_first)), lang)
    covered = set(translated) | set(names)
    return sum(word in covered for word in content) / len(content)


def code_switched(text: str, concepts: Sequence[Concept]) -> str:
    """``text`` with each translated phrase replaced by its first Kazakh equivalent ("How many
    wagons are on the bridge?" -> "How many вагон are on the көпір?"): names and the words the
    glossary lacks stay as written, for the multilingual encoder to read."""
    for concept in concepts:
        pattern = re.compile(rf"\b{re.escape(concept.source)}\b", re.IGNORECASE)
        text = pattern.sub(concept.kazakh[0][0], text, count=1)
    return text


def kazakh_text(concepts: Sequence[Concept]) -> str:
    """All Kazakh equivalents as one text, for the keyword index to stem and match."""
    return " ".join(form for concept in concepts for form in concept.forms())


@cache
def default_glossary() -> Glossary:
    """The bundled news glossary, parsed once per process."""
    return Glossary.load()


def _synonyms(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def _words(text: str, lang: str) -> list[str]:
    if lang == "en":
        text = _POSSESSIVE.sub("", text)
    return _WORD.findall(text.lower().replace("ё", "е"))


def stemmer(lang: str) -> BaseStemmer:
    """A new stemmer: Snowball stemmers keep state while they work, so threads (the app answers
    several users at once) must not share one. Making one costs microseconds."""
    return snowballstemmer.stemmer(_STEMMERS[lang])
