"""Quote verification: did someone say these words, word for word, and where?

Journalists paste a quote and a speaker; the answer must show the exact source sentence, how the
claim differs from it, and who the article says spoke. Verbatim is decided by exact word sequences
(case, quote marks, dashes and punctuation ignored), never by a model. Paraphrase and "not found"
are told apart by embedding similarity and shared stems, with thresholds measured by
``bench/verify_calibration.py`` and stored in ``verify_thresholds.json``.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from assistant.answer_types import Citation
from assistant.components import ChunkSearch, Embedder, KeywordSource, KnownSpeakers
from assistant.query import Query
from assistant.speaker_query import KnownSpeaker, resolve_speakers
from kazakh.language import detect_language
from kazakh.morphology import index_terms, normalize_token
from kazakh.names import name_key
from kazakh.script import latin_alphabet, to_cyrillic
from kazakh.sentences import sentence_spans
from kazakh.wordlists import word_list
from vectorstore.store import StoredChunk

CANDIDATE_PARAGRAPHS = 10  # retrieved paragraphs whose sentences are scored
KEYWORD_CANDIDATES = 5  # keyword hits scored too: a translated claim meets its glossary terms
KEYWORD_EXACT_PARAGRAPHS = 50  # keyword hits searched for the exact words only
MAX_MATCHES = 3

_WORD = re.compile(r"[^\W_]+")
_QUOTE_MARKS = "«»“”„‟\"'‘’‚‹›`"
_DASHES = "–—―‒-"
_TRAILING_SAID = re.compile(
    rf"(?:,\s*[{_QUOTE_MARKS}]?|[{_QUOTE_MARKS}]\s*,?)\s*(?:said|says)\s+[\w .'-]{{1,60}}[.!]?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds, measured on labelled examples (see ``verify_thresholds.json``)."""

    min_verbatim_words: int  # shorter claims are verbatim only when they are a whole sentence
    same_language_similarity: str  # "passage" (claim and sentence as e5 passages) or "query"
    same_language_cosine: float  # cosine for a same-language paraphrase ...
    same_language_overlap: float  # ... with this share of the claim's stems in the sentence
    strong_cosine: float  # a same-language paraphrase with fewer shared stems needs this cosine
    cross_language_similarity: str  # "passage" or "query", for Russian or English claims
    cross_language_cosine: float  # a Russian or English claim against a Kazakh sentence

    @classmethod
    def load(cls) -> Thresholds:
        return _load_thresholds()


@lru_cache(maxsize=1)
def _load_thresholds() -> Thresholds:
    data = json.loads(
        resources.files("assistant").joinpath("verify_thresholds.json").read_text("utf-8")
    )
    return Thresholds(**data["thresholds"])


