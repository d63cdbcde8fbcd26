"""Real servers for the store tests: a PostgreSQL cluster and a ``chroma run``, on free loopback
ports, started once per session and stopped at its end; ``backend`` runs a test against the
embedded store and against the servers.

PostgreSQL refuses to run as root, so as root (CI) the cluster belongs to ``nobody``; tests are
skipped, with the reason, only when the binaries are missing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app_ui.headless import free_port
from tests.helpers import make_assistant
from tests.servers import postgres_bin, running_postgres, start_chroma, stop


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A fresh PostgreSQL cluster; yields the admin URL (database ``postgres``)."""
    if postgres_bin() is None:
        pytest.skip("PostgreSQL binaries not found (apt-get install postgresql)")
    with running_postgres() as url:
        yield url


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
