"""The default answerer: quote the sentences that answer the question, verbatim, with citations.

No generative model runs offline well enough in Kazakh, so the answer is built from the sources
themselves: the best sentence of the best paragraph(s), quoted exactly inside «...», framed in the
user's language by templates in ``prompts/``. Quotes are exact substrings of the cited paragraph
by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from assistant.amount_question import (
    counted_units,
    counts_asked,
    states_amount,
    states_number,
    stating_amount,
)
from assistant.date_question import states_date
from assistant.outlet_query import credits_outlet, names_outlet
from assistant.query import Query
from assistant.question_terms import Units, is_name_unit, overlap, text_terms, unmet_units
from assistant.quote_gate import normalize_for_match
from assistant.retrieval import Retrieved
from kazakh.sentences import sentence_spans
from kazakh.translit import to_latin, to_russian
from prompts import frames, word_lists

#: Stored sentence vectors of paragraphs by chunk id (``NewsStore.sentence_vectors``).
SentenceVectors = Callable[[Sequence[str]], dict[str, list[np.ndarray]]]

_KEYWORD_WEIGHT = 0.15
_RANK_BONUS = (0.03, 0.015, 0.0)  # retrieval already weighed whole paragraphs: trust its order
_SECOND_PARAGRAPH_GAP = 0.03
#: Asked what someone said, a sentence inside their quotation scores this much more than the
#: outlet's narrative (the size of a rank step above; kaznews dev: one more speaker question
#: right; test half, measured once: answered right 0.678 -> 0.690).
_SPOKEN_BONUS = 0.02
#: Asked how many, a sentence that counts the asked thing scores this much more (a rank step
#: and more: the lead's number of another thing should not outrank it).
_COUNT_BONUS = 0.05
#: Asked when, a sentence that states a date scores this much more: more than any similarity
#: gap, so a dated sentence of the first three paragraphs comes before every undated one (a
#: lead naming the exhibition cannot say until when it is open, however close its words).
#: Kaznews dev a-e: 0.05 answered one "when" question, 1.0 one more, nothing lost; the same
#: for "how many" (_COUNT_BONUS at 1.0) lost four and won one, so it stays a step.
_DATE_BONUS = 1.0
#: A paragraph of a story meeting fewer of the places and people the question names than another
#: candidate story scores this much less for each name's share: it is another story's ("How many
#: tourists came to Katon-Karagay?" is not answered by Kolsai's count of tourists, whatever it
#: shares). Within one story nothing changes: a paragraph need not repeat the story's names.
_NAME_MISS = 0.1
#: A follow-up asks for something new: a sentence the previous answer already quoted, and that
#: meets none of the follow-up's words, scores this much less, more than any similarity or rank
#: gap ("And in other towns?" after the akim's words on the arena should not quote them again;
#: "How many rescuers will he send?" may quote the sentence with the figure again).
_REPEAT_PENALTY = 0.2


@dataclass(frozen=True)
class QuotedSentence:
    """A sentence chosen for the answer and the citation number of its paragraph."""

    n: int
    text: str
    retrieved: Retrieved
    score: float
    spoken: bool = False  # the text lies inside one of the paragraph's direct quotes
    index: int = -1  # the sentence's place in its paragraph (-1: not one of its sentences)


def display_name(name: str, language: str) -> str:
    """A speaker's name as the answer's language writes it."""
    if language == "en":
        return to_latin(name)
    if language == "ru":
        return to_russian(name)
    return name


def _quote_spans(item: Retrieved) -> list[tuple[int, int]]:
    """Character spans of the paragraph's direct quotes (empty when it has none)."""
    text = item.chunk.text
    spans = []
    for quote in item.chunk.quotes:
        start = text.find(quote) if quote else -1
        if start >= 0:
            spans.append((start, start + len(quote)))
    return spans


