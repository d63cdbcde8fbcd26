"""Cold start: process start to first answer, for the CLI and for the Gradio app.

    .venv/bin/python bench/cold_start.py [--data-dir DIR] [--runs 3] [--backend auto|torch|...]

Prints one JSON object. Without ``--data-dir`` the sample article (data/seed) is ingested into a
temporary store first (not timed). CLI: wall time of ``qazaq-news ask QUESTION`` until it
exits, and its CPU time (user + system: what the process itself cost, which a loaded machine
does not inflate). App: ``python app.py`` on a free port until it reports ready (the model loaded
and warmed), and the first ``/ask`` through the Gradio client after that. ``torch_imported``
says whether the CLI's answer path imported torch (``python -X importtime``).
``glossary_load_s``: a fresh process importing and loading the glossary (the first Russian or
English question's extra cost).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

QUESTION = "Бір үстел басына кімдер жиналды?"


def _env(data_dir: Path, backend: str) -> dict[str, str]:
    env = dict(os.environ)
    env["ASSISTANT_DATA_DIR"] = str(data_dir)
    env["ASSISTANT_EMBEDDING_BACKEND"] = backend
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_run(env: dict[str, str]) -> dict[str, object]:
    """One ``ask`` from process start to exit."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cli", "ask", QUESTION],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    wall = time.perf_counter() - started
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(_children_cpu() - cpu, 2),
        "answered": "[1]" in done.stdout,
        "torch_imported": "torch" in imported,
        "sentence_transformers_imported": "sentence_transformers" in imported,
    }


_GLOSSARY_LOAD = (
    "import time; t = time.perf_counter(); from kazakh.glossary import default_glossary; "
    "default_glossary(); print(time.perf_counter() - t)"
)


def glossary_load(env: dict[str, str]) -> float:
    """Seconds a fresh process takes to import and load the kk/ru/en glossary: what the first
    Russian or English question pays (a Kazakh one never loads it)."""
    done = subprocess.run(
        [sys.executable, "-c", _GLOSSARY_LOAD],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return round(float(done.stdout.strip()), 3)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def app_run(env: dict[str, str], timeout: float = 600) -> dict[str, object]:
    """``python app.py`` until it reports ready, then the first answer through its API."""
    from gradio_client import Client

    port = _free_port()
    env = env | {"ASSISTANT_PORT": str(port), "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    app = subprocess.Popen(
        [sys.executable, "app.py"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        ready_s = None
        assert app.stdout is not None
        for line in app.stdout:
            if "Running on local URL" in line:
                ready_s = time.perf_counter() - started
                break
            if time.perf_counter() - started > timeout:
                break
        if ready_s is None:
            return {"error": "the app did not report ready"}
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        asked = time.perf_counter()
        answer = client.predict(QUESTION, None, api_name="/ask")
        first_answer_s = time.perf_counter() - asked
        asked = time.perf_counter()
        client.predict(QUESTION, None, api_name="/ask")
        return {
            "ready_s": round(ready_s, 2),
            "first_answer_after_ready_s": round(first_answer_s, 2),
            "second_answer_s": round(time.perf_counter() - asked, 2),
            "start_to_first_answer_s": round(ready_s + first_answer_s, 2),
            "answered": bool(answer.get("citations")),
        }
    finally:
        app.terminate()
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backend", default=os.environ.get("ASSISTANT_EMBEDDING_BACKEND", "auto"))
    parser.add_argument("--no-app", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        env = _env(data_dir, args.backend)
        if args.data_dir is None:
            subprocess.run(
                [sys.executable, "-m", "cli", "ingest", str(REPO / "data" / "seed")],
                env=env,
                check=True,
                cwd=REPO,
                capture_output=True,
            )
        cli_run(env)  # the page cache now holds the model and libraries, as on a used machine
        runs = [cli_run(env) for _ in range(args.runs)]
        result: dict[str, object] = {
            "backend": args.backend,
            "cli_runs": runs,
            "cli_wall_median_s": statistics.median(float(r["wall_s"]) for r in runs),
            "cli_cpu_median_s": statistics.median(float(r["cpu_s"]) for r in runs),
            "glossary_load_s": glossary_load(env),
        }
        if not args.no_app:
            result["app"] = app_run(env)
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
