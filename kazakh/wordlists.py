"""Word lists kept as data files (``<package>/data/``), read on first use and cached.

A list is one entry per line; a table is tab-separated columns, the last a space-separated list.
Blank lines and lines starting with ``#`` are comments. Editing a file changes the behaviour
without touching code: a new Russian "say" verb is one line.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def _lines(package: str, name: str) -> list[str]:
    text = resources.files(package).joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def word_list(package: str, name: str) -> tuple[str, ...]:
    """The entries of ``<package>/data/<name>``, in file order."""
    return tuple(_lines(package, name))


@cache
def word_set(package: str, name: str) -> frozenset[str]:
    """The entries of ``<package>/data/<name>`` as a set."""
    return frozenset(word_list(package, name))


@cache
def word_table(package: str, name: str) -> dict[str, tuple[str, ...]]:
    """``key<TAB>word word ...`` lines as {key: words}, in file order."""
    table: dict[str, tuple[str, ...]] = {}
    for line in _lines(package, name):
        key, _, words = line.partition("\t")
        table[key.strip()] = tuple(words.split())
    return table
