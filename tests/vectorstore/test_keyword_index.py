"""Keyword index: persistence, idempotent upserts, deletes, filters, safe queries, Kazakh forms."""

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.models import Article, Attribution, Chunk
from kazakh.morphology import DEFAULT_SCHEME
from vectorstore.keyword_index import ChunkRow, KeywordIndex, search_terms

KARAGANDA = Article(
    "baq-2026-03-11",
    "Жаңа Конституция: Өңірлердің мүмкіндігі қалай кеңейеді?",
    (
        "Қарағандыда Қазақстанның жаңа Конституциясындағы өңірлердің рөлі талқыланды.",
        "Қарағанды облысының әкімі Ермағанбет Бөлекпаев жобаның маңызын атап өтті.",
        "Дөңгелек үстел «Amanat» партиясының облыстық филиалында өтті.",
    ),
    date="2026-03-11",
    source="BAQ.KZ",
)
ASTANA = Article(
    "kazinform-2025-01-20",
    "Астанада жаңа мектептер ашылды",
    (
        "Астанада биыл үш жаңа мектеп ашылды.",
        "Қала әкімдігі мектептердің құрылысы жалғасатынын хабарлады.",
    ),
    date="2025-01-20",
    source="Kazinform",
)


def rows(article: Article, speaker_at: int | None = None) -> list[ChunkRow]:
    """Index rows exactly as the store builds them, from real ``Chunk`` records."""
    chunks = [
        Chunk(
            article,
            i,
            0,
            text,
            Attribution("Ермағанбет Бөлекпаев", "облыс әкімі", "reported")
            if i == speaker_at
            else Attribution(),
        )
        for i, text in enumerate(article.paragraphs)
    ]
    return [(c.chunk_id, article.article_id, c.text, c.metadata()) for c in chunks]


@pytest.fixture
def index(tmp_path: Path) -> Iterator[KeywordIndex]:
    index = KeywordIndex(tmp_path / "kw.sqlite3")
    index.upsert(rows(KARAGANDA, speaker_at=1) + rows(ASTANA))
    yield index
    index.close()


def texts(index: KeywordIndex, hits: list[tuple[str, float]]) -> list[str]:
    found = index.get([cid for cid, _ in hits])
    return [found[cid][0] for cid, _ in hits]


def test_kazakh_case_forms_find_the_paragraph(index: KeywordIndex) -> None:
    # the text says Бөлекпаев / өңірлердің; the questions use other case forms
    assert texts(index, index.search("Бөлекпаевтың сөзі", 1)) == [KARAGANDA.paragraphs[1]]
    assert texts(index, index.search("өңірлерге", 1)) == [KARAGANDA.paragraphs[0]]
    assert texts(index, index.search("Астанадағы мектеп", 1)) == [ASTANA.paragraphs[0]]


def test_scores_are_positive_and_best_first(index: KeywordIndex) -> None:
    hits = index.search("Қарағанды облысы әкімі", 5)
    scores = [score for _, score in hits]
    assert len(hits) >= 2
    assert all(score > 0 for score in scores)
    assert scores == sorted(scores, reverse=True)
    assert texts(index, hits)[0] == KARAGANDA.paragraphs[1]


def test_persists_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "kw.sqlite3"
    with KeywordIndex(path) as first:
        first.upsert(rows(KARAGANDA))
    with KeywordIndex(path) as again:
        assert again.count() == 3
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        conn.close()
        assert texts(again, again.search("Бөлекпаевқа", 1)) == [KARAGANDA.paragraphs[1]]


def test_upsert_is_idempotent_and_replaces_metadata(index: KeywordIndex) -> None:
    before = index.search("Қарағанды", 10)
    index.upsert(rows(KARAGANDA, speaker_at=1))
    assert index.count() == 5
    assert index.search("Қарағанды", 10) == before
    # same ids, new attribution: the filter columns follow the new metadata
    index.upsert(rows(KARAGANDA, speaker_at=2))
    assert index.count() == 5
    hits = index.search("өтті", 5, {"speaker": "Ермағанбет Бөлекпаев"})
    assert texts(index, hits) == [KARAGANDA.paragraphs[2]]


