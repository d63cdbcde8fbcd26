"""A re-ingest under a changed title replaces every record: no vector stays under the old title.

Paragraphs are embedded without their title (``vectorstore.store.RECORD_RECIPE``), so the new
vectors equal those a fresh ingest of the retitled article makes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.helpers import make_assistant

pytestmark = pytest.mark.integration


def test_a_new_title_replaces_every_vector(tmp_path: Path, e5_model_dir: Path) -> None:
    path = tmp_path / "a.jsonl"
    record = {"id": "t1", "title": "Ескі тақырып", "paragraphs": ["Бір абзац.", "Екінші абзац."]}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assistant = make_assistant(tmp_path / "store")
    assistant.ingest([path])
    old = set(assistant.store.collection.get(include=[])["ids"])
    old_vectors = assistant.store.collection.get(ids=sorted(old), include=["embeddings"])
    record["title"] = "Мүлде басқа жаңа тақырып"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert assistant.ingest([path]).replaced == ["t1"]
    new = assistant.store.collection.get(include=["embeddings"])
    assert set(new["ids"]).isdisjoint(old)  # no stale vector kept under the old title
    assert len(new["ids"]) == len(old)
    assert {c.title for c in assistant.article("t1")} == {record["title"]}
    fresh = make_assistant(tmp_path / "fresh")
    fresh.ingest([path])
    again = fresh.store.collection.get(ids=new["ids"], include=["embeddings"])
    assert again["ids"] == new["ids"]
    for made, stored in zip(again["embeddings"], new["embeddings"], strict=True):
        assert float(np.dot(made, stored)) > 0.99  # int8 activations: equal up to quantisation
    assert len(old_vectors["ids"]) == len(old)
