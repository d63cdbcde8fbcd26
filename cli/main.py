"""The ``qazaq-news`` command line (also ``python -m cli``): ask, verify, speakers, quotes, ingest.

Errors users can cause print one line on stderr and exit non-zero; ``--json`` prints exactly the
dictionaries of the Python API.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from typing import Any

from cli import ingest as ingest_command
from cli.quotes import add_parsers as add_quote_parsers
from cli.quotes import run as run_quotes
from core.logging import configure_logging
from core.redact import install_log_redaction, redact
from core.runtime import configure_process

_log = logging.getLogger("cli")


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "date_from": args.date_from,
        "date_to": args.date_to,
        "source": args.source,
        "article_id": args.article,
        "speaker": args.speaker,
    }


def _iso_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-11") from None


def _add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date-from", metavar="YYYY-MM-DD", type=_iso_date)
    parser.add_argument("--date-to", metavar="YYYY-MM-DD", type=_iso_date)
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


def error_line(exc: BaseException) -> str:
    """One line for any error a user or the environment causes, secrets redacted."""
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        problems = []
        for error in exc.errors():
            name = "ASSISTANT_" + "_".join(str(part) for part in error["loc"]).upper()
            problems.append(f"{name}={error.get('input')!r}: {error['msg']}")
        text = "invalid setting " + "; ".join(problems)
    else:
        first = next((line for line in str(exc).splitlines() if line.strip()), "")
        text = first or type(exc).__name__
    return "error: " + redact(text)


def main(argv: list[str] | None = None) -> int:
    """Exit codes: 0 done, 1 some input rejected (ingest) or a quote not found, 2 usage or an
    error of the environment (one line on stderr), 130 interrupted."""
    configure_process()
    configure_logging()
    install_log_redaction()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args, parser)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # one line, never a traceback: the log keeps the details
        _log.debug("command failed", exc_info=True)
        print(error_line(exc), file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.command == "ingest":
        return ingest_command.run(args, parser)
    from core.settings import Settings
    from vectorstore.embeddings import preload

    settings = Settings()  # the encoder loads while the assistant's modules import
    preload(settings.embedding_model, settings.resolved_models_dir, settings.embedding_backend)
    from assistant.facade import Assistant

    assistant = Assistant()
    if args.command == "ask":
        answer = assistant.ask(args.question, filters=_filters(args)).to_dict()
        if args.json:
            print(json.dumps(answer, ensure_ascii=False, indent=2))
        else:
            _print_answer(answer)
        return 0
    return run_quotes(args, assistant)