def _candidate_sentences(item: Retrieved) -> list[tuple[int, str, bool]]:
    """(sentence index, text to quote, spoken) of a paragraph: a sentence inside a direct quote
    is cut to the quoted words (spoken); a sentence outside every quote is the outlet's own
    narrative, quoted whole and framed as the outlet's report."""
    text = item.chunk.text
    quotes = _quote_spans(item)
    candidates = []
    for index, (start, end) in enumerate(sentence_spans(text)):
        overlapping = [
            (max(start, qs), min(end, qe)) for qs, qe in quotes if qs < end and qe > start
        ]
        if not overlapping:
            candidates.append((index, text[start:end], False))
            continue
        for lo, hi in overlapping:
            piece = text[lo:hi].strip(" ,–—-")
            if len(piece.split()) >= 3:
                candidates.append((index, piece, True))
                break
    return candidates


def is_credit_line(sentence: str) -> bool:
    """A sentence that only credits the statement before it ("Бұл туралы ... мәлімдеді.",
    ``prompts/credit_lines.toml``)."""
    opening = " ".join(sentence.strip(" «»\"'–—-").casefold().split()[:3])
    return any(opening.startswith(opener) for opener in _credit_openers())


@cache
def _credit_openers() -> tuple[str, ...]:
    return tuple(o.casefold() for o in word_lists("credit_lines")["openers"])


def pick_sentences(
    units: Units,
    query_vector: np.ndarray,
    candidates: Sequence[tuple[int, Retrieved]],
    vectors: SentenceVectors,
    ignore: frozenset[str] = frozenset(),
    skip_credits: bool = False,
    needs_number: bool = False,
    needs_date: bool = False,
    counted: Units = (),
    needs_amount: bool = False,
    said_before: str = "",
) -> list[QuotedSentence]:
    """Score the candidate sentences of the paragraphs; best sentence per paragraph, best first.

    Sentence vectors come from the store (computed at ingest), so answering embeds nothing. The
    keyword share counts a Russian or English question's glossary translation (``units``: the
    question's content units, ``Query.terms.units``). Units met by the ``ignore`` terms (the asked
    speaker's name and role, which every candidate shares) do not count: what the speaker said
    about the topic decides, not the sentence that introduces the speaker ("What did the head of
    the construction department say about the houses?": the houses, not басқарма басшысы).
    ``skip_credits``: credit lines (:func:`is_credit_line`) are no candidates, for a question
    about what someone said.
    ``needs_number``: the question asks how many or how much, so a paragraph's sentences that
    state a number are its only candidates when it has any.
    ``needs_date``: the question asks when; likewise for sentences stating a date, which also
    score above the others. ``counted``: what a "how many" counts; the count
    bonus goes to a sentence counting it, or any of ``units`` when it is not known
    (:func:`assistant.amount_question.counted_units`). ``needs_amount``: the question asks for a
    sum; a paragraph's sentences stating one ("36,7 млрд теңге") are its only candidates when it
    has any, before those stating other numbers ("14 тірегінің 9-ы"). ``said_before``: the
    previous answer of the conversation; a sentence it quoted that meets none of ``units`` scores
    ``_REPEAT_PENALTY`` less.
    """
    before = normalize_for_match(said_before)
    stored = vectors([item.chunk.chunk_id for _, item in candidates])
    if ignore:
        units = unmet_units(units, ignore)
    best: dict[int, QuotedSentence] = {}
    names_met = _names_met_by_story(units, candidates)
    best_met = max(names_met.values(), default=0.0)
    for n, item in candidates:
        sentence_vecs = stored.get(item.chunk.chunk_id)
        name_miss = _NAME_MISS * (best_met - names_met.get(item.chunk.article_id, 0.0))
        sentences = _candidate_sentences(item)
        if needs_number:
            sentences = [s for s in sentences if states_number(s[1])] or sentences
        if needs_amount:
            sentences = [s for s in sentences if states_amount([s[1]])] or sentences
        if needs_date:
            sentences = [s for s in sentences if states_date(s[1])] or sentences
        for index, text, spoken in sentences:
            if skip_credits and not spoken and is_credit_line(text):
                continue
            if sentence_vecs and index < len(sentence_vecs):
                similarity = float(sentence_vecs[index] @ query_vector)
            else:  # one-sentence paragraph: the retrieval score is the sentence's
                similarity = item.dense if item.dense is not None else 0.0
            shared = overlap(units, text_terms(text))
            score = similarity + _KEYWORD_WEIGHT * shared + _RANK_BONUS[min(n, 3) - 1] - name_miss
            if needs_number and counts_asked(text, counted or units):  # "260 жұмысшы"
                score += _COUNT_BONUS
            if needs_date and states_date(text):
                score += _DATE_BONUS
            if skip_credits and spoken:  # a question about speech: their own words first
                score += _SPOKEN_BONUS
            if before and not shared and _quoted_in(text, before):
                score -= _REPEAT_PENALTY  # quoted again only for what the follow-up asks
            if n not in best or score > best[n].score:
                best[n] = QuotedSentence(n, text, item, score, spoken, index)
    return sorted(best.values(), key=lambda q: q.score, reverse=True)


