"""LangChain embeddings over a sentence-transformers model, with e5's query/passage prompts.

e5 models are trained with "query: " and "passage: " prefixes and retrieve noticeably worse
without them, so documents and queries go through ``encode_document`` / ``encode_query``, which
apply the prompts configured in the model folder (models without prompts just encode the text).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from langchain_core.embeddings import Embeddings

from core.settings import BUNDLED_E5
from vectorstore.provision import ensure_e5_model

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


def resolve_embedding_model(name: str, models_dir: Path) -> str:
    """Turn the configured model name into something ``SentenceTransformer`` can load."""
    if name == BUNDLED_E5:
        return str(ensure_e5_model(models_dir))
    return name


_LOAD_LOCK = threading.Lock()
_LOADED: dict[str, SentenceTransformer] = {}


def _load_model(name_or_path: str) -> SentenceTransformer:
    """One loaded model per path per process: assistants sharing a model share its memory."""
    with _LOAD_LOCK:
        if name_or_path not in _LOADED:
            import torch
            from sentence_transformers import SentenceTransformer

            # torch would otherwise spread over every core and starve the app's threads.
            torch.set_num_threads(min(2, os.cpu_count() or 1))
            _LOADED[name_or_path] = SentenceTransformer(name_or_path, device="cpu")
        return _LOADED[name_or_path]


class E5Embeddings(Embeddings):
    """Normalized sentence embeddings; the model is loaded on first use, once, thread-safely."""

    def __init__(self, model_name_or_path: str, batch_size: int = 32) -> None:
        self.model_name_or_path = model_name_or_path
        self.batch_size = batch_size
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    @property
    def model(self) -> SentenceTransformer:
        """The loaded model (loading is slow, so nothing happens until something is embedded)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = _load_model(self.model_name_or_path)
        return self._model

    def _encode(self, texts: list[str], *, query: bool) -> np.ndarray:
        model = self.model
        if not texts:
            return np.zeros((0, model.get_embedding_dimension() or 0), np.float32)
        encode = model.encode_query if query else model.encode_document
        vectors = encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_documents_array(self, texts: list[str]) -> np.ndarray:
        """Document embeddings as a float32 ``(len(texts), dim)`` array of unit vectors."""
        return self._encode(list(texts), query=False)

    def embed_queries_array(self, texts: list[str]) -> np.ndarray:
        """Query embeddings as a float32 ``(len(texts), dim)`` array of unit vectors."""
        return self._encode(list(texts), query=True)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_documents_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_queries_array([text])[0].tolist()

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees when embedding ``text`` as a document (prompt and specials too).

        Compare with the model's ``max_seq_length``: longer documents are silently truncated.
        """
        model = self.model
        prompt = next(
            (model.prompts[n] for n in ("document", "passage", "corpus") if n in model.prompts), ""
        )
        return len(
            model.tokenizer(prompt + text, add_special_tokens=True, verbose=False)["input_ids"]
        )
