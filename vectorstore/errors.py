"""What the store raises: one exception family, one line of text, whatever the engine.

Chroma, SQLite and PostgreSQL each have their own errors; the store turns them into these, so the
layers above (the facade, the app, the CLI) catch one type and show one clear line.
"""

from __future__ import annotations


class StoreError(RuntimeError):
    """The store could not answer or write right now (the next call may succeed)."""


class StoreBusy(StoreError):
    """Another process holds the store's write lock for longer than this one would wait."""
