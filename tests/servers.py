"""Starting and stopping a real ``chroma run`` for tests (PostgreSQL: see the store conftest)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest


def _wait_for_port(port: int, proc: subprocess.Popen | None, what: str) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        if proc is not None and proc.poll() is not None:
            break
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start on 127.0.0.1:{port}")


def start_chroma(path: Path, port: int) -> subprocess.Popen:
    """``chroma run`` on 127.0.0.1:port, storing under ``path``; returns once it listens."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    if chroma is None:
        pytest.skip("the chroma CLI (ships with chromadb) is not installed")
    proc = subprocess.Popen(
        [chroma, "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, proc, "chroma run")
    except RuntimeError:
        proc.kill()
        raise
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
