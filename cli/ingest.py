"""``qazaq-news ingest PATH... [--delete ID] [--workers N] [--shard I/N] [--json]``.

A command line on top of the library: it uses the ``Assistant`` facade to get a configured store,
while the ingest package itself never imports upward. ``--workers N`` runs N processes on this
machine, each taking the articles of one shard; ``--shard I/N`` takes the I-th of N shards (for
workers on several machines sharing one server store). Shards split by article id, so together
they make exactly the store a single ingest makes; the store's write lock makes overlapping
workers (the same article given to two of them) converge too.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``ingest`` on ``qazaq-news``'s subparsers."""
    parser = sub.add_parser(
        "ingest", help="index news articles (.txt, .jsonl or directories); --delete removes"
    )
    parser.add_argument("paths", nargs="*", help="files or directories to ingest")
    parser.add_argument(
        "--delete",
        metavar="ARTICLE_ID",
        action="append",
        default=[],
        help="remove an article (repeatable)",
    )
    parser.add_argument(
        "--workers", type=int, default=1, metavar="N", help="ingest processes on this machine"
    )
    parser.add_argument(
        "--shard",
        type=parse_shard,
        default=None,
        metavar="I/N",
        help="only the I-th of N shards of the articles (1-based), e.g. one machine of N",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` -> (2, 4); argparse reports the error on bad input."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected I/N like 1/4, got {text!r}") from None
    if not 1 <= index <= count:
        raise argparse.ArgumentTypeError(f"shard {text!r}: need 1 <= I <= N")
    return index, count


def worker_shards(shard: tuple[int, int] | None, workers: int) -> list[tuple[int, int] | None]:
    """The shard each local worker takes: worker j of machine shard I/N takes
    I + N*(j-1) of N*workers, so machines and workers split the articles without overlap."""
    if workers == 1:
        return [shard]
    index, count = shard or (1, 1)
    return [(index + count * j, count * workers) for j in range(workers)]


def _ingest_shard(paths: list[str], shard: tuple[int, int] | None) -> dict[str, Any]:
    """One worker process: its own assistant (settings from the environment), one shard."""
    from core.runtime import configure_process

    configure_process()
    from assistant.facade import Assistant

    return Assistant().ingest(paths, shard=shard).to_dict()


def merge_reports(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """Workers' reports as one; every worker reads every file, so rejections are deduplicated."""
    merged: dict[str, Any] = {"added": [], "unchanged": [], "replaced": [], "rejected": []}
    merged["chunks_written"] = 0
    for report in reports:
        for key in ("added", "unchanged", "replaced"):
            merged[key].extend(report[key])
        merged["rejected"].extend(r for r in report["rejected"] if r not in merged["rejected"])
        merged["chunks_written"] += report["chunks_written"]
    return merged


def _summary(report: dict[str, Any]) -> str:
    return (
        f"added {len(report['added'])}, unchanged {len(report['unchanged'])}, "
        f"replaced {len(report['replaced'])}, rejected {len(report['rejected'])}"
    )


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Ingest ``args.paths`` and delete ``args.delete``; exit 1 if anything was rejected; a store
    that fails (busy with another writer, or unreachable) raises to ``cli.main`` (one line, 2)."""
    if not args.paths and not args.delete:
        parser.print_usage(sys.stderr)
        print("error: give PATH... to ingest or --delete ARTICLE_ID", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    from assistant.facade import Assistant

    assistant = Assistant()
    missing = [a for a in args.delete if not assistant.delete(a)]
    shards = worker_shards(args.shard, args.workers)
    if not args.paths:
        report = merge_reports([])
    elif len(shards) == 1:
        progress = sys.stderr.isatty() and not args.json
        report = assistant.ingest(args.paths, progress=progress, shard=shards[0]).to_dict()
    else:
        paths = [str(p) for p in args.paths]
        with ProcessPoolExecutor(len(shards), mp_context=get_context("spawn")) as pool:
            futures = [pool.submit(_ingest_shard, paths, shard) for shard in shards]
            report = merge_reports([f.result() for f in futures])
    for article_id in missing:
        print(f"error: no article with id {article_id!r}", file=sys.stderr)
    if args.json:
        report["deleted"] = [a for a in args.delete if a not in missing]
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for line in report["rejected"]:
            print(line, file=sys.stderr)
        deleted = len(args.delete) - len(missing)
        print(_summary(report) + (f", deleted {deleted}" if args.delete else ""))
    return 1 if report["rejected"] or missing else 0
