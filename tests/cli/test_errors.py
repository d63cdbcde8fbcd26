"""Errors users or the environment cause are one line on stderr with a documented exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    return err.splitlines()[-1]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    return tmp_path


def test_a_bad_setting_is_one_line(monkeypatch, capsys) -> None:
    monkeypatch.setenv("ASSISTANT_TOP_K", "abc")
    assert main(["ask", "Кім?"]) == 2
    assert one_line(capsys).startswith("error: invalid setting ASSISTANT_TOP_K='abc'")


def test_a_bad_date_is_one_line(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["ask", "Кім?", "--date-from", "abc"])
    assert exited.value.code == 2
    assert one_line(capsys).endswith("argument --date-from: 'abc' is not a date like 2026-03-11")


def test_chroma_server_down_is_one_line(monkeypatch, capsys, tmp_path: Path) -> None:
    monkeypatch.setenv("ASSISTANT_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("ASSISTANT_CHROMA_PORT", "9")  # discard: nothing listens
    article = tmp_path / "a.txt"
    article.write_text("Тақырып\nАбзац бар.\n", encoding="utf-8")
    assert main(["ingest", str(article)]) == 2
    assert (
        one_line(capsys)
        == "error: Could not connect to a Chroma server. Are you sure it is running?"
    )


def test_a_question_of_only_punctuation_is_refused(capsys) -> None:
    assert main(["ask", "?!… ..."]) == 2
    assert one_line(capsys) == "error: the question has no words, only punctuation"


def test_an_overlong_question_is_refused(monkeypatch, capsys) -> None:
    monkeypatch.setenv("ASSISTANT_MAX_QUESTION_CHARS", "50")
    assert main(["ask", "сөз " * 100]) == 2
    assert "ASSISTANT_MAX_QUESTION_CHARS" in one_line(capsys)


def test_secrets_in_an_error_are_redacted() -> None:
    from cli.main import error_line

    line = error_line(ValueError("cannot reach http://bob:pa55word@host/v1?api_key=sk-abcdefgh123"))
    assert "pa55word" not in line and "sk-abcdefgh123" not in line
