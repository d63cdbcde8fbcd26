"""Stored chunks: typed fields read from and written to the flat metadata the store keeps."""

from __future__ import annotations

import dataclasses

import pytest

from ingest.models import Article, Attribution, Chunk
from vectorstore.chunks import StoredChunk

ARTICLE = Article(
    "baq-1", "Жаңа Конституция", ("Бірінші абзац.",), "2026-03-11", "BAQ.KZ", "https://baq.kz/1"
)
CHUNK = Chunk(
    ARTICLE,
    4,
    1,
    "«Бұл – кеңірек ұғым», – деді Бөлекпаев.",
    Attribution("Ермағанбет Бөлекпаев", "облыс әкімі", "direct", ("Бұл – кеңірек ұғым",)),
)


def test_every_field_ingest_writes_is_read_back_typed() -> None:
    stored = StoredChunk.from_metadata(CHUNK.chunk_id, CHUNK.text, CHUNK.metadata())
    assert stored == StoredChunk(
        chunk_id=CHUNK.chunk_id,
        text=CHUNK.text,
        article_id="baq-1",
        paragraph_index=4,
        part=1,
        title="Жаңа Конституция",
        date="2026-03-11",
        source="BAQ.KZ",
        url="https://baq.kz/1",
        speaker="Ермағанбет Бөлекпаев",
        speaker_role="облыс әкімі",
        speech_kind="direct",
        quotes=("Бұл – кеңірек ұғым",),
        text_hash=CHUNK.text_hash,
    )


def test_metadata_round_trips_so_no_field_is_lost_or_renamed() -> None:
    """A key renamed on either side breaks this, not a citation somewhere downstream."""
    meta = CHUNK.metadata()
    assert StoredChunk.from_metadata(CHUNK.chunk_id, CHUNK.text, meta).to_metadata() == meta
    fields = {f.name for f in dataclasses.fields(StoredChunk)} - {"chunk_id", "text"}
    assert len(fields) == len(meta) - 1  # date_int is derived from the date


def test_a_chunk_without_its_article_or_place_is_refused() -> None:
    meta = CHUNK.metadata()
    del meta["paragraph_index"]
    with pytest.raises(KeyError):
        StoredChunk.from_metadata("x", "text", meta)
