"""What a question asks for in Kazakh terms: glossary concepts, names, and how far they cover it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.question_terms import analyse, overlap, text_terms
from ingest.models import Article, Attribution, Chunk
from kazakh.glossary import kazakh_text
from vectorstore.keyword_index import KeywordIndex

BOLEKPAYEV = "Қарағанды облысының әкімі Ермағанбет Бөлекпаев жаңа Конституция жобасын атап өтті."


@pytest.mark.parametrize(
    "question",
    ["Кто такой Ермаганбет Болекпаев?", "Who is Yermaganbet Bolekpayev?"],
)
def test_a_question_of_names_alone_is_met_by_the_names_in_kazakh(question: str) -> None:
    terms = analyse(question)
    assert terms.coverage == 1.0  # the keyword index matches names in any script
    assert overlap(terms.units, text_terms(BOLEKPAYEV)) == 1.0
    assert overlap(terms.units, text_terms("Қарағанды облысының әкімі өңірлер туралы айтты.")) == 0


@pytest.mark.parametrize(
    "question",
    [
        "Марат Сейткалиев станция туралы не деді?",  # typed without і and қ
        "Сейітқалиевтің станциясы қандай?",  # another case form
    ],
)
def test_a_kazakh_question_s_name_is_met_in_any_spelling(question: str) -> None:
    paragraph = text_terms("Бас директор Марат Сейітқалиев станцияның жөнделгенін хабарлады.")
    assert overlap(analyse(question, "kk").units, paragraph) == 1.0


def test_a_name_the_glossary_translates_counts_once() -> None:
    """ "Karaganda" is a glossary concept (Қарағанды); its name key would count it twice."""
    terms = analyse("Who is the akim of Karaganda region?")
    assert len(terms.units) == 3
    assert overlap(terms.units, text_terms(BOLEKPAYEV)) == 1.0


def test_a_possessive_name_the_glossary_translates_is_no_extra_unit() -> None:
    terms = analyse("What did the People's Party representative say about young people?")
    assert not any(any(key.startswith("zz") for alt in unit for key in alt) for unit in terms.units)


def test_untranslated_common_words_keep_the_coverage_partial() -> None:
    """ "giraffe" is in no glossary line: only names and translated words make a question
    covered."""
    assert analyse("Where did the giraffe attack Jones?").coverage < 1.0


def test_a_name_counts_as_translated_beside_an_untranslated_word() -> None:
    """The keyword index meets "Jones" in any script, so only "giraffe" is uncovered: one of
    three content words, not two (a Russian or English question's keyword weight rises with its
    coverage, assistant.retrieval)."""
    assert analyse("Where did the giraffe attack Jones?").coverage == pytest.approx(2 / 3)


def test_a_capitalized_first_word_is_no_name() -> None:
    terms = analyse("Численность жителей в Алматы?")  # "численность" is untranslated
    assert terms.coverage < 1.0
    assert not any(key.startswith("zz") for unit in terms.units for alt in unit for key in alt)


def test_how_much_and_how_many_are_question_words_in_every_language() -> None:
    """The answering paragraph states a figure; it never says "қанша" or "сколько"."""
    for question in (
        "Көпір құрылысына қанша ақша кетеді?",
        "Сколько стоит строительство моста?",
        "How much does the bridge cost?",
    ):
        units = analyse(question).units
        assert units, question
        terms = {term for unit in units for alternative in unit for term in alternative}
        assert not terms & {"қанша", "сколько", "скольк", "much", "many"}, question


LOCOMOTIVES = Article(
    "kz-harvest",
    "Астық тасымалы",
    (
        "Облыста астық тасуға күніне 12 локомотив ғана бөлінеді.",
        "Диқандар локомотивтердің тапшылығына шағымданды.",
        "Облыста биыл егін ерте басталды, жаңа сорттар егілді.",
    ),
    date="2026-09-01",
    source="Kazinform",
)


@pytest.fixture()
def locomotive_index(tmp_path: Path) -> KeywordIndex:
    index = KeywordIndex(tmp_path / "keyword.sqlite3")
    chunks = [
        Chunk(LOCOMOTIVES, i, 0, text, Attribution())
        for i, text in enumerate(LOCOMOTIVES.paragraphs)
    ]
    index.upsert([(c.chunk_id, LOCOMOTIVES.article_id, c.text, c.metadata()) for c in chunks])
    return index


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Why are locomotives in short supply?", "locomotives"),
        ("Почему не хватает локомотивов?", "локомотивов"),
    ],
)
def test_a_loanword_the_glossary_lacks_is_met_by_the_stored_forms(
    locomotive_index: KeywordIndex, question: str, word: str
) -> None:
    """ "locomotives" and "локомотивов" are in no glossary line; the stored articles write
    локомотив, and the question's word is translated by the forms they use, so its keyword
    search finds them."""
    plain = analyse(question)
    assert word not in {c.source for c in plain.concepts}
    loaned = analyse(question, loans=locomotive_index.forms_by_prefix)
    (concept,) = [c for c in loaned.concepts if c.source == word]
    assert set(concept.forms()) == {"локомотив", "локомотивтердің"}
    assert loaned.coverage > plain.coverage
    found = locomotive_index.search(question, 3, None, kazakh_text(loaned.concepts))
    texts = locomotive_index.get([cid for cid, _ in found])
    assert sorted(text for text, _ in texts.values()) == sorted(LOCOMOTIVES.paragraphs[:2])


def test_a_word_no_article_writes_finds_no_loan(locomotive_index: KeywordIndex) -> None:
    """A prefix meets only what is stored ("vaccines" are written nowhere), and "сорт" is too
    short to look up, though "сорттар" is stored: four letters meet unrelated words by chance."""
    for question in ("How many vaccines arrived?", "Какой сорт посеяли?"):
        assert analyse(question, loans=locomotive_index.forms_by_prefix) == analyse(question)


def test_a_translated_word_is_also_met_by_its_stored_loan_forms(tmp_path: Path) -> None:
    """The glossary gives үйірме for "секция"; an article that writes секция is met too."""
    article = Article("kz-sport", "Спорт", ("Секцияларға 200 бала қатысады.",))
    index = KeywordIndex(tmp_path / "keyword.sqlite3")
    chunk = Chunk(article, 0, 0, article.paragraphs[0], Attribution())
    index.upsert([(chunk.chunk_id, article.article_id, chunk.text, chunk.metadata())])
    question = "Сколько детей ходит в секции?"
    (plain,) = [c for c in analyse(question).concepts if c.source == "секции"]
    (loaned,) = [
        c for c in analyse(question, loans=index.forms_by_prefix).concepts if c.source == "секции"
    ]
    assert "үйірме" in plain.forms() and "секцияларға" not in plain.forms()
    assert set(loaned.forms()) == set(plain.forms()) | {"секцияларға"}
