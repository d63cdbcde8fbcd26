"""Real servers for the store tests: a PostgreSQL cluster and a ``chroma run``, on free loopback
ports, started once per session and stopped at its end; ``backend`` runs a test against the
embedded store and against the servers.

PostgreSQL refuses to run as root, so as root (CI) the cluster belongs to ``nobody``; tests are
skipped, with the reason, only when the binaries are missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app_ui.headless import free_port
from tests.helpers import make_assistant
from tests.servers import start_chroma, stop


def _postgres_bin() -> Path | None:
    """Debian's newest PostgreSQL binaries, or ``initdb`` on PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parent)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A fresh PostgreSQL cluster; yields the admin URL (database ``postgres``)."""
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL binaries not found (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="qn-postgres-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to nobody
        shutil.chown(folder, "nobody")
        as_user = ["runuser", "-u", "nobody", "--"]
    data, port = folder / "data", free_port()
    pg_ctl = [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data)]
    subprocess.run(
        [
            *as_user,
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale",
            "C",
        ],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [*pg_ctl, "-o", options, "-l", str(folder / "log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture()
def database_url(postgres_server: str) -> str:
    """A new empty database on the session's cluster."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return postgres_server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="session")
def chroma_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A Chroma server for the session (each test uses its own collection)."""
    port = free_port()
    proc = start_chroma(tmp_path_factory.mktemp("chroma-server"), port)
    try:
        yield port
    finally:
        stop(proc)


@dataclass
class Backend:
    """How to open assistants on one store: ``make(folder)`` is a new client of it."""

    name: str
    make: Callable[..., object]
    env: dict[str, str]  # the same store for a child process (ASSISTANT_* variables)


@pytest.fixture(params=["embedded", "servers"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The same store test against embedded Chroma + SQLite and Chroma server + PostgreSQL."""
    if request.param == "embedded":
        folder = tmp_path / "store"
        return Backend(
            "embedded",
            lambda client=None, **kw: make_assistant(folder, **kw),
            {"ASSISTANT_DATA_DIR": str(folder)},
        )
    url = request.getfixturevalue("database_url")
    port = request.getfixturevalue("chroma_port")
    settings = {
        "chroma_host": "127.0.0.1",
        "chroma_port": port,
        "database_url": url,
        "collection": f"t_{uuid.uuid4().hex[:12]}",
    }

    def make(client: str = "client", **kw: object) -> object:
        return make_assistant(tmp_path / client, **settings, **kw)

    env = {f"ASSISTANT_{key.upper()}": str(value) for key, value in settings.items()}
    env["ASSISTANT_DATA_DIR"] = str(tmp_path / "worker")
    return Backend("servers", make, env)
