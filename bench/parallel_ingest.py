"""Server-mode throughput: ingest with 1, 2 and 4 workers, and query latency with 1 and 2 app
replicas, against a local PostgreSQL and ``chroma run`` (started here on loopback, stopped at the
end).

    .venv/bin/python bench/parallel_ingest.py [--corpus JSONL] [--articles N] [--workers 1,2,4]
        [--queries N]

Corpus: the first N NTREX Kazakh articles (../shared). Each worker count ingests into a fresh
database and collection with ``qazaq-news ingest --workers W``; the rate is paragraphs over the
wall time less the fixed cost of starting W workers (measured by ingesting an empty file), both
reported. Replicas are separate processes answering the NTREX short questions in a closed loop
(one question in flight each: a bounded load); p50/p95 are over every answer. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SHARED = REPO.parent / "shared"
CORPUS = SHARED / "data" / "ntrex" / "kk_articles.jsonl"
QUESTIONS = REPO / "bench" / "data" / "ntrex_short_questions.jsonl"

REPLICA = r"""
import json, sys, time
from core.runtime import configure_process
configure_process()
from assistant.facade import Assistant
questions = json.loads(sys.argv[1])
assistant = Assistant()
assistant.ask(questions[0])  # warm-up: model loaded, connections open
print("ready", flush=True)
sys.stdin.readline()  # start together
times = []
for question in questions:
    started = time.perf_counter()
    assistant.ask(question)
    times.append(time.perf_counter() - started)
print(json.dumps(times))
"""


def _env(settings: dict[str, str]) -> dict[str, str]:
    models = os.environ.get("ASSISTANT_MODELS_DIR", str(REPO / ".assistant" / "models"))
    return {**os.environ, "PYTHONPATH": str(REPO), "ASSISTANT_MODELS_DIR": models, **settings}


def _store(admin_url: str, port: int, workdir: Path) -> dict[str, str]:
    """Settings of a fresh server store: a new database and collection."""
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return {
        "ASSISTANT_CHROMA_HOST": "127.0.0.1",
        "ASSISTANT_CHROMA_PORT": str(port),
        "ASSISTANT_DATABASE_URL": admin_url.rsplit("/", 1)[0] + f"/{name}",
        "ASSISTANT_COLLECTION": name,
        "ASSISTANT_DATA_DIR": str(workdir / name),
    }


def _ingest(settings: dict[str, str], path: Path, workers: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cli", "ingest", str(path), "--workers", str(workers), "--json"],
        env=_env(settings),
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def _replicas(settings: dict[str, str], count: int, questions: list[str]) -> list[float]:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", REPLICA, json.dumps(questions)],
            env=_env(settings),
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    times: list[float] = []
    for proc in procs:
        out, _ = proc.communicate(timeout=1800)
        times.extend(json.loads(out))
    return times


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--queries", type=int, default=30, help="questions per replica")
    args = parser.parse_args()
    # a timeout's SIGTERM still stops the servers (the context managers' cleanup runs)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    from tests.servers import running_chroma, running_postgres

    lines = args.corpus.read_text(encoding="utf-8").splitlines()[: args.articles]
    paragraphs = sum(len(json.loads(line)["paragraphs"]) for line in lines)
    questions = [
        json.loads(line)["question"]
        for line in QUESTIONS.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ][: args.queries]
    result: dict[str, object] = {
        "articles": len(lines),
        "paragraphs": paragraphs,
        "cpus": os.cpu_count(),
    }
    with tempfile.TemporaryDirectory(prefix="bench-parallel-") as tmp:
        workdir = Path(tmp)
        corpus, empty = workdir / "corpus.jsonl", workdir / "empty.jsonl"
        corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
        empty.write_text("", encoding="utf-8")
        with running_postgres() as admin, running_chroma(workdir / "chroma") as port:
            ingest = {}
            first_store: dict[str, str] | None = None
            for workers in (int(w) for w in args.workers.split(",")):
                settings = _store(admin, port, workdir)
                startup = _ingest(settings, empty, workers)
                wall = _ingest(settings, corpus, workers)
                ingest[str(workers)] = {
                    "wall_s": round(wall, 2),
                    "startup_s": round(startup, 2),
                    "paragraphs_per_s": round(paragraphs / wall, 1),
                    "paragraphs_per_s_after_startup": round(
                        paragraphs / max(wall - startup, 1e-9), 1
                    ),
                }
                first_store = first_store or settings
            result["ingest"] = ingest
            assert first_store is not None
            query = {}
            for replicas in (1, 2):
                times = _replicas(first_store, replicas, questions)
                query[str(replicas)] = {
                    "answers": len(times),
                    "p50_ms": round(statistics.median(times) * 1000, 1),
                    "p95_ms": round(_percentile(times, 0.95) * 1000, 1),
                }
            result["query_replicas"] = query
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
