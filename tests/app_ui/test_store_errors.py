"""A store failure in the app: a translated message in the chat, and the app recovers."""

from __future__ import annotations

from pathlib import Path

import pytest

from app_ui import render
from app_ui.handlers import Handlers
from app_ui.headless import free_port
from app_ui.i18n import labels
from tests.helpers import SEED_DIR, make_assistant
from tests.servers import start_chroma, stop

pytestmark = pytest.mark.integration

QUESTION = "Облыс әкімі өңірлердің мүмкіндіктері туралы не деді?"


def _ask(handlers: Handlers, lang: str) -> tuple[list[dict[str, str]], str]:
    """The chat's last message and the sources panel after one question."""
    *_, last = handlers.respond(QUESTION, [], lang, "", "", "", "")
    chat, _, _, panel, _ = last
    return chat, panel


def test_store_down_is_a_translated_message_then_the_app_recovers(
    tmp_path: Path, e5_model_dir
) -> None:
    port, vectors = free_port(), tmp_path / "vectors"
    server = start_chroma(vectors, port)
    try:
        assistant = make_assistant(tmp_path / "app", chroma_host="127.0.0.1", chroma_port=port)
        assert assistant.ingest([SEED_DIR]).added
        handlers = Handlers(assistant)
        chat, _ = _ask(handlers, "kk")
        assert "Бөлекпаев" in chat[-1]["content"]
        stop(server)
        for lang in ("kk", "ru", "en"):
            chat, panel = _ask(handlers, lang)
            assert chat[-1]["content"] == render.chat_markdown(labels(lang)["store_error"])
            assert labels(lang)["store_error"] in panel
        server = start_chroma(vectors, port)
        chat, _ = _ask(handlers, "kk")
        assert "Бөлекпаев" in chat[-1]["content"]
    finally:
        stop(server)
