"""Several real processes on one embedded store: writers take turns, readers keep answering."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.helpers import REPO, SEED_DIR, make_assistant, shared_models_dir
from tests.vectorstore.articles import WATER_QUESTION, write_jsonl
from tests.vectorstore.store_state import read_state
from vectorstore.errors import StoreBusy
from vectorstore.locks import FileLocks

SEED_ID = "baq-2026-03-11-new-constitution-regions"


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(REPO),
        ASSISTANT_DATA_DIR=str(data_dir),
        ASSISTANT_MODELS_DIR=str(shared_models_dir()),
        **extra,
    )
    return env


def _ingest_process(data_dir: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    """``qazaq-news ingest ARGS`` in its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "ingest", *args],
        env=_env(data_dir, **env),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=600)
    return proc.returncode, out, err


# ------------------------------------------------------------------- locks (no model)


def test_second_writer_gives_up_after_the_timeout_with_one_line(tmp_path: Path) -> None:
    holder = FileLocks(tmp_path, write_timeout_s=5)
    waiter = FileLocks(tmp_path, write_timeout_s=0.3)
    with holder.writing():
        started = time.monotonic()
        with pytest.raises(StoreBusy) as caught, waiter.writing():
            pass
        assert time.monotonic() - started >= 0.3
    message = str(caught.value)
    assert "\n" not in message and "another process is writing" in message
    assert str(tmp_path) in message
    with waiter.writing():  # free again
        pass


def test_opening_the_store_outwaits_another_process_s_commit_as_long_as_a_writer_would(
    tmp_path: Path,
) -> None:
    """Opening the keyword index writes its schema check outside the store's write lock: while
    another connection commits, it waits as long as it is told (the store passes
    ASSISTANT_WRITE_LOCK_TIMEOUT_S), not a fixed 10 s, so a long commit under load does not make
    a starting process fail with "database is locked"."""
    import sqlite3

    from vectorstore.keyword_index import KeywordIndex

    path = tmp_path / "keyword.sqlite3"
    KeywordIndex(path).close()  # the file and its schema exist
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.0, lambda: other.execute("COMMIT"))
    release.start()
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            KeywordIndex(path, busy_timeout_s=0.2)
        KeywordIndex(path, busy_timeout_s=10)  # waits for the commit, then opens
    finally:
        release.join()
        other.close()


def test_the_store_s_sqlite_waits_as_long_as_its_writers(tmp_path: Path) -> None:
    from core.settings import Settings
    from vectorstore.backends import open_store

    settings = Settings(data_dir=tmp_path, write_lock_timeout_s=42)
    store = open_store(settings, embeddings=None)  # type: ignore[arg-type]
    assert store.keyword._conn.execute("PRAGMA busy_timeout").fetchone()[0] == 42_000


def test_readers_wait_for_a_commit_and_writers_for_readers(tmp_path: Path) -> None:
    writer = FileLocks(tmp_path, write_timeout_s=5)
    reader = FileLocks(tmp_path, write_timeout_s=5)
    events: list[str] = []

    def read() -> None:
        with reader.reading():
            events.append("read")

    with writer.writing():
        thread = threading.Thread(target=read)
        thread.start()
        time.sleep(0.3)
        events.append("commit done")
    thread.join(5)
    assert events == ["commit done", "read"]  # no read inside the commit

    with reader.reading():
        busy = FileLocks(tmp_path, write_timeout_s=0.2)
        with pytest.raises(StoreBusy), busy.writing():
            pass  # a commit cannot start while a query runs


# --------------------------------------------------------- real processes, real model


@pytest.mark.integration
def test_two_ingest_processes_make_the_single_ingest_store(tmp_path: Path, e5_model_dir) -> None:
    """Disjoint files and the same files, two processes at once, end as one ingest does."""
    first = write_jsonl(tmp_path / "first.jsonl", ["kz-park", "kz-school"])
    second = write_jsonl(tmp_path / "second.jsonl", ["kz-train", "kz-water"])
    disjoint, same = tmp_path / "disjoint", tmp_path / "same"
    procs = [
        _ingest_process(disjoint, str(first), "--json"),
        _ingest_process(disjoint, str(second), "--json"),
        _ingest_process(same, str(first), str(second), "--json"),
        _ingest_process(same, str(second), str(first), "--json"),
    ]
    reference = make_assistant(tmp_path / "single")
    assert len(reference.ingest([first, second]).added) == 4
    results = [_finish(p) for p in procs]
    assert [code for code, _, _ in results] == [0, 0, 0, 0], [err for _, _, err in results]
    added = [json.loads(out)["added"] for _, out, _ in results]
    assert sorted(added[0] + added[1]) == ["kz-park", "kz-school", "kz-train", "kz-water"]
    expected = read_state(reference)
    assert len(expected.articles) == 4 and expected.speakers
    for folder in (disjoint, same):
        read_state(make_assistant(folder)).same_as(expected)


# The app's side: one process answering in a loop until told to stop.
READER = r"""
import json, sys
from pathlib import Path
from core.runtime import configure_process
configure_process()
from assistant.facade import Assistant

data_dir, stop, question = sys.argv[1:4]
assistant = Assistant(data_dir=data_dir)
vector = assistant.embeddings.embed_queries_array([question])[0]

def look():
    cited = [c.article_id for c in assistant.ask(question).citations]
    dense = sorted({h.chunk.article_id for h in assistant.store.dense_search(vector, 10)})
    return cited, dense

look()
print("ready", flush=True)
rounds, failures, seen = 0, [], []
while not Path(stop).exists():
    try:
        cited, dense = look()
        rounds += 1
        seen.append(dense)
    except Exception as exc:
        failures.append(f"{type(exc).__name__}: {exc}"[:300])
cited, dense = look()
print(json.dumps({"rounds": rounds, "failures": failures, "cited": cited, "dense": dense,
                  "seen": seen}))
"""


@pytest.mark.integration
def test_app_keeps_answering_while_another_process_ingests_and_deletes(
    tmp_path: Path, e5_model_dir
) -> None:
    data_dir, stop = tmp_path / "store", tmp_path / "stop"
    setup = make_assistant(data_dir)
    assert setup.ingest([SEED_DIR, write_jsonl(tmp_path / "a.jsonl", ["kz-park"])]).added
    del setup
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(data_dir), str(stop), WATER_QUESTION],
        env=_env(data_dir),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None
        assert reader.stdout.readline().strip() == "ready"
        water = write_jsonl(tmp_path / "water.jsonl", ["kz-water", "kz-train", "kz-school"])
        code, out, err = _finish(_ingest_process(data_dir, str(water)))
        assert code == 0, err
        code, out, err = _finish(_ingest_process(data_dir, "--delete", "kz-park"))
        assert code == 0, err
        time.sleep(3)  # the app answers a few more questions on the changed store
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=300)
    assert reader.returncode == 0, err
    result = json.loads(out)
    assert result["failures"] == []
    assert result["rounds"] > 0
    assert result["cited"][0] == "kz-water"  # the new article, without a restart
    assert "kz-water" in result["dense"] and "kz-park" not in result["dense"]
    assert any("kz-water" not in dense for dense in result["seen"])  # it ran before the ingest
