"""Ingest files into a store: load, chunk, skip what is unchanged, replace what changed.

The store is any ``ChunkSink`` (the vector store implements it), so this layer knows nothing of
Chroma. Articles are written in groups, so embeddings are computed in large batches while an error
in one article never touches what is already indexed.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from tqdm import tqdm

from ingest.chunking import TokenCount, chunk_article
from ingest.loaders import LoadLimits, load_paths
from ingest.models import Article, Chunk, content_hash

#: Bump when chunking or attribution changes, so re-ingesting refreshes stored articles.
PIPELINE_VERSION = "11"  # 3: chunk ids cover the title; Latin-script Kazakh read in Cyrillic;
# 4: official-Latin names keyed in Cyrillic, more professions as role heads; 5: a loan's Latin
# "ts" read as ц in names and roles (federatsııa); 6: a possessed role opening its clause
# before a participle is the clause's subject; 7: a Latin article's loans read with their
# ь/ъ/ц (vıtse-mınıstr is вице-министр), name keys drop an "i" beside a vowel; 8: and its э
# (energetıka is энергетика); 9: "Х-тың мәліметінше" reports Х; a name before "атындағы" (an
# institution's eponym) is no speaker; 10: a role word's voiced final ("бастығының": бастық);
# 11: "сөз алды", "жасырмады" report speech
_GROUP_CHUNKS = 512
_log = logging.getLogger(__name__)

log = logging.getLogger(__name__)


def in_shard(article_id: str, shard: tuple[int, int] | None) -> bool:
    """Whether an article belongs to shard (I, N), 1-based; a stable hash of its id decides, so
    every worker on every machine agrees without talking to the others."""
    if shard is None:
        return True
    index, count = shard
    digest = hashlib.sha1(article_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1


class ChunkSink(Protocol):
    """What ingest needs of a store."""

    def fingerprint(self, article_id: str) -> str | None: ...

    def write(self, items: Sequence[tuple[Article, Sequence[Chunk], str]]) -> None: ...

    def delete_article(self, article_id: str) -> bool: ...


@dataclass
class IngestReport:
    """What one ingest did, article by article."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # one line each: "path:line: reason"
    chunks_written: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "unchanged": self.unchanged,
            "replaced": self.replaced,
            "rejected": self.rejected,
            "chunks_written": self.chunks_written,
        }

    def summary(self) -> str:
        return (
            f"added {len(self.added)}, unchanged {len(self.unchanged)}, "
            f"replaced {len(self.replaced)}, rejected {len(self.rejected)}"
        )


@dataclass(frozen=True)
class Ingestor:
    """Chunking parameters plus the store to write to."""

    sink: ChunkSink
    count_tokens: TokenCount
    max_tokens: int
    index_signature: str = ""  # e.g. the embedding model: a change re-indexes everything
    limits: LoadLimits = field(default_factory=LoadLimits)

    def fingerprint(self, article: Article) -> str:
        return content_hash(
            f"{article.fingerprint}|{PIPELINE_VERSION}|{self.max_tokens}|{self.index_signature}"
        )

    def ingest(
        self,
        paths: Iterable[str | Path],
        progress: bool = False,
        on_progress: Callable[[int, int], None] | None = None,
        shard: tuple[int, int] | None = None,
    ) -> IngestReport:
        """Ingest every article under ``paths`` (only shard (I, N)'s, when given); bad records
        are reported, never fatal."""
        loaded = load_paths(paths, self.limits)
        report = IngestReport(rejected=[str(e) for e in loaded.errors])
        articles = self._unique(loaded.articles, report)
        articles = [a for a in articles if in_shard(a.article_id, shard)]
        pending: list[tuple[Article, list[Chunk], str, bool]] = []
        bar = tqdm(total=len(articles), unit="article", disable=not progress, leave=False)
        for done, article in enumerate(articles, start=1):
            fingerprint = self.fingerprint(article)
            stored = self.sink.fingerprint(article.article_id)
            if stored == fingerprint:
                report.unchanged.append(article.article_id)
            else:
                try:
                    chunks = chunk_article(article, self.count_tokens, self.max_tokens)
                except Exception as exc:  # one article the chunker cannot handle: the rest go on
                    _log.warning("chunking %s failed", article.article_id, exc_info=True)
                    report.rejected.append(
                        f"{article.origin or article.article_id}: cannot chunk: {exc}"
                    )
                    continue
                pending.append((article, chunks, fingerprint, stored is not None))
                if sum(len(p[1]) for p in pending) >= _GROUP_CHUNKS:
                    self._flush(pending, report)
            bar.update(1)
            if on_progress:
                on_progress(done, len(articles))
        self._flush(pending, report)
        bar.close()
        log.info("ingest: %s, %d chunks written", report.summary(), report.chunks_written)
        for line in report.rejected:
            log.info("ingest rejected %s", line)
        return report

    def _unique(self, articles: list[Article], report: IngestReport) -> list[Article]:
        """Keep the first article of each id; a different article reusing an id is an error."""
        seen: dict[str, Article] = {}
        for article in articles:
            first = seen.get(article.article_id)
            if first is None:
                seen[article.article_id] = article
            elif first.fingerprint != article.fingerprint:
                where = article.origin or "?"
                report.rejected.append(
                    f"{where}: duplicate article id {article.article_id!r} "
                    f"(first seen at {first.origin}); skipped"
                )
        return list(seen.values())

    def _flush(
        self, pending: list[tuple[Article, list[Chunk], str, bool]], report: IngestReport
    ) -> None:
        if not pending:
            return
        self.sink.write([(article, chunks, fp) for article, chunks, fp, _ in pending])
        for article, chunks, _, replaced in pending:
            (report.replaced if replaced else report.added).append(article.article_id)
            report.chunks_written += len(chunks)
        pending.clear()

    def delete(self, article_id: str) -> bool:
        return self.sink.delete_article(article_id)
