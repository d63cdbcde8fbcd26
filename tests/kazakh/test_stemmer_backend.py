"""The Snowball stemmers run in C (PyStemmer), giving the pure-Python stems."""

from __future__ import annotations

import snowballstemmer
from snowballstemmer import english_stemmer, russian_stemmer

from kazakh.glossary import GLOSSARY_FILE, _synonyms, _words


def test_the_c_stemmers_are_used_and_stem_the_glossary_as_python_does() -> None:
    """snowballstemmer hands out PyStemmer's stemmers when it is installed (the glossary loads
    ten times faster); on every glossary word they agree with the pure-Python ones."""
    assert type(snowballstemmer.stemmer("russian")).__module__ == "Stemmer"
    words: dict[str, set[str]] = {"ru": set(), "en": set()}
    for line in GLOSSARY_FILE.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip() and not line.startswith("#"):
            _, ru, en = line.split("\t")
            for phrase in _synonyms(ru):
                words["ru"].update(_words(phrase, "ru"))
            for phrase in _synonyms(en):
                words["en"].update(_words(phrase, "en"))
    pure = {"ru": russian_stemmer.RussianStemmer(), "en": english_stemmer.EnglishStemmer()}
    for lang, name in (("ru", "russian"), ("en", "english")):
        fast = snowballstemmer.stemmer(name)
        assert len(words[lang]) > 2000
        assert [fast.stemWord(w) for w in sorted(words[lang])] == [
            pure[lang].stemWord(w) for w in sorted(words[lang])
        ]
