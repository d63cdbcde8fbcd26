"""The verbatim-quote gate between a language model and the reader.

A generative answer may misquote, misattribute or obey an instruction planted in an article. The
gate lets through only what it can check: every ``[n]`` must name a paragraph the model was shown,
every span in quotation marks must occur word for word in a paragraph its sentence cites (it is
then rewritten with the source's exact characters), and every sentence must cite something. A
failing quote becomes a visible marker, never a quote; an uncited sentence is dropped.

``gate`` and ``StreamGate`` are one implementation: ``gate`` feeds the whole answer at once, so a
streamed answer always ends up exactly as the non-streamed one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.answer_types import Citation
from assistant.support import evidence, supported
from prompts import frames

#: What the model is told to reply when the articles do not answer the question.
ABSTAIN_TOKEN = "NOT_IN_ARTICLES"

_FOLD = str.maketrans(
    {
        **dict.fromkeys('«»“”„‟"″', '"'),
        **dict.fromkeys("‹›‘’‚‛'", "'"),
        **dict.fromkeys("–—‑‐‒―−-", "-"),
        **dict.fromkeys("\u00ad\u200b\u2060\ufeff", ""),  # invisible: soft hyphen, zero widths
        "…": "...",
    }
)
_CLOSERS_OF = {"«": "»", "“": "”", "„": "“”", '"': '"'}
_END_CHARS = frozenset(".!?…")
_END_RUN = frozenset('.!?…»”“")')
_NEXT_START = frozenset('«“„"([-–—*#•')
_ABBREVIATIONS = frozenset(("т.б", "т.с.с", "ж", "жж", "млн", "млрд", "г", "гг", "т.д", "т.п"))
_INITIAL = re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]?")
_MARKER = re.compile(r"\[\s*\d+(?:\s*[-–,;]\s*\d+)*\s*\]")
_MARKER_AFTER_END = re.compile(r"[^\S\n]*\[\s*\d+(?:\s*[-–,;]\s*\d+)*\s*\]")
_PARTIAL_MARKER = re.compile(r"\s*\[[\d\s,;\-–]*")
_TAIL = re.compile(r"(?:[\s.!?…]*\[\s*\d[\d\s,;\-–]*\])*[\s.!?…]*$")
_EDGE_PUNCT = re.compile(r"^[\s.,;:]+|[\s.,;:]+$")
_WORD = re.compile(r"\w")
_LEADING_NON_WORD = re.compile(r"^\W*")


@dataclass(frozen=True)
class GateResult:
    """The gated answer and what the gate changed, for the reader and for evaluation."""

    text: str
    quotes_kept: tuple[str, ...] = ()  # exact substrings of the cited paragraphs
    quotes_removed: tuple[str, ...] = ()  # spans the model quoted that the sources do not contain
    citations_removed: tuple[str, ...] = ()  # markers naming no paragraph shown, e.g. "[7]"
    sentences_removed: tuple[str, ...] = ()  # uncited or unsupported sentences, as written
    abstained: bool = False  # the model said the articles do not answer, or nothing survived


@dataclass(frozen=True)
class _Span:
    start: int  # index of the opening mark
    end: int  # index after the closing mark, or the end of the unclosed quote
    closed: bool

    @property
    def content_end(self) -> int:
        return self.end - 1 if self.closed else self.end


@dataclass
class _Tally:
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)


def _normalize_indexed(text: str) -> tuple[str, list[int]]:
    """``normalize_for_match(text)`` and, per output character, its index in NFC ``text``."""
    chars: list[str] = []
    index: list[int] = []
    pending_space = -1
    for i, ch in enumerate(unicodedata.normalize("NFC", text)):
        if ch.isspace():
            if pending_space < 0:
                pending_space = i
            continue
        folded = ch.translate(_FOLD)
        if not folded:
            continue
        if pending_space >= 0 and chars:
            chars.append(" ")
            index.append(pending_space)
        pending_space = -1
        chars.extend(folded)
        index.extend([i] * len(folded))
    return "".join(chars), index


def normalize_for_match(text: str) -> str:
    """``text`` with quote marks, dashes, ellipses and whitespace unified; letters and case kept.

    Two spans are "the same words" exactly when their normalized forms are equal, so the eval
    harness measures quote exactness with this very function.
    """
    return _normalize_indexed(text)[0]


def _step(stack: list[str], ch: str) -> None:
    """Track open quotation marks: ``ch`` closes the innermost quote it can close, or opens one."""
    for depth in range(len(stack) - 1, -1, -1):
        if ch in _CLOSERS_OF[stack[depth]]:
            del stack[depth:]
            return
    if ch in _CLOSERS_OF:
        stack.append(ch)


def _quote_spans(text: str) -> list[_Span]:
    """Outermost quotations; one left open runs to the end of its line."""
    spans: list[_Span] = []
    stack: list[str] = []
    start = 0
    for i, ch in enumerate(text):
        if ch == "\n":
            if stack:
                spans.append(_Span(start, len(text[:i].rstrip()), closed=False))
                stack.clear()
            continue
        was_open = bool(stack)
        _step(stack, ch)
        if not was_open and stack:
            start = i
        elif was_open and not stack:
            spans.append(_Span(start, i + 1, closed=True))
    if stack:
        spans.append(_Span(start, len(text.rstrip()), closed=False))
    return spans


def find_quotes(text: str) -> list[str]:
    """The contents of the closed, outermost quotations in ``text`` («», "", “”, „“)."""
    return [text[s.start + 1 : s.end - 1] for s in _quote_spans(text) if s.closed]


def _ends_in_abbreviation(head: str) -> bool:
    """A period after an initial (``Е. Бөлекпаев``) or ``т.б.`` does not end a sentence."""
    words = head.split()
    if not words:
        return False
    last = words[-1].lstrip('«“„"(')
    return bool(_INITIAL.fullmatch(last)) or last.lower() in _ABBREVIATIONS


def _piece(text: str, start: int, end: int) -> tuple[str, str]:
    raw = text[start:end].rstrip()
    sentence = raw.lstrip()
    return raw[: len(raw) - len(sentence)], sentence


def _split(text: str, final: bool) -> tuple[list[tuple[str, str]], int]:
    """(separator, sentence) pairs, and where the text not yet known to be whole starts.

    A sentence ends after end punctuation (and closing quotes) outside quotation marks, followed
    by any ``[n]`` markers, then whitespace and a sentence start; a line break always ends one.
    When not ``final``, a boundary is only reported once no later text could move it, so splitting
    a growing prefix never disagrees with splitting the whole answer.
    """
    pieces: list[tuple[str, str]] = []
    stack: list[str] = []
    start = i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            end = start + len(text[start:i].rstrip())
            if text[start:end].strip():
                pieces.append(_piece(text, start, end))
                start = end
            stack.clear()
            i += 1
            continue
        if ch not in _END_CHARS:
            _step(stack, ch)
            i += 1
            continue
        j = i
        while j < n and text[j] in _END_RUN:
            _step(stack, text[j])
            j += 1
        if j == n and not final:
            break
        if stack or (ch == "." and _ends_in_abbreviation(text[start:i])):
            i = j
            continue
        q = j
        while marker := _MARKER_AFTER_END.match(text, q):
            q = marker.end()
        k = q
        while k < n and text[k].isspace() and text[k] != "\n":
            k += 1
        if k == n and not final:
            break
        if k < n and text[k] != "\n":
            if k == q or not (text[k].isupper() or text[k].isdigit() or text[k] in _NEXT_START):
                i = j
                continue
            if not final and _PARTIAL_MARKER.fullmatch(text, q):
                break
        pieces.append(_piece(text, start, q))
        start = i = q
    if final and text[start:].strip():
        pieces.append(_piece(text, start, n))
        start = n
    return pieces, start


def _abstains(prefix: str) -> bool | None:
    """Whether an answer starting with ``prefix`` is the abstain token; None while unsure."""
    head = _LEADING_NON_WORD.sub("", prefix, count=1)
    if head.startswith(ABSTAIN_TOKEN):
        return True
    return None if ABSTAIN_TOKEN.startswith(head) else False


def _marker_numbers(marker: str) -> list[int]:
    """``[2]`` -> [2]; ``[1, 3]`` -> [1, 3]; ``[2-4]`` -> [2, 3, 4] (a range spans at most 50)."""
    numbers: list[int] = []
    for part in re.split(r"[,;]", marker.strip("[] \t")):
        bounds = [int(bound) for bound in re.split(r"[-–]", part)]
        numbers.extend(range(bounds[0], min(bounds[-1], bounds[0] + 49) + 1))
    return list(dict.fromkeys(numbers))


def _verify(quote: str, sources: Sequence[str]) -> str | None:
    """The exact source text that ``quote`` reproduces word for word, or None.

    A match must start and end at word boundaries (a fragment of a word is not a quote). Stray
    punctuation at the quote's edges (a period the model added) is tolerated and left out.
    """
    needle = normalize_for_match(quote)
    candidates = [needle]
    trimmed = _EDGE_PUNCT.sub("", needle)
    if trimmed != needle and _WORD.search(trimmed):
        candidates.append(trimmed)
    for source in sources:
        haystack, index = _normalize_indexed(source)
        exact = unicodedata.normalize("NFC", source)
        for candidate in candidates:
            pattern = re.escape(candidate)
            if _WORD.match(candidate[0]):
                pattern = r"(?<!\w)" + pattern
            if _WORD.match(candidate[-1]):
                pattern += r"(?!\w)"
            if found := re.search(pattern, haystack):
                return exact[index[found.start()] : index[found.end() - 1] + 1]
    return None


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _unclosed_before_tail(span: _Span, sentence: str) -> _Span:
    """A quote left open stops before the sentence's final punctuation and ``[n]`` markers."""
    tail = _TAIL.search(sentence, span.start + 1)
    return _Span(span.start, tail.start() if tail else span.end, closed=False)


