"""Word lists are data files, read on first use only."""

from __future__ import annotations

import subprocess
import sys

from kazakh.language import detect_language, word_language
from kazakh.wordlists import word_set, word_table
from tests.helpers import REPO


def test_importing_the_language_modules_reads_no_word_list() -> None:
    code = (
        "import kazakh.morphology, kazakh.language, kazakh.glossary, assistant.speaker_query, "
        "assistant.followup, assistant.verify, ingest.attribution\n"
        "from kazakh.wordlists import word_list, word_table\n"
        "print(word_list.cache_info().currsize + word_table.cache_info().currsize)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "0"


def test_lists_and_tables_skip_comments_and_keep_file_order() -> None:
    assert "және" in word_set("kazakh", "kazakh_function_words.txt")
    assert not any(w.startswith("#") for w in word_set("kazakh", "query_stopwords.txt"))
    roles = word_table("assistant", "role_aliases.tsv")
    assert next(iter(roles)) == "әкім"
    assert roles["әкім"][:3] == ("akim", "аким", "әкім")


def test_one_detection_function_uses_the_word_vote_for_cyrillic() -> None:
    assert detect_language("Что сказал Бөлекпаев?") == "ru"
    assert detect_language("Бөлекпаев не деді?") == "kk"
    assert detect_language("What did Bolekpayev say?") == "en"
    assert word_language(["что", "бөлекпаев"]) == "ru"
    assert word_language([], default="ru") == "ru"


def test_short_kazakh_questions_without_kazakh_letters_are_kazakh() -> None:
    """ "ал … ше", "деді", "айтты" are Kazakh words; without them these would read as Russian."""
    assert detect_language("Ал вагондар ше?") == "kk"
    assert detect_language("Марат не деді?") == "kk"
    assert detect_language("Что сказал аким?") == "ru"
