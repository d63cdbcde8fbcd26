"""Who speaks in each paragraph of a Kazakh news article, found by rules (no model).

Why rules: journalists check "who said what" against the text, so every attribution must be
explainable from the words on the page, deterministic, and cheap enough to run at ingest. Kazakh
news writes speech in a few fixed shapes, which the rules below follow:

* introduction with role and name, then a reporting verb: "Қарағанды облысының әкімі Ермағанбет
  Бөлекпаев ... атап өтті" (reported speech; the subject is the nominative name, other names in
  the sentence carry case endings: "Бөлекпаевпен", "Ғанимен");
* a direct quote closed by a dash and a verb of saying: "<quote>, – деді Ермағанбет Бөлекпаев.",
  "«...», – деді ол.", "«...», – деді партия өкілі.", or opened by a colon: "Министр: «...»";
* "Х-тың сөзінше / айтуынша / пікірінше / мәліметінше, ..." (reported, speaker in the genitive);
* later references by pronoun ("ол") or role word ("министр", "әкімнің"), resolved to the most
  recent speaker of the article whose recorded role has that word.

``speaker`` is always a person's name in the nominative. A role with no name ("– деді Президент."
in an article that never names him) leaves ``speaker`` empty and keeps the words in ``role``, so
the paragraph is not lost for role questions and no name is invented. Groups and institutions
("мамандар", "Министрлік", "Куәгерлердің айтуынша") are kept the same way and never stand for a
person. ``kind`` is "direct" whenever the paragraph carries an attributed quote, even when nobody
can be named ("«...», – деді." with no earlier speaker), "reported" for reported speech with an
identified source, and "none" otherwise (a verb of saying with no subject in sight is not enough).
"деп хабарлайды BAQ.KZ" names the outlet, never a speaker: :func:`extract_outlet` returns it for
the article's source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ingest.models import Attribution
from kazakh.morphology import voiced
from kazakh.names import (
    ALL_TAILS,
    GENITIVE,
    NAME_CASES,
    NOMINATIVE_TAILS,
    OBLIQUE_END,
    SURNAME,
    is_common_noun,
    name_key,
    nominal_stems,
    strip_name_case,
)
from kazakh.wordlists import word_list, word_set

# --- letters and words ---------------------------------------------------------------------------

_UPPER = "А-ЯЁӘҒҚҢӨҰҮҺІ"
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_DASHES = "–—―-"
_LATIN = re.compile(r"[A-Za-z]")


@cache
def _institutions() -> frozenset[str]:
    """Institutions that speak ("Министрлік ... деп хабарлады"): a role, never a person."""
    return word_set("ingest", "institutions.txt")


@cache
def _role_words() -> tuple[str, ...]:
    """Nouns that name who speaks (offices, professions, groups) and institutions, longest
    first; matched with inflection (``_role_form``)."""
    heads = sorted(word_list("ingest", "role_heads.txt"), key=len, reverse=True)
    return tuple(sorted((*heads, *word_list("ingest", "institutions.txt")), key=len, reverse=True))


def _generic_heads() -> frozenset[str]:
    """Role words that say nothing about who the person is ("партия өкілі": the party says it)."""
    return word_set("ingest", "generic_role_heads.txt")


@cache
def _org_stems() -> tuple[str, ...]:
    """Stems of capitalized words of organizations and places, so "Қазақстан Республикасы
    Парламенті Сенаты" is never read as a person; any nominal ending may follow."""
    return word_list("ingest", "org_stems.txt")


_GEO_END = re.compile(r"(?:стан|ия|ея)(?:\w{0,8})$")


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that end a role phrase read backwards from a name ("Бүгін | министр Дәурен Абаев").
_STOP = _wordset(
    """
    бүгін кеше ертең биыл былтыр қазір енді жуырда жақында кейін соң бұрын сонда мұнда онда
    бұл осы сол ол олар оның мұны осыны оны бұны бұған осыған бұдан осыдан одан содан мұнан
    біз сіз туралы жөнінде жайлы хақында бойынша үшін арқылы сайын шейін дейін бөлек орай
    байланысты қатысты бірге сәйкес қарай бері қарамастан ал алайда бірақ дегенмен сондай-ақ
    сонымен қатар тағы де да та те яғни осылай былай солай сондықтан себебі өз өзі өзінің еді
    едім едік осылайша сөйтіп әрине мысалы
    екен ғой иә жоқ ия бізге сізге оған маған саған оларға бізді сізді мені сені
    """
)
# Sentence-initial capitals that are not first names ("Жаңа Конституция", "Бұл туралы").
_COMMON_INITIAL = _wordset(
    """
    жаңа бұл осы сол ол олар бүгін биыл кеше ал алайда бірақ дегенмен сондай-ақ сонымен
    енді кейін біз біздің бізде мен сіз әр барлық бір екі үш сондықтан себебі мұнда онда
    """
)

# --- verbs of saying -----------------------------------------------------------------------------