def _gate_sentence(
    sentence: str, citations: Sequence[Citation], marker: str, tally: _Tally, language: str
) -> str | None:
    """The sentence as it may be shown, or None when it cites nothing it may cite or is not
    supported by what it cites (``assistant.support``)."""
    if ABSTAIN_TOKEN in sentence:
        tally.sentences.append(sentence)
        return None
    spans = [s if s.closed else _unclosed_before_tail(s, sentence) for s in _quote_spans(sentence)]
    edits: list[tuple[int, int, str]] = []
    cited: list[int] = []
    for found in _MARKER.finditer(sentence):
        if any(s.start <= found.start() < s.end for s in spans):
            continue
        numbers = _marker_numbers(found.group())
        valid = [k for k in numbers if 1 <= k <= len(citations)]
        tally.citations.extend(f"[{k}]" for k in numbers if k not in valid)
        cited.extend(valid)
        replacement = "".join(f"[{citations[k - 1].n}]" for k in valid)
        start = found.start()
        if not valid:
            while start > 0 and sentence[start - 1] in " \t":
                start -= 1
        if replacement != found.group():
            edits.append((start, found.end(), replacement))
    shown = list(dict.fromkeys(cited))
    proofs = [
        evidence(c.text, c.source, c.speaker)
        for c in ([citations[k - 1] for k in shown] or citations)
    ]
    sources = [proof.text for proof in proofs]
    kept: list[str] = []
    checked = 0
    for span in spans:
        quote = sentence[span.start + 1 : span.content_end]
        if not _WORD.search(quote):
            continue
        checked += 1
        exact = _verify(quote, sources)
        if exact is None:
            tally.removed.append(quote)
            edits.append((span.start, span.end, marker))
            continue
        kept.append(exact)
        closer = "" if span.closed else _CLOSERS_OF[sentence[span.start]][0]
        edits.append((span.start + 1, span.content_end, exact + closer))
    if not shown or not supported(sentence, language, proofs, checked):
        tally.sentences.append(sentence)
        return None
    tally.kept.extend(kept)
    return _apply(sentence, edits).strip()


