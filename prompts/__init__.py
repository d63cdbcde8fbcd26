"""Prompt templates and answer frames, kept as data files and loaded by name."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

_DIR = Path(__file__).parent


@cache
def frames(language: str) -> dict[str, str]:
    """The extractive answer frames of ``language`` ('kk', 'ru' or 'en')."""
    with (_DIR / f"answer_{language}.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def template(name: str) -> str:
    """A text prompt template, e.g. ``template("llm_system")`` reads ``llm_system.txt``."""
    return (_DIR / f"{name}.txt").read_text(encoding="utf-8")


@cache
def word_lists(name: str) -> dict[str, list[str]]:
    """A data file of word lists and patterns, e.g. ``word_lists("who_said")`` reads
    ``who_said.toml``."""
    with (_DIR / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def any_of(name: str, key: str) -> re.Pattern[str]:
    """The regular expressions of list ``key`` in ``name``.toml as one case-insensitive
    alternation, e.g. ``any_of("amounts", "cues")`` (the cues of a kind of question)."""
    return re.compile("|".join(word_lists(name)[key]), re.IGNORECASE)