def test_delete_by_ids_and_by_article(index: KeywordIndex) -> None:
    ids = index.ids_for_article(KARAGANDA.article_id)
    assert len(ids) == 3
    first = sorted(ids)[0]
    assert index.delete_ids([first, "no-such-id"]) == 1
    assert index.ids_for_article(KARAGANDA.article_id) == ids - {first}
    assert index.delete_article(KARAGANDA.article_id) == 2
    assert index.ids_for_article(KARAGANDA.article_id) == set()
    assert index.count() == 2
    assert index.search("Қарағанды Бөлекпаев өңір", 10) == []
    assert len(index.search("Астана мектеп", 10)) == 2
    assert index.delete_article("unknown") == 0


def test_filters(index: KeywordIndex) -> None:
    query = "жаңа әкім"  # words in both articles
    both = {cid for cid, _ in index.search(query, 10)}
    karaganda = index.ids_for_article(KARAGANDA.article_id)
    astana = index.ids_for_article(ASTANA.article_id)
    assert both & karaganda and both & astana

    def ids(where: dict) -> set[str]:
        return {cid for cid, _ in index.search(query, 10, where)}

    assert ids({"article_id": ASTANA.article_id}) <= astana
    assert ids({"source": "BAQ.KZ"}) <= karaganda
    assert ids({"source": "BAQ.KZ"})
    assert ids({"date_from": 20260101}) <= karaganda
    assert ids({"date_to": 20251231}) <= astana
    assert ids({"date_from": 20250101, "date_to": 20251231}) == both & astana
    assert ids({"date_from": 20270101}) == set()
    speaker_chunk = rows(KARAGANDA, speaker_at=1)[1][0]
    assert ids({"speaker": "Ермағанбет Бөлекпаев"}) == {speaker_chunk}
    assert ids({"source": "BAQ.KZ", "article_id": ASTANA.article_id}) == set()
    assert ids({"source": None}) == both  # an unset filter filters nothing
    with pytest.raises(ValueError, match="unknown keyword filter"):
        index.search(query, 10, {"sourse": "BAQ.KZ"})
    with pytest.raises(ValueError, match="must be an int"):
        index.search(query, 10, {"date_from": "2026-01-01"})


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "*",
        "өңір*",
        'өңір" OR "',
        "NEAR(өңір Астана)",
        "- Астана",
        "terms: өңір",
        "terms:*",
        "AND",
        "OR NOT AND",
        "^өңір",
        "(((",
        "өңір AND NOT",
        "{terms}: x",
        "'; DROP TABLE chunks; --",
    ],
)
def test_fts_syntax_in_queries_is_inert(index: KeywordIndex, query: str) -> None:
    hits = index.search(query, 10)  # must not raise
    assert len(hits) < index.count()  # and must not turn into "match everything"
    assert index.count() == 5


def test_operators_are_plain_words(index: KeywordIndex) -> None:
    # "NOT Астана" must not exclude Астана: NOT is just an unknown word, Астана still matches
    hits = texts(index, index.search("NOT Астана", 10))
    assert ASTANA.paragraphs[0] in hits
    assert not any("Қарағанды" in text for text in hits)


@pytest.mark.parametrize("query", ["", "   ", "?!.,«»—", "\u200b"])
def test_empty_queries_return_nothing(index: KeywordIndex, query: str) -> None:
    assert index.search(query, 10) == []


def test_k_limits_results(index: KeywordIndex) -> None:
    assert len(index.search("жаңа", 1)) == 1
    assert index.search("жаңа", 0) == []


