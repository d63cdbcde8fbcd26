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
    # Regression guards at today's level on the seed article alone: one Russian and one Kazakh
    # question rank their gold paragraph second since paragraphs are embedded without the
    # headline (the answers still quote it; kaznews dev and test improved, README). English
    # needs the glossary ("reported" -> хабарлайды) and the outlet step ("Which outlet
    # reported…").
    for lang in ("en", "kk", "ru"):
        assert best[lang]["hit@5"] == 1.0, (lang, best[lang])
    assert best["en"]["hit@1"] == 1.0
    assert best["all"]["hit@1"] >= 0.8
    assert report["answers"]["all"]["answered_right"] == 1.0
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


KAZNEWS_TINY = REPO / "tests" / "data" / "kaznews_tiny"


def test_eval_runs_the_kaznews_format_per_split_language_and_kind(tmp_path: Path) -> None:
    """``--kaznews DIR --split dev``: only the dev article's questions (and the off-topic one
    marked dev), follow-ups answered with their history, quote verdicts and attribution."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant.eval",
            "--kaznews",
            str(KAZNEWS_TINY),
            "--split",
            "dev",
            "--json",
            "--details",
            "--modes",
            "hybrid+speaker",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={
            "PATH": "/usr/bin:/bin",
            "ASSISTANT_MODELS_DIR": str(shared_models_dir()),
            "HOME": str(tmp_path),
            "PYTHONPATH": str(REPO),
        },
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["split"] == "dev" and report["questions"] == 4  # not the test article's
    ids = [d["id"] for d in report["details"]["questions"]]
    assert ids == ["t-001", "t-002", "t-003", "t-004"]
    assert set(report["answers"]) == {"all", "kk", "ru", "en"}
    assert set(report["answers_by_kind"]) == {"all", "fact", "speaker", "followup", "unanswerable"}
    # The follow-up "А когда закончится строительство?" is only answerable with its history.
    followup = report["details"]["questions"][2]
    assert followup["right"] and followup["expected_found"], followup
    assert report["answers"]["kk"]["answered_right"] == 1.0
    assert report["quotes"]["by_verdict"]["verbatim"] == {"accuracy": 1.0, "n": 1}
    attribution = report["attribution"]["all"]
    assert attribution["gold"] == 4 and attribution["recall"] >= 0.75, attribution
