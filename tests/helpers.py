"""Helpers the tests share: repo paths, the provisioned models, assistants over temp stores.

Import from here (``from tests.helpers import ...``); fixtures live in ``conftest.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED_DIR = REPO / "data" / "seed"
TEST_DATA = Path(__file__).resolve().parent / "data"


def shared_models_dir() -> Path:
    """One per-machine cache of provisioned models (``ASSISTANT_MODELS_DIR`` or the repo's)."""
    return Path(os.environ.get("ASSISTANT_MODELS_DIR", str(REPO / ".assistant" / "models")))


KAZNEWS = REPO / "bench" / "data" / "kaznews"


def kaznews_assistant(root: Path, story_ids: tuple[str, ...]):
    """An assistant over a store of the named kaznews stories (``bench/data/kaznews``) alone."""
    import json

    rows = [
        json.loads(line)
        for path in sorted(KAZNEWS.glob("articles_*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    chosen = [row for row in rows if row["id"] in story_ids]
    assert len(chosen) == len(story_ids), "a story id is not in bench/data/kaznews"
    path = root / "stories.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in chosen) + "\n")
    assistant = make_assistant(root / "store")
    assert len(assistant.ingest([path]).added) == len(story_ids)
    return assistant


def make_assistant(data_dir: Path, **overrides: object):
    """An assistant over its own store, sharing the provisioned models."""
    from assistant.facade import Assistant

    return Assistant(data_dir=data_dir, models_dir=shared_models_dir(), **overrides)


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
