"""Shared fixtures.

Provisioned models live in one per-machine cache (``ASSISTANT_MODELS_DIR`` or the repo's
``.assistant/models``), so the e5 folder is built once and reused by every later test run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.runtime import configure_process

configure_process()  # before numpy/torch load: one BLAS thread, offline hubs, no telemetry

REPO = Path(__file__).resolve().parent.parent


def shared_models_dir() -> Path:
    return Path(os.environ.get("ASSISTANT_MODELS_DIR", str(REPO / ".assistant" / "models")))


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


SEED_DIR = REPO / "data" / "seed"


def make_assistant(data_dir: Path, **overrides: object):
    """An assistant over its own store, sharing the provisioned models."""
    from assistant.facade import Assistant

    return Assistant(data_dir=data_dir, models_dir=shared_models_dir(), **overrides)


@pytest.fixture(scope="session")
def seed_assistant(tmp_path_factory: pytest.TempPathFactory, e5_model_dir: Path):
    """A read-only assistant with the bundled sample article ingested (shared by many tests)."""
    assistant = make_assistant(tmp_path_factory.mktemp("seed-store"))
    report = assistant.ingest([SEED_DIR])
    assert report.rejected == [] and len(report.added) == 1
    return assistant
