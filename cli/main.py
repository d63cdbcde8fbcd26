"""The ``qazaq-news`` command line (also ``python -m cli``): ask, verify, speakers, quotes, ingest.

Errors users can cause print one line on stderr and exit non-zero; ``--json`` prints exactly the
dictionaries of the Python API.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from cli import ingest as ingest_command
from cli.quotes import add_parsers as add_quote_parsers
from cli.quotes import run as run_quotes
from core.runtime import configure_process
from vectorstore.errors import StoreError


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "date_from": args.date_from,
        "date_to": args.date_to,
        "source": args.source,
        "article_id": args.article,
        "speaker": args.speaker,
    }


def _add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date-from", metavar="YYYY-MM-DD")
    parser.add_argument("--date-to", metavar="YYYY-MM-DD")
    parser.add_argument("--source", help="outlet, e.g. BAQ.KZ")
    parser.add_argument("--article", help="article id")
    parser.add_argument("--speaker", help="speaker name in any form")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qazaq-news", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer a question with cited quotes")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    _add_filter_options(ask)
    add_quote_parsers(sub)
    ingest_command.add_parser(sub)
    return parser


def _print_answer(answer: dict[str, Any]) -> None:
    print(answer["answer"])
    if answer["citations"]:
        heading = "Related:" if answer["abstained"] else "Sources:"
        print(f"\n{heading}")
    for c in answer["citations"]:
        who = f" — {c['speaker']}" if c["speaker"] else ""
        where = f"{c['source']}, {c['date']}, ¶{c['paragraph_index'] + 1}"
        print(f"[{c['n']}] {c['title']} ({where}){who}")
        print(f"    {c['text']}")


def main(argv: list[str] | None = None) -> int:
    configure_process()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "ingest":
        return ingest_command.run(args, parser)
    from assistant.facade import Assistant

    try:
        assistant = Assistant()
        if args.command == "ask":
            answer = assistant.ask(args.question, filters=_filters(args)).to_dict()
            if args.json:
                print(json.dumps(answer, ensure_ascii=False, indent=2))
            else:
                _print_answer(answer)
        else:
            return run_quotes(args, assistant)
    except (ValueError, OSError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
