"""Logging for the whole product: stdlib ``logging``, one format, level from the settings.

Library modules only ever ``logging.getLogger(__name__)`` and log; entry points (the CLI, the
app, the eval harness) call ``configure_logging()`` once, which sends records to stderr as
``2026-03-11 09:30:00,123 WARNING assistant.facade: ...``. Our packages log at
``ASSISTANT_LOG_LEVEL`` (default WARNING); other libraries stay at WARNING.
"""

from __future__ import annotations

import logging
import sys

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
#: Top-level packages whose loggers follow ``ASSISTANT_LOG_LEVEL``.
PACKAGES = ("app", "app_ui", "assistant", "cli", "core", "ingest", "kazakh", "vectorstore")
_HANDLER = "qazaq-news"


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is now (tests and embedding programs swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # the stream is always the current sys.stderr
        pass


def configure_logging(level: str | int | None = None) -> None:
    """Log our packages at ``level`` (default: ``Settings().log_level``) to stderr.

    Idempotent: calling it again changes the level without adding a second handler. An invalid
    ``ASSISTANT_*`` environment leaves the level at WARNING here; building ``Settings`` for the
    assistant reports it.
    """
    if level is None:
        from core.settings import Settings

        try:
            level = Settings().log_level
        except ValueError:
            level = "WARNING"
    root = logging.getLogger()
    if not any(handler.get_name() == _HANDLER for handler in root.handlers):
        handler = _StderrHandler()
        handler.set_name(_HANDLER)
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    for package in PACKAGES:
        logging.getLogger(package).setLevel(level)
