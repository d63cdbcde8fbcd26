"""Quote verification's decisions on hand-made paragraphs and scores: no model, no store."""

from __future__ import annotations

from assistant.speaker_query import KnownSpeaker
from assistant.verify import Thresholds, Unit, candidates, decide
from vectorstore.store import StoredChunk

PRINCIPLE = "Жаңа Конституцияның негізгі қағидаты – адамға бағдарлану."
PARAGRAPH = f"Бөлекпаев жиында сөз сөйледі. {PRINCIPLE} Бұл – кеңірек әлеуметтік ұғым."
BOLEKPAEV = KnownSpeaker("Ермағанбет Бөлекпаев", "Қарағанды облысының әкімі")
ASANOV = KnownSpeaker("Жақып Асанов", "сенатор")
THRESHOLDS = Thresholds(
    min_verbatim_words=3,
    same_language_similarity="passage",
    same_language_cosine=0.88,
    same_language_overlap=0.6,
    strong_cosine=0.96,
    cross_language_similarity="query",
    cross_language_cosine=0.89,
)


def _chunk(text: str, speaker: str = "", role: str = "", n: int = 0) -> StoredChunk:
    quotes = (text[1 : text.index("»")],) if text.startswith("«") else ()
    return StoredChunk(
        f"a:{n}:0:ff", text, "a", n, speaker=speaker, speaker_role=role, quotes=quotes
    )


def _unit(chunk: StoredChunk, text: str, cosine: float, verbatim: bool = False) -> Unit:
    return Unit(chunk, text, verbatim, cosine, cosine, 1.0)


def test_the_claim_words_found_in_order_give_the_sentences_holding_them() -> None:
    chunk = _chunk(PARAGRAPH, BOLEKPAEV.name)
    found = candidates("негізгі қағидаты - адамға", [chunk], [], 3)
    exact = [c for c in found if c.verbatim]
    assert [c.text for c in exact] == [PRINCIPLE]
    assert all(c.text in PARAGRAPH for c in found)
    assert any(c.text == "Бұл – кеңірек әлеуметтік ұғым." for c in found)


def test_a_short_claim_is_verbatim_only_as_a_whole_sentence() -> None:
    chunk = _chunk(PARAGRAPH)
    assert not any(c.verbatim for c in candidates("негізгі қағидаты", [chunk], [], 3))


def test_keyword_hits_add_only_their_exact_occurrences() -> None:
    retrieved = _chunk("Басқа абзац мүлде басқа туралы.", n=1)
    hit = _chunk(PARAGRAPH, n=2)
    other = _chunk("Мұнда сөздер жоқ.", n=3)
    found = candidates(PRINCIPLE, [retrieved], [hit, other, retrieved], 3)
    from_hits = [c for c in found if c.chunk is not retrieved]
    assert [(c.chunk, c.text, c.verbatim) for c in from_hits] == [(hit, PRINCIPLE, True)]


def test_verbatim_words_by_the_claimed_speaker_in_any_form() -> None:
    chunk = _chunk(PARAGRAPH, BOLEKPAEV.name, BOLEKPAEV.role)
    units = [_unit(chunk, PRINCIPLE, 0.99, verbatim=True)]
    for claimed in ("Бөлекпаевтың", "Bolekpayev", "akim"):
        verdict = decide(PRINCIPLE, claimed, units, THRESHOLDS, [BOLEKPAEV, ASANOV])
        assert verdict.verdict == "verbatim", claimed
        assert verdict.score == 1.0
    assert decide(PRINCIPLE, None, units, THRESHOLDS, []).verdict == "verbatim"


def test_words_the_article_gives_to_someone_else_are_misattributed() -> None:
    chunk = _chunk(PARAGRAPH, BOLEKPAEV.name, BOLEKPAEV.role)
    units = [_unit(chunk, PRINCIPLE, 0.99, verbatim=True)]
    verdict = decide(PRINCIPLE, "Асанов", units, THRESHOLDS, [BOLEKPAEV, ASANOV])
    assert verdict.verdict == "misattributed"
    assert "Ермағанбет Бөлекпаев" in verdict.explanation


def test_a_paragraph_naming_nobody_cannot_misattribute() -> None:
    chunk = _chunk(PARAGRAPH)
    units = [_unit(chunk, PRINCIPLE, 0.99, verbatim=True)]
    assert decide(PRINCIPLE, "Асанов", units, THRESHOLDS, [ASANOV]).verdict == "verbatim"


def test_same_language_paraphrase_needs_the_cosine_and_the_shared_stems() -> None:
    chunk = _chunk(PARAGRAPH)
    claim = "Жаңа Конституцияның басты қағидаты – адамға бағдарлану."
    close = Unit(chunk, PRINCIPLE, False, 0.93, 0.9, 0.8)
    verdict = decide(claim, None, [close], THRESHOLDS, [])
    assert verdict.verdict == "paraphrase"
    assert verdict.score == 0.93
    assert verdict.matches[0].diff[1] == {"op": "replace", "claim": "басты", "source": "негізгі"}
    few_stems = Unit(chunk, PRINCIPLE, False, 0.93, 0.9, 0.3)
    assert decide(claim, None, [few_stems], THRESHOLDS, []).verdict == "not_found"
    strong = Unit(chunk, PRINCIPLE, False, 0.97, 0.9, 0.3)
    assert decide(claim, None, [strong], THRESHOLDS, []).verdict == "paraphrase"


def test_a_translation_is_judged_by_the_query_cosine() -> None:
    chunk = _chunk(PARAGRAPH)
    claim = "The main principle of the new Constitution is a focus on people."
    near = Unit(chunk, PRINCIPLE, False, 0.5, 0.9, 0.0)
    far = Unit(chunk, PRINCIPLE, False, 0.99, 0.8, 0.0)
    assert decide(claim, None, [near], THRESHOLDS, []).verdict == "paraphrase"
    verdict = decide(claim, None, [far], THRESHOLDS, [])
    assert verdict.verdict == "not_found"
    assert verdict.score == 0.8


def test_matches_come_from_different_paragraphs_best_first() -> None:
    first, second = _chunk(PARAGRAPH, n=1), _chunk(PARAGRAPH, n=2)
    units = [
        _unit(first, PRINCIPLE, 0.97, verbatim=True),
        _unit(first, PARAGRAPH, 0.96),
        _unit(second, PRINCIPLE, 0.95, verbatim=True),
    ]
    verdict = decide(PRINCIPLE, None, units, THRESHOLDS, [])
    assert [m.citation.paragraph_index for m in verdict.matches] == [1, 2]
    assert [m.citation.n for m in verdict.matches] == [1, 2]


def test_a_quoted_paragraph_offers_the_sentences_of_its_quote_without_the_attribution() -> None:
    quoted = _chunk(f"«{PRINCIPLE} Бұл – кеңірек әлеуметтік ұғым», – деді Бөлекпаев.")
    texts = {c.text for c in candidates("Бұл кеңірек ұғым", [quoted], [], 3)}
    assert {PRINCIPLE, "Бұл – кеңірек әлеуметтік ұғым"} <= texts
