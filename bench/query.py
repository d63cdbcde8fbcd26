"""Query latency (embedding + dense + keyword search + fusion, no answer text) on the eval pool.

    .venv/bin/python bench/query.py [--data-dir DIR]

Pool: the seed article + 123 NTREX articles + 697 KazQAD passages (from ../shared); questions:
the seed questions, the KazQAD dev questions and the Russian/English NTREX questions (which also
pay for their glossary translation), each run once after a warm-up. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from core.runtime import configure_process  # noqa: E402

SHARED = REPO.parent / "shared"
POOL = [
    REPO / "data" / "seed",
    SHARED / "data" / "ntrex" / "kk_articles.jsonl",
    SHARED / "data" / "kazqad" / "passages.jsonl",
]
QUESTIONS = [
    SHARED / "eval" / "seed_questions.jsonl",
    SHARED / "data" / "kazqad" / "questions_dev.jsonl",
    REPO / "bench" / "data" / "ntrex_xling_questions.jsonl",
]


def main() -> None:
    configure_process()
    from assistant.eval import prepare_corpus, read_questions
    from assistant.facade import Assistant

    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--mode", default="hybrid+speaker")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-query-") as tmp:
        assistant = Assistant(
            data_dir=args.data_dir or Path(tmp) / "store", models_dir=REPO / ".assistant" / "models"
        )
        assistant.ingest(prepare_corpus(POOL, Path(tmp)))
        questions = [q.text for path in QUESTIONS for q in read_questions(path)]
        for text in questions[:5]:
            assistant.retrieve(text, k=10, mode=args.mode)
        samples = []
        for text in questions:
            started = time.perf_counter()
            assistant.retrieve(text, k=10, mode=args.mode)
            samples.append((time.perf_counter() - started) * 1000)
        ordered = sorted(samples)
        print(
            json.dumps(
                {
                    "mode": args.mode,
                    "chunks": assistant.store.count(),
                    "queries": len(samples),
                    "median_ms": round(statistics.median(samples), 1),
                    "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
                    "max_ms": round(ordered[-1], 1),
                }
            )
        )


if __name__ == "__main__":
    main()