class StreamGate:
    """Gates an answer as it arrives and releases it sentence by sentence.

    ``feed`` buffers model output and returns the pieces (separator + gated sentence) whose
    sentences are complete; ``finish`` returns the rest. No piece is released before its quotes
    and citations are checked, so an unverified quote is never shown, not even for a moment.
    """

    def __init__(self, citations: Sequence[Citation], language: str) -> None:
        self._citations = tuple(citations)
        self._frames = frames(language)
        self._language = language
        self._buffer = ""
        self._abstaining: bool | None = None
        self._pieces: list[str] = []
        self._tally = _Tally()

    def feed(self, text: str) -> list[str]:
        """The pieces of the answer that ``text`` completes (often none)."""
        self._buffer += text
        if self._abstaining is None:
            self._abstaining = _abstains(self._buffer)
        if self._abstaining is not False:
            return []
        return self._release(final=False)

    def finish(self) -> list[str]:
        """The remaining pieces; the abstain frame if nothing could be shown."""
        if self._abstaining:
            self._buffer = ""
        pieces = self._release(final=True)
        if not self._pieces:
            pieces = [self._frames["abstain"]]
            self._pieces = pieces
            self._abstaining = True
        return pieces

    def result(self) -> GateResult:
        """What has been released so far and what the gate removed."""
        tally = self._tally
        return GateResult(
            text="".join(self._pieces),
            quotes_kept=tuple(tally.kept),
            quotes_removed=tuple(tally.removed),
            citations_removed=tuple(tally.citations),
            sentences_removed=tuple(tally.sentences),
            abstained=bool(self._abstaining),
        )

    def _release(self, final: bool) -> list[str]:
        sentences, consumed = _split(self._buffer, final)
        self._buffer = self._buffer[consumed:]
        released: list[str] = []
        for separator, sentence in sentences:
            gated = _gate_sentence(
                sentence,
                self._citations,
                self._frames["quote_removed"],
                self._tally,
                self._language,
            )
            if gated:
                released.append((separator if self._pieces or released else "") + gated)
        self._pieces.extend(released)
        return released


def gate(text: str, citations: Sequence[Citation], language: str) -> GateResult:
    """Check a whole model answer against the paragraphs it was shown.

    ``[k]`` refers to ``citations[k - 1]`` (the numbering the model saw) and is written back as
    that citation's own number ``n``, one marker per number (``[1, 3]`` becomes ``[1][3]``, the
    form the app and the eval harness parse). The answer abstains (the localized ``abstain``
    frame) when the model replied ``NOT_IN_ARTICLES`` or when no sentence survived.
    """
    stream = StreamGate(citations, language)
    stream.feed(text)
    stream.finish()
    return stream.result()
