"""A re-ingest under a changed title re-embeds every paragraph (the title is embedded with it)."""

from __future__ import annotations

import json
from pathlib import Path

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
    new = assistant.store.collection.get(include=["embeddings", "metadatas"])
    assert set(new["ids"]).isdisjoint(old)  # no stale vector kept under the old title
    assert len(new["ids"]) == len(old)
    assert all(m["title"] == record["title"] for m in new["metadatas"])
    assert not (new["embeddings"][0] == old_vectors["embeddings"][0]).all()
