"""Chroma, embedded or server, always with our embedding function and telemetry off.

Passing an embedding function everywhere matters: without one Chroma falls back to its default
model, which it would try to download (and this product runs offline).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.api.types import Embeddings as ChromaEmbeddings
from chromadb.config import Settings as ChromaSettings

from vectorstore.embeddings import E5Embeddings

#: Chroma refuses larger batches (~5,400 records per add); stay well below.
MAX_BATCH = 5000

#: HNSW search breadth. At Chroma's default (100) dense search returned 97.3% of the exact top-10
#: paragraphs of the 8k-vector eval pool, at 400 99.7%, in the same ~4 ms (bench/hnsw_recall.py).
HNSW_EF_SEARCH = 400


class E5ChromaFunction(EmbeddingFunction[Documents]):
    """Adapts ``E5Embeddings`` to Chroma, keeping e5's passage/query prefixes apart."""

    def __init__(self, embeddings: E5Embeddings) -> None:
        self._embeddings = embeddings

    def __call__(self, input: Documents) -> ChromaEmbeddings:
        return list(self._embeddings.embed_documents_array(list(input)))

    def embed_query(self, input: Documents) -> ChromaEmbeddings:
        return list(self._embeddings.embed_queries_array(list(input)))

    @staticmethod
    def name() -> str:
        return "qazaq-news-e5"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine"]

    def get_config(self) -> dict[str, Any]:
        embeddings = self._embeddings
        onnx = str(embeddings.onnx_path) if embeddings.onnx_path else None
        return {"model": embeddings.model_name_or_path, "backend": embeddings.backend, "onnx": onnx}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> E5ChromaFunction:
        onnx = config.get("onnx")
        return E5ChromaFunction(
            E5Embeddings(
                config["model"],
                backend=config.get("backend") or "torch",
                onnx_path=Path(onnx) if onnx else None,
            )
        )


def make_client(data_dir: Path, host: str | None = None, port: int | None = None) -> ClientAPI:
    """An HttpClient when a server host is given, else a PersistentClient under ``data_dir``."""
    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if host:
        return chromadb.HttpClient(host=host, port=port or 8000, settings=settings)
    path = data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


# Embedded Chroma keeps one "system" per folder and process, with the HNSW index in memory: it
# never notices another process's writes (queries then fail with "Error finding id"). The store
# counts commits (the catalog's generation); a system opened at an older generation is stopped and
# opened again, which re-reads the folder. Kept per process because clients share the system.
_systems_lock = threading.Lock()
_system_generation: dict[str, int] = {}


def embedded_client(data_dir: Path, generation: int, fresh: bool = False) -> ClientAPI:
    """A PersistentClient whose view of the folder is at least as new as ``generation``
    (``fresh``: reopen even so, after an error)."""
    key = str(data_dir / "chroma")
    with _systems_lock:
        if fresh or _system_generation.get(key, generation) != generation:
            system = SharedSystemClient._identifier_to_system.pop(key, None)
            SharedSystemClient._identifier_to_refcount.pop(key, None)
            if system is not None:
                system.stop()
        _system_generation[key] = generation
        return make_client(data_dir)


def note_own_commit(data_dir: Path, generation: int) -> None:
    """This process wrote the commit that made ``generation``: its system already holds it."""
    with _systems_lock:
        _system_generation[str(data_dir / "chroma")] = generation


@dataclass(frozen=True)
class ChromaPlace:
    """Where the collection lives: a server (host, port) or a folder under ``data_dir``."""

    data_dir: Path
    name: str
    host: str | None = None
    port: int | None = None

    @property
    def embedded(self) -> bool:
        return not self.host

    def open(self, embeddings: E5Embeddings, generation: int, fresh: bool = False) -> Collection:
        """The collection, as of ``generation`` or later (embedded) or live (server)."""
        if self.embedded:
            client = embedded_client(self.data_dir, generation, fresh)
        else:
            client = make_client(self.data_dir, self.host, self.port)
        return open_collection(client, self.name, embeddings)


def open_collection(client: ClientAPI, name: str, embeddings: E5Embeddings) -> Collection:
    """The collection of paragraph chunks (cosine space, exact-enough HNSW search).

    A collection made by an older version keeps its configuration, so its search breadth is
    raised here once.
    """
    collection = client.get_or_create_collection(
        name=name,
        embedding_function=E5ChromaFunction(embeddings),  # type: ignore[arg-type]
        configuration={"hnsw": {"space": "cosine", "ef_search": HNSW_EF_SEARCH}},
    )
    hnsw = (collection.configuration_json or {}).get("hnsw") or {}
    if hnsw.get("ef_search") != HNSW_EF_SEARCH:
        collection.modify(configuration={"hnsw": {"ef_search": HNSW_EF_SEARCH}})
    return collection
