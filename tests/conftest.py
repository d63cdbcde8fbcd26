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


# An article with several speakers, pronoun references ("– деді ол.") and a quote nobody is
# named for; the names are invented. Used with the seed article by the quote-checking tests.
FLOOD_ARTICLE = """date 2026-04-02 Астанада су тасқынына дайындық талқыланды
Астанада көктемгі су тасқынына дайындық мәселесі талқыланды, деп хабарлайды Kazinform.
Төтенше жағдайлар министрі Марат Сейітов өзендердің арнасын тазарту жұмыстары уақтылы басталғанын атап өтті.
«Биыл қар қалыңдығы былтырғыдан екі есе көп. Сондықтан біз барлық өңірлерде қосымша техника әзірледік», – деді ол.
Астана қаласының әкімі Айгүл Нұрланова қала ішіндегі жағалауларды нығайту жұмыстарына тоқталды.
«Есіл өзенінің жағалауы толық бекітілді, тұрғындарға ешқандай қауіп жоқ», – деді Айгүл Нұрланова.
«Су деңгейі әр сағат сайын тексеріліп, нәтижелері жарияланып отырады».
Сарапшы Дәулет Омаров болжамдардың әлі де нақтылануы керек екенін айтты.
"""  # noqa: E501


@pytest.fixture(scope="session")
def verify_assistant(tmp_path_factory: pytest.TempPathFactory, e5_model_dir: Path):
    """A read-only assistant over the seed article and FLOOD_ARTICLE (quote checks, speakers)."""
    folder = tmp_path_factory.mktemp("verify-articles")
    (folder / "flood.txt").write_text(FLOOD_ARTICLE, encoding="utf-8")
    assistant = make_assistant(tmp_path_factory.mktemp("verify-store"))
    report = assistant.ingest([SEED_DIR, folder])
    assert report.rejected == [] and len(report.added) == 2
    return assistant
