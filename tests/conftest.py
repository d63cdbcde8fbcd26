"""Shared fixtures.

Provisioned models live in one per-machine cache (``ASSISTANT_MODELS_DIR`` or the repo's
``.assistant/models``), so the e5 folder is built once and reused by every later test run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.runtime import configure_process
from tests.helpers import FLOOD_ARTICLE, SEED_DIR, make_assistant, shared_models_dir

configure_process()  # before numpy/torch load: one BLAS thread, offline hubs, no telemetry


@pytest.fixture(scope="session")
def e5_model_dir() -> Path:
    """The provisioned multilingual-e5-small sentence-transformers folder."""
    from vectorstore.provision import ensure_e5_model

    return ensure_e5_model(shared_models_dir())


@pytest.fixture(scope="session")
def tiktoken_dir() -> Path:
    """tiktoken's offline cache, provisioned (this also points ``TIKTOKEN_CACHE_DIR`` at it)."""
    from ingest.tokens import ensure_tiktoken

    path = shared_models_dir() / "tiktoken"
    ensure_tiktoken(path)
    return path


@pytest.fixture(scope="session")
def seed_assistant(tmp_path_factory: pytest.TempPathFactory, e5_model_dir: Path):
    """A read-only assistant with the bundled sample article ingested (shared by many tests)."""
    assistant = make_assistant(tmp_path_factory.mktemp("seed-store"))
    report = assistant.ingest([SEED_DIR])
    assert report.rejected == [] and len(report.added) == 1
    return assistant


@pytest.fixture(scope="session")
def verify_assistant(tmp_path_factory: pytest.TempPathFactory, e5_model_dir: Path):
    """A read-only assistant over the seed article and FLOOD_ARTICLE (quote checks, speakers)."""
    folder = tmp_path_factory.mktemp("verify-articles")
    (folder / "flood.txt").write_text(FLOOD_ARTICLE, encoding="utf-8")
    assistant = make_assistant(tmp_path_factory.mktemp("verify-store"))
    report = assistant.ingest([SEED_DIR, folder])
    assert report.rejected == [] and len(report.added) == 2
    return assistant