def frame_sentence(quoted: QuotedSentence, language: str) -> str:
    """One answer sentence: who said it or which outlet reports it, the quote, the citation."""
    texts = frames(language)
    chunk = quoted.retrieved.chunk
    speaker = chunk.speaker
    role = chunk.speaker_role
    date = chunk.date
    source = chunk.source or texts["unknown_source"]
    values = {
        "speaker": display_name(speaker, language),
        "role_part": texts["role_part"].format(role=role) if role else "",
        "source": source,
        "date": date,
        "date_part": texts["date_part"].format(date=date) if date else "",
        "title": chunk.title,
        "quote": quoted.text.strip(),
        "n": quoted.n,
    }
    if not speaker:
        template = "plain"
    elif chunk.speech_kind == "direct" and quoted.spoken:
        template = "direct"  # only the speaker's own words are framed as what they said
    else:
        template = "reported"
    return texts[template].format(**values)


def compose(
    query: Query,
    query_vector: np.ndarray,
    cited: Sequence[Retrieved],
    vectors: SentenceVectors,
    max_sentences: int = 2,
) -> tuple[str, list[str]]:
    """The answer text and the verbatim quotes in it, from the cited paragraphs ([1] = cited[0]).

    The best paragraph always speaks; a second one joins when its best sentence scores nearly as
    well (a speaker introduced in one paragraph and quoted in the next, for instance). When the
    question names a speaker, only that speaker's paragraphs are quoted.
    """
    language = query.language
    if cited and query.outlet and credits_outlet(cited[0].chunk):
        credit = _credit_sentence(cited[0])
        return frame_sentence(credit, language), [credit.text.strip()]
    numbered = list(enumerate(cited, start=1))
    asked_about = [(n, item) for n, item in numbered if item.speaker_match]
    if query.asks_amount:
        # "How much does it cost?": the paragraphs stating the sum answer it, the others do not
        answering = {
            r.chunk.chunk_id for r in stating_amount(cited, subject=query.amount_subject or ())
        }
        stating = [(n, item) for n, item in numbered if item.chunk.chunk_id in answering]
        numbered = stating or numbered
    top = (asked_about or numbered)[:3]
    # the asked speaker's name and role are who is asked, not what about
    about = {item.chunk.speaker for _, item in asked_about}
    about |= {item.chunk.speaker_role for _, item in asked_about}
    ignore = frozenset().union(*(text_terms(words) for words in about if words))
    number, date = query.asks_number, query.asks_date
    counted = counted_units(query.text, query.terms.language) if number else ()
    units = query.terms.units

    def pick(skip_credits: bool) -> list[QuotedSentence]:
        return pick_sentences(
            units,
            query_vector,
            top,
            vectors,
            ignore,
            skip_credits=skip_credits,
            needs_number=number,
            needs_date=date,
            counted=counted,
            needs_amount=query.asks_amount,
            said_before=query.previous_answer,
        )

    # a question about speech skips credit lines, unless nothing else is left
    picked = pick(query.speech) or pick(False)
    if not picked:
        return "", []
    chosen = [picked[0]]
    for candidate in picked[1:max_sentences]:
        if picked[0].score - candidate.score <= _SECOND_PARAGRAPH_GAP:
            chosen.append(candidate)
    if query.speech:
        chosen = [_with_what_follows(q) for q in chosen]
    own_words = _own_words(query, picked)
    if own_words is not None and len(chosen) < max_sentences and own_words not in chosen:
        chosen.append(own_words)
    # the best quote's story first, each story's quotes in reading order
    story = chosen[0].retrieved.chunk.article_id
    chosen.sort(
        key=lambda q: (
            q.retrieved.chunk.article_id != story,
            q.retrieved.chunk.article_id,
            q.retrieved.chunk.paragraph_index,
        )
    )
    return " ".join(frame_sentence(q, language) for q in chosen), [q.text.strip() for q in chosen]