# Third-person finite endings: past, present, perfect, evidential, progressive. The perfect (-ған)
# is finite only at the end of its clause ("деп айтқан."), not in "айтқан Президент".
_FINITE = (
    r"(?:ды|ді|ты|ті|ады|еді|йды|йді|ыпты|іпті|пты|пті|уда|уде|[ыі]?п отыр"
    r"|(?:ған|ген|қан|кен)(?=\s*(?:еді|болатын)?\s*(?:[.!?…,;]|$)))"
)
_SPEECH_STEMS = (
    r"айт", r"атап өт", r"атап көрсет", r"тоқтал", r"мәлімде", r"мәлім ет", r"мәлімдеме жаса",
    r"хабарла", r"түсіндір", r"жеткіз", r"сөз сөйле", r"сөйле", r"ескерт", r"баянда", r"сендір",
    r"түйінде", r"мойында", r"жарияла", r"уәде бер", r"назар аудар", r"тілге тиек ет",
    r"тапсыр", r"сөз ал", r"жасырма",
    r"(?:пікір|ой|сенім|алаңдаушылық|көзқарас|ризашылық|наразылық|қолдау|үміт|алғыс)\w*\s+білдір",
)  # fmt: skip
# Verbs that report speech only after "деп" ("деп санайды", "деп қосты").
_DEP_STEMS = (
    r"сана", r"есепте", r"сен", r"ойла", r"пайымда", r"қос", r"жаз", r"сұра", r"жауап бер",
    r"тұжырымда", r"сипатта", r"бағала", r"ұсын", r"шақыр", r"үнде", r"мақтан", r"шағымдан",
)  # fmt: skip
_SPEECH = rf"(?:{'|'.join(_SPEECH_STEMS)}){_FINITE}"
# Words that may stand between "деп" and its verb: "деп тағы да уәде берді", "деп Президент айтты".
_BETWEEN = rf"тағы|да|де|та|те|ол|бүгін|кейін|осылай|ашық|нақты|қадап|баса|[{_UPPER}]\w*"
_REPORTING = re.compile(
    rf"(?<!\w)(?:деп\s+(?:(?:{_BETWEEN})\s+){{0,2}}?(?:(?:{'|'.join(_DEP_STEMS)}){_FINITE}|отыр|{_SPEECH})"
    rf"|{_SPEECH}|деді|дейді|деген(?=\s*(?:еді\b|[.!?…]|$))"
    rf"|(?:{'|'.join(_SPEECH_STEMS[:1])})[ыі]?п(?=\s*,))(?!\w)",
)
# "Х-тың сөзінше, ..." / "оның айтуынша": the speaker stands in the genitive just before.
_ACCORDING = re.compile(
    r"(?<!\w)(?:сөз(?:дер)?інше|айту(?:ы|лары)нша|пікір(?:лер)?інше|ойынша|пайымдауынша"
    r"|мәлімдеуінше|түсіндіруінше|хабарлауынша|есептеуінше|бағалауынша|мәліметінше"
    r"|(?:сөзіне|айтуына|пікіріне)\s+(?:қарағанда|сүйенсек))(?!\w)",
    re.IGNORECASE,
)
# A quote closed by a dash (or by » alone) and a form of "де-": the quote ends at the match start.
_QUOTE_CLOSE = re.compile(
    rf"(?:[,.!?…]\s*»?|»)\s*[,.!?…]?\s*[{_DASHES}]{{1,2}}\s*(?=де(?:ді|йді|ген|п)(?!\w))"
    rf"|\s[{_DASHES}]\s*(?=де(?:ді|йді|п)(?!\w))"
    rf"|»\s*,?\s*(?=(?:деп|деді|дейді|деген)(?!\w))"
)
_DE_FORM = re.compile(r"де(?:ді|йді|ген|генді|п)", re.IGNORECASE)
_NOT_SPEECH_AFTER_DEP = re.compile(r"деп\s+ата(?:л|ды|йды|ған|йтын)", re.IGNORECASE)
_DEP_SPEECH = rf"(?:{'|'.join(_DEP_STEMS)}){_FINITE}"
_SAYING_WORD = re.compile(rf"^(?:{_DE_FORM.pattern}|атап|баса|отыр|{_SPEECH}|{_DEP_SPEECH})$")
_VERBISH = re.compile(rf"^(?:{_DE_FORM.pattern}|атап|баса|сөз|отыр|{_SPEECH}|\w+{_FINITE})$")

# "..., деп хабарлайды BAQ.KZ." / "деп хабарлайды ҚазАқпарат тілшісі": the outlet, not a speaker.
_OUTLET = re.compile(
    rf"(?:^|[,.;]\s*|\s[{_DASHES}]\s*)(?:деп\s+)?(?:хабарлайды|хабарлады|жазады|жазды)\s+"
    r"(?P<src>«[^«»]{2,60}»(?:\s+[^\W\d_]+)?"
    r"|[^\s,;:!?«»]*[^\s,;:!?«».](?:\s+[^\s,;:!?«»]*[^\s,;:!?«».]){0,6}?)"
    r"\s*(?=[,;:!?]|\.(?:\s|$)|$)"
)
_MEDIA_WORDS = re.compile(
    r"(?:тілшісі|агенттігі|порталы|сайты|басылымы|газеті|арнасы|телеарнасы|журналы|редакциясы"
    r"|ақпарат агенттігі|агенттігінің тілшісі)$"
)

_SENTENCE_END = re.compile(rf"[.!?…]+(?=\s+[«\"“{_DASHES}]?\s*[{_UPPER}A-Z0-9]|\s*$)")


def _is_surname(word: str) -> bool:
    return len(word) > 4 and bool(SURNAME.search(word.lower()))


_ALL_TAILS_SET = frozenset(ALL_TAILS)


@lru_cache(maxsize=100_000)  # a word list is a cached tuple: the same stems every call
def _inflection_of(lower: str, stems: tuple[str, ...]) -> tuple[str, str] | None:
    """(stem, ending) when ``lower`` is one of ``stems`` with a nominal ending, else None; of
    several, the stem listed first."""
    order, lengths = _stem_order(stems)
    best: int | None = None
    for size in lengths:
        place = order.get(lower[:size]) if size <= len(lower) else None
        if place is not None and (best is None or place < best):
            tail = lower[size:]
            if tail == "" or tail in _ALL_TAILS_SET:
                best = place
    return (stems[best], lower[len(stems[best]) :]) if best is not None else None


@lru_cache(maxsize=64)
def _stem_order(stems: tuple[str, ...]) -> tuple[dict[str, int], tuple[int, ...]]:
    """Each stem's first place in ``stems``, and the stem lengths there are: a word's
    beginnings are looked up instead of every stem tried against it."""
    order: dict[str, int] = {}
    for place, stem in enumerate(stems):
        order.setdefault(stem, place)
    return order, tuple(sorted({len(stem) for stem in order}))


@dataclass(frozen=True)
class _RoleForm:
    """A role noun as written: its head ("әкім") and the ending it carries ("нің")."""

    head: str
    tail: str

    @property
    def nominative(self) -> bool:
        return self.tail in NOMINATIVE_TAILS

    @property
    def genitive(self) -> bool:
        return self.tail.endswith(GENITIVE)

    @property
    def plural(self) -> bool:
        return self.tail[:3] in _PLURALS

    @property
    def institution(self) -> bool:
        return self.head in _institutions()

    @property
    def possessive(self) -> bool:
        return self.nominative and self.tail.endswith(("ы", "і"))


_PLURALS = frozenset(("лар", "лер", "дар", "дер", "тар", "тер"))
# A word of a name other than its last that carries a case ending ("Алматының", "Сингапурде").
_NOT_IN_NAME = re.compile(
    r"(?:\w{3}(?:ның|нің|дың|дің|тың|тің|дағы|дегі|тағы|тегі)|\w{5}(?:да|де|та|те|нан|нен|дан|ден))$"
)
_OBJECT_END = re.compile(r"\w{3}(?:ны|ні|ды|ді|ты|ті)$")  # "Дональд Трампты": the object
_HONORIFIC = re.compile(r"\s+(?:мырза|ханым|айым)$")
_PLACE_CASE = re.compile(r"\w{3}(?:дағы|дегі|тағы|тегі)$")


@lru_cache(maxsize=100_000)
def _role_form(lower: str) -> _RoleForm | None:
    found = _inflection_of(lower, _role_words())
    if found is None:  # a final қ, к, п voiced before a vowel ending: бастық -> бастығы
        heads = _voiced_role_words()
        voiced_form = _inflection_of(lower, tuple(heads))
        if voiced_form is not None and voiced_form[1][:1] in "аәеиоөұүыі":
            found = (heads[voiced_form[0]], voiced_form[1])
    return _RoleForm(*found) if found else None


