"""Turn an article into chunks: one per paragraph, long paragraphs split at sentence ends.

The paragraph is the citation unit, so parts of a split paragraph keep its index (and its
attribution); only text beyond the embedding model's window is split off.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ingest.attribution import attribute_article
from ingest.models import Article, Attribution, Chunk
from kazakh.script import latin_alphabet, to_cyrillic_mapped
from kazakh.sentences import split_sentences

TokenCount = Callable[[str], int]


def _split_words(sentence: str, count: TokenCount, max_tokens: int) -> list[str]:
    """Last resort for one sentence longer than the window: cut between words.

    Word costs are summed (each word counted once, with its leading space), so the cost is linear
    in the sentence; a part whose joined text still counts over the limit is halved, and a single
    word longer than the window is cut between characters.
    """
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for word in sentence.split():
        cost = count(f" {word}")
        if cost > max_tokens:
            step = max(1, len(word) * max_tokens // (2 * cost))
            pieces = [word[i : i + step] for i in range(0, len(word), step)]
        else:
            pieces = [word]
        for piece in pieces:
            cost = count(f" {piece}") if len(pieces) > 1 else cost
            if current and used + cost > max_tokens:
                parts.append(" ".join(current))
                current, used = [], 0
            current.append(piece)
            used += cost
    if current:
        parts.append(" ".join(current))
    return [piece for part in parts for piece in _fit(part, count, max_tokens)]


def _fit(part: str, count: TokenCount, max_tokens: int) -> list[str]:
    """``part`` as is, or halved between words until each half fits."""
    words = part.split()
    if len(words) < 2 or count(part) <= max_tokens:
        return [part]
    half = len(words) // 2
    return _fit(" ".join(words[:half]), count, max_tokens) + _fit(
        " ".join(words[half:]), count, max_tokens
    )


def split_paragraph(paragraph: str, count: TokenCount, max_tokens: int) -> list[str]:
    """Parts of at most ``max_tokens`` tokens, cut at sentence ends where possible."""
    if count(paragraph) <= max_tokens:
        return [paragraph]
    parts: list[str] = []
    current = ""
    for sentence in split_sentences(paragraph):
        pieces = (
            [sentence]
            if count(sentence) <= max_tokens
            else _split_words(sentence, count, max_tokens)
        )
        for piece in pieces:
            candidate = f"{current} {piece}" if current else piece
            if current and count(candidate) > max_tokens:
                parts.append(current)
                candidate = piece
            current = candidate
    if current:
        parts.append(current)
    return parts


def attribute_in_any_script(paragraphs: Sequence[str]) -> list[Attribution]:
    """Attributions of an article in Cyrillic or a Latin alphabet.

    The rules read Kazakh Cyrillic, so a Latin-script article is attributed on its Cyrillic
    reading: speakers and roles come out in Cyrillic (one speaker across scripts), and each quoted
    span is mapped back to the words as written, so quotes stay verbatim.
    """
    alphabet = latin_alphabet("\n".join(paragraphs))
    if alphabet is None:
        return attribute_article(paragraphs)
    readings = [to_cyrillic_mapped(p, alphabet) for p in paragraphs]
    attributions = attribute_article([reading for reading, _ in readings])
    return [
        replace(attribution, quotes=_original_spans(attribution.quotes, paragraph, *reading))
        for attribution, paragraph, reading in zip(attributions, paragraphs, readings, strict=True)
    ]


def _original_spans(
    quotes: Sequence[str], original: str, reading: str, source_index: list[int]
) -> tuple[str, ...]:
    """The spans of ``original`` that the quotes found in its Cyrillic ``reading`` came from."""
    spans = []
    for quote in quotes:
        start = reading.find(quote)
        if start < 0 or not quote:
            continue
        end = start + len(quote) - 1
        spans.append(original[source_index[start] : source_index[end] + 1])
    return tuple(spans)


def chunk_article(article: Article, count: TokenCount, max_tokens: int) -> list[Chunk]:
    """All chunks of ``article`` with their speaker attribution, in reading order."""
    chunks: list[Chunk] = []
    for index, (paragraph, attribution) in enumerate(
        zip(article.paragraphs, attribute_in_any_script(article.paragraphs), strict=True)
    ):
        for part, text in enumerate(split_paragraph(paragraph, count, max_tokens)):
            chunks.append(Chunk(article, index, part, text, attribution))
    return chunks
