"""How much of the exact dense top 10 Chroma's HNSW search returns, per ``ef_search``.

    .venv/bin/python bench/hnsw_recall.py [--data-dir DIR] [--ef 100,200,400]

Same pool and questions as ``bench/query.py``. For each question the exact top-10 paragraphs
(best of a paragraph's own and its sentences' vectors, by brute-force cosine over every stored
vector) are compared with what ``NewsStore.dense_search`` returns at each ``ef_search``. Prints
JSON: recall@10 and the median dense-search time per setting. (Opening the store in the product
restores its own setting, ``vectorstore.chroma.HNSW_EF_SEARCH``.)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.query import POOL, QUESTIONS  # noqa: E402
from core.runtime import configure_process  # noqa: E402


def measure(data_dir: Path, ef: int) -> dict[str, float]:
    """Recall@10 and dense-search time at one ``ef_search`` (Chroma applies it when it loads
    the index, so each setting runs in a fresh process)."""
    configure_process()
    from assistant.eval import prepare_corpus, read_questions
    from assistant.facade import Assistant
    from vectorstore.store import parent_id

    assistant = Assistant(data_dir=data_dir / "store", models_dir=REPO / ".assistant" / "models")
    assistant.store.collection.modify(configuration={"hnsw": {"ef_search": ef}})
    assistant.ingest(prepare_corpus(POOL, data_dir))
    store = assistant.store
    stored = store.collection.get(include=["embeddings"])
    vectors = np.asarray(stored["embeddings"], dtype=np.float32)
    parents = [parent_id(record_id) for record_id in stored["ids"]]
    questions = [q.text for path in QUESTIONS for q in read_questions(path)]
    found, samples = 0, []
    for query_vector in assistant.embeddings.embed_queries_array(questions):
        best: dict[str, float] = {}
        for parent, score in zip(parents, vectors @ query_vector, strict=True):
            best[parent] = max(best.get(parent, -1.0), float(score))
        exact = set(sorted(best, key=best.__getitem__, reverse=True)[:10])
        started = time.perf_counter()
        hits = store.dense_search(query_vector, assistant.settings.candidate_k)[:10]
        samples.append((time.perf_counter() - started) * 1000)
        found += len(exact & {hit.chunk.chunk_id for hit in hits})
    return {
        "ef_search": ef,
        "vectors": len(parents),
        "questions": len(questions),
        "recall_at_10": round(found / (10 * len(questions)), 4),
        "median_ms": round(statistics.median(samples), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, help="a directory to keep the pool store in")
    parser.add_argument("--ef", default="100,200,400")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one setting, this process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.data_dir, args.one)))
        return
    from vectorstore.chroma import HNSW_EF_SEARCH

    with tempfile.TemporaryDirectory(prefix="bench-hnsw-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        results = []
        for ef in [int(x) for x in args.ef.split(",")]:
            run = subprocess.run(
                [sys.executable, __file__, "--data-dir", str(data_dir), "--one", str(ef)],
                check=True,
                capture_output=True,
                text=True,
            )
            results.append(json.loads(run.stdout.strip().splitlines()[-1]))
    print(json.dumps({"product_ef_search": HNSW_EF_SEARCH, "settings": results}))


if __name__ == "__main__":
    main()
