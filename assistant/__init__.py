"""Qazaq News Assistant: cited, quote-exact answers over Kazakh news.

``from assistant import Assistant`` is the public entry point. Heavy modules (Chroma, torch) load
only when ``Assistant`` is first touched, so ``import assistant`` stays instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.answer_types import Answer, Citation
    from assistant.facade import Assistant
    from core.settings import Settings
    from vectorstore.filters import SearchFilters

__all__ = ["Answer", "Assistant", "Citation", "SearchFilters", "Settings"]

_HOMES = {
    "Assistant": "assistant.facade",
    "Answer": "assistant.answer_types",
    "Citation": "assistant.answer_types",
    "Settings": "core.settings",
    "SearchFilters": "vectorstore.filters",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
