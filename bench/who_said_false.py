"""'Who said …?' about statements no article gives, on stories the articles cover; prints JSON.

    .venv/bin/python bench/who_said_false.py --store DIR [QUESTIONS]
    (default questions bench/data/who_said_false.jsonl; DIR holds the kaznews articles, e.g.
    the store ``python -m assistant.eval --kaznews --data-dir DIR`` built)

Each question asks who said something the stories do not say (a contradiction or an invention:
"Who said that bus fares in Shymkent will be cut in half?" where the fare doubles), in kk,
Latin-typed kk, ru and en; they were written for this check. An answer either abstains,
answers as the closest statement ("No article gives these words. The closest statement: …"),
or credits someone with the statement ("… said it: …"), which is the failure counted.

``--timed QUESTIONS`` also times answers to the "who said" questions of kaznews question files
(median and p95 seconds per answer, after one warm-up question): each runs the quote verifier.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from core.runtime import configure_process  # noqa: E402


def main() -> None:
    configure_process()
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "questions", nargs="?", type=Path, default=REPO / "bench" / "data" / "who_said_false.jsonl"
    )
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument(
        "--timed", type=Path, nargs="*", default=[], help="kaznews questions_*.jsonl to time"
    )
    parser.add_argument("--limit", type=int, default=30, help="who-said questions timed")
    args = parser.parse_args()
    from assistant.facade import Assistant
    from core.settings import Settings
    from prompts import frames

    assistant = Assistant(data_dir=args.store, models_dir=Settings().resolved_models_dir)
    counts = {"abstained": 0, "closest_statement": 0, "credited": 0}
    rows = []
    for line in args.questions.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        answer = assistant.ask(item["question"])
        hedge = frames(answer.language).get("who_said_not_found") or "\0"  # older releases: none
        if answer.abstained:
            outcome = "abstained"
        elif answer.answer.startswith(hedge):
            outcome = "closest_statement"
        else:
            outcome = "credited"
        counts[outcome] += 1
        rows.append({"id": item["id"], "outcome": outcome, "answer": answer.answer[:160]})
    result: dict[str, object] = {"questions": len(rows), **counts}
    if args.timed:
        result["timing"] = _timed(assistant, args.timed, args.limit)
    result["items"] = rows
    print(json.dumps(result, ensure_ascii=False, indent=1))


def _timed(assistant: object, paths: list[Path], limit: int) -> dict[str, float]:
    """Seconds per answer to the first ``limit`` "who said" questions of ``paths``."""
    import statistics
    import time

    questions = [
        row["question"]
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and (row := json.loads(line)).get("kind") == "who_said"
    ][:limit]
    assistant.ask(questions[0])  # type: ignore[attr-defined]  # warm up
    seconds = []
    for question in questions:
        started = time.perf_counter()
        assistant.ask(question)  # type: ignore[attr-defined]
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    return {
        "questions": len(seconds),
        "median_s": round(statistics.median(seconds), 3),
        "p95_s": round(seconds[max(0, int(0.95 * len(seconds)) - 1)], 3),
    }


if __name__ == "__main__":
    main()
