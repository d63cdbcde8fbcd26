"""Process-wide switches for third-party libraries, set once by every entry point.

These are not our settings but the environment other libraries read at import: they must be set
before numpy, torch, Chroma or Gradio load, so each entry point (CLIs, app, tests) calls
``configure_process()`` first. Values a user already exported win.
"""

from __future__ import annotations

import os

_DEFAULTS = {
    # torch and numpy's BLAS compete for the cores: one BLAS thread halves query latency here.
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "2",
    "TOKENIZERS_PARALLELISM": "false",
    "TRANSFORMERS_VERBOSITY": "error",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    # Offline by design: never reach for a model hub or telemetry endpoint.
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
}


def configure_process() -> None:
    """Apply the defaults above unless the user set them."""
    for key, value in _DEFAULTS.items():
        os.environ.setdefault(key, value)
