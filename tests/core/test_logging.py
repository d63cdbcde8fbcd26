"""One log format and the level from ASSISTANT_LOG_LEVEL, set up by entry points only."""

from __future__ import annotations

import ast
import logging
from collections.abc import Iterator

import pytest

from core.logging import FORMAT, PACKAGES, configure_logging
from core.settings import Settings
from tests.helpers import REPO


@pytest.fixture
def clean_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers = list(root.handlers)
    levels = {name: logging.getLogger(name).level for name in PACKAGES}
    yield
    root.handlers[:] = handlers
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def _ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if h.get_name() == "qazaq-news"]


def test_the_level_comes_from_the_settings_and_one_handler_is_added(
    clean_logging: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_LOG_LEVEL", "info")
    configure_logging()
    configure_logging()
    assert len(_ours()) == 1
    assert _ours()[0].formatter is not None and _ours()[0].formatter._fmt == FORMAT
    assert logging.getLogger("assistant.facade").getEffectiveLevel() == logging.INFO
    assert logging.getLogger("ingest.pipeline").isEnabledFor(logging.INFO)
    configure_logging("ERROR")
    assert not logging.getLogger("assistant.facade").isEnabledFor(logging.WARNING)


def test_a_bad_level_is_refused_by_the_settings_and_logging_stays_at_warning(
    clean_logging: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_LOG_LEVEL", "LOUD")
    with pytest.raises(ValueError, match="log_level"):
        Settings()
    configure_logging()
    assert logging.getLogger("vectorstore").getEffectiveLevel() == logging.WARNING


def test_records_carry_time_level_and_logger_name(clean_logging: None) -> None:
    configure_logging("INFO")
    record = logging.LogRecord(
        "assistant.facade", logging.WARNING, __file__, 1, "x %s", ("y",), None
    )
    line = _ours()[0].format(record)
    assert line.endswith(" WARNING assistant.facade: x y")


def test_library_code_logs_and_never_prints() -> None:
    """Only an entry point's ``main`` (and its ``_print*`` helpers) writes to the terminal."""
    offenders = []
    for package in ("assistant", "core", "ingest", "kazakh", "vectorstore", "prompts"):
        for path in sorted((REPO / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            allowed: set[int] = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef) and (
                    node.name == "main" or node.name.startswith("_print")
                ):
                    allowed.update(id(n) for n in ast.walk(node))
            offenders.extend(
                f"{path.relative_to(REPO)}:{node.lineno}"
                for node in ast.walk(tree)
                if isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "print"
                and id(node) not in allowed
            )
    assert offenders == []
