"""The PostgreSQL backend: migrations, FTS5-equal ranking, and many clients on one server store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.loaders import load_paths
from ingest.models import Article, Attribution, Chunk
from tests.helpers import (
    FLOOD_ARTICLE,
    REPO,
    SEED_DIR,
    TEST_DATA,
    make_assistant,
    shared_models_dir,
)
from tests.vectorstore.articles import ARTICLES, WATER_QUESTION, write_jsonl
from tests.vectorstore.store_state import read_state
from vectorstore.keyword_index import POSTINGS_BUDGET, ChunkRow, KeywordIndex


def _rows(article: Article) -> list[ChunkRow]:
    chunks = [
        Chunk(article, i, 0, text, Attribution()) for i, text in enumerate(article.paragraphs)
    ]
    return [(c.chunk_id, article.article_id, c.text, c.metadata()) for c in chunks]


def _corpus(tmp_path: Path) -> list[Article]:
    (tmp_path / "flood.txt").write_text(FLOOD_ARTICLE, encoding="utf-8")
    files = [
        SEED_DIR,
        tmp_path / "flood.txt",
        write_jsonl(tmp_path / "a.jsonl", [a["id"] for a in ARTICLES]),
    ]
    loaded = load_paths(files)
    assert not loaded.errors
    return loaded.articles


def _queries() -> list[str]:
    lines = (TEST_DATA / "seed_questions.jsonl").read_text("utf-8").splitlines()
    extra = [
        "Бөлекпаев",
        "су тасқыны Астана",
        "мектеп құрылысы",
        "жаңа пойыз билеттері",
        WATER_QUESTION,
    ]
    return [json.loads(line)["question"] for line in lines] + extra


def _same_ranking(sqlite_index, pg_index, where=None) -> None:
    for query in _queries():
        expected = sqlite_index.search(query, 10, where)
        got = pg_index.search(query, 10, where)
        assert [cid for cid, _ in got] == [cid for cid, _ in expected], query
        for (_, a), (_, b) in zip(got, expected, strict=True):
            assert a == pytest.approx(b, rel=1e-9), query


def test_bm25_ranks_exactly_as_fts5(tmp_path: Path, database_url: str) -> None:
    from vectorstore.keyword_pg import PgKeywordIndex
    from vectorstore.postgres import PgDatabase

    articles = _corpus(tmp_path)
    sqlite_index = KeywordIndex(tmp_path / "kw.sqlite3")
    pg_index = PgKeywordIndex(PgDatabase(database_url, "ranking"))
    for index in (sqlite_index, pg_index):
        for article in articles:
            index.upsert(_rows(article))
    assert pg_index.count() == sqlite_index.count() > 20
    _same_ranking(sqlite_index, pg_index)
    _same_ranking(sqlite_index, pg_index, {"source": "BAQ.KZ", "date_from": 20260401})
    # replaced and deleted chunks keep the statistics (N, average length) right
    edited = articles[0]
    edited = Article(
        edited.article_id,
        edited.title,
        (*edited.paragraphs[:3], "Су қоймасы салынды."),
        date=edited.date,
        source=edited.source,
    )
    for index in (sqlite_index, pg_index):
        index.delete_article(articles[0].article_id)
        index.upsert(_rows(edited))
        index.delete_ids([_rows(articles[1])[0][0]])
    _same_ranking(sqlite_index, pg_index)
    # over a postings budget both score by the same rarest terms
    unbudgeted = [sqlite_index.search(q, 10) for q in _queries()]
    sqlite_index.postings_budget = pg_index.postings_budget = 3
    _same_ranking(sqlite_index, pg_index)
    assert [sqlite_index.search(q, 10) for q in _queries()] != unbudgeted  # the budget bites
    sqlite_index.postings_budget = pg_index.postings_budget = POSTINGS_BUDGET
    assert not pg_index.is_empty()
    # the filter lookups dense search uses (vectorstore.store._filtered_scores)
    every = sqlite_index.ids_where({}, 10**6)
    for where in ({"source": "BAQ.KZ"}, {"date_from": 20260401}, {"article_id": edited.article_id}):
        assert pg_index.count_where(where) == sqlite_index.count_where(where) > 0, where
        assert pg_index.admitted(every, where) == sqlite_index.admitted(every, where), where
        assert pg_index.admitted(every, where) == set(sqlite_index.ids_where(where, 10**6))
    assert pg_index.get(["nope", _rows(edited)[1][0]]) == sqlite_index.get(
        ["nope", _rows(edited)[1][0]]
    )
    # the word forms a Latin-typed question is read by, after the same edits
    keys = [key for text in (p for a in articles for p in a.paragraphs) for key in _keys(text)]
    assert pg_index.word_forms(keys) == sqlite_index.word_forms(keys)
    assert len(sqlite_index.word_forms(keys)) > 20
    # and the forms a loanword's prefix finds (kazakh.loanwords)
    prefixes = sorted({key[:5] for key in keys if len(key) >= 5})
    assert pg_index.forms_by_prefix(prefixes) == sqlite_index.forms_by_prefix(prefixes)
    assert len(sqlite_index.forms_by_prefix(prefixes)) > 20


def _keys(text: str) -> list[str]:
    from kazakh.word_forms import word_forms

    return [key for key, _ in word_forms(text)]


def test_schema_is_created_once_and_migrated_by_version(database_url: str) -> None:
    import psycopg

    from vectorstore.postgres import MIGRATIONS, PgDatabase

    first = PgDatabase(database_url, "news")
    again = PgDatabase(database_url, "news")  # a second client: nothing to do
    assert first.version == again.version == MIGRATIONS[-1][0]
    with psycopg.connect(database_url) as conn:
        versions = conn.execute("SELECT version FROM qn_news.schema_version").fetchall()
    assert versions == [(v,) for v, _ in MIGRATIONS]
    other = PgDatabase(database_url, "other")  # collections are separate schemas
    assert other.query("SELECT count(*) FROM chunks") == [(0,)]


@pytest.mark.integration
def test_server_store_keeps_nothing_locally_and_replicas_agree(
    tmp_path: Path, database_url: str, chroma_port: int, e5_model_dir
) -> None:
    settings = {
        "chroma_host": "127.0.0.1",
        "chroma_port": chroma_port,
        "database_url": database_url,
        "collection": "replicas",
    }
    replica_a = make_assistant(tmp_path / "a", **settings)
    replica_b = make_assistant(tmp_path / "b", **settings)
    assert replica_b.retrieve(WATER_QUESTION) == []  # B is serving before anything exists
    assert replica_a.ingest([SEED_DIR, write_jsonl(tmp_path / "w.jsonl", ["kz-water"])]).added
    answer_a, answer_b = replica_a.ask(WATER_QUESTION), replica_b.ask(WATER_QUESTION)
    assert answer_b.citations[0].article_id == "kz-water"
    assert answer_a.to_dict() == answer_b.to_dict()
    assert {s.name for s in replica_b.known_speakers()} >= {"Ғабит Сыздықбеков"}
    assert replica_a.delete("kz-water")
    assert all(c.article_id != "kz-water" for c in replica_b.ask(WATER_QUESTION).citations)
    leftovers = [p for p in (tmp_path / "a", tmp_path / "b") if p.exists() and any(p.iterdir())]
    assert leftovers == []  # nothing of the store in the clients' folders


def _cli(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """``qazaq-news ARGS --json`` as a separate process (a worker or a replica elsewhere)."""
    import os

    return subprocess.Popen(
        [sys.executable, "-m", "cli", *args, "--json"],
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _ingest(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return _cli(env, "ingest", *args)


@pytest.mark.integration
def test_sharded_and_overlapping_workers_make_the_single_ingest_store(
    tmp_path: Path, backend, e5_model_dir
) -> None:
    """Workers as on several machines (--shard), plus one given every article again, plus
    --workers 2 on one machine: the store a single ingest makes."""
    import os

    every = write_jsonl(tmp_path / "all.jsonl", [a["id"] for a in ARTICLES])
    env = {**backend.env, "ASSISTANT_MODELS_DIR": os.environ.get("ASSISTANT_MODELS_DIR", "")}
    env = {k: v for k, v in env.items() if v}
    procs = [
        _ingest(env, str(every), str(SEED_DIR), "--shard", "1/2"),
        _ingest(env, str(every), str(SEED_DIR), "--shard", "2/2"),
        _ingest(env, str(SEED_DIR), str(every), "--workers", "2"),
    ]
    reference = make_assistant(tmp_path / "single")
    assert len(reference.ingest([every, SEED_DIR]).added) == 5
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err
        reports.append(json.loads(out))
    shards = (
        reports[0]["added"] + reports[0]["unchanged"],
        reports[1]["added"] + reports[1]["unchanged"],
    )
    assert sorted(shards[0] + shards[1]) == sorted(
        [a["id"] for a in ARTICLES] + ["baq-2026-03-11-new-constitution-regions"]
    )
    assert not set(shards[0]) & set(shards[1])
    read_state(backend.make("reader")).same_as(read_state(reference))


def _ask(env: dict[str, str], folder: Path, question: str) -> subprocess.Popen[str]:
    """An app replica as a separate process on its own machine folder: ``qazaq-news ask``."""
    return _cli({**env, "ASSISTANT_DATA_DIR": str(folder)}, "ask", question)


@pytest.mark.integration
def test_worker_a_ingests_and_two_replica_processes_answer_the_same(
    tmp_path: Path, database_url: str, chroma_port: int, e5_model_dir
) -> None:
    """Processes as on three machines, sharing only the servers: a worker ingests, then two
    replica processes answer the question about the new article, identically."""
    env = {
        "ASSISTANT_CHROMA_HOST": "127.0.0.1",
        "ASSISTANT_CHROMA_PORT": str(chroma_port),
        "ASSISTANT_DATABASE_URL": database_url,
        "ASSISTANT_COLLECTION": "processes",
        "ASSISTANT_MODELS_DIR": str(shared_models_dir()),
    }
    water = write_jsonl(tmp_path / "w.jsonl", ["kz-water"])
    worker = _ingest({**env, "ASSISTANT_DATA_DIR": str(tmp_path / "worker")}, str(water))
    out, err = worker.communicate(timeout=900)
    assert worker.returncode == 0, err
    assert json.loads(out)["added"] == ["kz-water"]
    replicas = [_ask(env, tmp_path / name, WATER_QUESTION) for name in ("b", "c")]
    answers = []
    for proc in replicas:
        out, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err
        answers.append(json.loads(out))
    assert answers[0]["citations"][0]["article_id"] == "kz-water"
    assert answers[0] == answers[1]
    assert not any((tmp_path / name).exists() and any((tmp_path / name).iterdir()) for name in "bc")
