"""Query latency, RSS and disk as the store grows: 10k, 100k and 1M paragraphs.

    .venv/bin/python bench/scale.py [--sizes 10000,100000,1000000] [--queries N] [--dir DIR]
    .venv/bin/python bench/scale.py --measure DIR [--budgets 60000,250000,0]

How the big stores are made in minutes: the eval pool (seed + NTREX + KazQAD, ../shared) is
ingested once through the product, and its stored vectors (paragraphs and their pooled
sentences) are read back. The store then grows by copies of the pool's articles under new ids,
20 outlets and dates spread over ten years; each copy's vectors are the source's with Gaussian
noise (cosine ~0.97 to the source, renormalised), written through the store's own Chroma,
keyword-index and catalog paths in batches (the model is not run again: ingest speed is
``bench/ingest.py``'s job). So Chroma's HNSW graph, the FTS5 index and the catalog hold real
text and realistic vectors at every size, exactly as an ingest would leave them.

At each size: retrieval alone (``Assistant.retrieve``, hybrid + speaker: query embedding, dense,
keyword, fusion) p50/p95/p99 over the pool's questions, unfiltered and with an outlet, a date
range and a speaker filter; full answers (``Assistant.ask``) p50/p95; the dense and the keyword
search alone (30 candidates, unfiltered, outlet, dates); the keyword search's time and gold
recall@30 with the configured postings budget and with none; peak RSS; disk. Prints JSON
lines as each size finishes, then the whole report. ``--measure DIR --budgets B,...`` only
sweeps keyword postings budgets on a built store (0 = none): keyword time, gold recall@30 and
``Assistant.retrieve``'s hit@1 for each (how the default was chosen).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.query import POOL, QUESTIONS  # noqa: E402  (the pool and questions query.py times)
from core.runtime import configure_process  # noqa: E402

OUTLETS = [f"Outlet {i:02d}" for i in range(20)]
NOISE = 0.0128  # per dimension: cosine ~0.97 to the source vector in 384 dimensions


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {"p50_ms": round(statistics.median(ordered), 1), "p95_ms": at(0.95), "p99_ms": at(0.99)}


def _timed(call, items) -> list[float]:
    samples = []
    for item in items:
        started = time.perf_counter()
        call(item)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _disk_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20, 1)


def _source(assistant, tmp: Path):
    """The pool as ingested: its articles and chunks, and every stored record's vector."""
    from assistant.eval import prepare_corpus
    from ingest.chunking import chunk_article
    from ingest.loaders import load_paths

    corpus = prepare_corpus(POOL, tmp)
    assistant.ingest(corpus)
    got = assistant.store.collection.get(include=["embeddings"])
    vectors = {
        rid: np.asarray(v, dtype=np.float32)
        for rid, v in zip(got["ids"], got["embeddings"], strict=True)
    }
    counter = assistant._token_counter.count
    limit = assistant.settings.max_paragraph_tokens
    articles = [(a, chunk_article(a, counter, limit)) for a in load_paths(corpus).articles]
    return articles, vectors


def _copy(article, chunks, copy: int, rng: random.Random):
    """The ``copy``-th copy of an article: new id, outlet and date; the same paragraphs."""
    from ingest.models import Chunk

    year = 2016 + rng.randrange(10)
    new = replace(
        article,
        article_id=f"{article.article_id}~{copy}",
        source=OUTLETS[rng.randrange(len(OUTLETS))],
        date=f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
    )
    return new, [Chunk(new, c.paragraph_index, c.part, c.text, c.attribution) for c in chunks]