@cache
def _voiced_role_words() -> dict[str, str]:
    """Role words as an ending after a vowel writes them (``kazakh.morphology.voiced``:
    "бастығ" of бастығы), mapped to the word."""
    return {voiced(word): word for word in _role_words() if voiced(word) != word}


def _stems(word: str) -> frozenset[str]:
    """The word with each nominal ending it may carry stripped; two forms match if these meet."""
    lower = word.lower()
    return frozenset((lower, *nominal_stems(lower, 3)))


def _is_org(word: str) -> bool:
    if len(word) > 1 and word.isupper():
        return True  # ҚР, БҰҰ, АҚШ
    if _LATIN.search(word):
        return True
    lower = word.lower()
    return _inflection_of(lower, _org_stems()) is not None or bool(_GEO_END.search(lower))


def _concepts(role: str) -> frozenset[str]:
    """Stems of a role phrase plus the offices it names in other words (Мемлекет басшысы)."""
    stems: set[str] = set()
    for word in (w.lower() for w in _WORD.findall(role)):
        stems |= _stems(word)
        form = _role_form(word)
        if form:
            stems.add(form.head)
    if "президент" in stems or {"мемлекет", "басшы"} <= stems:
        stems.add("президент")
    if {"үкімет", "басшы"} <= stems or "премьер-министр" in stems:
        stems.add("премьер")
    if "басшы" in stems and stems & {"облыс", "өңір", "қала", "аудан"}:
        stems.add("әкім")
    if "аким" in stems:
        stems.add("әкім")
    if "төраға" in stems and stems & {"мәжіліс", "сенат", "парламент", "палата"}:
        stems.add("спикер")
    if "сенатор" in stems or ("сенат" in stems and "депутат" in stems):
        stems |= {"сенатор", "депутат"}
    return frozenset(stems)


# --- text layout ---------------------------------------------------------------------------------

_CAPITALS = frozenset("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯӘҒҚҢӨҰҮҺІ")
_PARTICIPLE = re.compile(
    r"(?:ған|ген|қан|кен|атын|етін|йтын|йтін)(?:[ыі]?н|ы|і|дар|дер|лар|лер|да|де|ға|ге|ның|нің)?$"
)
_BARE_PARTICIPLE = re.compile(r"(?:ған|ген|қан|кен|атын|етін|йтын|йтін)$")
_CONVERB = re.compile(r"[ыі]п$")
_ABLATIVE = re.compile(r"(?:нан|нен|дан|ден|(?<!с)тан|тен)$")  # not "аудан", "Қазақстан"
_DATIVE = re.compile(r"(?:ға|ге|қа|ке)$")
_PRESENT_OR_EVIDENTIAL = re.compile(r"(?:йды|йді|ады|еді|пты|пті)$")  # "деп топшылайды", "беріпті"
_LOCATIVE = re.compile(r"(?:да|де|та|те)$")
# Unambiguous objects only: not "жергілікті" (adjective) nor "ауданы" (possessive).
_ACCUSATIVE = re.compile(r"(?:[ыі]н|уды|уді)$")
_POSSESSIVE = re.compile(r"(?:[ыі]|сы|сі)$")
# A noun whose possessive marks it as the head the word before qualifies: "Елбасы бастамасымен".
_POSSESSED = re.compile(r"(?:[ыі]|сы|сі)(?:ның|нің|мен)$")
_PRONOUNS = {"ол": (False, "nom"), "оның": (False, "gen"), "олар": (True, "nom")}
_PRONOUNS["олардың"] = (True, "gen")
# "Narrative sentence. – Quote, – деді ол.": a dash after a sentence end opens a dash quote.
_DASH_OPENING = re.compile(rf"[.!?…]\s+[{_DASHES}]\s+(?=[{_UPPER}A-Z0-9«\"“])")
# After a quote opened by "Министр: «": the sentence ends; "«Хабар» арнасы" is a name, not a quote.
_QUOTE_END = re.compile(rf"\s*(?:[.!?…;]|,\s*[{_DASHES}]|$)")
# "жеткізді" reports speech only with what was said: "...екенін жеткізді", not "жүк жеткізді".
_SPOKEN = re.compile(
    r"(?:екенін|екендігін|[ғгқк][ае]н[ыі]н|т[ыі]н[ыі]н|туралы|жайлы|деп|тілегін|сәлемін"
    r"|ойын|пікірін|ұсынысын|алғысын)(?!\w)"
)
_AFTER_QUOTE = re.compile(r"\s*,?\s*(?:деп|деген|дегенді|екенін|екендігін)(?!\w)")


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def cap(self) -> bool:
        return self.text[0] in _CAPITALS and not (len(self.text) > 1 and self.text.isupper())


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _guillemet_spans(text: str, open_at_start: bool) -> list[tuple[int, int]]:
    """Top-level «...» spans: (index of «, or -1 if opened before; index of », or len)."""
    spans: list[tuple[int, int]] = []
    depth = 1 if open_at_start else 0
    opened = -1
    for index, char in enumerate(text):
        if char == "«":
            if depth == 0:
                opened = index
            depth += 1
        elif char == "»" and depth > 0:
            depth -= 1
            if depth == 0:
                spans.append((opened, index))
    if depth > 0:
        spans.append((opened, len(text)))
    return spans


def _closes_open_quote(text: str) -> bool:
    spans = _guillemet_spans(text, True)
    return bool(spans) and spans[0][1] < len(text)


