"""The facade in LLM mode against a local OpenAI-compatible stub: gate, streaming, fallback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.helpers import SEED_DIR, make_assistant
from tests.llm_stub import StubLLM

pytestmark = pytest.mark.integration

GOOD = "Бөлекпаев жаңа Конституция «өңірлердің мүмкіндіктерін кеңейтетінін» атап өтті [1]."
MADE_UP = "Әкім «Өңірлерге бюджет екі есе көбейеді» деді [1]."


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("llm-store")
    make_assistant(path).ingest([SEED_DIR])
    return path


def test_llm_answer_passes_the_gate(store_dir: Path) -> None:
    with StubLLM(GOOD) as stub:
        assistant = make_assistant(store_dir, llm_base_url=stub.base_url)
        answer = assistant.ask("What did the akim say about the regions?")
        assert "⟦PARAGRAPH 1⟧" in stub.requests[-1]["messages"][-1]["content"]
    assert not answer.abstained
    assert answer.citations[0].speaker == "Ермағанбет Бөлекпаев"
    assert "өңірлердің мүмкіндіктерін кеңейтетінін" in answer.citations[0].text
    assert "«өңірлердің мүмкіндіктерін кеңейтетінін»" in answer.answer
    assert answer.quotes == ("өңірлердің мүмкіндіктерін кеңейтетінін",)


def test_made_up_quote_is_never_shown_as_a_quote(store_dir: Path) -> None:
    with StubLLM(MADE_UP) as stub:
        assistant = make_assistant(store_dir, llm_base_url=stub.base_url)
        streamed = list(assistant.stream("What did the akim say about the regions?"))
    text = "".join(p.get("answer", "") for p in streamed)
    assert "Өңірлерге бюджет екі есе көбейеді" not in text
    assert "[unverified quote removed]" in text or streamed[-1]["abstained"] is True


def test_endpoint_failure_falls_back_to_extractive(
    store_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with StubLLM(GOOD) as stub:
        stub.status = 500
        assistant = make_assistant(store_dir, llm_base_url=stub.base_url)
        with caplog.at_level(logging.WARNING, logger="assistant"):
            answer = assistant.ask("Асанов не деді?")
    failures = [r for r in caplog.records if r.name == "assistant.facade"]
    assert len(failures) == 1 and failures[0].levelno == logging.WARNING
    assert stub.base_url in failures[0].getMessage()
    assert "answering extractively" in failures[0].getMessage()
    assert not answer.abstained
    assert answer.quotes and all(
        q in answer.citations[0].text or any(q in c.text for c in answer.citations)
        for q in answer.quotes
    )


def test_opening_the_store_and_an_ingest_are_logged(
    store_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assistant = make_assistant(store_dir)
    with (
        caplog.at_level(logging.INFO, logger="assistant"),
        caplog.at_level(logging.INFO, logger="ingest"),
    ):
        report = assistant.ingest([SEED_DIR])
    messages = [(r.name, r.getMessage()) for r in caplog.records]
    assert any(
        name == "assistant.facade" and "store opened" in text and str(store_dir) in text
        for name, text in messages
    )
    summary = f"ingest: {report.summary()}, 0 chunks written"
    assert ("ingest.pipeline", summary) in messages


def test_a_follow_up_with_the_endpoint_down_falls_back_to_extractive(store_dir: Path) -> None:
    with StubLLM(GOOD) as stub:
        stub.status = 500
        assistant = make_assistant(store_dir, llm_base_url=stub.base_url)
        history = [("Бөлекпаев не деді?", "Ол өңірлер туралы айтты [1].")]
        answer = assistant.ask("Ол тағы не айтты?", history=history)
        streamed = list(assistant.stream("Ол тағы не айтты?", history=history))
    assert answer.answer and answer.citations
    assert "".join(p.get("answer", "") for p in streamed) == answer.answer
