"""Ingest throughput and memory: paragraphs/s and peak RSS for the NTREX Kazakh articles.

    .venv/bin/python bench/ingest.py [JSONL]   (default ../shared/data/ntrex/kk_articles.jsonl)

Prints one JSON object. The model is loaded before the clock starts (its load time is reported
apart), so the rate measures chunking, attribution, embedding and both indexes.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from core.runtime import configure_process  # noqa: E402

DEFAULT = REPO.parent / "shared" / "data" / "ntrex" / "kk_articles.jsonl"


def main() -> None:
    configure_process()
    from assistant.facade import Assistant

    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        assistant = Assistant(data_dir=Path(tmp), models_dir=REPO / ".assistant" / "models")
        started = time.perf_counter()
        assistant.embeddings.embed_documents_array(["warm-up"])
        _ = assistant.store
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        report = assistant.ingest([corpus])
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        again = assistant.ingest([corpus])
        second_s = time.perf_counter() - started
        paragraphs = sum(a.paragraphs for a in assistant.store.articles())
        print(
            json.dumps(
                {
                    "corpus": str(corpus),
                    "articles": len(report.added),
                    "paragraphs": paragraphs,
                    "chunks": assistant.store.count(),
                    "model_load_s": round(load_s, 2),
                    "ingest_s": round(first_s, 2),
                    "paragraphs_per_s": round(paragraphs / first_s, 1),
                    "reingest_unchanged_s": round(second_s, 2),
                    "reingest_added": len(again.added),
                    "peak_rss_mb": round(
                        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                    ),
                }
            )
        )


if __name__ == "__main__":
    main()
