"""The int8 ONNX encoder's forward pass under batch sizes and thread layouts; prints JSON.

    .venv/bin/python bench/encoder_batching.py [JSONL] [--paragraphs N] [--batches 1,8,32]
        [--export-compare]
    (default corpus /work/shared/data/ntrex/kk_articles.jsonl, or $ASSISTANT_SHARED_DATA)

Encodes the first N paragraphs (prompt "passage: ") with ``OnnxEncoder.encode`` at each batch
size (texts sorted by length, as ingest does), then the same paragraphs as two Python threads
over one single-threaded session (onnxruntime releases the GIL) against one two-threaded
session. Seconds are the median of ``--runs``. Batches of 1 make a paragraph's vector
independent of what it is batched with (int8 activations are quantised per batch); the
``max_cosine_moved`` field says how far batching at 32 moves a vector from its batch-of-1 one.

``--export-compare`` instead exports the encoder twice into a temporary folder, with
transformers' scaled-dot-product attention ("sdpa", its default) and with plain attention
("eager", ``vectorstore.onnx_export.EXPORT``), quantises both with the product's recipe and times
each at batch 32 (median of ``--runs``), with the smallest cosine between their vectors and,
from one onnxruntime profile of each, the share of kernel time in Where and IsNaN nodes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from core.runtime import configure_process  # noqa: E402

SHARED = Path(os.environ.get("ASSISTANT_SHARED_DATA", "/work/shared/data"))
DEFAULT = SHARED / "ntrex" / "kk_articles.jsonl"


def _paragraphs(corpus: Path, limit: int) -> list[str]:
    texts = [
        f"passage: {p}"
        for line in corpus.read_text(encoding="utf-8").splitlines()
        if line.strip()
        for p in json.loads(line).get("paragraphs", [])
    ]
    return texts[:limit]


def _median_seconds(run: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 2)


def main() -> None:
    configure_process()
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--paragraphs", type=int, default=640)
    parser.add_argument("--batches", default="1,8,32")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--export-compare", action="store_true")
    args = parser.parse_args()
    if args.export_compare:
        print(json.dumps(_export_compare(args.corpus, args.paragraphs, args.runs), indent=1))
        return
    import numpy as np

    from core.settings import Settings
    from vectorstore.onnx_encoder import OnnxEncoder
    from vectorstore.provision import ensure_e5_model, ensure_int8_onnx

    models = Settings().resolved_models_dir
    onnx_path = ensure_int8_onnx(models)
    tokenizer = ensure_e5_model(models) / "tokenizer.json"
    texts = _paragraphs(args.corpus, args.paragraphs)
    encoder = OnnxEncoder(onnx_path, tokenizer)
    encoder.encode(texts[:8])  # warm up
    result: dict[str, object] = {
        "paragraphs": len(texts),
        "threads": encoder.session.get_session_options().intra_op_num_threads,
    }
    seconds = {}
    for size in (int(b) for b in args.batches.split(",")):
        seconds[str(size)] = _median_seconds(lambda s=size: encoder.encode(texts, s), args.runs)
    result["seconds_by_batch_size"] = seconds
    alone, batched = encoder.encode(texts, 1), encoder.encode(texts, 32)
    result["max_cosine_moved"] = round(float(1 - np.min(np.sum(alone * batched, axis=1))), 5)

    single = OnnxEncoder(onnx_path, tokenizer)
    options = single.session.get_session_options()
    import onnxruntime as ort

    options.intra_op_num_threads = 1
    single.session = ort.InferenceSession(
        str(onnx_path), options, providers=["CPUExecutionProvider"]
    )
    halves = (texts[0::2], texts[1::2])

    def two_threads() -> None:
        workers = [threading.Thread(target=single.encode, args=(half, 32)) for half in halves]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    result["two_threads_one_thread_each_s"] = _median_seconds(two_threads, args.runs)
    result["one_session_s"] = seconds.get("32") or _median_seconds(
        lambda: encoder.encode(texts, 32), args.runs
    )
    print(json.dumps(result, indent=1))


def _export_compare(corpus: Path, limit: int, runs: int) -> dict[str, object]:
    """The int8 encoder exported with each attention implementation, timed on one corpus."""
    import tempfile

    import numpy as np

    from core.settings import Settings
    from vectorstore.onnx_encoder import OnnxEncoder
    from vectorstore.onnx_export import build_int8_onnx
    from vectorstore.provision import ensure_e5_model

    folder = ensure_e5_model(Settings().resolved_models_dir)
    texts = _paragraphs(corpus, limit)
    result: dict[str, object] = {"paragraphs": len(texts)}
    vectors = {}
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        for attention in ("sdpa", "eager"):
            path = Path(tmp) / f"{attention}.int8.onnx"
            build_int8_onnx(folder, path, attention)
            encoder = OnnxEncoder(path, folder / "tokenizer.json")
            encoder.encode(texts[:8])  # warm up
            result[f"{attention}_s"] = _median_seconds(lambda e=encoder: e.encode(texts, 32), runs)
            vectors[attention] = encoder.encode(texts, 32)
            result[f"{attention}_where_isnan_share"] = _where_isnan_share(encoder, path, texts)
    result["eager_over_sdpa"] = round(result["eager_s"] / result["sdpa_s"], 3)  # type: ignore[operator]
    result["min_cosine_between"] = round(
        float(np.min(np.sum(vectors["sdpa"] * vectors["eager"], axis=1))), 4
    )
    return result


def _where_isnan_share(encoder: object, path: Path, texts: list[str]) -> float:
    """Share of onnxruntime's kernel time spent in Where and IsNaN nodes, one profiled pass."""
    from collections import Counter

    import onnxruntime as ort

    options = encoder.session.get_session_options()  # type: ignore[attr-defined]
    options.enable_profiling = True
    options.profile_file_prefix = str(path.with_suffix(""))
    encoder.session = ort.InferenceSession(  # type: ignore[attr-defined]
        str(path), options, providers=["CPUExecutionProvider"]
    )
    encoder.encode(texts, 32)  # type: ignore[attr-defined]
    profile = Path(encoder.session.end_profiling())  # type: ignore[attr-defined]
    by_op: Counter[str] = Counter()
    for event in json.loads(profile.read_text(encoding="utf-8")):
        if event.get("cat") == "Node" and event.get("name", "").endswith("_kernel_time"):
            by_op[event["args"].get("op_name", "")] += event["dur"]
    total = sum(by_op.values()) or 1
    return round((by_op["Where"] + by_op["IsNaN"]) / total, 3)


if __name__ == "__main__":
    main()
