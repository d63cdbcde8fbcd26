"""LangChain's standard retriever test suite, run against our retriever over a real store."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from langchain_tests.integration_tests import RetrieversIntegrationTests

from assistant.langchain_api import NewsRetriever
from tests.helpers import SEED_DIR, make_assistant

pytestmark = pytest.mark.integration


@functools.cache
def _assistant() -> Any:
    """One seed store for the suite (its properties are static, so no fixture can feed them)."""
    root = Path(tempfile.mkdtemp(prefix="lc-standard-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    assistant = make_assistant(root)
    assistant.ingest([SEED_DIR])
    return assistant


class TestNewsRetrieverStandard(RetrieversIntegrationTests):
    @property
    def retriever_constructor(self) -> type[NewsRetriever]:
        return NewsRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {"source": _assistant(), "k": 4}

    @property
    def retriever_query_example(self) -> str:
        return "Жастар үшін жаңа мүмкіндіктер"
