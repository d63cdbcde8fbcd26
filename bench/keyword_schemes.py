"""Keyword-only retrieval under each stemming scheme, on two Kazakh tasks; prints JSON.

Data credits:
- KazQAD (IS2AI), Yeshpanov et al., "KazQAD: Kazakh Open-Domain Question Answering Dataset",
  LREC-COLING 2024, CC BY-SA 4.0: 697 Wikipedia passages, 259 dev questions with gold passages.
- NTREX-128 (Microsoft), Federmann et al., "NTREX-128 - News Test References for MT Evaluation of
  128 Languages", 2022, CC BY-SA 4.0: 123 news articles in Kazakh.

Tasks: ``kazqad`` indexes the passages (title + text) and asks the dev questions; ``ntrex``
indexes every news paragraph on its own and asks each headline, any paragraph of its article being
a hit (a second, news-shaped check that the choice was not tuned to one set). Metrics: hit@1,
hit@5 (a gold chunk in the top k) and MRR@10.

    python -m bench.keyword_schemes [--data DIR] [--schemes none,prefix5,suffix]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from vectorstore.keyword_index import ChunkRow, KeywordIndex

DATA = Path("/work/shared/data")
SCHEMES = (
    "none",
    "prefix4",
    "prefix5",
    "prefix6",
    "suffix-infl",
    "suffix",
    "suffix-verbs",
    "suffix-verbstem",
)

#: (question, ids of the chunks that answer it)
Query = tuple[str, set[str]]


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def kazqad(data: Path) -> tuple[list[ChunkRow], list[Query]]:
    passages = _read_jsonl(data / "kazqad" / "passages.jsonl")
    questions = _read_jsonl(data / "kazqad" / "questions_dev.jsonl")
    chunks = [
        (p["passage_id"], p["passage_id"], f"{p['title']}\n{p['text']}", {}) for p in passages
    ]
    return chunks, [(q["question"], set(q["gold_passage_ids"])) for q in questions]


def ntrex(data: Path) -> tuple[list[ChunkRow], list[Query]]:
    articles = _read_jsonl(data / "ntrex" / "kk_articles.jsonl")
    chunks: list[ChunkRow] = []
    queries: list[Query] = []
    for article in articles:
        ids = [f"{article['id']}:{i}" for i in range(len(article["paragraphs"]))]
        chunks.extend(
            (cid, article["id"], text, {})
            for cid, text in zip(ids, article["paragraphs"], strict=True)
        )
        queries.append((article["title"], set(ids)))
    return chunks, queries


TASKS = {"kazqad": kazqad, "ntrex": ntrex}


def evaluate(scheme: str, chunks: list[ChunkRow], queries: list[Query], workdir: Path) -> dict:
    """Index ``chunks`` under ``scheme`` and score the queries against them."""
    started = time.perf_counter()
    with KeywordIndex(workdir / f"{scheme}.sqlite3", scheme=scheme) as index:
        index.upsert(chunks)
        indexed = time.perf_counter()
        ranks = []
        for query, gold in queries:
            ranked = [cid for cid, _ in index.search(query, 10)]
            ranks.append(next((i for i, cid in enumerate(ranked, 1) if cid in gold), 0))
        searched = time.perf_counter()
    n = len(queries)
    reciprocal = [1 / rank if rank else 0.0 for rank in ranks]
    return {
        "scheme": scheme,
        "hit@1": round(sum(rank == 1 for rank in ranks) / n, 4),
        "hit@5": round(sum(0 < rank <= 5 for rank in ranks) / n, 4),
        "mrr@10": round(sum(reciprocal) / n, 4),
        "mrr@10_ci95": _bootstrap_ci(reciprocal),
        "index_s": round(indexed - started, 2),
        "query_ms": round(1000 * (searched - indexed) / n, 2),
    }


def _bootstrap_ci(values: list[float], rounds: int = 2000) -> list[float]:
    """95% bootstrap interval of the mean: with a few hundred queries, small gaps are noise."""
    rng = random.Random(0)
    means = sorted(sum(rng.choices(values, k=len(values))) / len(values) for _ in range(rounds))
    return [round(means[int(0.025 * rounds)], 4), round(means[int(0.975 * rounds)], 4)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder holding kazqad/, ntrex/")
    parser.add_argument("--schemes", default=",".join(SCHEMES), help="comma-separated schemes")
    parser.add_argument("--tasks", default=",".join(TASKS), help="comma-separated tasks")
    args = parser.parse_args()
    report = {}
    with tempfile.TemporaryDirectory() as tmp:
        for task in args.tasks.split(","):
            chunks, queries = TASKS[task](args.data)
            workdir = Path(tmp) / task
            workdir.mkdir()
            report[task] = {
                "chunks": len(chunks),
                "queries": len(queries),
                "results": [evaluate(s, chunks, queries, workdir) for s in args.schemes.split(",")],
            }
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