def _grow(
    store, articles, vectors, target: int, state: dict, rng: np.random.Generator, sentences: bool
) -> None:
    """Add copies of the pool's articles until the store holds ``target`` paragraphs."""
    from vectorstore.store import _article_row, _speaker_rows, records_of

    pyrng = random.Random(state["copies"])
    while state["paragraphs"] < target:
        batch_records, batch_vectors, rows, catalog = [], {}, [], []
        while state["paragraphs"] < target and len(batch_records) < 4000:
            article, chunks = articles[state["next"] % len(articles)]
            state["next"] += 1
            if state["next"] % len(articles) == 0:
                state["copies"] += 1
            new, new_chunks = _copy(article, chunks, state["copies"], pyrng)
            for old, chunk in zip(chunks, new_chunks, strict=True):
                for record in records_of(chunk, sentences):
                    # the copy's record is the source's: its chunk id with the same suffix
                    base = vectors.get(old.chunk_id + record.record_id[len(chunk.chunk_id) :])
                    if base is None:
                        continue
                    noisy = base + rng.normal(0.0, NOISE, base.shape).astype(np.float32)
                    batch_vectors[record.record_id] = noisy / np.linalg.norm(noisy)
                    batch_records.append(record)
            rows.extend((c.chunk_id, new.article_id, c.text, c.metadata()) for c in new_chunks)
            catalog.append((_article_row(new, new_chunks, "bench"), _speaker_rows(new_chunks)))
            state["paragraphs"] += len(new_chunks)
        with store.writing():
            store._add_to_chroma(batch_records, batch_vectors)
            store.keyword.upsert(rows)
            for row, speakers in catalog:
                store.catalog.put(row, speakers)


def _is_gold_copy(question, chunk_text: str, meta: dict) -> bool:
    """Is this paragraph a gold one of ``question``, or a copy of one (a copy's article id is
    its source's with ``~copy``)?"""
    source = {**meta, "article_id": str(meta.get("article_id", "")).split("~")[0]}
    return question.is_gold(source, chunk_text)


def _keyword_recall(store, asked: list) -> float:
    """Share of the answerable questions whose unfiltered keyword top 30 holds a gold paragraph
    or a copy of one."""
    answerable = [q for q in asked if q.answerable]
    hit = 0
    for question in answerable:
        ids = [cid for cid, _ in store.keyword.search(question.text, 30)]
        if any(_is_gold_copy(question, t, m) for t, m in store.keyword.get(ids).values()):
            hit += 1
    return round(hit / max(1, len(answerable)), 3)


def _hybrid_hit1(assistant, asked: list) -> float:
    """Share of the answerable questions whose first ``Assistant.retrieve`` paragraph is gold
    or a copy of one (with ~350 copies of each paragraph, the top 5 are copies of the first)."""
    answerable = [q for q in asked if q.answerable]
    hit = 0
    for question in answerable:
        hits = assistant.retrieve(question.text, k=1)
        if hits and _is_gold_copy(question, hits[0].chunk.text, hits[0].chunk.to_metadata()):
            hit += 1
    return round(hit / max(1, len(answerable)), 3)


def _with_budget(assistant, asked: list, budget: int, hybrid: bool) -> dict:
    """The keyword search (time, gold recall@30) and, with ``hybrid``, retrieval's hit@1, under
    ``budget`` (``ASSISTANT_KEYWORD_POSTINGS_BUDGET``); the index's own budget is restored."""
    index = assistant.store.keyword
    kept = index.postings_budget
    questions = [q.text for q in asked]
    try:
        index.postings_budget = budget
        row: dict[str, object] = {
            "keyword": _percentiles(_timed(lambda q: index.search(q, 30), questions)),
            "keyword_gold_recall30": _keyword_recall(assistant.store, asked),
        }
        if hybrid:
            row["hybrid_hit1"] = _hybrid_hit1(assistant, asked)
    finally:
        index.postings_budget = kept
    return row


def _budget_effect(assistant, asked: list) -> dict:
    """The keyword search with the configured budget and with none: time and gold recall@30."""
    budget = assistant.store.keyword.postings_budget
    row: dict[str, object] = {"postings_budget": budget}
    for name, value in (("budget", budget), ("no_budget", NO_BUDGET)):
        found = _with_budget(assistant, asked, value, hybrid=False)
        row[f"keyword_{name}"] = found["keyword"]
        row[f"keyword_{name}_gold_recall30"] = found["keyword_gold_recall30"]
    return row


#: A budget no search reaches.
NO_BUDGET = 10**12


