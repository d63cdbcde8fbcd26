"""``qazaq-news ingest PATH... [--delete ID] [--json]``: add articles, delete some, report.

A command line on top of the library: it uses the ``Assistant`` facade to get a configured store,
while the ingest package itself never imports upward.
"""

from __future__ import annotations

import argparse
import json
import sys


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
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Ingest ``args.paths`` and delete ``args.delete``; exit 1 if anything was rejected."""
    if not args.paths and not args.delete:
        parser.print_usage(sys.stderr)
        print("error: give PATH... to ingest or --delete ARTICLE_ID", file=sys.stderr)
        return 2
    from assistant.facade import Assistant

    assistant = Assistant()
    missing = [a for a in args.delete if not assistant.delete(a)]
    for article_id in missing:
        print(f"error: no article with id {article_id!r}", file=sys.stderr)
    report = assistant.ingest(args.paths, progress=sys.stderr.isatty() and not args.json)
    if args.json:
        data = report.to_dict()
        data["deleted"] = [a for a in args.delete if a not in missing]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for line in report.rejected:
            print(line, file=sys.stderr)
        deleted = len(args.delete) - len(missing)
        print(report.summary() + (f", deleted {deleted}" if args.delete else ""))
    return 1 if report.rejected or missing else 0
