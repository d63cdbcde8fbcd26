"""What a store holds, read back in full, to compare stores made in different ways."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np


@dataclass
class StoreState:
    """Chroma records, keyword rows, catalog rows and speakers of a store."""

    records: dict[str, str]  # record id -> metadata as JSON (Chroma keeps no text)
    vectors: dict[str, np.ndarray]
    keyword: dict[str, tuple[str, str]]  # chunk id -> (text, metadata as JSON)
    articles: list[tuple]
    speakers: list[tuple]

    def same_as(self, other: StoreState) -> None:
        """Assert equality; vectors to a cosine of 0.99: batches differ between ingests, and the
        int8 ONNX backend quantises activations per batch (measured cosine >= 0.99 to fp32)."""
        assert self.records == other.records
        assert self.keyword == other.keyword
        assert self.articles == other.articles
        assert self.speakers == other.speakers
        assert self.vectors.keys() == other.vectors.keys()
        for record_id, vector in self.vectors.items():
            assert float(vector @ other.vectors[record_id]) >= 0.99, record_id


def read_state(assistant) -> StoreState:
    """Everything in ``assistant``'s store; checks that the keyword index and Chroma agree."""
    store = assistant.store
    got = store.collection.get(include=["documents", "metadatas", "embeddings"])
    assert len(got["embeddings"]) == len(got["ids"])  # every vector readable
    assert not any(got["documents"] or ())  # the text lives in the keyword index only
    records = {
        rid: json.dumps(meta, sort_keys=True, ensure_ascii=False)
        for rid, meta in zip(got["ids"], got["metadatas"], strict=True)
    }
    vectors = {
        rid: np.asarray(v, dtype=np.float32)
        for rid, v in zip(got["ids"], got["embeddings"], strict=True)
    }
    ids = store.keyword.ids_where({}, 10**6)
    assert len(ids) == len(set(ids)) == store.count()
    keyword = {
        cid: (chunk.text, json.dumps(chunk.to_metadata(), sort_keys=True, ensure_ascii=False))
        for cid, chunk in store.get(ids).items()
    }
    paragraphs = {rid for rid, meta in records.items() if '"kind": "paragraph"' in meta}
    assert paragraphs == set(keyword)  # keyword index and vectors consistent
    return StoreState(
        records,
        vectors,
        keyword,
        [tuple(vars(a).values()) for a in store.articles()],
        [tuple(vars(s).values()) for s in store.speakers()],
    )
