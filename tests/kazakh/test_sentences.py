"""Sentence splitting keeps «» quotes and initials whole."""

from kazakh.sentences import sentence_spans, split_sentences


def test_splits_at_sentence_ends() -> None:
    text = "Бірінші сөйлем. Екінші сөйлем! Үшінші ме? Иә."
    assert split_sentences(text) == ["Бірінші сөйлем.", "Екінші сөйлем!", "Үшінші ме?", "Иә."]


def test_no_split_inside_guillemets_or_after_initials() -> None:
    text = "Е. Бөлекпаев айтты: «Бұл маңызды. Өте маңызды». Сосын кетті."
    assert split_sentences(text) == [
        "Е. Бөлекпаев айтты: «Бұл маңызды. Өте маңызды».",
        "Сосын кетті.",
    ]


def test_dash_quote_stays_with_its_attribution() -> None:
    text = "Жастар – білімді буын. Олар ашық, – деді партия өкілі."
    assert split_sentences(text)[-1] == "Олар ашық, – деді партия өкілі."


def test_spans_are_exact_substrings() -> None:
    text = "  Бір. Екі.  "
    assert [text[s:e] for s, e in sentence_spans(text)] == ["Бір.", "Екі."]


def test_splitting_is_linear_even_inside_an_unclosed_quote() -> None:
    import time

    paragraph = "«" + "Бұл сөйлем т.б. Е. Бөлекпаев айтты. " * (5_000_000 // 36)
    started = time.perf_counter()
    spans = sentence_spans(paragraph)
    assert time.perf_counter() - started < 30  # quadratic: hours
    assert spans == [(0, len(paragraph.rstrip()))]  # never split inside the open quote