def _measure(assistant, questions: list[str], speakers: list[str], answers: int) -> dict:
    """Retrieval latency unfiltered and under three filters, full answers, the dense and keyword
    searches alone, peak RSS."""
    from vectorstore.filters import SearchFilters

    for text in questions[:5]:
        assistant.retrieve(text, k=10)
    row: dict[str, object] = {}
    filters = {
        "none": None,
        "outlet": {"source": OUTLETS[3]},
        "dates": {"date_from": "2020-01-01", "date_to": "2020-12-31"},
    }
    for name, value in filters.items():
        samples = _timed(
            lambda q, value=value: assistant.retrieve(q, k=10, filters=value), questions
        )
        row[f"retrieve_{name}"] = _percentiles(samples)
    pairs = [(q, speakers[i % len(speakers)]) for i, q in enumerate(questions)]
    samples = _timed(lambda p: assistant.retrieve(p[0], k=10, filters={"speaker": p[1]}), pairs)
    row["retrieve_speaker"] = _percentiles(samples)
    row["ask"] = _percentiles(_timed(assistant.ask, questions[:answers]))
    # the two searches alone, to see which one grows with the store
    store = assistant.store
    vectors = assistant.embeddings.embed_queries_array(questions)
    for name, value in (("none", None), *((n, v) for n, v in filters.items() if v)):
        scope = SearchFilters(**value) if value else None
        row[f"dense_{name}"] = _percentiles(
            _timed(lambda v, scope=scope: store.dense_search(v, 30, scope), list(vectors))
        )
        row[f"keyword_{name}"] = _percentiles(
            _timed(lambda q, scope=scope: store.keyword_search(q, 30, scope), questions)
        )
    row["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return row


def main() -> None:
    configure_process()
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200, help="questions per measurement")
    parser.add_argument("--answers", type=int, default=50, help="full answers per size")
    parser.add_argument("--dir", type=Path, help="where the stores grow (default: a temp dir)")
    parser.add_argument("--measure", type=Path, help="only measure the store in this folder")
    parser.add_argument(
        "--budgets",
        help="with --measure: only sweep these keyword postings budgets (0 = none), e.g. "
        "60000,250000,0: keyword time, gold recall@30 and hybrid hit@1 for each",
    )
    parser.add_argument(
        "--no-sentences",
        action="store_true",
        help="paragraph vectors only (a third of the records: the 1M build in this machine's time)",
    )
    args = parser.parse_args()
    from assistant.eval import read_questions
    from assistant.facade import Assistant
    from core.settings import Settings

    models = Settings().resolved_models_dir
    asked = [q for path in QUESTIONS for q in read_questions(path)][: args.queries]
    questions = [q.text for q in asked]
    if args.measure:
        existing = Assistant(data_dir=args.measure, models_dir=models)
        existing.embeddings.warm_up()
        if args.budgets:
            for budget in (int(b) for b in args.budgets.split(",")):
                row = _with_budget(existing, asked, budget or NO_BUDGET, hybrid=True)
                print(json.dumps({"postings_budget": budget or None, **row}), flush=True)
            return
        known = [s.name for s in existing.known_speakers()][:20] or [""]
        row = {
            "paragraphs": existing.store.keyword.count(),
            "chroma_records": existing.store.collection.count(),
            **_measure(existing, questions, known, args.answers),
            **_budget_effect(existing, asked),
            "disk_mb": _disk_mb(args.measure),
        }
        print(json.dumps(row))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    report: dict[str, object] = {"sizes": {}, "sentence_vectors": not args.no_sentences}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        root = args.dir or Path(tmp)
        started = time.perf_counter()
        source = Assistant(data_dir=root / "source", models_dir=models)
        articles, vectors = _source(source, Path(tmp))
        report["source"] = {
            "articles": len(articles),
            "paragraphs": sum(len(c) for _, c in articles),
            "records": len(vectors),
            "ingest_s": round(time.perf_counter() - started, 1),
        }
        speakers = [s.name for s in source.known_speakers()][:20] or [""]
        assistant = Assistant(data_dir=root / "scaled", models_dir=models)
        assistant.embeddings.warm_up()
        store = assistant.store
        state = {"paragraphs": 0, "next": 0, "copies": 0}
        rng = np.random.default_rng(7)
        for size in sizes:
            started = time.perf_counter()
            _grow(store, articles, vectors, size, state, rng, not args.no_sentences)
            build_s = time.perf_counter() - started
            row = {
                "paragraphs": state["paragraphs"],
                "chroma_records": store.collection.count(),
                "build_s": round(build_s, 1),
                **_measure(assistant, questions, speakers, args.answers),
                **_budget_effect(assistant, asked),
                "disk_mb": _disk_mb(root / "scaled"),
            }
            report["sizes"][str(size)] = row
            print(json.dumps({"size": size, **row}), flush=True)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
