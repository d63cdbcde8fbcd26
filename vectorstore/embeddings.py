"""LangChain embeddings over the e5 model, with e5's query/passage prompts, on two backends.

e5 models are trained with "query: " and "passage: " prefixes and retrieve noticeably worse
without them, so documents and queries get the prompts configured in the model folder (models
without prompts just encode the text).

Backends: ``onnx-int8`` runs the provisioned int8 ONNX export on onnxruntime (no torch import at
all) and pools sentence vectors from the paragraph's own forward pass; ``torch`` runs the fp32
sentence-transformers model and embeds sentences separately. ``auto`` picks ONNX for the bundled
model where the CPU has the integer dot-product instructions (AVX2 or AVX512-VNNI).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from langchain_core.embeddings import Embeddings

from core.settings import BUNDLED_E5
from vectorstore.provision import ensure_e5_model, ensure_int8_onnx

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from vectorstore.onnx_encoder import OnnxEncoder

ONNX_INT8, TORCH, AUTO = "onnx-int8", "torch", "auto"
#: How sentence vectors are made: pooled from the paragraph's pass, embedded alone, or not at all.
POOLED, SEPARATE, NONE = "pooled", "separate", "none"
_INT8_CPU_FLAGS = ("avx512_vnni", "avx512vnni", "avx_vnni", "avx2")
_PROMPT_NAMES = {"query": ("query",), "document": ("document", "passage", "corpus")}
Span = tuple[int, int]


def resolve_embedding_model(name: str, models_dir: Path) -> str:
    """Turn the configured model name into something ``SentenceTransformer`` can load."""
    if name == BUNDLED_E5:
        return str(ensure_e5_model(models_dir))
    return name


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> set[str]:
    """The CPU feature flags the kernel reports (empty where there is no /proc/cpuinfo)."""
    try:
        with cpuinfo.open(encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("flags"):
                    return set(line.partition(":")[2].split())
    except OSError:
        pass
    return set()


def choose_backend(requested: str, model: str, flags: set[str] | None = None) -> str:
    """The backend to run: ``auto`` means int8 ONNX for the bundled model on a CPU with integer
    dot products (AVX2 or AVX512-VNNI) and onnxruntime installed, fp32 torch otherwise."""
    if requested not in (AUTO, ONNX_INT8, TORCH):
        raise ValueError(f"unknown embedding backend {requested!r} (auto, onnx-int8 or torch)")
    if requested == ONNX_INT8 and model != BUNDLED_E5:
        raise ValueError(f"the onnx-int8 backend is built for {BUNDLED_E5} only, not {model!r}")
    if requested != AUTO:
        return requested
    from importlib.util import find_spec

    flags = cpu_flags() if flags is None else flags
    int8_cpu = any(flag in flags for flag in _INT8_CPU_FLAGS)
    has_ort = find_spec("onnxruntime") is not None
    return ONNX_INT8 if model == BUNDLED_E5 and int8_cpu and has_ort else TORCH


def make_embeddings(
    model: str, models_dir: Path, backend: str = AUTO, batch_size: int = 32
) -> E5Embeddings:
    """The configured embedder, provisioning the bundled model (and its ONNX file) if needed."""
    chosen = choose_backend(backend, model)
    path = resolve_embedding_model(model, models_dir)
    onnx = ensure_int8_onnx(models_dir) if chosen == ONNX_INT8 else None
    return E5Embeddings(path, batch_size=batch_size, backend=chosen, onnx_path=onnx)


def preload(model: str, models_dir: Path, backend: str = AUTO) -> None:
    """Start loading the ONNX encoder in a background thread, so a short-lived process (a CLI
    answer) loads it while it imports the rest; the first embedding waits for it. A failure is
    left for that first embedding to report. The torch backend is not preloaded."""

    def load() -> None:
        try:
            if choose_backend(backend, model) == ONNX_INT8:
                make_embeddings(model, models_dir, backend).warm_up()
        except Exception:  # reported by the embedding that needs it
            logging.getLogger(__name__).debug("encoder preload failed", exc_info=True)

    threading.Thread(target=load, name="encoder-preload", daemon=True).start()


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

    def __init__(
        self,
        model_name_or_path: str,
        batch_size: int = 32,
        backend: str = TORCH,
        onnx_path: Path | None = None,
    ) -> None:
        if backend == ONNX_INT8 and onnx_path is None:
            raise ValueError("the onnx-int8 backend needs the path of the ONNX model")
        if backend not in (ONNX_INT8, TORCH):
            raise ValueError(f"unknown embedding backend {backend!r}")
        self.model_name_or_path = model_name_or_path
        self.batch_size = batch_size
        self.backend = backend
        self.onnx_path = onnx_path
        self._model: SentenceTransformer | None = None
        self._encoder: OnnxEncoder | None = None
        self._lock = threading.Lock()

    @property
    def sentence_vectors(self) -> str:
        """ONNX pools sentences from the paragraph's pass; torch embeds them separately."""
        return POOLED if self.backend == ONNX_INT8 else SEPARATE

    @property
    def signature(self) -> str:
        """What stored vectors depend on: the model, and for ONNX the backend and pooling.

        The torch signature is the model alone, as stores written before backends existed say.
        """
        name = Path(self.model_name_or_path).name or self.model_name_or_path
        if self.backend == TORCH:
            return name
        return f"{name}|{self.backend}|sentences={self.sentence_vectors}"

    @property
    def model(self) -> SentenceTransformer:
        """The loaded sentence-transformers model (torch backend; loading is slow, so nothing
        happens until something is embedded)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = _load_model(self.model_name_or_path)
        return self._model

    @property
    def encoder(self) -> OnnxEncoder:
        """The onnxruntime session and tokenizer (ONNX backend), loaded on first use."""
        if self._encoder is None:
            with self._lock:
                if self._encoder is None:
                    self._encoder = _load_encoder(self.model_name_or_path, self.onnx_path)
        return self._encoder

    def warm_up(self) -> None:
        """Load the model and run it once, so the first real question pays for neither."""
        self.embed_queries_array(["warm-up"])

    @property
    def dimension(self) -> int:
        if self.backend == ONNX_INT8:
            return self.encoder.dimension
        return self.model.get_embedding_dimension() or 0

    def prompt(self, kind: str) -> str:
        """The prompt e5 expects before a ``query`` or a ``document``."""
        prompts = _prompts(self.model_name_or_path)
        return next((prompts[n] for n in _PROMPT_NAMES[kind] if n in prompts), "")

    def _encode(self, texts: list[str], *, query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        if self.backend == ONNX_INT8:
            prompt = self.prompt("query" if query else "document")
            return self.encoder.encode([prompt + t for t in texts], self.batch_size)
        model = self.model
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

    def embed_documents_with_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]]
    ) -> tuple[np.ndarray, list[list[np.ndarray]]]:
        """Document vectors plus a vector for each character span of each document.

        ONNX pools each span's token states from the document's own forward pass (one pass in
        all); torch, and spans the model's window cut off, embed the span's text alone.
        """
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dimension), np.float32), []
        if self.backend == ONNX_INT8:
            prompt = self.prompt("document")
            shifted = [[(lo + len(prompt), hi + len(prompt)) for lo, hi in s] for s in spans]
            vectors, pooled = self.encoder.encode_with_spans(
                [prompt + t for t in texts], shifted, self.batch_size
            )
        else:
            vectors = self._encode(texts, query=False)
            pooled = [[None] * len(s) for s in spans]
        missing = [
            (i, j) for i, row in enumerate(pooled) for j, vector in enumerate(row) if vector is None
        ]
        if missing:
            alone = self._encode([texts[i][slice(*spans[i][j])] for i, j in missing], query=False)
            for (i, j), vector in zip(missing, alone, strict=True):
                pooled[i][j] = vector
        return vectors, pooled  # type: ignore[return-value]

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
        if self.backend == ONNX_INT8:
            return self.encoder.count_tokens(self.prompt("document") + text)
        model = self.model
        return len(
            model.tokenizer(self.prompt("document") + text, add_special_tokens=True, verbose=False)[
                "input_ids"
            ]
        )


_ENCODERS: dict[tuple[str, str], OnnxEncoder] = {}


def _load_encoder(folder: str, onnx_path: Path | None) -> OnnxEncoder:
    """One ONNX session per model file per process."""
    from vectorstore.onnx_encoder import OnnxEncoder

    key = (folder, str(onnx_path))
    with _LOAD_LOCK:
        if key not in _ENCODERS:
            assert onnx_path is not None
            _ENCODERS[key] = OnnxEncoder(onnx_path, Path(folder) / "tokenizer.json")
        return _ENCODERS[key]


@functools.cache
def _prompts(name_or_path: str) -> dict[str, str]:
    """The prompts in a sentence-transformers folder's config (none for hub names)."""
    config = Path(name_or_path) / "config_sentence_transformers.json"
    try:
        return dict(json.loads(config.read_text(encoding="utf-8")).get("prompts") or {})
    except (OSError, ValueError):
        return {}
