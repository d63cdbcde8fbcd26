"""Questions that ask which outlet reported something, and the paragraph that answers them.

"Which outlet reported on the round table?" / "Какое издание сообщило…?" / "Қай басылым
хабарлады?" is a journalist's question about an article, not about a paragraph's wording: the
answer is the article's source, and the evidence to cite is the paragraph where the article
credits it ("…, деп хабарлайды BAQ.KZ"). No question word matches that paragraph's content, so
retrieval finds the article through its topic and then brings its crediting paragraph forward.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vectorstore.store import StoredChunk

#: Words naming a news outlet: whole words, and stems that any ending may follow. Ambiguous words
#: stay out: "media" (social media), "agency" (a government agency), "publication" (of a law).
OUTLET_WORDS = ("outlet", "outlets", "newspaper", "newspapers", "сми", "бақ")
OUTLET_STEMS = (
    "news agenc",
    "news site",
    "news website",
    "news portal",
    "издани",
    "газет",
    "информационн агентств",
    "информагентств",
    "новостн портал",
    "басылым",
    "ақпарат агенттіг",
    "ақпараттық агенттіг",
)
#: Verbs of reporting (stems): "which newspaper did he edit" names an outlet without asking who
#: reported something.
REPORTING_STEMS = (
    "report",
    "wrote",
    "writ",
    "publish",
    "cover",
    "сообщ",
    "писал",
    "написа",
    "опубликова",
    "публику",
    "переда",
    "вышл",
    "вышел",
    "хабарла",
    "жаз",
    "жария",
    "тарат",
)
_WORD = re.compile(r"\w+")
#: The stems a single word can start with (``is_outlet_word``).
_WORD_STEMS = tuple(stem for stem in OUTLET_STEMS if " " not in stem) + REPORTING_STEMS


def asks_for_outlet(question: str) -> bool:
    """Whether the question asks which outlet reported something (an outlet word and a verb of
    reporting)."""
    text = " " + " ".join(_WORD.findall(question.lower())) + " "
    names_outlet = any(f" {word} " in text for word in OUTLET_WORDS) or any(
        f" {stem}" in text for stem in OUTLET_STEMS
    )
    return names_outlet and any(f" {stem}" in text for stem in REPORTING_STEMS)


def is_outlet_word(text: str) -> bool:
    """Whether a word or phrase of a question names an outlet or reporting ("басылым",
    "reported"): in an outlet question that is what is asked, not the subject looked for."""
    return any(
        word in OUTLET_WORDS or word.startswith(_WORD_STEMS) for word in _WORD.findall(text.lower())
    )


def names_outlet(text: str, source: str) -> bool:
    """Whether ``text`` names the outlet ``source`` (as a whole word, any case)."""
    source = source.strip()
    pattern = rf"(?<!\w){re.escape(source)}(?!\w)"
    return bool(source) and re.search(pattern, text, re.IGNORECASE) is not None


def credits_outlet(chunk: StoredChunk) -> bool:
    """Whether the paragraph names its own article's outlet."""
    return names_outlet(chunk.text, chunk.source)


def crediting_paragraph(chunks: Iterable[StoredChunk]) -> StoredChunk | None:
    """The first paragraph of an article that names its outlet, if any does."""
    return next((chunk for chunk in chunks if credits_outlet(chunk)), None)