@dataclass(frozen=True)
class Match:
    """A source sentence (or span of sentences) close to the claim."""

    sentence: str
    citation: Citation
    similarity: float  # 1.0 when word for word
    diff: tuple[dict[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        c = self.citation
        return {
            "sentence": self.sentence,
            "citation": c.to_dict(),
            "speaker": c.speaker,
            "speaker_role": c.speaker_role,
            "date": c.date,
            "source": c.source,
            "similarity": round(self.similarity, 4),
            "diff": list(self.diff),
        }


@dataclass(frozen=True)
class Verdict:
    """Whether the claim is in the articles, how closely, and who the article says said it."""

    claim: str
    speaker_claimed: str | None
    verdict: str
    score: float
    matches: tuple[Match, ...] = field(default=())
    explanation: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "speaker_claimed": self.speaker_claimed,
            "verdict": self.verdict,
            "score": round(self.score, 4),
            "matches": [m.to_dict() for m in self.matches],
            "explanation": self.explanation,
        }


# --- text normalization ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _trailing_attribution() -> re.Pattern[str]:
    """A trailing attribution the claim may carry: "..., – деді Асанов." / "— сказал он"
    (the verbs: ``data/reporting_verbs.txt``)."""
    verbs = "|".join(map(re.escape, word_list("assistant", "reporting_verbs.txt")))
    return re.compile(
        rf"[\s,.!?…{_QUOTE_MARKS}]*[{_DASHES}]+\s*(?:{verbs})(?!\w).*$",
        re.IGNORECASE | re.DOTALL,
    )


def clean_claim(claim: str) -> str:
    """The claim without surrounding quote marks or a trailing "– деді X" / ", said X"."""
    text = " ".join(claim.split())
    text = _trailing_attribution().sub("", text)
    text = _TRAILING_SAID.sub("", text)
    return text.strip().strip(_QUOTE_MARKS + " ").strip()


@dataclass(frozen=True)
class _Word:
    key: str  # normalized form: case, look-alike letters, ё folded
    start: int
    end: int


def _words(text: str) -> list[_Word]:
    """Words with their offsets; hyphenated compounds split so "-", "–" and "—" never matter."""
    words = []
    for match in _WORD.finditer(text):
        key = normalize_token(match.group())
        if key:
            words.append(_Word(key, match.start(), match.end()))
    return words


def _find(needle: Sequence[str], haystack: Sequence[str]) -> int:
    """Index of the first occurrence of ``needle`` as a contiguous run in ``haystack``, or -1."""
    n = len(needle)
    for i in range(len(haystack) - n + 1):
        if haystack[i] == needle[0] and list(haystack[i : i + n]) == list(needle):
            return i
    return -1


def word_diff(claim: str, source: str) -> tuple[dict[str, str], ...]:
    """Word-level diff turning the claim into the source (quote marks, dashes and case ignored).

    Punctuation-only tokens ride on the word before them, so "–" vs "-" is never a difference.
    """
    a, b = _display_tokens(claim), _display_tokens(source)
    matcher = difflib.SequenceMatcher(a=[k for k, _ in a], b=[k for k, _ in b], autojunk=False)
    ops = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        ops.append(
            {
                "op": op,
                "claim": " ".join(t for _, t in a[i1:i2]),
                "source": " ".join(t for _, t in b[j1:j2]),
            }
        )
    return tuple(ops)


def _display_tokens(text: str) -> list[tuple[str, str]]:
    """(comparison key, text as written) per whitespace token, punctuation merged into words."""
    tokens: list[tuple[str, str]] = []
    for raw in text.split():
        key = " ".join(w.key for w in _words(raw))
        if not key and tokens:
            tokens[-1] = (tokens[-1][0], f"{tokens[-1][1]} {raw}")
        elif key:
            tokens.append((key, raw))
    return tokens


# --- candidates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A sentence (or run of sentences) of a retrieved paragraph, scored against the claim."""

    chunk: StoredChunk
    text: str  # exact substring of the paragraph
    verbatim: bool
    passage_cosine: float  # claim and sentence both embedded as e5 passages
    query_cosine: float  # claim embedded as an e5 query, the sentence as a passage
    overlap: float  # share of the claim's stems present in the unit
    numbers: bool = True  # every number of the claim is in the unit (see ``numbers_agree``)
    script_overlap: float = 0.0  # share of the claim's words in the unit, in any script

    def similarity(self, measure: str) -> float:
        return self.query_cosine if measure == "query" else self.passage_cosine


def _spans(chunk: StoredChunk, window: int) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph and its quotes, and runs of up to ``window`` sentences.

    A quote's last sentence is also taken without its "– деді X" tail, as claims quote it.
    """
    text = chunk.text
    sentences = sentence_spans(text)
    spans = set(sentences)
    for size in range(2, window + 1):
        spans.update(
            (sentences[i][0], sentences[i + size - 1][1]) for i in range(len(sentences) - size + 1)
        )
    for quote in chunk.quotes:
        at = text.find(quote)
        if at < 0:
            continue
        if window > 1:
            spans.add((at, at + len(quote)))
        spans.update((at + s, at + e) for s, e in sentence_spans(quote))
    return sorted(spans)


def _verbatim_span(claim_words: Sequence[str], chunk: StoredChunk, minimum: int) -> str | None:
    """The sentences holding the claim word for word, as an exact substring, or None."""
    text = chunk.text
    words = _words(text)
    at = _find(claim_words, [w.key for w in words]) if claim_words else -1
    if at < 0:
        return None
    start, end = words[at].start, words[at + len(claim_words) - 1].end
    sentences = sentence_spans(text)
    first = max((s for s, _ in sentences if s <= start), default=0)
    last = min((e for _, e in sentences if e >= end), default=len(text))
    if len(claim_words) < minimum:  # a short claim must be a whole sentence, not any few words
        whole = [w.key for w in _words(text[first:last])]
        if whole != list(claim_words):
            return None
    return text[first:last]


@dataclass(frozen=True)
class Candidate:
    """A span of a paragraph to score against the claim, before any embedding."""

    chunk: StoredChunk
    text: str  # exact substring of the paragraph
    verbatim: bool


def candidates(
    claim: str,
    retrieved: Sequence[StoredChunk],
    keyword_hits: Sequence[StoredChunk],
    min_verbatim_words: int,
) -> list[Candidate]:
    """The spans of the retrieved paragraphs to score, and the exact occurrences of the claim.

    ``keyword_hits`` are searched further for the exact words only: a short exact fragment of
    common words may rank low in hybrid search (no embedding of these extra paragraphs unless
    they hold the words).
    """
    claim_words = [w.key for w in _words(claim)]
    window = min(len(sentence_spans(claim)), 4)
    found: list[Candidate] = []
    for chunk in retrieved:
        exact = _verbatim_span(claim_words, chunk, min_verbatim_words)
        if exact is not None:
            found.append(Candidate(chunk, exact, True))
        found.extend(Candidate(chunk, chunk.text[s:e], False) for s, e in _spans(chunk, window))
    seen = {c.chunk_id for c in retrieved}
    for chunk in keyword_hits:
        if chunk.chunk_id in seen:
            continue
        exact = _verbatim_span(claim_words, chunk, min_verbatim_words)
        if exact is not None:
            found.append(Candidate(chunk, exact, True))
    return found


def scored(
    claim: str,
    found: Sequence[Candidate],
    claim_query: np.ndarray,
    claim_passage: np.ndarray,
    vectors: dict[str, np.ndarray],
) -> list[Unit]:
    """The candidates with their cosines to the claim (``vectors``: each candidate text's passage
    vector) and the share of the claim's stems they hold."""
    claim_terms = set(index_terms(claim))
    return [
        Unit(
            c.chunk,
            c.text,
            c.verbatim,
            float(np.dot(claim_passage, vectors[c.text])),
            float(np.dot(claim_query, vectors[c.text])),
            _overlap(claim_terms, c.text),
            numbers_agree(claim, c.text),
            script_overlap(claim, c.text),
        )
        for c in found
    ]


@dataclass(frozen=True)
class QuoteVerifier:
    """Quote verification over a store: the few components it reads, nothing more."""

    store: KeywordSource
    search: ChunkSearch
    embedder: Embedder
    known_speakers: KnownSpeakers

    def score_units(self, claim: str, thresholds: Thresholds) -> list[Unit]:
        """Every candidate sentence of the paragraphs retrieved for the claim, with its scores."""
        if self.store.is_empty() or not claim:
            return []
        claim_reading = to_cyrillic(claim)  # a Latin-typed claim is read as the articles are
        query_vector = self.embedder.embed_queries_array([claim_reading])[0]
        retrieved = [
            item.chunk
            for item in self.search.search(
                Query.of(claim), query_vector, CANDIDATE_PARAGRAPHS, None, "hybrid"
            )
        ]
        seen = {c.chunk_id for c in retrieved}
        for hit in self.search.search(
            Query.of(claim), query_vector, KEYWORD_CANDIDATES, None, "keyword"
        ):
            if hit.chunk.chunk_id not in seen:  # the dense channel may miss a translation
                seen.add(hit.chunk.chunk_id)
                retrieved.append(hit.chunk)
        keyword_hits = [
            hit.chunk for hit in self.store.keyword_search(claim, KEYWORD_EXACT_PARAGRAPHS)
        ]
        found = candidates(claim, retrieved, keyword_hits, thresholds.min_verbatim_words)
        if not found:
            return []
        # embedded as stored paragraphs are: a Latin-script text in its Cyrillic reading, in its
        # paragraph's alphabet (a short sentence may lack the marker letters)
        alphabets = {c.chunk.chunk_id: latin_alphabet(c.chunk.text) for c in found}
        readings = {c.text: to_cyrillic(c.text, alphabets[c.chunk.chunk_id]) for c in found}
        texts = sorted(readings)
        embedded = self.embedder.embed_documents_array([readings[t] for t in texts])
        vectors = dict(zip(texts, embedded, strict=True))
        claim_passage = self.embedder.embed_documents_array([claim_reading])[0]
        return scored(claim, found, query_vector, claim_passage, vectors)

    def verify(self, claim: str, speaker: str | None = None) -> Verdict:
        """Check ``claim`` (optionally said by ``speaker``, a name in any form or a role).

        verbatim: the words are in a source sentence; paraphrase: same meaning in other words
        (also a Russian or English rendering of a Kazakh quote); misattributed: the words are
        there but the article gives them to someone else; not_found: nothing close enough.
        """
        text = clean_claim(claim)
        if not text:
            raise ValueError("the claim is empty")
        claimed = (speaker or "").strip() or None
        thresholds = Thresholds.load()
        units = self.score_units(text, thresholds)
        known = self.known_speakers() if claimed else []
        return decide(claim, claimed, units, thresholds, known)


_SKELETON_PREFIX = 4  # endings differ between a claim and its source: compare word beginnings
_NUMBER = re.compile(r"\d+(?:[ \u00a0,.]\d+)*")


def _numbers(text: str) -> set[str]:
    """Numbers as values: "1 100" and "1100" meet, "4,8" and "4.8" too."""
    found = set()
    for raw in _NUMBER.findall(text):
        value = re.sub(r"[ \u00a0]", "", raw).replace(",", ".").rstrip(".")
        found.add(value)
    return found


def _skeletons(text: str) -> list[str]:
    return [name_key(w)[:_SKELETON_PREFIX] for w in _WORD.findall(text) if len(w) > 2]


def script_overlap(claim: str, text: str) -> float:
    """Share of the claim's words found in the text by their script-independent key (first
    letters of :func:`kazakh.names.name_key`), so Latin-typed Kazakh meets its Cyrillic source."""
    words = [w for w in _skeletons(claim) if w]
    if not words:
        return 0.0
    found = set(_skeletons(text))
    return sum(w in found for w in words) / len(words)


def numbers_agree(claim: str, text: str) -> bool:
    """Every number of the claim is in the text (a claim without numbers agrees)."""
    return _numbers(claim) <= _numbers(text)


def _overlap(claim_terms: set[str], text: str) -> float:
    return len(claim_terms & set(index_terms(text))) / len(claim_terms) if claim_terms else 0.0


def similarity(unit: Unit, cross_language: bool, thresholds: Thresholds) -> float:
    """The cosine calibration chose for this kind of claim."""
    if cross_language:
        return unit.similarity(thresholds.cross_language_similarity)
    return unit.similarity(thresholds.same_language_similarity)


def is_paraphrase(unit: Unit, cross_language: bool, thresholds: Thresholds) -> bool:
    """Close enough in meaning to count as the same statement (thresholds from calibration)."""
    if unit.verbatim:
        return True
    if not unit.numbers:  # a rewording or a translation keeps the figures
        return False
    if cross_language and unit.script_overlap >= thresholds.same_language_overlap:
        # Kazakh typed in another script ("Jabdyqtyń bárin keshen beredi"): the same-language
        # rule, its words met through their script-independent keys
        return unit.passage_cosine >= thresholds.same_language_cosine
    cosine = similarity(unit, cross_language, thresholds)
    if cross_language:
        return cosine >= thresholds.cross_language_cosine
    if cosine >= thresholds.strong_cosine:
        return True
    return (
        cosine >= thresholds.same_language_cosine
        and unit.overlap >= thresholds.same_language_overlap
    )


# --- verdict --------------------------------------------------------------------------------------


def _shares_word(role: str, other: str) -> bool:
    """Do two role phrases share a word (compared on its first five letters)?"""
    stems = {w.lower()[:5] for w in _WORD.findall(role) if len(w) > 2}
    return bool(stems & {w.lower()[:5] for w in _WORD.findall(other) if len(w) > 2})


def _said_by(claimed: str, chunk: StoredChunk, known: Sequence[KnownSpeaker]) -> bool | None:
    """Does the article give this paragraph to the claimed speaker? None when it names nobody."""
    speaker, role = chunk.speaker, chunk.speaker_role
    if not speaker:  # a role without a name ("– деді Президент."): only the role can be checked
        if not role:
            return None
        if resolve_speakers(claimed, [KnownSpeaker("", role)]):
            return True
        # A named speaker of record whose own role has nothing of this one is someone else.
        people = set(resolve_speakers(claimed, known, roles=False))
        roles = [k.role for k in known if k.name in people]
        if roles and not any(_shares_word(role, other) for other in roles):
            return False
        return None
    return speaker in resolve_speakers(claimed, [*known, KnownSpeaker(speaker, role)])


def decide(
    claim: str,
    claimed: str | None,
    units: Sequence[Unit],
    thresholds: Thresholds,
    known: Sequence[KnownSpeaker],
) -> Verdict:
    """The verdict from scored candidates (split from retrieval so calibration can replay it)."""
    text = clean_claim(claim)
    cross_language = detect_language(text) != "kk"

    def rank(unit: Unit) -> tuple[bool, float]:
        # shared stems break near-ties: they carry same-language edits the cosine blurs
        return unit.verbatim, similarity(unit, cross_language, thresholds) + 0.1 * unit.overlap

    accepted = sorted(
        (u for u in units if is_paraphrase(u, cross_language, thresholds)), key=rank, reverse=True
    )
    if not accepted:
        closest = max(units, key=rank, default=None)
        best = similarity(closest, cross_language, thresholds) if closest else 0.0
        shown = ()
        if closest is not None:  # the closest sentence is shown all the same, to be judged
            cite = Citation.from_chunk(1, closest.chunk, best)
            shown = (Match(closest.text, cite, best, word_diff(text, closest.text)),)
        return Verdict(
            claim,
            claimed,
            "not_found",
            best,
            shown,
            explanation=(
                "No sentence in the indexed articles is close enough to the claim "
                f"(closest similarity {best:.2f})."
                + (" The closest sentence is shown for comparison." if shown else "")
            ),
        )
    verbatim = accepted[0].verbatim
    level = [u for u in accepted if u.verbatim == verbatim]
    chosen = level[0]
    attributed: bool | None = None
    if claimed:
        # The same words may be in several paragraphs: any of them by the claimed speaker will do.
        # A paraphrase is judged by its best match only: a looser one by the claimed speaker
        # would hide that the closest sentence is someone else's.
        by_claimed = [u for u in level if _said_by(claimed, u.chunk, known)] if verbatim else []
        chosen = by_claimed[0] if by_claimed else chosen
        attributed = True if by_claimed else _said_by(claimed, chosen.chunk, known)
    matches = _matches(text, chosen, accepted, lambda u: similarity(u, cross_language, thresholds))
    kind = "verbatim" if verbatim else "paraphrase"
    verdict = "misattributed" if attributed is False else kind
    score = 1.0 if verbatim else similarity(chosen, cross_language, thresholds)
    return Verdict(
        claim, claimed, verdict, score, matches, _explain(verdict, kind, matches[0], claimed)
    )


def _matches(
    claim: str, chosen: Unit, accepted: Sequence[Unit], score: Callable[[Unit], float]
) -> tuple[Match, ...]:
    """The deciding sentence first, then the next best from other paragraphs."""
    picked = [chosen]
    seen = {chosen.chunk.chunk_id}
    for unit in accepted:
        if len(picked) >= MAX_MATCHES:
            break
        if unit.chunk.chunk_id not in seen:
            seen.add(unit.chunk.chunk_id)
            picked.append(unit)
    matches = []
    for n, unit in enumerate(picked, start=1):
        similarity_ = 1.0 if unit.verbatim else score(unit)
        citation = Citation.from_chunk(n, unit.chunk, similarity_)
        matches.append(Match(unit.text, citation, similarity_, word_diff(claim, unit.text)))
    return tuple(matches)


def _explain(verdict: str, kind: str, match: Match, claimed: str | None) -> str:
    c = match.citation
    where = f"{c.source or 'an article'} ({c.date})" if c.date else c.source or "an article"
    who = c.speaker or c.speaker_role
    how = "word for word" if kind == "verbatim" else "in other words (a paraphrase)"
    if verdict == "misattributed":
        return (
            f"The words appear {how} in {where}, but the article gives them to {who}, "
            f"not {claimed}."
        )
    if who:
        return f"The words appear {how} in {where}, said by {who}."
    return f"The words appear {how} in {where}; the article does not say who said them."
