"""The e5 encoder on onnxruntime: tokenise, run the int8 model, mean-pool, L2-normalise.

Pooling is the sentence-transformers model's (mean of the attention-masked token states, then
unit length), so vectors match the torch backend's to about 0.99 cosine. Because pooling is ours,
one forward pass of a paragraph also yields a vector for each character span of it (its
sentences): the mean of the states of the tokens inside the span.

Only onnxruntime, tokenizers and numpy are imported: no torch on this path.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from vectorstore.onnx_export import INPUT_NAMES, OUTPUT_NAME

Span = tuple[int, int]


def encoder_threads() -> int:
    """Intra-op threads: the cores, at most two (BLAS is held at one thread by the runtime)."""
    return max(1, min(2, os.cpu_count() or 1))


class OnnxEncoder:
    """One loaded ONNX session plus the model folder's ``tokenizer.json``."""

    def __init__(self, onnx_path: Path, tokenizer_json: Path, max_length: int = 512) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = encoder_threads()
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        self.session = ort.InferenceSession(
            str(onnx_path), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(tokenizer_json))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length)
        self.pad_id = self.tokenizer.token_to_id("<pad>") or 0
        self.dimension = int(self.session.get_outputs()[0].shape[-1])

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` with specials, before truncation."""
        return len(self.tokenizer.encode(text, add_special_tokens=True).ids) if text else 2

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Unit vectors of ``texts`` (prompts already prepended), in input order."""
        vectors, _ = self.encode_with_spans(texts, None, batch_size)
        return vectors

    def encode_with_spans(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[Span]] | None,
        batch_size: int = 32,
    ) -> tuple[np.ndarray, list[list[np.ndarray | None]]]:
        """Unit vectors of ``texts`` and, for each text, of each character span of it.

        A span's vector pools the tokens whose characters overlap the span; a span with no
        token inside the model's window (truncated away) gets None. Batches are formed from
        texts of similar length (sorted by character count), so little padding is computed.
        """
        out = np.zeros((len(texts), self.dimension), np.float32)
        span_out: list[list[np.ndarray | None]] = [
            [None] * len(spans[i]) if spans else [] for i in range(len(texts))
        ]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            encodings = self.tokenizer.encode_batch([texts[i] for i in batch])
            width = max(len(e.ids) for e in encodings)
            ids = np.full((len(batch), width), self.pad_id, np.int64)
            mask = np.zeros((len(batch), width), np.int64)
            for row, encoding in enumerate(encodings):
                ids[row, : len(encoding.ids)] = encoding.ids
                mask[row, : len(encoding.ids)] = 1
            feeds = dict(zip(INPUT_NAMES, (ids, mask), strict=True))
            states = self.session.run([OUTPUT_NAME], feeds)[0]
            pooled = (states * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            out[batch] = _unit(pooled)
            if spans:
                for row, i in enumerate(batch):
                    span_out[i] = _pool_spans(states[row], encodings[row], spans[i])
        return out, span_out


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


def _pool_spans(states: np.ndarray, encoding: object, spans: Sequence[Span]) -> list:
    """Mean of the token states inside each character span (special tokens have no chars)."""
    offsets = np.array(encoding.offsets, np.int64)  # type: ignore[attr-defined]
    special = np.array(encoding.special_tokens_mask, bool)  # type: ignore[attr-defined]
    starts, ends = offsets[:, 0], offsets[:, 1]
    pooled: list[np.ndarray | None] = []
    for lo, hi in spans:
        inside = (~special) & (ends > starts) & (starts < hi) & (ends > lo)
        if not inside.any():
            pooled.append(None)
            continue
        pooled.append(_unit(states[: len(offsets)][inside].mean(axis=0)))
    return pooled
