"""`qazaq-news` (`python -m cli`) as users run it: JSON output, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, SEED_DIR, shared_models_dir

pytestmark = pytest.mark.integration


def run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ, ASSISTANT_DATA_DIR=str(data_dir), ASSISTANT_MODELS_DIR=str(shared_models_dir())
    )
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=REPO,
        env=env,
        text=True,
        capture_output=True,
        timeout=300,
    )


def test_ingest_ask_delete_round_trip(tmp_path: Path) -> None:
    store = tmp_path / "store"
    added = run(["ingest", str(SEED_DIR), "--json"], store)
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["added"] == ["baq-2026-03-11-new-constitution-regions"]
    again = json.loads(run(["ingest", str(SEED_DIR), "--json"], store).stdout)
    assert again["unchanged"] == ["baq-2026-03-11-new-constitution-regions"]

    asked = run(["ask", "Асанов не деді?", "--json"], store)
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["abstained"] is False
    assert answer["citations"][0]["speaker"] == "Жақып Асанов"

    gone = run(["ingest", "--delete", "baq-2026-03-11-new-constitution-regions", "--json"], store)
    assert json.loads(gone.stdout)["deleted"] == ["baq-2026-03-11-new-constitution-regions"]
    empty = json.loads(run(["ask", "Асанов не деді?", "--json"], store).stdout)
    assert empty["abstained"] is True and empty["citations"] == []


def test_bad_file_is_one_line_on_stderr_and_nonzero_exit(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"date 2026-01-01 Title\n\xff\xfe\n")
    result = run(["ingest", str(bad)], tmp_path / "store")
    assert result.returncode == 1
    assert result.stderr.strip() == f"{bad}:2: invalid UTF-8 at byte 1 of the line"
    assert "rejected 1" in result.stdout


def test_the_installed_command_is_the_same_cli() -> None:
    script = Path(sys.executable).parent / "qazaq-news"
    result = subprocess.run([str(script), "--help"], text=True, capture_output=True, timeout=60)
    assert result.returncode == 0
    for command in ("ask", "verify", "speakers", "quotes", "ingest"):
        assert command in result.stdout


def test_ask_on_the_onnx_backend_never_imports_torch(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        ASSISTANT_DATA_DIR=str(tmp_path / "store"),
        ASSISTANT_MODELS_DIR=str(shared_models_dir()),
        ASSISTANT_EMBEDDING_BACKEND="onnx-int8",
    )

    def python(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args], cwd=REPO, env=env, text=True, capture_output=True, timeout=300
        )

    assert python("-m", "cli", "ingest", str(SEED_DIR)).returncode == 0
    asked = python("-X", "importtime", "-m", "cli", "ask", "Асанов не деді?")
    assert asked.returncode == 0, asked.stderr
    assert "[1]" in asked.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in asked.stderr.splitlines()}
    assert "onnxruntime" in imported
    assert "torch" not in imported and "sentence_transformers" not in imported
    assert "transformers" not in imported
    # nor LangChain's chat-model and runnable machinery (the extractive answer needs neither)
    assert "langchain_core.language_models.base" not in imported
    assert "langchain_core.runnables.base" not in imported
