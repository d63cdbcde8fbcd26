"""The eval harness end to end on the bundled seed questions (a real quality regression test)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, SEED_DIR, shared_models_dir

pytestmark = pytest.mark.integration


def test_eval_reports_metrics_and_seed_targets(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant.eval",
            str(REPO / "tests/data/seed_questions.jsonl"),
            "--corpus",
            str(SEED_DIR),
            "--json",
            "--modes",
            "dense,hybrid+speaker",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={
            "PATH": "/usr/bin:/bin",
            "ASSISTANT_MODELS_DIR": str(shared_models_dir()),
            "HOME": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    best = report["retrieval"]["hybrid+speaker"]
    assert set(best) == {"all", "en", "kk", "ru"}
    # Regression guards at today's level on the seed article alone: "Где проходил круглый стол?"
    # ranks the gold paragraph second here (on the full eval pool of README all three languages
    # reach hit@1 = 1.0). English needs the glossary ("reported" -> хабарлайды) and the outlet
    # step ("Which outlet reported…").
    for lang in ("en", "kk", "ru"):
        assert best[lang]["hit@5"] == 1.0, (lang, best[lang])
    assert best["kk"]["hit@1"] == 1.0 and best["en"]["hit@1"] == 1.0
    assert best["all"]["hit@1"] >= 0.9
    assert best["all"]["mrr@10"] > report["retrieval"]["dense"]["all"]["mrr@10"]
    answers = report["answers"]["all"]
    assert answers["quote_exactness"] == 1.0
    assert answers["speaker_acc"] == 1.0
    # Two answers add a second quote from a paragraph the dev set does not list as gold.
    assert answers["citation_precision"] >= 0.8
    # Issue #4's bar: in every language, each answerable question is answered citing a gold
    # paragraph and each unanswerable one abstains.
    for lang in ("en", "kk", "ru"):
        by_lang = report["answers"][lang]
        assert by_lang["gold_cited"] == 1.0 and by_lang["abstention_acc"] == 1.0, (lang, by_lang)
    assert {"p50_ms", "p95_ms"} <= report["latency"]["hybrid+speaker"].keys()
