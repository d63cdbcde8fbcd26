"""Chunking: one chunk per paragraph; long paragraphs split at sentence ends, keeping the index."""

import pytest

from ingest.chunking import attribute_in_any_script, chunk_article, split_paragraph
from ingest.models import Article


def words(text: str) -> int:
    return len(text.split())


def test_short_paragraph_is_one_part() -> None:
    assert split_paragraph("Бір екі үш.", words, 10) == ["Бір екі үш."]


def test_long_paragraph_splits_at_sentence_ends_within_limit() -> None:
    paragraph = "Бір екі үш төрт. Бес алты жеті. Сегіз тоғыз он бір. Он екі."
    parts = split_paragraph(paragraph, words, 7)
    assert parts == ["Бір екі үш төрт. Бес алты жеті.", "Сегіз тоғыз он бір. Он екі."]
    assert all(words(p) <= 7 for p in parts)


def test_overlong_sentence_is_cut_between_words() -> None:
    parts = split_paragraph("а ә б в г ғ д е ж з.", words, 4)
    assert parts == ["а ә б в", "г ғ д е", "ж з."]


def test_chunks_keep_paragraph_index_and_ids_are_stable() -> None:
    article = Article("a", "Т", ("Бір екі. Үш төрт.", "Бес."), date="2026-01-01")
    chunks = chunk_article(article, words, 2)
    assert [(c.paragraph_index, c.part, c.text) for c in chunks] == [
        (0, 0, "Бір екі."),
        (0, 1, "Үш төрт."),
        (1, 0, "Бес."),
    ]
    again = chunk_article(article, words, 2)
    assert [c.chunk_id for c in chunks] == [c.chunk_id for c in again]
    meta = chunks[0].metadata()
    assert meta["date_int"] == 20260101 and meta["paragraph_index"] == 0
    edited = Article("a", "Т", ("Бір екі. Үш бес.", "Бес."), date="2026-01-01")
    assert chunk_article(edited, words, 2)[1].chunk_id != chunks[1].chunk_id


def test_a_5_mb_paragraph_with_an_unclosed_quote_is_chunked_in_seconds(tiktoken_dir) -> None:
    import time

    from ingest.tokens import TokenCounter

    count = TokenCounter(tiktoken_dir).count
    paragraph = "«" + "Бұл өте ұзақ сөйлем, ол жабылмаған тырнақшада тұр. " * (5_000_000 // 52)
    started = time.perf_counter()
    parts = split_paragraph(paragraph, count, 380)
    assert time.perf_counter() - started < 60  # quadratic: minutes to hours
    assert all(count(p) <= 380 for p in parts[:50])
    assert " ".join(parts).split() == paragraph.split()


def test_a_new_title_gives_new_chunk_ids_so_the_paragraphs_are_re_embedded() -> None:
    before = chunk_article(Article("a", "Ескі тақырып", ("Бір екі.",)), words, 10)
    after = chunk_article(Article("a", "Жаңа тақырып", ("Бір екі.",)), words, 10)
    assert before[0].chunk_id != after[0].chunk_id
    assert before[0].text_hash == after[0].text_hash  # the text itself is unchanged


# A role reference written in the Latin alphabets ("– dedi vıtse-mınıstr.") names the vice
# minister of the lead: the Latin "vıtse" is the Cyrillic вице, not витсе.
_VICE_MINISTER = {
    "cyrl": [
        "Астанада вице-министр Ғалымжан Сәрсенов жаңа бағдарламаны таныстырды, деп хабарлайды "
        "Kazinform.",
        "Облыс әкімі Асқар Жұбанышев жобаның маңызын атап өтті.",
        "– Биыл 210 шақырым каналды жөндейміз, – деді вице-министр.",
    ],
    "latn2018": [
        "Astanada vıtse-mınıstr Ǵalymjan Sársenov jańa baǵdarlamany tanystyrdy, dep habarlaıdy "
        "Kazinform.",
        "Oblys ákimi Asqar Jubanyshev jobanyń mańyzyn atap ótti.",
        "– Bıyl 210 shaqyrym kanaldy jóndeımiz, – dedi vıtse-mınıstr.",
    ],
    "latn2021": [
        "Astanada vitse-ministr Ğalymjan Särsenov jaña bağdarlamany tanystyrdy, dep habarlaidy "
        "Kazinform.",
        "Oblys äkımı Asqar Jūbanyşev jobanyñ mañyzyn atap öttı.",
        "– Biyl 210 şaqyrym kanaldy jöndeimız, – dedı vitse-ministr.",
    ],
}


@pytest.mark.parametrize("alphabet", ["latn2018", "latn2021"])
def test_a_latin_role_reference_finds_its_speaker(alphabet: str) -> None:
    cyrillic = attribute_in_any_script(_VICE_MINISTER["cyrl"])
    assert cyrillic[2].speaker == "Ғалымжан Сәрсенов"
    assert attribute_in_any_script(_VICE_MINISTER[alphabet])[2].speaker == cyrillic[2].speaker