def _sentences(masked: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(masked):
        head = masked[start : match.start()].rsplit(maxsplit=1)
        if head and len(head[-1]) == 1 and head[-1].isupper():
            continue  # an initial: "Е. Бөлекпаев"
        spans.append((start, match.end()))
        start = match.end()
    if masked[start:].strip():
        spans.append((start, len(masked)))
    return spans


def _sentence_end_after(masked: str, position: int) -> int:
    match = _SENTENCE_END.search(masked, position)
    return match.end() if match else len(masked)


# --- mentions and the article's speakers ---------------------------------------------------------


@dataclass(frozen=True)
class _Mention:
    """A possible speaker in the text: a name, a role phrase or the pronoun "ол"."""

    kind: str  # "name" | "role" | "pronoun"
    start: int
    end: int
    name: str = ""
    role: str = ""
    case: str = "nom"  # "nom" | "gen" | "obl" | "mod" (a name that qualifies a participle)
    group: bool = False  # "олар", "мамандар", "министрлік": never resolved to one person
    weak: bool = False  # looks inflected, but could be a name that ends so ("Сүлеймен")


@dataclass
class _Known:
    name: str  # "" for a role never given a name ("Президент")
    role: str
    paragraph: int  # where last mentioned


@dataclass
class _Speakers:
    """The article's speakers so far, most recent last (pronouns and roles resolve here)."""

    known: list[_Known] = field(default_factory=list)
    # Capitalized words of the whole article: "Трамппен" is "Трамп" + case when "Трамп" occurs.
    words: frozenset[str] = frozenset()

    def attested_stem(self, word: str) -> tuple[str, str] | None:
        """(stem, ending) when ``word`` is a capitalized word of the article plus a case ending."""
        lower = word.lower()
        for ending in NAME_CASES:
            if lower.endswith(ending) and len(lower) - len(ending) >= 3:
                stem = word[: len(word) - len(ending)]
                if stem in self.words or any(
                    other != word and other.startswith(stem) and other[len(stem) :] in NAME_CASES
                    for other in self.words
                ):  # "Трамп", or "Трамптың" beside "Трампты"
                    return stem, ending
        return None

    def touch(self, entry: _Known, paragraph: int) -> _Known:
        self.known.remove(entry)
        entry.paragraph = paragraph
        self.known.append(entry)
        return entry

    def by_name(self, name: str) -> _Known | None:
        """The speaker with this full name, or whose surname or first name this one word is."""
        key = name_key(name).split()
        if not key:
            return None
        for entry in reversed(self.known):
            known = name_key(entry.name).split()
            if not known:
                continue
            if key == known or (len(key) == 1 and key[0] in (known[0], known[-1])):
                return entry
            if len(key) > 1 and key[-1] == known[-1] and (len(known) == 1 or key[0] == known[0]):
                return entry
        return None

    def by_inflected(self, word: str) -> tuple[str, str] | None:
        """(known name, ending) when ``word`` inflects a known name ("Сүлейменнің")."""
        lower = word.lower()
        for entry in reversed(self.known):
            for part in entry.name.split():
                ending = lower[len(part) :]
                if ending and lower.startswith(part.lower()) and ending in NAME_CASES:
                    return entry.name, ending
        return None

    def by_role(self, role: str) -> _Known | None:
        """The most recent speaker whose role names the same office ("министр", "партия өкілі")."""
        words = [w.lower() for w in _WORD.findall(role)]
        if not words:
            return None
        form = _role_form(words[-1])
        head = form.head if form else words[-1]
        wanted = _concepts(role)
        written = frozenset().union(*(_stems(w) for w in words))
        derived = wanted - written - {head}
        others = wanted - _stems(words[-1]) - {head} - _generic_heads()
        for entry in reversed(self.known):
            have = _concepts(entry.role)
            if head in _generic_heads():
                if not others or others & have:
                    return entry
            elif head in have or derived & have:
                return entry
        return None

    def resolve(self, mention: _Mention, paragraph: int) -> tuple[str, str]:
        """(speaker name, role) a mention stands for; remembers new speakers."""
        if mention.kind == "pronoun":
            if mention.group or not self.known:
                return "", ""
            entry = self.touch(self.known[-1], paragraph)
            return entry.name, entry.role
        if mention.kind == "name":
            entry = self.by_name(mention.name)
            if entry is None:
                entry = _Known(mention.name, mention.role, paragraph)
                self.known.append(entry)
                return entry.name, entry.role
            if len(mention.name.split()) > len(entry.name.split()):
                entry.name = mention.name
            if mention.role and not entry.role:
                entry.role = mention.role
            self.touch(entry, paragraph)
            return entry.name, mention.role or entry.role
        if mention.group:
            return "", mention.role
        entry = self.by_role(mention.role)
        if entry is None:
            self.known.append(_Known("", mention.role, paragraph))
            return "", mention.role
        self.touch(entry, paragraph)
        return entry.name, entry.role


class _Paragraph:
    """One paragraph: its text, the same text with quotes and outlet blanked, words, sentences."""

    def __init__(self, text: str, masked: str, spans: list[tuple[int, int]]) -> None:
        self.text = text
        self.masked = masked
        self.spans = spans
        self.tokens = [_Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(masked)]
        self.sentences = _sentences(masked)

    def sentence_at(self, position: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= position < end:
                return start, end
        return self.sentences[-1] if self.sentences else (0, len(self.text))

    def _joined(self, left: _Token, right: _Token, across_quotes: bool = True) -> bool:
        """Only spaces between two words (or a «name» in between, for role phrases)."""
        gap = "".join(self.masked[left.end : right.start].split())
        return gap == "" or (across_quotes and gap == "«»")

    def _is_boundary(self, token: _Token, following: _Token) -> bool:
        """Does this word end a role phrase read backwards ("Бүгін", "отырысында", "барған")?"""
        lower = token.lower
        if lower in _STOP or lower[0].isdigit():
            return True
        if _role_form(lower) is not None:
            return False
        if token.cap:  # "Астанада", "Жиыннан"; not "Сауда", "Ақорда"
            return len(lower) > 6 and bool(_LOCATIVE.search(lower) or _ABLATIVE.search(lower))
        if _SAYING_WORD.match(lower):
            return True
        if len(lower) > 4 and (
            _PARTICIPLE.search(lower)
            or _CONVERB.search(lower)
            or _LOCATIVE.search(lower)
            or _PRESENT_OR_EVIDENTIAL.search(lower)
            or (len(lower) > 5 and (_ABLATIVE.search(lower) or _DATIVE.search(lower)))
        ):
            return True
        # An object just before the phrase: "міндеттерін Қасым-Жомарт Тоқаев", "құруды Мемлекет
        # басшысы"; inside a phrase it stays ("халықты әлеуметтік қорғау министрлігінің").
        before_head = following.cap or _role_form(following.lower) is not None
        return before_head and len(lower) > 3 and bool(_ACCUSATIVE.search(lower))

    def _role_start(self, tokens: list[_Token], index: int) -> int:
        """Index of the first word of the role phrase ending just before tokens[index]."""
        first = index
        while first > 0 and index - first < 16:
            token = tokens[first - 1]
            if not self._joined(token, tokens[first]) or self._is_boundary(token, tokens[first]):
                break
            first -= 1
        while first < index and tokens[first].lower in ("және", "мен", "әрі", "ал"):
            first += 1
        return first

    def _phrase_start(self, tokens: list[_Token], first: int) -> int:
        """Where a role phrase starting at tokens[first] starts, a «name» before it included."""
        start = tokens[first].start
        before = max((t.end for t in self.tokens if t.end <= start), default=0)
        gap = self.masked[before:start]
        return before + gap.index("«") if "".join(gap.split()) == "«»" else start

    def genitive_before(self, start: int, end: int) -> str:
        """The genitive phrase ending at ``end`` ("Куәгерлердің"), in the nominative, or ""."""
        tokens = [t for t in self.tokens if start <= t.start and t.end <= end]
        if not tokens or not tokens[-1].lower.endswith(GENITIVE) or tokens[-1].lower in _PRONOUNS:
            return ""
        first = self._role_start(tokens, len(tokens) - 1)
        return self.text[self._phrase_start(tokens, first) : tokens[-1].end - 3]

    def mentions(self, start: int, end: int, speakers: _Speakers) -> list[_Mention]:
        """Names, role phrases and pronouns in [start, end), in reading order."""
        tokens = [t for t in self.tokens if start <= t.start and t.end <= end]
        sentence_start = self.sentence_at(start)[0]
        initial = next((t.start for t in self.tokens if t.start >= sentence_start), -1)
        found: list[_Mention] = []
        taken: set[int] = set()
        index = 0
        while index < len(tokens):
            if not tokens[index].cap:
                index += 1
                continue
            last = index
            while (
                last + 1 < len(tokens)
                and tokens[last + 1].cap
                and self._joined(tokens[last], tokens[last + 1], across_quotes=False)
            ):
                last += 1
            found.extend(self._names(tokens, index, last, initial, speakers, taken))
            index = last + 1
        for index in range(len(tokens)):
            if index not in taken:
                mention = self._pronoun_or_role(tokens, index, taken)
                if mention is not None:
                    found.append(mention)
        found.sort(key=lambda m: m.start)
        return [self._own(m) for m in found]

    def _own(self, mention: _Mention) -> _Mention:
        """ "Тоқаевтың өзі айтты": a genitive followed by өзі ("himself") is the subject."""
        if mention.case == "gen" and re.match(r"\s+өзі(?!\w)", self.masked[mention.end :]):
            return _Mention(
                mention.kind, mention.start, mention.end, mention.name, mention.role, "nom",
                mention.group, mention.weak,
            )  # fmt: skip
        return mention

    def _pronoun_or_role(
        self, tokens: list[_Token], index: int, taken: set[int]
    ) -> _Mention | None:
        token = tokens[index]
        lower = token.lower
        if lower in _PRONOUNS:
            group, case = _PRONOUNS[lower]
            return _Mention("pronoun", token.start, token.end, case=case, group=group)
        form = _role_form(lower)
        if form is None:
            return None
        if index + 1 < len(tokens) and self._joined(token, tokens[index + 1], across_quotes=False):
            following = tokens[index + 1]
            if index + 1 in taken:
                return None  # "министр Дәурен Абаев": the role of the name that follows
            if (
                not following.cap
                and _BARE_PARTICIPLE.search(following.lower)
                and not (form.possessive and index <= 2)
            ):
                # "компания көрсететін көмек": the subject of a participle; but a possessed role
                # opening its clause ("Облыс әкімі жаңартылған желілер ... жеткізді") is the
                # clause's subject, the participle describing what follows
                return None
            next_form = _role_form(following.lower)
            if next_form is not None and next_form.possessive:
                return None  # "министр орынбасары": the later word leads the phrase
            if (following.lower not in _STOP and _POSSESSED.search(following.lower)) or (
                following.cap and _POSSESSIVE.search(following.lower)
            ):
                return None  # "Президент Әкімшілігінің", "заң қызметі департаментінің"
        first = self._role_start(tokens, index)
        role = self.text[self._phrase_start(tokens, first) : token.end]
        case = "nom" if form.nominative else ("gen" if form.genitive else "obl")
        if case == "gen":
            role = role[:-3]
        group = form.plural or form.institution
        return _Mention("role", token.start, token.end, role=role, case=case, group=group)

    @staticmethod
    def _labels(tokens: list[_Token], index: int, last: int) -> bool:
        """Is tokens[index] a role or organization word rather than part of a person's name?

        A word of an organization or place directly before a surname is a first name all the
        same: "Кеңес Рахметов", "Әлия Ислямова" ("-ия" like Түркия); a person's office is not
        ("Президент Тоқаев").
        """
        word = tokens[index].text
        form = _role_form(word.lower())
        previous = _role_form(tokens[index - 1].lower) if index > 0 else None
        if (
            form is not None
            and index < last
            and previous is not None
            and previous.possessive
            and not tokens[index - 1].cap
            and _is_surname(strip_name_case(tokens[index + 1].text)[0])
        ):
            return False
        if form is not None and not form.institution:
            return True
        if form is None and not _is_org(word):
            return False
        following = tokens[index + 1].text if index < last else ""
        bare = len(word) > 1 and not word.isupper() and not _LATIN.search(word)
        return not (bare and following and _is_surname(strip_name_case(following)[0]))

    def _names(
        self,
        tokens: list[_Token],
        first: int,
        last: int,
        initial: int,
        speakers: _Speakers,
        taken: set[int],
    ) -> list[_Mention]:
        """Person names in the capitalized run tokens[first..last] (split at roles, surnames)."""
        groups: list[list[int]] = [[]]
        in_name = False
        for index in range(first, last + 1):
            word = tokens[index].text
            surname = _is_surname(strip_name_case(word)[0])
            next_surname = index < last and _is_surname(strip_name_case(tokens[index + 1].text)[0])
            label = self._labels(tokens, index, last)
            if label and in_name:
                groups.append([])
                in_name = False
            groups[-1].append(index)
            if not label:
                in_name = True
                if surname and not next_surname:  # "Мадина Нұрғалиева": -ина twice
                    groups.append([])
                    in_name = False
        found: list[_Mention] = []
        for group in groups:
            cut, role_word = 0, False
            for position, index in enumerate(group):
                if self._labels(tokens, index, group[-1]):
                    form = _role_form(tokens[index].lower)
                    cut = position + 1
                    role_word = form is not None and not form.institution
            names = group[cut:]
            if (
                names
                and tokens[names[0]].start == initial
                and tokens[names[0]].lower in _COMMON_INITIAL
            ):
                names = names[1:]
            if not names:
                continue
            mention = self._name_mention(tokens, names, role_word, initial, speakers)
            if mention is not None:
                taken.update(names)
                found.append(mention)
        return found

    def _name_mention(
        self,
        tokens: list[_Token],
        names: list[int],
        role_word: bool,
        initial: int,
        speakers: _Speakers,
    ) -> _Mention | None:
        # Only a name's last word inflects: "Алматының Әуезов", "Сингапурде Ким" start after it.
        while len(names) > 1 and _NOT_IN_NAME.search(tokens[names[0]].lower):
            names = names[1:]
        while len(names) > 1 and _PLACE_CASE.search(tokens[names[-1]].lower):
            names = names[:-1]  # "Люк Уолтон Сан-Диегодағы": a place in the locative follows
        while len(names) > 2 and _is_other_person(tokens[names[-1]].text):
            names = names[:-1]  # "Род Розенштейн Трамппен": a second person, in an oblique case
        words = [tokens[i].text for i in names]
        last = words[-1]
        if _PLACE_CASE.search(last.lower()) or is_common_noun(last):
            return None  # "Таяу Шығыс", "Ақ Үй": places and phrases, not people
        stem, ending = strip_name_case(last)
        attested = None if ending else speakers.attested_stem(last)
        if attested is not None:
            stem, ending = attested
            last = stem
            words = [*words[:-1], stem]
        first_token, last_token = tokens[names[0]], tokens[names[-1]]
        previous = tokens[names[0] - 1] if names[0] > 0 else None
        role_word = role_word or (
            previous is not None
            and self._joined(previous, first_token, across_quotes=False)
            and _role_form(previous.lower) is not None
        )
        weak = False
        if _is_surname(stem):
            if len(words) == 1 and not role_word and speakers.by_name(stem) is None:
                return None
            name = " ".join([*words[:-1], stem])
        elif len(words) == 1:
            known = speakers.by_inflected(last)
            if known is not None:
                name, ending = known
            elif speakers.by_name(last) is not None:
                name = last
            else:
                return None
        else:
            if (first_token.start == initial and not role_word) or len(words) > 4:
                return None
            if any(_is_org(w) for w in words):
                return None
            known = speakers.by_inflected(last)
            if known is not None:
                name, ending = known
            elif last.lower().endswith(GENITIVE):
                name, ending = " ".join(words)[:-3], last[-3:]
            else:
                name = " ".join(words)
                weak = bool(OBLIQUE_END.search(last.lower()) or _OBJECT_END.search(last.lower()))
        case = "nom" if not ending else ("gen" if ending.lower() in GENITIVE else "obl")
        following = next((t for t in tokens if t.start >= last_token.end), None)
        if following is not None and following.lower.startswith("атында"):
            return None  # "Ахмет Байтұрсынұлы атындағы университет": an eponym, no speaker
        if (
            case == "nom"
            and following is not None
            and not following.cap
            and self._joined(last_token, following, across_quotes=False)
            and _BARE_PARTICIPLE.search(following.lower)
        ):
            case = "mod"  # "Бақытжан Сағынтаев бастаған Үкімет": not the sentence's subject
        first = self._role_start(tokens, names[0])
        role = ""
        if first < names[0]:
            role = self.text[self._phrase_start(tokens, first) : first_token.start].strip()
        return _Mention(
            "name", first_token.start, last_token.end, name=name, role=role, case=case, weak=weak
        )


def _is_other_person(word: str) -> bool:
    lower = word.lower()
    if _is_surname(strip_name_case(word)[0]) and strip_name_case(word)[1]:
        return True
    return not _is_surname(word) and bool(OBLIQUE_END.search(lower) or _OBJECT_END.search(lower))


def _pick(mentions: Sequence[_Mention], case: str = "nom", last: bool = False) -> _Mention | None:
    """The subject among mentions: the first (or last) in ``case``; weak readings only if none."""
    pool = [m for m in mentions if m.case == case and not (m.kind == "pronoun" and m.group)]
    for candidates in ([m for m in pool if not m.weak], [m for m in pool if m.weak]):
        if candidates:
            return candidates[-1] if last else candidates[0]
    return None


# --- outlet --------------------------------------------------------------------------------------


def _outlet_match(paragraph: str) -> tuple[re.Match[str], str] | None:
    for match in _OUTLET.finditer(paragraph):
        source = match.group("src").strip()
        quoted = re.fullmatch(r"«([^«»]+)»(?:\s+(\S+))?", source)
        if quoted is not None:  # "деп хабарлайды «Орталық Қазақстан»", "«Жетісу» газеті"
            if quoted.group(2) is None or _MEDIA_WORDS.search(quoted.group(2).lower()):
                return match, quoted.group(1).strip()
            continue
        words = source.split()
        media = bool(_MEDIA_WORDS.search(source.lower()))
        named = bool(_LATIN.search(source)) or re.search(r"\w\.\w", source) is not None
        camel = len(words) == 1 and any(c.isupper() for c in words[0][1:])
        if not (media or named or camel):
            continue
        lead: list[str] = []
        for word in words:
            if not (word[0].isupper() or word[0].isdigit() or _LATIN.search(word)):
                break
            lead.append(word)
        return match, " ".join(lead) if lead else source
    return None


def extract_outlet(paragraph: str) -> str | None:
    """The outlet in "..., деп хабарлайды BAQ.KZ." ("BAQ.KZ"), or None when there is none.

    Only a media name counts (Latin or domain-like, a CamelCase name such as ҚазАқпарат, or a
    phrase ending in тілшісі / агенттігі / сайты ...); "деп хабарлайды министрліктің баспасөз
    қызметі" is a speaker, not an outlet. A trailing "тілшісі" is dropped.
    """
    found = _outlet_match(paragraph)
    return found[1] if found else None


# --- attribution ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Quote:
    start: int  # the quoted text inside the paragraph
    end: int
    verb_at: int  # where the words after the quote ("деді ол") start
    open_before: bool = False  # opened in an earlier paragraph
    open_after: bool = False  # runs on into the next paragraph
    guillemets: bool = True
    bare: bool = False  # the whole paragraph is the quote, with no words of saying


def _is_verb(tokens: Sequence[_Token], index: int) -> bool:
    """Is tokens[index] part of a verb of saying ("деді", "атап", "болжап отыр")?"""
    token = tokens[index]
    if token.cap or _role_form(token.lower) is not None:
        return False
    if _VERBISH.match(token.lower):
        return True
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    return bool(_CONVERB.search(token.lower)) and following in ("отыр", "тұр", "берді", "өтті")


def _verb_count(tokens: Sequence[_Token]) -> int:
    """How many leading words of an attribution tail are its verb ("деп атап өтті")."""
    count = 0
    while count < len(tokens) and _is_verb(tokens, count):
        count += 1
    return count


def _tail_phrase(para: _Paragraph, start: int, end: int) -> str:
    """The words after the verb that name a speaker the lexicon does not know ("дейді анасы")."""
    tokens = [t for t in para.tokens if start <= t.start and t.end <= end]
    skip = _verb_count(tokens)
    rest = tokens[skip:]
    if any(_is_verb(tokens, i) for i in range(skip, len(tokens))):
        return ""  # "– деп министрлікке сын айтты": a verb follows, no subject after it
    while rest and rest[-1].lower in _STOP:
        rest.pop()
    while rest and rest[0].lower in _STOP:
        rest.pop(0)
    return para.text[rest[0].start : rest[-1].end] if rest else ""


class _Attributor:
    """Reads an article in order, keeping its speakers for pronoun and role references."""

    def __init__(self) -> None:
        self.speakers = _Speakers()
        self.open_quote = False  # a «quote» runs on from the previous paragraph
        self.open_speaker: tuple[str, str] | None = None
        self.pending: list[int] = []  # paragraphs of the open quote still without a speaker

    def run(self, paragraphs: Sequence[str]) -> list[Attribution]:
        self.speakers.words = frozenset(
            w for p in paragraphs for w in _WORD.findall(p) if w[:1] in _CAPITALS
        )
        done: list[Attribution] = []
        for index, text in enumerate(paragraphs):
            runs_on = any(_closes_open_quote(p) for p in paragraphs[index + 1 : index + 4])
            done.append(self._paragraph(index, text, runs_on, done))
        return done

    def _paragraph(
        self, index: int, text: str, runs_on: bool, done: list[Attribution]
    ) -> Attribution:
        masked = text
        outlet = _outlet_match(text)
        if outlet is not None:
            masked = _mask(masked, outlet[0].start(), outlet[0].end())
        spans = _guillemet_spans(masked, self.open_quote)
        for open_at, close_at in spans:
            masked = _mask(masked, open_at + 1, close_at)
        quotes = self._quotes(text, masked, spans, runs_on)
        for quote in quotes:
            if not quote.guillemets:
                masked = _mask(masked, quote.start, quote.end)
        was_open = self.open_quote
        self.open_quote = any(q.open_after for q in quotes)
        para = _Paragraph(text, masked, spans)
        directs: list[tuple[str, str, tuple[str, ...]]] = []
        reported: list[tuple[str, str]] = []
        handled: set[tuple[int, int]] = set()
        for quote in quotes:
            speaker = self._quote_speaker(para, quote, index)
            if quote.open_before and was_open and speaker != ("", "") and not quote.open_after:
                self._settle_pending(speaker, done)
            if quote.open_after:
                if not quote.open_before:
                    self.open_speaker = speaker if speaker != ("", "") else None
                if speaker == ("", ""):
                    self.pending.append(index)
            quoted = text[quote.start : quote.end].strip()
            if quoted:
                directs.append((*speaker, (quoted,)))
            handled.add(para.sentence_at(min(quote.end, len(text) - 1)))
            if quote.start > 0:
                handled.add(para.sentence_at(quote.start - 1))
        if not self.open_quote:
            self.pending, self.open_speaker = [], None
        for sentence in para.sentences:
            if sentence not in handled:
                found = self._reported(para, sentence, index)
                if found is not None and found[2]:
                    directs.append(found)
                elif found is not None:
                    reported.append(found[:2])
        return _summarize(directs, reported)

    def _quotes(
        self, text: str, masked: str, spans: list[tuple[int, int]], runs_on: bool
    ) -> list[_Quote]:
        """The quotes of a paragraph that somebody is said to have spoken."""
        closes = {close_at: open_at for open_at, close_at in spans}
        quotes: list[_Quote] = []
        segment_start = 0
        for match in _QUOTE_CLOSE.finditer(masked):
            if _NOT_SPEECH_AFTER_DEP.match(masked, match.end()):
                continue
            chunk = masked[match.start() : match.end()]
            if "»" in chunk:
                bracket = match.start() + chunk.index("»")
                dash = any(d in chunk for d in _DASHES)
                if not dash and not self._speech_follows(masked, match.end()):
                    continue
                if bracket in closes:
                    open_at = closes[bracket]
                    quotes.append(
                        _Quote(open_at + 1, bracket, match.end(), open_before=open_at < 0)
                    )
                else:  # a stray »: the quote runs from the segment start
                    begin = self._skip_lead(masked, segment_start, bracket)
                    if begin < bracket:
                        quotes.append(_Quote(begin, bracket, match.end(), guillemets=False))
            else:
                begin = self._skip_lead(masked, segment_start, match.start())
                if begin < match.start():
                    quotes.append(_Quote(begin, match.start(), match.end(), guillemets=False))
            segment_start = _sentence_end_after(masked, match.end())
        attributed = {q.end for q in quotes}
        for open_at, close_at in spans:
            if close_at in attributed:
                continue
            before = masked[: max(open_at, 0)].rstrip()
            if close_at == len(text) and runs_on:
                quotes.append(
                    _Quote(
                        open_at + 1, close_at, close_at, open_before=open_at < 0, open_after=True
                    )
                )
            elif open_at < 0:
                quotes.append(_Quote(0, close_at, close_at, open_before=True))
            elif not before and re.fullmatch(r"[\s.!?…]*", masked[close_at + 1 :]):
                quotes.append(_Quote(open_at + 1, close_at, close_at, bare=True))
            elif (
                before.endswith(":")
                or (before[-1:] in _DASHES and before[:-1].rstrip().endswith(","))
            ) and _QUOTE_END.match(masked, close_at + 1):
                quotes.append(_Quote(open_at + 1, close_at, close_at))
        quotes.sort(key=lambda q: q.start)
        return quotes

    @staticmethod
    def _skip_lead(masked: str, begin: int, end: int) -> int:
        """Where a quote without its own « starts: after a lead-in "Министр:" and any dash."""
        colon = masked.rfind(":", begin, end)
        begin = colon + 1 if colon >= 0 else begin
        openings = [m.end() for m in _DASH_OPENING.finditer(masked, begin, end)]
        begin = openings[-1] if openings else begin
        while begin < end and (masked[begin].isspace() or masked[begin] in _DASHES):
            begin += 1
        return begin

    @staticmethod
    def _speech_follows(masked: str, position: int) -> bool:
        """After "» деп/деді" without a dash: is this really a verb of saying?"""
        clause = masked[position : _sentence_end_after(masked, position)]
        if re.match(r"\s*(?:деді|дейді)(?!\w)", clause):
            return True
        if re.match(r"\s*деген\s*(?:еді(?!\w)|[.!?…]|$)", clause):
            return True
        return _REPORTING.match(clause.lstrip()) is not None

    def _settle_pending(self, speaker: tuple[str, str], done: list[Attribution]) -> None:
        for index in self.pending:
            done[index] = Attribution(speaker[0], speaker[1], "direct", done[index].quotes)
        self.pending = []

    def _quote_speaker(self, para: _Paragraph, quote: _Quote, index: int) -> tuple[str, str]:
        """Who said a quote: the subject after its verb, else before the quote, else the last
        speaker when the verb has no subject at all ("– деді.")."""
        if quote.open_after:
            if quote.open_before:
                return self.open_speaker or ("", "")
            return self._before_quote(para, quote, index) or ("", "")
        if quote.bare:
            recent = self.speakers.known[-1] if self.speakers.known else None
            if recent is not None and recent.name and recent.paragraph == index - 1:
                self.speakers.touch(recent, index)
                return recent.name, recent.role
            return "", ""
        sentence_end = para.sentence_at(quote.verb_at)[1]
        cut = re.search(rf"[,;:]|\s[{_DASHES}]\s", para.masked[quote.verb_at : sentence_end])
        tail_end = quote.verb_at + cut.start() if cut else sentence_end
        mentions = para.mentions(quote.verb_at, tail_end, self.speakers)
        subject = next(
            (m for m in mentions if m.case == "nom" and (m.kind != "name" or not m.weak)),
            _pick(mentions),
        )
        if subject is not None and subject.kind == "pronoun" and not subject.group:
            earlier = [
                m
                for m in para.mentions(0, quote.start, self.speakers)
                if m.kind == "name" and m.case in ("nom", "mod") and not m.weak
            ]
            subject = earlier[-1] if earlier else subject
        if subject is not None:
            return self.speakers.resolve(subject, index)
        before = self._before_quote(para, quote, index)
        if before is not None:
            return before
        phrase = _tail_phrase(para, quote.verb_at, tail_end)
        if phrase:
            return self._phrase_speaker(phrase, index)
        if quote.open_before and self.open_speaker:
            return self.open_speaker
        recent = self.speakers.known[-1] if self.speakers.known else None
        if recent is not None and recent.paragraph >= index - 1:
            self.speakers.touch(recent, index)
            return recent.name, recent.role
        return "", ""

    def _phrase_speaker(self, phrase: str, index: int) -> tuple[str, str]:
        """A phrase after "деді" the rules did not read: a bare surname ("– деді Нильсен.",
        "– деді Ли мырза.") is a person; anything else stays a role."""
        name = _HONORIFIC.sub("", phrase)
        words = name.split()
        if (
            len(words) <= 2
            and all(w[:1] in _CAPITALS and not _is_org(w) and _role_form(w.lower()) is None
                    for w in words)
            and not is_common_noun(words[-1])
        ):  # fmt: skip
            mention = _Mention("name", 0, 0, name=name)
            return self.speakers.resolve(mention, index)
        return "", phrase

    def _before_quote(self, para: _Paragraph, quote: _Quote, index: int) -> tuple[str, str] | None:
        """ "Министр: «...»", "Ол былай деді: «...»": the subject just before the quote."""
        opening = quote.start - 1
        if quote.open_before or opening <= 0:
            return None
        sentence_start = para.sentence_at(opening)[0]
        chosen = _pick(para.mentions(sentence_start, opening, self.speakers), last=True)
        return self.speakers.resolve(chosen, index) if chosen is not None else None

    def _reported(
        self, para: _Paragraph, sentence: tuple[int, int], index: int
    ) -> tuple[str, str, tuple[str, ...]] | None:
        """(speaker, role, quotes) of a sentence of reported speech, or None."""
        start, end = sentence
        clause = para.masked[start:end]
        according = _ACCORDING.search(clause)
        if according is not None:
            mentions = para.mentions(start, start + according.start(), self.speakers)
            chosen = _pick(mentions, case="gen", last=True)
            if chosen is not None:
                speaker = self.speakers.resolve(chosen, index)
                return (*speaker, ()) if speaker != ("", "") else None
            source = para.genitive_before(start, start + according.start())
            if source:
                return "", source, ()
        mentions = para.mentions(start, end, self.speakers)
        verb = next(
            (
                v
                for v in _REPORTING.finditer(clause)
                if _SPOKEN.search(clause) or v[0][:6] != "жеткіз"
            ),
            None,
        )
        if verb is None:
            subject = next((m for m in mentions if m.kind == "name" and m.case == "nom"), None)
            if subject is not None:
                self.speakers.resolve(subject, index)  # remembered for a later "ол"
            return None
        verb_at = start + verb.start()
        before = [m for m in mentions if m.start < verb_at]
        names = [m for m in before if m.kind == "name" and m.case == "nom" and not m.weak]
        chosen = names[0] if names else _pick(before)
        if chosen is None:  # "Әкім Марат Жақсыбеков эвакуацияланған тұрғындар ... айтты"
            chosen = next((m for m in before if m.kind == "name" and m.case == "mod"), None)
        if chosen is None:
            chosen = _pick([m for m in mentions if m.start >= start + verb.end()])
        if chosen is None:
            if not verb.group().lower().startswith("деп"):
                return None
            comma = para.masked.find(",", start + verb.end(), end)
            phrase = _tail_phrase(para, start + verb.end(), comma if comma >= 0 else end)
            return ("", phrase, ()) if phrase else None
        speaker = self.speakers.resolve(chosen, index)
        if speaker == ("", ""):
            return None
        quotes = tuple(
            para.text[open_at + 1 : close_at].strip()
            for open_at, close_at in para.spans
            if start <= open_at and close_at < end and _AFTER_QUOTE.match(para.masked, close_at + 1)
        )
        return (*speaker, quotes)


def _summarize(
    directs: list[tuple[str, str, tuple[str, ...]]], reported: list[tuple[str, str]]
) -> Attribution:
    """One attribution for the paragraph: its first identified quote, else reported speech."""
    if directs:
        named = [d for d in directs if d[0] or d[1]]
        speaker, role, _ = named[0] if named else directs[0]
        quotes = tuple(q for s, r, qs in directs if (s, r) == (speaker, role) for q in qs)
        return Attribution(speaker, role, "direct", quotes)
    if reported:
        named = [r for r in reported if r[0]]
        speaker, role = named[0] if named else reported[0]
        return Attribution(speaker, role, "reported")
    return Attribution()


def attribute_article(paragraphs: Sequence[str]) -> list[Attribution]:
    """One :class:`Attribution` per paragraph, in order.

    The whole article is read in order because later paragraphs refer back ("– деді ол.",
    "– деді партия өкілі.") and a «quote» may run on over several paragraphs.
    """
    return _Attributor().run(paragraphs)


@dataclass(frozen=True)
class SpeakerEntry:
    """One named speaker of an article and where he or she speaks.

    ``kinds[i]`` is the kind of speech ("direct" / "reported") in paragraph ``paragraphs[i]``.
    """

    name: str
    role: str
    paragraphs: tuple[int, ...]
    kinds: tuple[str, ...]


def speakers_of(attributions: Sequence[Attribution]) -> list[SpeakerEntry]:
    """The article's named speakers in order of first speech (roles without a name are left out).

    Names are grouped by :func:`name_key`, so an inflected or Russian-spelled form joins the
    same speaker; the role kept is the first one recorded.
    """
    entries: dict[str, SpeakerEntry] = {}
    for index, attribution in enumerate(attributions):
        if not attribution.speaker:
            continue
        key = name_key(attribution.speaker)
        entry = entries.get(key)
        if entry is None:
            entries[key] = SpeakerEntry(
                attribution.speaker, attribution.role, (index,), (attribution.kind,)
            )
            continue
        entries[key] = SpeakerEntry(
            entry.name,
            entry.role or attribution.role,
            (*entry.paragraphs, index),
            (*entry.kinds, attribution.kind),
        )
    return list(entries.values())