def _names_met_by_story(
    units: Units, candidates: Sequence[tuple[int, Retrieved]]
) -> dict[str, float]:
    """For each story among the candidates, the share of the question's names (places, people;
    a Kazakh question's capitalised first word too) its candidate paragraphs, titles and
    speakers meet: a story meeting fewer than another is not the one asked about. A speaker's
    quote need not repeat the name attribution gave it."""
    names = tuple(unit for unit in units if is_name_unit(unit))
    if not names:
        return {}
    found: dict[str, set[str]] = {}
    for _, item in candidates:
        chunk = item.chunk
        terms = text_terms(f"{chunk.text} {chunk.title} {chunk.speaker}")
        found.setdefault(chunk.article_id, set()).update(terms)
    return {article: overlap(names, terms) for article, terms in found.items()}


#: How much of a sentence's start must be in the previous answer for it to count as quoted
#: there (the answer may cut a long quotation short with "...").
_QUOTED_PREFIX = 48


def _quoted_in(sentence: str, before: str) -> bool:
    """Did the previous answer (``before``, :func:`normalize_for_match`) quote ``sentence``: its
    start, or all of it when it is short?"""
    start = normalize_for_match(sentence.strip())[:_QUOTED_PREFIX]
    return bool(start) and start in before


def _with_what_follows(quoted: QuotedSentence) -> QuotedSentence:
    """A reported statement with the paragraph's next sentence: "X жұмысшылардың шағымданғанын
    мәлім етті. Оның айтуынша, биыл 27 шағым түскен." says what was said only in the second.
    The outlet's narrative about a speaker is extended (not by a credit line); the speaker's own
    words stand alone."""
    chunk = quoted.retrieved.chunk
    if quoted.spoken or quoted.index < 0 or not chunk.speaker:
        return quoted
    spans = sentence_spans(chunk.text)
    if quoted.index + 1 >= len(spans):
        return quoted
    start, end = spans[quoted.index][0], spans[quoted.index + 1][1]
    if is_credit_line(chunk.text[spans[quoted.index + 1][0] : end]):
        return quoted  # "Бұл туралы ... хабарлады." credits, it says nothing more
    return replace(quoted, text=chunk.text[start:end])


def _own_words(query: Query, picked: Sequence[QuotedSentence]) -> QuotedSentence | None:
    """The speaker's own words when the best paragraph only reports them.

    News leads summarise a statement ("the akim noted that ...") and quote it directly in a later
    paragraph; asked what someone said, the answer should carry both. Returns the best direct
    quote of the reported speaker in the same article among the scored candidates, if any.
    """
    if not query.speech or not picked:
        return None
    lead = picked[0].retrieved.chunk
    if picked[0].spoken or not lead.speaker:
        return None
    for candidate in picked[1:]:
        chunk = candidate.retrieved.chunk
        if (
            candidate.spoken
            and chunk.speech_kind == "direct"
            and chunk.speaker == lead.speaker
            and chunk.article_id == lead.article_id
        ):
            return candidate
    return None


def _credit_sentence(item: Retrieved) -> QuotedSentence:
    """The sentence where a paragraph credits its outlet: the answer to "which outlet reported…"
    (retrieval puts that paragraph first, ``HybridSearch``)."""
    source = item.chunk.source
    text = item.chunk.text
    sentences = [text[start:end] for start, end in sentence_spans(text)]
    credit = next((s for s in sentences if names_outlet(s, source)), text)
    return QuotedSentence(1, credit, item, item.score)
