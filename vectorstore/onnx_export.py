"""Export the provisioned e5 folder to ONNX and quantise it to int8 (provisioning time only).

``torch.onnx`` writes the BERT encoder (inputs ``input_ids`` and ``attention_mask``, output
``last_hidden_state``: pooling stays ours, so sentence spans can be pooled from the same pass),
then onnxruntime's dynamic quantisation stores MatMul and embedding weights as per-channel int8.
Per-channel matters on CPUs without VNNI: per-tensor int8 lost up to 0.03 cosine there, per-channel
keeps it above 0.99 (measured against the fp32 sentence-transformers model).

This module imports torch, transformers and onnx; nothing on the query path imports it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

#: The quantisation recipe; it is part of the stamp, so changing it rebuilds the file.
QUANTIZATION = {"weight_type": "QInt8", "per_channel": True, "reduce_range": False}
#: How the encoder is exported; part of the stamp too. Attention is exported as plain MatMul and
#: Softmax ("eager"): transformers' default (scaled-dot-product attention) exports with Where and
#: IsNaN nodes around the softmax that took 15 % of onnxruntime's kernel time, and the int8 model
#: ran 14-17 % faster without them (``bench/encoder_batching.py --export-compare``). Fusing the
#: graph further (onnxruntime's transformer optimiser: Attention, SkipLayerNormalization) was
#: slower in a one-off check.
EXPORT = {"attention": "eager", "opset": 17}
INPUT_NAMES = ("input_ids", "attention_mask")
OUTPUT_NAME = "last_hidden_state"


def export_fp32(model_dir: Path, dst: Path, attention: str = str(EXPORT["attention"])) -> None:
    """Write the fp32 encoder of ``model_dir`` (a BertModel folder) as ONNX to ``dst``
    (``attention``: transformers' attention implementation to export, "eager" or "sdpa")."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_dir), attn_implementation=attention).eval()

    class _Encoder(torch.nn.Module):
        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    example = (torch.ones(2, 8, dtype=torch.long), torch.ones(2, 8, dtype=torch.long))
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            _Encoder(model),
            example,
            str(dst),
            input_names=list(INPUT_NAMES),
            output_names=[OUTPUT_NAME],
            dynamic_axes={name: axes for name in (*INPUT_NAMES, OUTPUT_NAME)},
            opset_version=int(EXPORT["opset"]),
            dynamo=False,
        )


def build_int8_onnx(model_dir: Path, dst: Path, attention: str = str(EXPORT["attention"])) -> None:
    """Export ``model_dir`` and write its int8 dynamic-quantised ONNX model to ``dst``."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory(prefix=".onnx-export-", dir=dst.parent) as tmp:
        fp32 = Path(tmp) / "model.fp32.onnx"
        export_fp32(model_dir, fp32, attention)
        quantize_dynamic(
            str(fp32),
            str(dst),
            weight_type=getattr(QuantType, str(QUANTIZATION["weight_type"])),
            per_channel=bool(QUANTIZATION["per_channel"]),
            reduce_range=bool(QUANTIZATION["reduce_range"]),
        )
    dst.chmod(0o644)
