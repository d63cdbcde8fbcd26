"""Load: concurrent clients on the app's ``/ask`` API over loopback, for a bounded time.

Starts ``python app.py`` over a store with the seed article (built in a temporary folder unless
``--data-dir`` is given), then runs ``--clients`` threads, each asking questions one after the
other through ``gradio_client`` for ``--seconds``; every request has a timeout, so the run is
bounded. Prints JSON: answers, errors (by kind), latency p50/p95, and the server's RSS at the
start and the end (MB).

    python bench/load.py [--clients 20] [--seconds 60] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

QUESTIONS = (
    "What did the akim say about the regions?",
    "Облыс әкімі өңірлердің мүмкіндіктері туралы не деді?",
    "Что сказал Закиров о молодежи?",
    "Жаңа Конституцияның негізгі қағидаты қандай?",
    "Еңбек ету құқығы туралы не айтылды?",
    "?!",  # refused: counted as an error of kind "refused", by design
)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _wait(port: int, proc: subprocess.Popen[bytes], timeout: float = 300) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the app exited")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise RuntimeError("the app did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--timeout", type=float, default=120, help="per request, seconds")
    args = parser.parse_args()
    from app_ui.headless import free_port
    from core.runtime import configure_process

    configure_process()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="load-"))
    env = dict(os.environ, ASSISTANT_DATA_DIR=str(data_dir), PYTHONPATH=str(REPO))
    subprocess.run(
        [sys.executable, "-m", "cli", "ingest", str(REPO / "data" / "seed")],
        env=env,
        check=True,
        capture_output=True,
    )
    port = free_port()
    env["ASSISTANT_PORT"] = str(port)
    app = subprocess.Popen(
        [sys.executable, str(REPO / "app.py")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(port, app)
        from gradio_client import Client

        warm = Client(f"http://127.0.0.1:{port}/", verbose=False)
        warm.predict(QUESTIONS[0], api_name="/ask")
        rss_start = _rss_mb(app.pid)
        latencies: list[float] = []
        errors: Counter[str] = Counter()
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        def client(k: int) -> None:
            session = Client(f"http://127.0.0.1:{port}/", verbose=False)
            i = k
            while time.monotonic() < stop:
                question = QUESTIONS[i % len(QUESTIONS)]
                i += 1
                started = time.perf_counter()
                try:
                    job = session.submit(question, api_name="/ask")
                    result = job.result(timeout=args.timeout)
                    ok = isinstance(result, dict) and bool(result.get("answer"))
                    kind = None if ok else "empty"
                except Exception as exc:  # counted by kind, never fatal to the bench
                    refused = question == "?!" and "no words" in str(exc)
                    kind = "refused" if refused else type(exc).__name__
                with lock:
                    if kind is None:
                        latencies.append(time.perf_counter() - started)
                    else:
                        errors[kind] += 1

        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.seconds + args.timeout + 30)
        rss_end = _rss_mb(app.pid)
        ordered = sorted(latencies)
        print(
            json.dumps(
                {
                    "clients": args.clients,
                    "seconds": args.seconds,
                    "answers": len(latencies),
                    "errors": dict(errors),
                    "unexpected_errors": sum(v for k, v in errors.items() if k != "refused"),
                    "p50_s": round(statistics.median(ordered), 3) if ordered else None,
                    "p95_s": round(ordered[int(0.95 * (len(ordered) - 1))], 3) if ordered else None,
                    "rss_mb_start": rss_start,
                    "rss_mb_end": rss_end,
                    "app_alive": app.poll() is None,
                },
                indent=2,
            )
        )
    finally:
        app.terminate()
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()


if __name__ == "__main__":
    main()
