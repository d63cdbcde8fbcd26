"""Secrets never reach a message or a log line: credentials in URLs and known secret values.

``redact`` rewrites one text; ``install_log_redaction`` applies it to every log record as it is
created (message, arguments and traceback), so a library that logs a request URL with
``user:password@`` in it logs ``***@`` instead.
"""

from __future__ import annotations

import logging
import re
import threading
import traceback
from collections.abc import Iterable

_URL_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@:]*(?::[^/\s@]*)?@")
_SECRET_PARAMS = re.compile(
    r"(?i)\b((?:api[_-]?key|key|token|access_token|secret|password|sig)=)[^&\s\"']+"
)
_BEARER = re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}")
_KEY_LIKE = re.compile(r"\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}")
_lock = threading.Lock()
_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Remember a secret value (an API key) so it is masked wherever it appears."""
    if value and len(value) >= 6 and value != "not-needed":
        with _lock:
            _secrets.add(value)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with URL credentials, secret query parameters, bearer tokens, key-like strings
    and every registered (or given) secret value replaced by ``***``."""
    with _lock:
        known = set(_secrets)
    for secret in sorted(
        {*known, *(s for s in secrets if s and len(s) >= 6)}, key=len, reverse=True
    ):
        text = text.replace(secret, "***")
    text = _URL_CREDENTIALS.sub(r"\1***@", text)
    text = _SECRET_PARAMS.sub(r"\1***", text)
    text = _BEARER.sub(r"\1***", text)
    return _KEY_LIKE.sub(r"\1-***", text)


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (arguments merged, traceback included) through ``redact``."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to logging's own error path
            return True
        if record.exc_info and record.exc_info[0] is not None:
            trace = "".join(traceback.format_exception(*record.exc_info)).rstrip()
            message = f"{message}\n{trace}"
            record.exc_info, record.exc_text = None, None
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True


def install_log_redaction() -> None:
    """Redact every log record as it is created (any logger, any handler), once per process."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "redacting", False):
        return
    cleaner = RedactingFilter()

    def make_record(*args: object, **kwargs: object) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        cleaner.filter(record)
        return record

    make_record.redacting = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(make_record)
