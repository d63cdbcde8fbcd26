from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import tokens
from ingest.tokens import (
    EXPECTED_SHA256,
    TIKTOKEN_FILES,
    TiktokenProvisionError,
    TokenCounter,
    ensure_tiktoken,
)

REPO = Path(__file__).resolve().parents[2]
KAZAKH = (
    "Қазақстан Республикасының Президенті Қасым-Жомарт Тоқаев Астанада өткен жиында "
    "өңірлердің әлеуметтік-экономикалық дамуына қатысты бірқатар тапсырма берді. "
    "Мемлекет басшысы ауыл шаруашылығын қолдау, жол салу және ауыз сумен қамтамасыз ету "
    "мәселелеріне ерекше назар аударды."
)

# Runs in a fresh interpreter (tiktoken caches encodings per process) with every download routed
# to a dead proxy, so only files already on disk can make get_encoding succeed.
_PROBE = """
import sys
from pathlib import Path
import tiktoken
if sys.argv[2] == "provision":
    from ingest.tokens import ensure_tiktoken
    ensure_tiktoken(Path(sys.argv[1]))
for name in ("o200k_base", "cl100k_base"):
    print(name, tiktoken.get_encoding(name).encode("Hello world"))
"""


def _probe(cache_dir: Path, mode: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.upper().endswith("_PROXY")}
    dead = "http://127.0.0.1:9"
    env.update(HTTP_PROXY=dead, HTTPS_PROXY=dead, TIKTOKEN_CACHE_DIR=str(cache_dir))
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-c", _PROBE, str(cache_dir), mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(autouse=True)
def _restore_cache_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """ensure_tiktoken sets TIKTOKEN_CACHE_DIR; monkeypatch puts the old value back afterwards."""
    monkeypatch.delenv("TIKTOKEN_CACHE_DIR", raising=False)


def test_get_encoding_works_offline_after_provisioning(tmp_path: Path) -> None:
    result = _probe(tmp_path, "provision")
    assert result.returncode == 0, result.stderr
    assert "o200k_base [13225, 2375]" in result.stdout
    assert "cl100k_base [9906, 1917]" in result.stdout


def test_without_provisioning_the_probe_cannot_download(tmp_path: Path) -> None:
    """Proves the offline probe above really is offline."""
    result = _probe(tmp_path, "skip")
    assert result.returncode != 0
    assert "openaipublic.blob.core.windows.net" in result.stderr  # it tried, and failed, to fetch


def test_files_have_tiktokens_names_and_hashes(tmp_path: Path) -> None:
    ensure_tiktoken(tmp_path)
    assert os.environ["TIKTOKEN_CACHE_DIR"] == str(tmp_path)
    for name, filename in TIKTOKEN_FILES.items():
        url = f"https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
        assert filename == hashlib.sha1(url.encode()).hexdigest()
        data = (tmp_path / filename).read_bytes()
        assert hashlib.sha256(data).hexdigest() == EXPECTED_SHA256[name]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(TIKTOKEN_FILES.values())


def test_corrupt_file_is_repaired(tmp_path: Path) -> None:
    ensure_tiktoken(tmp_path)
    path = tmp_path / TIKTOKEN_FILES["o200k_base"]
    path.write_bytes(b"IQ== 0\n")
    ensure_tiktoken(tmp_path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == EXPECTED_SHA256["o200k_base"]


def test_source_with_wrong_hash_raises_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(tokens.EXPECTED_SHA256, "o200k_base", "0" * 64)
    with pytest.raises(TiktokenProvisionError, match=r"o200k_base.*expects 0{64}"):
        ensure_tiktoken(tmp_path)
    assert not (tmp_path / TIKTOKEN_FILES["o200k_base"]).exists()
    assert not list(tmp_path.glob("*.tmp"))


def test_token_counter(tiktoken_dir: Path) -> None:
    counter = TokenCounter(tiktoken_dir)
    assert counter.count("") == 0
    assert counter.count("Hello world") == 2
    assert counter.count("a <|endoftext|> b") > 3  # plain text, not a special token


def test_o200k_is_cheaper_than_cl100k_for_kazakh(tiktoken_dir: Path) -> None:
    o200k = TokenCounter(tiktoken_dir).count(KAZAKH)
    cl100k = TokenCounter(tiktoken_dir, "cl100k_base").count(KAZAKH)
    assert 0 < o200k < cl100k
