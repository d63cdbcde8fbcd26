"""The eval in server mode: the same ``python -m assistant.eval`` run against a local PostgreSQL
and ``chroma run`` (started here on loopback by ``tests/servers.py``, stopped at the end), to
compare with the embedded store's numbers.

    .venv/bin/python bench/eval_server.py [EVAL ARGUMENTS ...]
    (default: --kaznews --split dev --json)

Prints the eval's own output (JSON with ``--json``); its exit code is the eval's.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> int:
    # a timeout's SIGTERM still stops the servers (the context managers' cleanup runs)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    from core.settings import Settings
    from tests.servers import running_chroma, running_postgres

    models = Settings().resolved_models_dir  # the provisioned model, not a fresh build
    arguments = sys.argv[1:] or ["--kaznews", "--split", "dev", "--json"]
    with (
        running_postgres() as url,
        tempfile.TemporaryDirectory() as tmp,
        running_chroma(Path(tmp) / "chroma") as port,
    ):
        env = {
            **os.environ,
            "ASSISTANT_DATABASE_URL": url,
            "ASSISTANT_CHROMA_HOST": "127.0.0.1",
            "ASSISTANT_CHROMA_PORT": str(port),
            "ASSISTANT_MODELS_DIR": str(models),
            "OPENBLAS_NUM_THREADS": "1",
        }
        done = subprocess.run(
            [sys.executable, "-m", "assistant.eval", *arguments], env=env, cwd=REPO, check=False
        )
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
