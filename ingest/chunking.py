"""Turn an article into chunks: one per paragraph, long paragraphs split at sentence ends.

The paragraph is the citation unit, so parts of a split paragraph keep its index (and its
attribution); only text beyond the embedding model's window is split off.
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.attribution import attribute_article
from ingest.models import Article, Chunk
from kazakh.sentences import split_sentences

TokenCount = Callable[[str], int]


def _split_words(sentence: str, count: TokenCount, max_tokens: int) -> list[str]:
    """Last resort for one sentence longer than the window: cut between words."""
    parts: list[str] = []
    current: list[str] = []
    for word in sentence.split():
        if current and count(" ".join([*current, word])) > max_tokens:
            parts.append(" ".join(current))
            current = []
        current.append(word)
    if current:
        parts.append(" ".join(current))
    return parts


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


def chunk_article(article: Article, count: TokenCount, max_tokens: int) -> list[Chunk]:
    """All chunks of ``article`` with their speaker attribution, in reading order."""
    chunks: list[Chunk] = []
    for index, (paragraph, attribution) in enumerate(
        zip(article.paragraphs, attribute_article(article.paragraphs), strict=True)
    ):
        for part, text in enumerate(split_paragraph(paragraph, count, max_tokens)):
            chunks.append(Chunk(article, index, part, text, attribution))
    return chunks
