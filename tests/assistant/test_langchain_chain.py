"""The answer chain as a LangChain citizen: config passed through, typed schemas, any chat model.

The chat models are LangChain's own fakes (what a user brings); the store and the embedding model
are real.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models.fake_chat_models import (
    FakeListChatModel,
    GenericFakeChatModel,
)
from langchain_core.messages import AIMessage

from assistant.langchain_api import ChainInput, ChainOutput
from tests.helpers import SEED_DIR, make_assistant

pytestmark = pytest.mark.integration

QUESTION = "What did the akim say about the regions?"
GOOD = "Бөлекпаев жаңа Конституция «өңірлердің мүмкіндіктерін кеңейтетінін» атап өтті [1]."


class Steps(BaseCallbackHandler):
    """Records the runs a tracer would see: (kind, name, parent run id)."""

    def __init__(self) -> None:
        self.runs: list[tuple[str, str, UUID | None]] = []
        self.ids: dict[UUID, str] = {}
        self.tags: list[list[str]] = []
        self.ended: list[Any] = []

    def on_chain_start(self, serialized: Any, inputs: Any, *, run_id: UUID, **kw: Any) -> None:
        self.runs.append(("chain", kw.get("name") or "", kw.get("parent_run_id")))
        self.ids[run_id] = kw.get("name") or ""
        self.tags.append(list(kw.get("tags") or []))

    def on_chain_end(self, outputs: Any, *, run_id: UUID, **kw: Any) -> None:
        self.ended.append((self.ids.get(run_id), outputs))

    def on_chat_model_start(self, serialized: Any, messages: Any, **kw: Any) -> None:
        self.runs.append(("chat_model", "", kw.get("parent_run_id")))


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("chain-store")
    make_assistant(path).ingest([SEED_DIR])
    return path


def test_stream_passes_the_callers_config_and_shows_the_steps(store_dir: Path) -> None:
    chain = make_assistant(store_dir).chain
    steps = Steps()
    config = {"callbacks": [steps], "run_name": "newsroom", "tags": ["desk"]}
    pieces = list(chain.stream({"question": QUESTION}, config))
    top = [name for kind, name, parent in steps.runs if kind == "chain" and parent is None]
    assert top == ["newsroom"]
    names = [name for kind, name, parent in steps.runs if parent is not None]
    assert names == ["retrieve", "answer"]
    assert all("desk" in tags for tags in steps.tags)  # tags reach the steps too
    merged = {}
    for piece in pieces:
        for key, value in piece.items():
            merged[key] = merged.get(key, "") + value if key == "answer" else value
    assert dict(steps.ended)["newsroom"] == merged  # the run's output is the whole answer
    # citations first, then the answer in pieces, then whether it abstained
    assert "citations" in pieces[0] and "abstained" in pieces[-1]
    assert [p for p in pieces[1:-1] if "answer" in p] == pieces[1:-1] != []


def test_invoke_is_traced_the_same_way(store_dir: Path) -> None:
    chain = make_assistant(store_dir).chain
    steps = Steps()
    result = chain.invoke({"question": QUESTION}, {"callbacks": [steps], "run_name": "one"})
    assert [name for _, name, _ in steps.runs] == ["one", "retrieve", "answer"]
    ChainOutput.model_validate(result)
    assert result == make_assistant(store_dir).ask(QUESTION).to_dict()


def test_astream_yields_the_pieces_as_they_come(store_dir: Path) -> None:
    chain = make_assistant(store_dir).chain

    async def collect() -> list[dict[str, Any]]:
        return [piece async for piece in chain.astream({"question": QUESTION})]

    pieces = asyncio.run(collect())
    assert pieces == list(chain.stream({"question": QUESTION}))
    assert len(pieces) >= 3
    assert "citations" in pieces[0] and "abstained" in pieces[-1]


def test_typed_schemas_and_a_clear_error_for_bad_input(store_dir: Path) -> None:
    chain = make_assistant(store_dir).chain
    assert chain.get_input_schema() is ChainInput
    assert chain.get_output_schema() is ChainOutput
    assert set(ChainInput.model_json_schema()["properties"]) == {"question", "history", "filters"}
    with pytest.raises(ValueError, match="the chain takes"):
        chain.invoke({"question": "x", "filters": {"sourse": "BAQ.KZ"}})
    filtered = chain.invoke({"question": QUESTION, "filters": {"source": "Kazinform"}})
    assert {c["source"] for c in filtered["citations"]} <= {"Kazinform"}


def test_any_langchain_chat_model_writes_the_answer_through_the_gate(store_dir: Path) -> None:
    model = GenericFakeChatModel(messages=iter([AIMessage(GOOD)]))
    assistant = make_assistant(store_dir, llm=model)
    steps = Steps()
    pieces = list(assistant.chain.stream({"question": QUESTION}, {"callbacks": [steps]}))
    text = "".join(p.get("answer", "") for p in pieces)
    assert "«өңірлердің мүмкіндіктерін кеңейтетінін»" in text
    assert ("chat_model", "", None) not in steps.runs  # the model's run sits inside the chain
    assert any(kind == "chat_model" for kind, _, _ in steps.runs)


def test_a_failing_chat_model_falls_back_to_the_extractive_answer(store_dir: Path) -> None:
    class Broken(FakeListChatModel):
        def _call(self, *args: Any, **kwargs: Any) -> str:
            raise RuntimeError("model down")

        def _stream(self, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("model down")

    answer = make_assistant(store_dir, llm=Broken(responses=["x"])).ask("Асанов не деді?")
    extractive = make_assistant(store_dir).ask("Асанов не деді?")
    assert answer.answer == extractive.answer


def test_only_a_chat_model_is_accepted(store_dir: Path) -> None:
    with pytest.raises(TypeError, match="BaseChatModel"):
        make_assistant(store_dir, llm="gpt")
