"""Word forms by folded key, and the stems a typed word takes from longer stored forms."""

from __future__ import annotations

from collections.abc import Sequence

from kazakh.script import fold_key, to_cyrillic
from kazakh.word_forms import stem_forms

STORED = ["жертөлесінен", "жертөледе", "жерде", "эвакуацияланды"]


def _by_prefix(prefixes: Sequence[str]) -> dict[str, list[str]]:
    return {p: [f for f in STORED if fold_key(f).startswith(p)] for p in prefixes}


def test_a_typed_stem_takes_the_beginning_of_a_stored_form() -> None:
    """ "zhertole": the articles wrote жертөлесінен and жертөледе, never жертөле alone."""
    forms = stem_forms(["jertole"], _by_prefix)
    assert forms == {"jertole": ["жертөле"]}
    assert to_cyrillic("zhertole", "ascii", forms) == "жертөле"


def test_a_short_or_unmatched_key_takes_nothing() -> None:
    assert stem_forms(["jer", "jertolex"], _by_prefix) == {}