def test_get_and_article_chunks_return_stored_text_and_metadata(index: KeywordIndex) -> None:
    stored = index.article_chunks(KARAGANDA.article_id)
    assert [text for _, text, _ in stored] == list(KARAGANDA.paragraphs)
    chunk_id, _, metadata = stored[1]
    assert metadata["speaker"] == "Ермағанбет Бөлекпаев"
    assert metadata["date_int"] == 20260311
    assert index.get([chunk_id, "missing"]) == {chunk_id: (KARAGANDA.paragraphs[1], metadata)}


def test_failed_upsert_leaves_nothing_behind(index: KeywordIndex) -> None:
    good, *_ = rows(ASTANA)
    fresh = ("fresh:0", "fresh", "Жаңа мәтін", {"source": "x"})
    broken = ("fresh:1", "fresh", "Тағы мәтін", {"bad": object()})  # not JSON-serialisable
    with pytest.raises(TypeError):
        index.upsert([fresh, broken])
    assert index.ids_for_article("fresh") == set()
    assert index.count() == 5
    index.upsert([good])  # the connection is usable after the rollback
    assert index.count() == 5


def test_terms_are_rederived_when_the_scheme_changes(tmp_path: Path) -> None:
    path = tmp_path / "kw.sqlite3"
    with KeywordIndex(path, scheme="none") as exact:
        exact.upsert(rows(KARAGANDA))
        assert exact.search("Бөлекпаевқа", 5) == []
    with KeywordIndex(path) as stemmed:
        assert texts(stemmed, stemmed.search("Бөлекпаевқа", 1)) == [KARAGANDA.paragraphs[1]]


def test_unknown_scheme_is_rejected_before_touching_the_disk(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown stemming scheme"):
        KeywordIndex(tmp_path / "new" / "kw.sqlite3", scheme="porter")
    assert not (tmp_path / "new").exists()


def test_kazakh_letters_survive_the_fts_tokenizer(index: KeywordIndex, tmp_path: Path) -> None:
    word = "іәғқңөұүһ"  # nothing to strip: the stored term is the word itself
    index.upsert([("letters:0", "letters", word, {})])
    conn = sqlite3.connect(tmp_path / "kw.sqlite3")
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, chunk_terms, 'row')")
    terms = {row[0] for row in conn.execute("SELECT term FROM temp.vocab")}
    conn.close()
    assert word in terms
    # and a word differing only in a Kazakh letter (а/ә) is another term
    assert index.search("іағқңөұүһ", 5) == []


def test_threads_share_one_index(index: KeywordIndex) -> None:
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                index.upsert([(f"t{n}:{i}", f"t{n}", f"Қарағанды жаңалығы {i}", {})])
                assert index.search("Қарағандыда", 5)
            index.delete_article(f"t{n}")
        except BaseException as exc:  # surfaced below, in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert index.count() == 5


def test_word_forms_follow_the_stored_texts(index: KeywordIndex) -> None:
    """Folded key -> the stored texts' Cyrillic forms, most frequent first; a deleted or
    replaced text takes its forms with it."""
    assert index.word_forms(["onirlerdin", "konstitutsiiasindagi", "nothing"]) == {
        "onirlerdin": ["өңірлердің"],
        "konstitutsiiasindagi": ["конституциясындағы"],
    }
    assert index.word_forms(["mektep"]) == {"mektep": ["мектеп"]}
    index.delete_article(ASTANA.article_id)
    assert index.word_forms(["mektep"]) == {}
    index.upsert(rows(ASTANA))
    index.upsert(rows(ASTANA))  # idempotent: counts do not grow
    index.delete_ids([rows(ASTANA)[0][0]])  # "Астанада биыл үш жаңа мектеп ашылды."
    assert index.word_forms(["mektep", "mektepterdin"]) == {"mektepterdin": ["мектептердің"]}


