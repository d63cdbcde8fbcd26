"""The int8 ONNX backend against the fp32 torch model, and sentence vectors pooled from one pass."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from kazakh.sentences import sentence_spans
from vectorstore.embeddings import BUNDLED_E5, E5Embeddings, make_embeddings

pytestmark = pytest.mark.integration

TEXTS = [
    "Қазақстан Республикасының Президенті жаңа Конституция жобасын халыққа ұсынды.",
    "Алматыда жексенбі күні қатты жаңбыр жауып, бірнеше көшені су басты.",
    "Ұлттық банк базалық мөлшерлемені 16,5 пайызға дейін төмендетті. Инфляция баяулады.",
    "Президент Казахстана представил народу проект новой Конституции.",
    "В воскресенье в Алматы прошёл сильный дождь, затопивший несколько улиц.",
    "The National Bank lowered its base rate to 16.5 percent.",
    "How many regions does Kazakhstan have?",
]
PARAGRAPH = (
    "Астанада жаңа емхана ашылды. Ол күніне 500 науқасты қабылдай алады. "
    "Ашылу салтанатына денсаулық сақтау министрі қатысты."
)


def _models_dir() -> Path:
    root = Path(__file__).resolve().parents[2]
    return Path(os.environ.get("ASSISTANT_MODELS_DIR", str(root / ".assistant" / "models")))


@pytest.fixture(scope="module")
def onnx() -> E5Embeddings:
    return make_embeddings(BUNDLED_E5, _models_dir(), "onnx-int8", batch_size=3)


@pytest.fixture(scope="module")
def torch_fp32() -> E5Embeddings:
    return make_embeddings(BUNDLED_E5, _models_dir(), "torch", batch_size=3)


def test_int8_onnx_matches_fp32_torch(onnx: E5Embeddings, torch_fp32: E5Embeddings) -> None:
    assert onnx.backend == "onnx-int8" and torch_fp32.backend == "torch"
    for embed in ("embed_documents_array", "embed_queries_array"):
        int8 = getattr(onnx, embed)(TEXTS)
        fp32 = getattr(torch_fp32, embed)(TEXTS)
        np.testing.assert_allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-5)
        cosine = (int8 * fp32).sum(axis=1)
        assert cosine.min() >= 0.98, (embed, cosine)
    # The prompts are applied: a text as query and as passage differ in both backends alike.
    q, d = onnx.embed_queries_array(TEXTS[:1])[0], onnx.embed_documents_array(TEXTS[:1])[0]
    assert q @ d < 0.995
    assert onnx.count_tokens(TEXTS[0]) == torch_fp32.count_tokens(TEXTS[0])


def test_batches_do_not_change_vectors(onnx: E5Embeddings) -> None:
    """Length-sorted, padded batches give each text (nearly) the vector it gets alone.

    Not exactly: dynamic quantisation scales activations per batch, padding included.
    """
    together = onnx.embed_documents_array(TEXTS)
    alone = np.stack([onnx.embed_documents_array([t])[0] for t in TEXTS])
    assert (together * alone).sum(axis=1).min() >= 0.99


def test_sentence_vectors_are_pooled_from_the_paragraph_pass(onnx: E5Embeddings) -> None:
    spans = sentence_spans(PARAGRAPH)
    assert len(spans) == 3
    runs: list[int] = []
    session = onnx.encoder.session
    original = session.run

    def counting(names, feeds):  # type: ignore[no-untyped-def]
        runs.append(len(feeds["input_ids"]))
        return original(names, feeds)

    session.run = counting  # type: ignore[method-assign]
    try:
        vectors, pooled = onnx.embed_documents_with_spans([PARAGRAPH], [spans])
    finally:
        session.run = original  # type: ignore[method-assign]
    assert runs == [1]  # one forward pass of one row: no sentence was embedded on its own
    assert len(pooled[0]) == 3
    alone = onnx.embed_documents_array([PARAGRAPH[a:b] for a, b in spans])
    paragraph = vectors[0]
    for i, vector in enumerate(pooled[0]):
        np.testing.assert_allclose(np.linalg.norm(vector), 1.0, atol=1e-5)
        similarity = alone @ vector
        assert similarity.argmax() == i  # each pooled vector is closest to its own sentence
        assert vector @ paragraph < 0.999  # and is not the paragraph's vector
    # Pooling the token states by hand over the tokens of sentence 2 gives the same vector.
    encoder = onnx.encoder
    prompt = onnx.prompt("document")
    encoding = encoder.tokenizer.encode(prompt + PARAGRAPH)
    ids = np.array([encoding.ids], np.int64)
    states = original(["last_hidden_state"], {"input_ids": ids, "attention_mask": ids * 0 + 1})[0]
    lo, hi = spans[1][0] + len(prompt), spans[1][1] + len(prompt)
    inside = [
        j
        for j, (a, b) in enumerate(encoding.offsets)
        if b > a and a < hi and b > lo and not encoding.special_tokens_mask[j]
    ]
    manual = states[0, inside].mean(axis=0)
    np.testing.assert_allclose(pooled[0][1], manual / np.linalg.norm(manual), atol=1e-5)


def test_torch_backend_embeds_sentences_alone(torch_fp32: E5Embeddings) -> None:
    spans = sentence_spans(PARAGRAPH)
    _, separate = torch_fp32.embed_documents_with_spans([PARAGRAPH], [spans])
    alone = torch_fp32.embed_documents_array([PARAGRAPH[a:b] for a, b in spans])
    np.testing.assert_allclose(np.stack(separate[0]), alone, atol=1e-5)


def test_signature_names_the_backend(onnx: E5Embeddings, torch_fp32: E5Embeddings) -> None:
    assert onnx.signature != torch_fp32.signature
    assert "onnx-int8" in onnx.signature and "pooled" in onnx.signature
    assert torch_fp32.signature == "multilingual-e5-small"  # what stores before backends hold
