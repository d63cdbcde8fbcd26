"""The ``verify``, ``speakers`` and ``quotes`` subcommands of ``qazaq-news``.

Kept apart from ``cli/main.py`` so the quote-checking commands can grow without touching
``ask``. Text output is for reading in a terminal; ``--json`` prints the Python API's dictionaries.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.facade import Assistant

COMMANDS = ("verify", "speakers", "quotes")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register the subcommands on ``qazaq-news``'s subparsers."""
    verify = sub.add_parser("verify", help="check a quote: verbatim, paraphrase, misattributed")
    verify.add_argument("claim", help="the quote as published or claimed")
    verify.add_argument("--speaker", help="who is said to have said it (name in any form or role)")
    verify.add_argument("--json", action="store_true", help="print the verdict as JSON")
    speakers = sub.add_parser("speakers", help="list speakers with roles, articles and dates")
    speakers.add_argument("query", nargs="?", help="name in any form, role word or substring")
    speakers.add_argument("--json", action="store_true", help="print the list as JSON")
    quotes = sub.add_parser("quotes", help="a speaker's paragraphs, optionally about a topic")
    quotes.add_argument("--speaker", required=True, help="name in any form, or role")
    quotes.add_argument("--about", help="rank the paragraphs by relevance to this text")
    quotes.add_argument("-k", type=int, default=20, help="how many paragraphs (default 20)")
    quotes.add_argument("--json", action="store_true", help="print the citations as JSON")


def run(args: argparse.Namespace, assistant: Assistant) -> int:
    """Run one of :data:`COMMANDS`; ValueError (bad input) is left to the caller to report."""
    if args.command == "verify":
        verdict = assistant.verify_quote(args.claim, args.speaker).to_dict()
        _emit(verdict, args.json, _print_verdict)
    elif args.command == "speakers":
        _emit(assistant.speakers(args.query), args.json, _print_speakers)
    elif args.command == "quotes":
        if args.k < 1:
            raise ValueError("-k must be at least 1")
        citations = [c.to_dict() for c in assistant.quotes(args.speaker, args.about, args.k)]
        _emit(citations, args.json, _print_citations)
    else:
        raise ValueError(f"unknown command: {args.command}")
    return 0


def _emit(data: Any, as_json: bool, printer: Any) -> None:
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        printer(data)


def render_diff(diff: list[dict[str, str]]) -> str:
    """The claim turned into the source: [-only in the claim-] {+only in the source+}."""
    parts = []
    for op in diff:
        if op["op"] == "equal":
            parts.append(op["claim"])
        if op["op"] in ("delete", "replace"):
            parts.append(f"[-{op['claim']}-]")
        if op["op"] in ("insert", "replace"):
            parts.append(f"{{+{op['source']}+}}")
    return " ".join(parts)


def _print_verdict(verdict: dict[str, Any]) -> None:
    print(f"{verdict['verdict'].upper()} (score {verdict['score']:.2f})")
    print(verdict["explanation"])
    for match in verdict["matches"]:
        c = match["citation"]
        print(f"\n[{c['n']}] «{match['sentence']}»")
        print(f"    diff: {render_diff(match['diff'])}")
        role = f" ({match['speaker_role']})" if match["speaker_role"] else ""
        print(f"    speaker: {match['speaker'] or '(not named)'}{role}")
        print(f"    date: {match['date'] or '?'}  outlet: {match['source'] or '?'}")
        print(f"    source: {c['title']}, ¶{c['paragraph_index'] + 1} ({c['article_id']})")


def _print_speakers(speakers: list[dict[str, Any]]) -> None:
    if not speakers:
        print("No speakers found.")
    for s in speakers:
        roles = f" — {'; '.join(s['roles'])}" if s["roles"] else ""
        print(f"{s['speaker']}{roles}")
        dates = f", {', '.join(s['dates'])}" if s["dates"] else ""
        print(f"    {s['quotes']} paragraphs ({s['direct_quotes']} direct){dates}")
        for a in s["articles"]:
            print(f"    {a['title']} ({a['source']}, {a['date'] or '?'})")


def _print_citations(citations: list[dict[str, Any]]) -> None:
    for c in citations:
        where = f"{c['title']} ({c['source']}, {c['date'] or '?'}), ¶{c['paragraph_index'] + 1}"
        print(f"[{c['n']}] {where} — {c['speaker'] or c['speaker_role']}")
        print(f"    {c['text']}")
