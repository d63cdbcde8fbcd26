"""Does a question ask for a sum of money (or a number), and does a paragraph state one?

"How much will the ticket cost?" about a story that gives no price is the commonest question the
abstention model cannot tell from an answerable one: the story is covered, only the sum is
missing. The cues and currencies are data (``prompts/amounts.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from assistant.question_terms import Units, analyse, is_name_unit, overlap, text_terms
from kazakh.morphology import index_terms, reading_tokens, stem
from prompts import any_of, word_lists

if TYPE_CHECKING:  # retrieval imports the query, which imports this module
    from assistant.retrieval import Retrieved

_NUMBER = r"\d[\d\s.,]*(?:\s*(?:млн|млрд|мың|трлн|mln|mlrd|myń|myñ|million|billion|thousand)\.?)?"


@cache
def _amount() -> re.Pattern[str]:
    currencies = "|".join(word_lists("amounts")["currencies"])
    # no word end after the currency: Kazakh inflects it ("98 млрд теңгеге", "теңгеден")
    return re.compile(rf"(?:{_NUMBER}\s*(?:{currencies}))|(?:(?:\$|€)\s*\d)", re.IGNORECASE)


@cache
def _number_words() -> frozenset[str]:
    return frozenset(word_lists("amounts")["number_words"])


@cache
def _count_fillers() -> frozenset[str]:
    return frozenset(word_lists("amounts")["count_fillers"])


def asks_number(question: str) -> bool:
    """True when ``question`` asks how many or how much ("How many workers ...?", "Неше ...?")."""
    return any_of("amounts", "count_cues").search(question) is not None


def states_number(text: str) -> bool:
    """True when ``text`` states a number: digits, or a Kazakh number word in any form."""
    if any(ch.isdigit() for ch in text):
        return True
    words = _number_words()
    return any(word in words or stem(word) in words for word in reading_tokens(text))


def counts_asked(text: str, units: Iterable[Iterable[frozenset[str]]]) -> bool:
    """Does ``text`` count one of the question's things: a number right before a word that
    meets a unit ("How many workers…?": "260 жұмысшы"; "34 мыңнан астам адам", the scale and
    "more than" between)? A date or a storey count ("6 қараша", "тоғыз қабатты") states a
    number but not the one asked."""
    tokens = reading_tokens(text)
    words = _number_words()
    fillers = _count_fillers()
    wanted = [alt for alternatives in units for alt in alternatives if alt]
    for at, number in enumerate(tokens):
        if not (number[:1].isdigit() or number in words or stem(number) in words):
            continue
        after = at + 1
        while after < len(tokens) and after - at <= 2 and stem(tokens[after]) in fillers:
            after += 1  # "34 мыңнан астам адам": the scale and "more than" come between
        if after < len(tokens):
            # a phrase ("253 елді мекен") is met by as many words as it has
            for alt in wanted:
                phrase = tokens[after : after + len(alt)]
                if alt <= {term for word in phrase for term in index_terms(word)}:
                    return True
    return False


#: How many of the first paragraphs a sum is looked for in: the story it is asked of
#: (:func:`stating_amount`), that story's paragraphs stating one before retrieval brings one up
#: (``assistant.retrieval``), and abstention's check that one is stated.
SUM_RANKS = 3

#: "How many" and the word after it: the thing counted ("неше ел", "қанша адам", "how many
#: goals", "сколько человек").
_COUNTED = {
    "kk": re.compile(r"(?<!\w)(?:неше|қанша)\s+(\w+)", re.IGNORECASE),
    # two words: "сколько населённых пунктов" counts населённые пункты (елді мекен)
    "ru": re.compile(r"(?<!\w)сколько\s+(\w+(?:\s+\w+)?)", re.IGNORECASE),
    "en": re.compile(r"(?<!\w)how\s+(?:many|much)\s+(\w+(?:\s+\w+)?)", re.IGNORECASE),
}


def counted_units(question: str, language: str = "kk") -> Units:
    """The thing a "how many" question counts, as units for :func:`counts_asked`: the word after
    неше/қанша (two-letter words too: "неше ел", "неше үй", "қанша ай"), or the glossary's
    Kazakh for the two words after "how many"/"сколько" but names ("how much livestock" is мал
    or ірі қара, "сколько населённых пунктов" елді мекен).
    The answer counts that thing, not another the question names ("бес шаруа қожалығы" is no
    count of the farmer's livestock)."""
    pattern = _COUNTED.get(language)
    if pattern is None:
        return ()
    words = pattern.findall(question)
    if language == "kk":
        return tuple((frozenset(index_terms(word)),) for word in words if index_terms(word))
    return tuple(
        unit
        for words_after in words
        for unit in analyse(words_after, language).units
        if not is_name_unit(unit)
    )


def asks_amount(question: str) -> bool:
    """True when ``question`` asks how much something costs or pays."""
    return any_of("amounts", "cues").search(question) is not None


@cache
def _asking_words() -> tuple[str, ...]:
    return tuple(word_lists("amounts")["asking_words"])


def without_amount_cue(question: str) -> str:
    """The question but for the words asking for a sum: what the sum is of ("How much will the
    bridge cost?" -> "the bridge"; "How much will it cost?" -> nothing but "it"). Only the
    asking words of a cue's span go (``asking_words``), whole words: a cue may span the subject
    ("how much … cost" around "the new ice arena")."""
    asking = _asking_words()
    out, last = [], 0
    for match in any_of("amounts", "cues").finditer(question):
        start, end = match.span()
        while start > last and question[start - 1].isalnum():
            start -= 1  # whole words only
        while end < len(question) and question[end].isalnum():
            end += 1
        kept = re.sub(
            r"\w+",
            lambda w: " " if w.group().lower().startswith(asking) else w.group(),
            question[start:end],
        )
        out.append(question[last:start] + kept)
        last = end
    return "".join(out) + question[last:]


def states_amount(texts: Iterable[str]) -> bool:
    """True when any of ``texts`` states a sum of money ("18,4 млрд теңге", "$5")."""
    return any(_amount().search(text) for text in texts)


def stating_amount(
    retrieved: Sequence[Retrieved], depth: int | None = None, subject: Units = ()
) -> list[Retrieved]:
    """The paragraphs that can answer a sum asked for: those of one story (a sum is asked of one
    story; another story's figure is no answer), among its first ``depth``, that state one.
    The story is the best paragraph's; with ``subject`` (what the sum is of), it is the story of
    the paragraph among the first ``SUM_RANKS`` that states a sum and meets the subject (with
    its title; its names first) better than the best paragraph does: "How much did the perinatal
    centre cost?" is not answered by the bridge's cost because the bridge's paragraph ranked
    first, nor a question about Katon-Karagay's park by Kolsai's ticket price."""
    if not retrieved:
        return []
    article = retrieved[0].chunk.article_id
    stating = [r for r in retrieved[:SUM_RANKS] if states_amount([r.chunk.text])]
    if subject and stating:
        names = tuple(unit for unit in subject if is_name_unit(unit))

        def meets(item: Retrieved) -> tuple[float, float]:
            # the places and people named first: Kolsai's ticket price is no answer about
            # Katon-Karagay's park, however many other words it shares
            found = text_terms(f"{item.chunk.text} {item.chunk.title}")
            return overlap(names, found), overlap(subject, found)

        # the best paragraph's story stays unless one stating a sum meets the subject better
        article = max([retrieved[0], *stating], key=meets).chunk.article_id
    own = [r for r in retrieved if r.chunk.article_id == article][:depth]
    return [r for r in own if states_amount([r.chunk.text])]
