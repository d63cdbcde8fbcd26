"""The app's handlers never crash on a failing answer or a bad upload: a message instead."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from app_ui.handlers import Handlers
from core.settings import Settings
from tests.helpers import make_assistant


def test_a_failing_answer_becomes_a_translated_message_without_secrets(caplog) -> None:
    from core.redact import install_log_redaction

    install_log_redaction()

    def stream(*args: object) -> object:
        yield {"citations": []}
        raise RuntimeError("the LLM at http://bob:pa55word@10.0.0.1/v1 failed\nbody: sk-abcdefgh99")

    fake = SimpleNamespace(settings=Settings(), stream=stream)
    handlers = Handlers(fake)  # type: ignore[arg-type]
    outputs = list(handlers.respond("Кім?", [], "kk", "", "", "", ""))
    chat, _, _, _, question = outputs[-1]
    shown = chat[-1]["content"]
    assert shown.startswith("Қате\\:") and "pa55word" not in shown and "sk-abcdefgh99" not in shown
    assert "body" not in shown  # one line
    assert question == "Кім?"  # kept for a retry
    assert "answering failed" in caplog.text and "pa55word" not in caplog.text


@pytest.mark.integration
def test_one_bad_upload_never_stops_the_others(tmp_path: Path, e5_model_dir: Path) -> None:
    upper = tmp_path / "UPPER.TXT"
    upper.write_text("Тақырып\nҚарағандыда жаңа мектеп ашылды.\n", encoding="utf-8")
    mixed = tmp_path / "mixed.jsonl"
    good = {"id": "good", "title": "Т", "paragraphs": ["Астанада жаңа саябақ ашылды."]}
    mixed.write_text(
        '{"id": "bad", "title": "T", "paragraphs": ["\\ud800"]}\n' + json.dumps(good) + "\n",
        encoding="utf-8",
    )
    gone = tmp_path / "gone.txt"
    assistant = make_assistant(tmp_path / "store")
    report = Handlers(assistant).ingest([str(gone), str(upper), str(mixed)], "en")
    assert "Added: 2" in report and "Rejected: 2" in report
    assert "mixed.jsonl:1: invalid Unicode" in report
    assert {row.article_id for row in assistant.articles()} == {"UPPER", "good"}
