"""Fusion of the dense and keyword channels, on the real store and model."""

from __future__ import annotations

import pytest

from assistant.query import Query
from assistant.retrieval import RRF_K, HybridSearch

pytestmark = pytest.mark.integration


def test_paragraphs_only_keyword_search_found_rank_by_their_similarity(seed_assistant) -> None:
    """RRF would count them as unranked by dense search; they get the ranks after its list,
    in the order of their own similarity to the question."""
    store = seed_assistant.store
    search = HybridSearch(store, candidate_k=4)
    question = "Жаңа Конституция жобасында еңбек құқығы туралы не айтылды?"
    vector = seed_assistant.embeddings.embed_queries_array([question])[0]
    dense_ids = {hit.chunk.chunk_id for hit in store.dense_search(vector, 4)}
    keyword_rank = {
        hit.chunk.chunk_id: rank for rank, hit in enumerate(store.keyword_search(question, 4))
    }
    results = search.search(Query.of(question), vector, k=12, mode="hybrid")
    keyword_only = [r for r in results if r.chunk.chunk_id not in dense_ids]
    assert len(keyword_only) >= 2, "the question must reach paragraphs dense search left out"
    similarity = store.similarities([r.chunk.chunk_id for r in keyword_only], vector)
    dense_part = {}
    for item in keyword_only:
        assert item.dense == pytest.approx(similarity[item.chunk.chunk_id])
        keyword_part = 1 / (RRF_K + keyword_rank[item.chunk.chunk_id] + 1)
        dense_part[item.chunk.chunk_id] = item.score - keyword_part
    by_similarity = sorted(dense_part, key=similarity.__getitem__, reverse=True)
    # after the dense list: as many paragraphs as its 4 vectors named (a paragraph and its
    # sentence may both be among them)
    expected = [1 / (RRF_K + len(dense_ids) + offset + 1) for offset in range(len(by_similarity))]
    assert [dense_part[cid] for cid in by_similarity] == pytest.approx(expected)


def test_an_outlet_question_cites_and_quotes_the_credit_line_first(seed_assistant) -> None:
    """The paragraph crediting BAQ.KZ does not mention the round table the question is about;
    only the outlet step brings it first."""
    question = "Дөңгелек үстел туралы қай басылым хабарлады?"
    plain = seed_assistant.retrieve(question, k=3, mode="hybrid")
    assert "BAQ.KZ" not in plain[0].chunk.text, "the question must need the outlet step"
    answer = seed_assistant.ask(question)
    assert not answer.abstained
    assert answer.citations[0].text.endswith("деп хабарлайды BAQ.KZ.")
    assert answer.answer.startswith("BAQ.KZ (2026-03-11)")
    assert answer.quotes == (answer.citations[0].text,)
    scoped = seed_assistant.retrieve(question, filters={"speaker": "Бөлекпаев"})
    assert scoped and {hit.chunk.speaker for hit in scoped} == {
        "Ермағанбет Бөлекпаев"
    }  # a filter still rules out the credit line


def test_a_sum_question_brings_up_the_paragraph_of_its_story_stating_the_sum(
    tmp_path_factory,
) -> None:
    """ "How much will the bridge cost?": the paragraph giving the figure ("Жобаның құны – 36,7
    млрд теңге.") shares few words with the question and ranks below the story's first three;
    the sum step brings it to second place, so the answer quotes it."""
    from tests.helpers import kaznews_assistant

    assistant = kaznews_assistant(
        tmp_path_factory.mktemp("story-sum"),
        ("kn-a-03-atyrau-bridge", "kn-c-11-atyrau-housing", "kn-a-05-karatal-canal"),
    )
    question = "Atyraýdaǵy jańa kópirdiń qurylysyna qansha qarajat ketedi?"
    plain = assistant.retrieve(question, k=10, mode="hybrid")
    story = [r for r in plain if r.chunk.article_id == plain[0].chunk.article_id][:3]
    assert not any("млрд теңге" in r.chunk.text for r in story), "the step must be needed"
    found = assistant.retrieve(question, k=5)
    assert "36,7 млрд теңге" in found[1].chunk.text
    answer = assistant.ask(question)
    assert not answer.abstained and "36,7 млрд теңге" in answer.answer
