"""Real faults: an ingest killed with SIGKILL, a Chroma server restarted mid-session.

Re-running the killed ingest converges on exactly the store a clean ingest makes (same articles,
fingerprints, chunk ids and vector count); after a server restart the same assistant answers and
ingests again.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app_ui.headless import free_port
from tests.helpers import REPO, SEED_DIR, make_assistant, shared_models_dir

pytestmark = pytest.mark.integration


def _articles(path: Path, count: int) -> Path:
    """``count`` articles made of the seed article's paragraphs in different orders."""
    lines = next(SEED_DIR.glob("*.txt")).read_text(encoding="utf-8").splitlines()[1:]
    paragraphs = [line for line in lines if line.strip()]
    rng = random.Random(15)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            body = rng.sample(paragraphs, 6)
            record = {"id": f"kill-{i}", "title": f"Мақала {i}", "paragraphs": body}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _snapshot(data_dir: Path) -> tuple[dict, int]:
    assistant = make_assistant(data_dir)
    rows = {row.article_id: row.fingerprint for row in assistant.articles()}
    chunks = {a: tuple(c.chunk_id for c in assistant.article(a)) for a in rows}
    return {a: (rows[a], chunks[a]) for a in rows}, assistant.store.collection.count()


def _ingest(data_dir: Path, path: Path) -> subprocess.Popen[str]:
    env = dict(
        os.environ,
        ASSISTANT_DATA_DIR=str(data_dir),
        ASSISTANT_MODELS_DIR=str(shared_models_dir()),
        PYTHONPATH=str(REPO),
    )
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "ingest", str(path)],
        cwd=REPO,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _chroma_bytes(data_dir: Path) -> int:
    return sum(f.stat().st_size for f in data_dir.rglob("*") if f.is_file() and "chroma" in str(f))


def test_sigkill_during_ingest_then_rerun_converges_to_the_clean_store(tmp_path: Path) -> None:
    source = _articles(tmp_path / "many.jsonl", 20)
    clean = tmp_path / "clean"
    assert make_assistant(clean).ingest([source]).rejected == []
    expected = _snapshot(clean)
    killed = tmp_path / "killed"
    kills = 0
    for delay in (0.0, 1.5):  # just after the first Chroma write, then a little later
        proc = _ingest(killed, source)
        start = _chroma_bytes(killed)
        deadline = time.monotonic() + 240
        while proc.poll() is None and time.monotonic() < deadline:
            if _chroma_bytes(killed) > start:
                time.sleep(delay)
                break
            time.sleep(0.05)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.communicate(timeout=60)
    assert kills >= 1
    rerun = _ingest(killed, source)
    _out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    assert _snapshot(killed) == expected


def test_a_restarted_chroma_server_is_used_again(tmp_path: Path) -> None:
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert chroma
    port = free_port()

    def start() -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [chroma, "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(tmp_path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    return proc
            time.sleep(0.2)
        proc.kill()
        raise RuntimeError("chroma server did not start")

    server = start()
    try:
        assistant = make_assistant(tmp_path / "local", chroma_host="127.0.0.1", chroma_port=port)
        assert assistant.ingest([SEED_DIR]).added
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=30)
        with pytest.raises(Exception) as down:  # any client error
            assistant.ask("What did the akim say about the regions?")
        assert str(down.value).strip()
        server = start()
        answer = assistant.ask("What did the akim say about the regions?")
        assert answer.citations and not answer.abstained
        assert assistant.ingest([SEED_DIR]).unchanged  # nothing lost, nothing re-added
    finally:
        server.terminate()
        server.wait(timeout=30)