def test_forms_by_prefix_finds_the_stored_forms_a_prefix_begins(index: KeywordIndex) -> None:
    """A loanword's folded prefix finds every stored form it begins, most frequent first, and
    nothing past it ("mekteq" is not "mektep...")."""
    assert index.forms_by_prefix(["mekte", "mekteq", "zzzzz"]) == {
        "mekte": ["мектеп", "мектептердің"]
    }
    index.delete_article(ASTANA.article_id)
    assert index.forms_by_prefix(["mekte"]) == {}


def fts_doc_counts(path: Path) -> dict[str, int]:
    """Each term's document count as FTS5 itself reports it."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, chunk_terms, 'row')")
    counts = dict(conn.execute("SELECT term, doc FROM temp.vocab"))
    conn.close()
    return counts


def kept_doc_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    counts = dict(conn.execute("SELECT term, n FROM term_docs"))
    conn.close()
    return counts


def test_term_counts_follow_upserts_replacements_and_deletes(
    index: KeywordIndex, tmp_path: Path
) -> None:
    path = tmp_path / "kw.sqlite3"
    (school,) = search_terms("мектеп", DEFAULT_SCHEME)
    assert kept_doc_counts(path) == fts_doc_counts(path)
    assert kept_doc_counts(path)[school] == 2
    # a replaced paragraph gives back its old terms; a deleted one and a deleted article too
    first_school = rows(ASTANA)[0][0]
    index.upsert([(first_school, ASTANA.article_id, "Астанада саябақ ашылды.", {})])
    index.delete_ids([rows(KARAGANDA)[2][0]])
    assert kept_doc_counts(path) == fts_doc_counts(path)
    assert kept_doc_counts(path)[school] == 1
    index.delete_article(ASTANA.article_id)
    assert kept_doc_counts(path) == fts_doc_counts(path)
    assert school not in kept_doc_counts(path)


def test_an_index_made_before_term_counts_is_counted_once_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "kw.sqlite3"
    with KeywordIndex(path) as index:
        index.upsert(rows(KARAGANDA) + rows(ASTANA))
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM term_docs")
    conn.execute("DELETE FROM keyword_meta WHERE key = 'term_docs'")
    conn.commit()
    conn.close()
    with KeywordIndex(path) as reopened:
        assert kept_doc_counts(path) == fts_doc_counts(path) != {}
        assert reopened.search("мектептер", 1)


def test_a_search_over_budget_scores_by_its_rarest_terms(tmp_path: Path) -> None:
    common = Article(
        "common",
        "Жаңалықтар",
        tuple(f"Биыл {n} жаңа мектеп ашылды." for n in range(6)),
        date="2025-01-20",
        source="Kazinform",
    )
    rare = rows(KARAGANDA)
    question = "Қарағандыда мектеп"
    terms = search_terms(question, DEFAULT_SCHEME)
    (school,) = search_terms("мектеп", DEFAULT_SCHEME)
    assert school in terms and len(terms) >= 2
    with KeywordIndex(tmp_path / "kw.sqlite3", postings_budget=4) as index:
        index.upsert(rows(common) + rare)
        # мектеп is in six paragraphs, Қарағанды's terms in two each: over a budget of four
        # only the rarer are scored; words no paragraph holds are no cost at all
        kept = index.affordable_terms([*terms, "жоқсөз"])
        assert kept == [term for term in terms if term != school]
        found = {cid for cid, _ in index.search(question, 10)}
        assert found == {rare[0][0], rare[1][0]}
        index.postings_budget = 100
        assert index.affordable_terms(terms) == terms
        assert len(index.search(question, 10)) == 8
        # the rarest term is kept even when it alone is over the budget
        index.postings_budget = 1
        assert len(index.affordable_terms([school])) == 1


def test_is_empty_follows_the_rows(tmp_path: Path) -> None:
    with KeywordIndex(tmp_path / "kw.sqlite3") as index:
        assert index.is_empty()
        index.upsert(rows(ASTANA))
        assert not index.is_empty()
        index.delete_article(ASTANA.article_id)
        assert index.is_empty()
