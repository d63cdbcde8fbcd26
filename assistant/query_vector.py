"""The dense vector of a question: a Russian or English one read together with its translation.

e5-small matches an English or Russian question to Kazakh paragraphs worse than a Kazakh one. The
question's glossary translation (``kazakh.glossary.code_switched``: its known phrases put in
Kazakh, names and other words as written) is embedded beside it, and the vector leans part of
the way towards the translation's (``RetrievalWeights.translation_vector``).

Quote verification keeps the claim's own vector: with the lean, its cross-language threshold
recalibrated (``bench/verify_calibration.py``) but the kaznews dev verdicts fell (0.89 -> 0.85).
"""

from __future__ import annotations

import numpy as np

from assistant.components import Embedder
from assistant.query import Query
from kazakh.glossary import code_switched


def dense_vector(embedder: Embedder, query: Query, lean: float) -> np.ndarray:
    """The unit vector of ``query.search_text``; a Russian or English one's leans ``lean`` (0 to
    1) towards its glossary translation's. A Kazakh one is embedded as asked."""
    terms = query.terms
    if terms.language == "kk" or not terms.concepts or lean <= 0:
        return embedder.embed_queries_array([query.search_text])[0]
    own, translated = embedder.embed_queries_array(
        [query.search_text, code_switched(query.search_text, terms.concepts)]
    )
    vector = (1.0 - lean) * own + lean * translated
    return (vector / np.linalg.norm(vector)).astype(np.float32)
