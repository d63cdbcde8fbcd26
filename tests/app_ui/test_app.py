"""The Gradio app: the /ask and /verify API through gradio_client, and the escaping renderers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from app_ui import render
from app_ui.handlers import Handlers, parse_filters
from app_ui.headless import free_port
from core.settings import Settings
from tests.helpers import SEED_DIR, make_assistant

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(1)>"
AKIM_QUESTION = "What did the akim say about the regions?"
BERKAMALOV_QUOTE = "Жаңа Конституция жобасында адамның еңбек ету құқығы бекітіледі."


def as_json(data: Any) -> Any:
    """What a JSON round trip makes of ``data`` (tuples become lists)."""
    return json.loads(json.dumps(data, ensure_ascii=False))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, e5_model_dir: Path) -> Iterator[Any]:
    """The app over the seed article on a free local port, and a gradio_client Client for it."""
    from gradio_client import Client

    import app

    assistant = make_assistant(tmp_path_factory.mktemp("app-store"), port=free_port())
    assert assistant.ingest([SEED_DIR]).added
    demo = app.build_app(assistant)
    app.launch(demo, assistant.settings, prevent_thread_lock=True, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{assistant.settings.port}/", verbose=False)
        yield SimpleNamespace(assistant=assistant, client=client)
    finally:
        demo.close()


# ----------------------------------------------------------------------------- API


@pytest.mark.integration
def test_only_ask_and_verify_are_public(served: Any) -> None:
    api = served.client.view_api(print_info=False, return_format="dict")
    assert set(api["named_endpoints"]) == {"/ask", "/verify"}
    assert api["unnamed_endpoints"] == {}


@pytest.mark.integration
def test_ask_returns_exactly_the_cli_json(served: Any) -> None:
    result = served.client.predict(AKIM_QUESTION, api_name="/ask")
    assert result == as_json(served.assistant.ask(AKIM_QUESTION).to_dict())
    assert set(result) == {
        "question",
        "answer",
        "abstained",
        "language",
        "standalone_question",
        "citations",
    }
    assert not result["abstained"] and result["language"] == "en"
    first = result["citations"][0]
    assert {"n", "article_id", "title", "date", "source", "url", "paragraph_index", "text"} <= set(
        first
    )
    assert first["speaker"] == "Ермағанбет Бөлекпаев" and "[1]" in result["answer"]


@pytest.mark.integration
def test_ask_filters_as_object_or_json_text(served: Any) -> None:
    by_speaker = served.client.predict(
        "жастар туралы не айтылды?", {"speaker": "Закиров"}, api_name="/ask"
    )
    assert by_speaker["citations"]
    assert {c["speaker"] for c in by_speaker["citations"]} == {"Ерболат Закиров"}
    later = served.client.predict(
        AKIM_QUESTION, json.dumps({"date_from": "2027-01-01"}), api_name="/ask"
    )
    assert later["abstained"] and later["citations"] == []


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "filters", "message"),
    [
        ("", None, "empty"),
        (AKIM_QUESTION, {"colour": "red"}, "unknown filter keys"),
        (AKIM_QUESTION, {"date_to": "March"}, "date_to must be a date"),
    ],
)
def test_ask_reports_bad_input(served: Any, question: str, filters: Any, message: str) -> None:
    with pytest.raises(Exception, match=message):
        served.client.predict(question, filters, api_name="/ask")


@pytest.mark.integration
def test_verify_returns_exactly_the_verdict_json(served: Any) -> None:
    result = served.client.predict(BERKAMALOV_QUOTE, "Беркамалов", api_name="/verify")
    expected = served.assistant.verify_quote(BERKAMALOV_QUOTE, "Беркамалов").to_dict()
    assert result == as_json(expected)
    assert set(result) == {
        "claim",
        "speaker_claimed",
        "verdict",
        "score",
        "matches",
        "explanation",
    }
    assert result["verdict"] == "verbatim"
    match = result["matches"][0]
    assert {"sentence", "citation", "speaker", "date", "source", "similarity", "diff"} <= set(match)
    assert match["speaker"] == "Серік Беркамалов"
    assert {"op", "claim", "source"} <= set(match["diff"][0])


@pytest.mark.integration
def test_verify_speaker_is_optional(served: Any) -> None:
    result = served.client.predict(claim=BERKAMALOV_QUOTE, api_name="/verify")
    assert result["speaker_claimed"] is None and result["verdict"] == "verbatim"


# ----------------------------------------------------------------------- rendering


def test_untrusted_text_is_escaped_everywhere() -> None:
    citation = {
        "n": 1,
        "article_id": 'x" onmouseover="alert(1)',
        "title": PAYLOAD,
        "date": "2026-03-11",
        "source": PAYLOAD,
        "url": "javascript:alert(1)",
        "paragraph_index": 0,
        "text": f"Said {PAYLOAD} here.",
        "speaker": PAYLOAD,
        "speaker_role": PAYLOAD,
        "score": 0.5,
        "quotes": [],
    }
    turn = {"question": PAYLOAD, "answer": f"«{PAYLOAD}» [1]", "citations": [citation]}
    pages = [
        render.sources_panel(turn, "en"),
        render.article_view(PAYLOAD, citation, [(0, citation["text"])], 0, [PAYLOAD], "ru"),
        render.speakers_view([{"speaker": PAYLOAD, "roles": [PAYLOAD], "articles": []}], "kk"),
        render.ingest_report({"rejected": [f"{PAYLOAD}:1: bad"]}, "en"),
        render.notice(PAYLOAD, "error"),
        render.verdict_view(
            {
                "verdict": PAYLOAD,
                "explanation": PAYLOAD,
                "matches": [
                    {
                        "sentence": PAYLOAD,
                        "citation": citation,
                        "speaker": PAYLOAD,
                        "diff": [{"op": "replace", "claim": PAYLOAD, "source": PAYLOAD}],
                    }
                ],
            },
            "en",
        ),
    ]
    for page in pages:
        assert "<script" not in page and "<img" not in page and "javascript:" not in page
        assert 'onmouseover="' not in page
        assert "&lt;script&gt;" in page or "&lt;img" in page


def test_quoted_words_are_marked_in_the_cited_paragraph() -> None:
    text = "Ол: «Жаңа <b>заң</b> қабылданды», – деді министр."
    spans = render.quoted_spans("Министр: «Жаңа <b>заң</b> қабылданды.» [1] and «other» [2]")
    assert spans == ["Жаңа <b>заң</b> қабылданды.", "other"]
    html = render.marked(text, spans)
    assert html == ("Ол: «<mark>Жаңа &lt;b&gt;заң&lt;/b&gt; қабылданды</mark>», – деді министр.")
    assert render.quoted_spans("«outer «inner» tail» x") == ["outer «inner» tail"]


def test_chat_text_cannot_inject_markup_or_links() -> None:
    shown = render.chat_markdown("[click](javascript:alert(1)) <img src=x onerror=alert(1)> **b**")
    assert "<img" not in shown and "](" not in shown and "**" not in shown
    assert "&lt;img" in shown


def test_every_interface_language_has_every_label() -> None:
    from app_ui.i18n import LANGUAGES, labels

    keys = set(labels("en"))
    for _, code in LANGUAGES:
        assert set(labels(code)) == keys
    assert labels("xx") == labels("en")


def test_parse_filters() -> None:
    assert parse_filters(None) == {} and parse_filters("") == {}
    assert parse_filters('{"source": "BAQ.KZ", "speaker": ""}') == {"source": "BAQ.KZ"}
    assert parse_filters({"date_from": "2026-03-01"}) == {"date_from": "2026-03-01"}
    for bad in ("[1]", "{", {"when": "today"}, {"date_from": "01.03.2026"}):
        with pytest.raises(ValueError):
            parse_filters(bad)


def test_oversized_and_foreign_uploads_are_rejected_per_file(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 3000)
    other = tmp_path / "notes.pdf"
    other.write_bytes(b"%PDF")
    fake = SimpleNamespace(settings=Settings(max_upload_mb=0.001))
    report = Handlers(fake).ingest([str(big), str(other)], "en")  # type: ignore[arg-type]
    assert "Rejected: 2" in report
    assert "big.txt: 0.003 MB is over the 0.001 MB limit" in report
    assert "notes.pdf: unsupported file type" in report
