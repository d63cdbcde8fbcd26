"""Ingest through the product against a bare fp32 encode of the same paragraphs, in one run.

    .venv/bin/python bench/ingest.py [JSONL] [--backend auto|onnx-int8|torch] [--skip-bare]
    (default corpus /work/shared/data/ntrex/kk_articles.jsonl, or $ASSISTANT_SHARED_DATA)

Prints one JSON object. Both sides load their model before the clock starts (load times are
reported apart). The product side is ``Assistant.ingest`` into a fresh store: chunking,
attribution, embedding (paragraphs and sentence vectors), Chroma and the keyword index. The bare
side is ``SentenceTransformer(model).encode_document(paragraphs, batch_size=32)`` in fp32 torch,
the cheapest thing a user could call; ``ratio`` = product / bare (the machine is shared, so only
the ratio of one run means much). ``forward_share`` is the part of ingest spent inside the
embedding model's forward pass (onnxruntime's ``run`` or sentence-transformers' ``encode``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from core.runtime import configure_process  # noqa: E402

SHARED = Path(os.environ.get("ASSISTANT_SHARED_DATA", "/work/shared/data"))
DEFAULT = SHARED / "ntrex" / "kk_articles.jsonl"


class _Timer:
    """Wraps a callable and sums the seconds spent inside it."""

    def __init__(self, fn: object) -> None:
        self.fn, self.seconds, self.calls = fn, 0.0, 0

    def __call__(self, *args: object, **kwargs: object) -> object:
        started = time.perf_counter()
        try:
            return self.fn(*args, **kwargs)  # type: ignore[operator]
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _paragraphs(corpus: Path) -> list[str]:
    return [
        p
        for line in corpus.read_text(encoding="utf-8").splitlines()
        if line.strip()
        for p in json.loads(line).get("paragraphs", [])
    ]


def main() -> None:
    configure_process()
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--backend", default=os.environ.get("ASSISTANT_EMBEDDING_BACKEND", "auto"))
    parser.add_argument("--skip-bare", action="store_true", help="product side only")
    args = parser.parse_args()
    from assistant.facade import Assistant
    from core.settings import Settings

    models = Settings().resolved_models_dir
    result: dict[str, object] = {"corpus": str(args.corpus)}
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        assistant = Assistant(data_dir=Path(tmp), models_dir=models, embedding_backend=args.backend)
        started = time.perf_counter()
        embeddings = assistant.embeddings
        embeddings.warm_up()
        _ = assistant.store
        result["backend"] = embeddings.backend
        result["sentence_vectors"] = embeddings.sentence_vectors
        result["model_load_s"] = round(time.perf_counter() - started, 2)
        if embeddings.backend == "onnx-int8":
            timer = _Timer(embeddings.encoder.session.run)
            embeddings.encoder.session.run = timer  # type: ignore[method-assign]
        else:
            model = embeddings.model
            timer = _Timer(model.forward)
            model.forward = timer  # type: ignore[method-assign]
        started = time.perf_counter()
        report = assistant.ingest([args.corpus])
        ingest_s = time.perf_counter() - started
        started = time.perf_counter()
        again = assistant.ingest([args.corpus])
        reingest_s = time.perf_counter() - started
        paragraphs = sum(a.paragraphs for a in assistant.store.articles())
        vectors = assistant.store.collection.count()
        result.update(
            articles=len(report.added),
            paragraphs=paragraphs,
            chunks=assistant.store.count(),
            vectors=vectors,
            ingest_s=round(ingest_s, 2),
            paragraphs_per_s=round(paragraphs / ingest_s, 1),
            vectors_per_s=round(vectors / ingest_s, 1),
            forward_s=round(timer.seconds, 2),
            forward_share=round(timer.seconds / ingest_s, 3),
            reingest_unchanged_s=round(reingest_s, 2),
            reingest_added=len(again.added),
            peak_rss_mb_product=_rss_mb(),
        )
    if not args.skip_bare:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(min(2, os.cpu_count() or 1))
        texts = _paragraphs(args.corpus)
        started = time.perf_counter()
        bare = SentenceTransformer(str(models / "multilingual-e5-small"), device="cpu")
        bare.encode_document(texts[:4], batch_size=32)
        result["bare_load_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        bare.encode_document(texts, batch_size=32)
        bare_s = time.perf_counter() - started
        result.update(
            bare_paragraphs=len(texts),
            bare_fp32_encode_s=round(bare_s, 2),
            ratio=round(ingest_s / bare_s, 3),
            peak_rss_mb_total=_rss_mb(),
        )
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
