"""The same code against a real `chroma run` server on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app_ui.headless import free_port
from tests.helpers import SEED_DIR, make_assistant
from vectorstore.chroma import HNSW_EF_SEARCH

pytestmark = pytest.mark.integration


@pytest.fixture()
def chroma_server(tmp_path: Path) -> Iterator[int]:
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert chroma, "the chroma CLI ships with chromadb"
    port = free_port()
    proc = subprocess.Popen(
        [chroma, "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("chroma server did not start")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_server_mode_ingest_ask_delete(chroma_server: int, tmp_path: Path) -> None:
    local = tmp_path / "local"
    assistant = make_assistant(local, chroma_host="127.0.0.1", chroma_port=chroma_server)
    assert assistant.settings.uses_chroma_server
    assert assistant.store.collection.configuration_json["hnsw"]["ef_search"] == HNSW_EF_SEARCH
    assert assistant.ingest([SEED_DIR]).added == ["baq-2026-03-11-new-constitution-regions"]
    assert not (tmp_path / "local" / "chroma").exists()  # vectors live on the server
    answer = assistant.ask("What did the akim say about the regions?")
    assert answer.citations[0].speaker == "Ермағанбет Бөлекпаев"
    again = make_assistant(tmp_path / "local", chroma_host="127.0.0.1", chroma_port=chroma_server)
    assert again.ingest([SEED_DIR]).unchanged == ["baq-2026-03-11-new-constitution-regions"]
    assert again.store.count() == 12
    assert again.delete("baq-2026-03-11-new-constitution-regions")
    assert again.store.count() == 0 and again.store.keyword.count() == 0
