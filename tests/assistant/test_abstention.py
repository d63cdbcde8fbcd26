"""Abstention's corpus baseline: how far the best paragraph stands above the typical one."""

from __future__ import annotations

from assistant.abstention import (
    TYPICAL_RANKS,
    answer_probability,
    evidence,
    typical_similarity,
)
from assistant.query import Query
from assistant.retrieval import Retrieved
from vectorstore.store import StoredChunk


def _hit(n: int, dense: float) -> Retrieved:
    text = "Қарағандыда жылу маусымына дайындық басталды."
    chunk = StoredChunk(f"a{n}:0", text, f"a{n}", 0, title="Жылу маусымы")
    return Retrieved(chunk, 1.0 / (n + 1), dense=dense)


def test_typical_similarity_is_the_mean_of_ranks_10_to_30() -> None:
    start, stop = TYPICAL_RANKS
    scores = [0.9] * start + [0.7] * (stop - start) + [0.1] * 5
    assert abs(typical_similarity(scores) - 0.7) < 1e-9
    assert typical_similarity([0.9] * (stop - 1)) is None  # too small a corpus to tell


def test_the_gap_above_the_typical_level_moves_the_decision() -> None:
    """Same raw cosine, same words: standing out of the corpus's bulk is evidence of an answer
    (an off-topic question's best paragraph is about as close as the 20th)."""
    hits = [_hit(n, 0.84 - 0.01 * n) for n in range(5)]
    question = Query.of("What is the price of bitcoin today?")
    stands_out = evidence(question, hits, typical=0.74)
    like_the_bulk = evidence(question, hits, typical=0.83)
    assert abs(stands_out.dense_gap - 0.10) < 1e-9
    assert answer_probability(stands_out) > answer_probability(like_the_bulk)
    # Without a measured level (a tiny corpus) the calibrated level of the language stands in.
    fallback = evidence(question, hits)
    assert fallback.dense_gap != 0.0
