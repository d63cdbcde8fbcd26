"""``qazaq-news ingest`` sharding: shards and workers split the articles exactly."""

from __future__ import annotations

import argparse

import pytest

from cli.ingest import merge_reports, parse_shard, worker_shards
from ingest.pipeline import in_shard

IDS = [f"article-{i}" for i in range(500)]


def _owners(article_id: str, shards: list[tuple[int, int] | None]) -> list[int]:
    return [n for n, shard in enumerate(shards) if in_shard(article_id, shard)]


def test_shards_partition_the_articles() -> None:
    shards: list[tuple[int, int] | None] = [(1, 3), (2, 3), (3, 3)]
    assert all(len(_owners(a, shards)) == 1 for a in IDS)
    sizes = [sum(in_shard(a, s) for a in IDS) for s in shards]
    assert min(sizes) > 100  # a hash, not a few buckets


def test_workers_split_a_machines_shard_without_overlap() -> None:
    machines = [(1, 2), (2, 2)]
    for machine in machines:
        workers = worker_shards(machine, 3)
        for article_id in IDS:
            in_machine = in_shard(article_id, machine)
            assert len(_owners(article_id, workers)) == (1 if in_machine else 0)
    assert worker_shards(None, 2) == [(1, 2), (2, 2)]
    assert worker_shards((2, 4), 1) == [(2, 4)]


def test_parse_shard() -> None:
    assert parse_shard("2/4") == (2, 4)
    for bad in ("0/4", "5/4", "x", "1/2/3"):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_shard(bad)


def test_merged_reports_list_each_rejection_once() -> None:
    one = {"added": ["a"], "unchanged": [], "replaced": [], "rejected": ["f:1: bad"]}
    two = {"added": ["b"], "unchanged": ["c"], "replaced": [], "rejected": ["f:1: bad"]}
    merged = merge_reports([one | {"chunks_written": 3}, two | {"chunks_written": 4}])
    assert merged == {
        "added": ["a", "b"],
        "unchanged": ["c"],
        "replaced": [],
        "rejected": ["f:1: bad"],
        "chunks_written": 7,
    }
