"""The one exception type of the ingest layer.

Users cause these (a bad file, a malformed line); the CLIs print ``str(error)`` as one line and the
rest of the batch goes on, so the message always names the file and line.
"""

from __future__ import annotations


class IngestError(Exception):
    """Bad input: ``path:line: what is wrong``."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message
