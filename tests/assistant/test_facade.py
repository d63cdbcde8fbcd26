"""The Python API: ask, filters, follow-ups, the LangChain retriever and chain."""

from __future__ import annotations

import re

import numpy as np
import pytest
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable

from assistant.query import Query
from kazakh.glossary import code_switched

pytestmark = pytest.mark.integration

AKIM_PARAGRAPH = "Қарағанды облысының әкімі Ермағанбет Бөлекпаев"


def test_ask_cites_the_akim_and_quotes_verbatim(seed_assistant) -> None:
    answer = seed_assistant.ask("What did the akim say about the regions?")
    assert not answer.abstained
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    by_n = {c.n: c for c in answer.citations}
    assert cited and all(by_n[n].speaker == "Ермағанбет Бөлекпаев" for n in cited)
    assert answer.citations[0].text.startswith(AKIM_PARAGRAPH)
    for quote in re.findall(r"«(.+?)»\s*\[(\d+)\]", answer.answer):
        assert quote[0] in by_n[int(quote[1])].text
    assert "Bolekpayev" in answer.answer


def test_answer_json_shape(seed_assistant) -> None:
    data = seed_assistant.ask("Дөңгелек үстелге кімдер жиналды?").to_dict()
    assert {"question", "answer", "abstained", "citations"} <= data.keys()
    assert {
        "n",
        "article_id",
        "title",
        "date",
        "source",
        "url",
        "paragraph_index",
        "text",
        "speaker",
        "score",
    } <= data["citations"][0].keys()
    assert [c["n"] for c in data["citations"]] == list(range(1, len(data["citations"]) + 1))


def test_unanswerable_question_abstains_but_lists_related(seed_assistant) -> None:
    answer = seed_assistant.ask("What is the population of Almaty?")
    assert answer.abstained
    assert "do not answer" in answer.answer
    assert answer.citations


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("Кто такой Ермаганбет Болекпаев?", "әкімі Ермағанбет Бөлекпаев"),
        ("Who is Yermaganbet Bolekpayev?", "әкімі Ермағанбет Бөлекпаев"),
        ("Где проходил круглый стол?", "филиалында өтті"),
    ],
)
def test_short_russian_and_english_questions_are_answered(
    seed_assistant, question: str, evidence: str
) -> None:
    """Short cross-language questions score low on dense similarity alone: a name met in any
    script and a concept met in the top paragraphs tell them from questions off the topic."""
    answer = seed_assistant.ask(question)
    assert not answer.abstained, answer.answer
    assert any(evidence in quote for quote in answer.quotes), answer.answer


def test_filters_restrict_retrieval(seed_assistant) -> None:
    hits = seed_assistant.retrieve("жастар", k=5, filters={"speaker": "Закировтың"})
    assert hits and all(h.chunk.speaker == "Ерболат Закиров" for h in hits)
    assert seed_assistant.retrieve("жастар", filters={"date_from": "2027-01-01"}) == []
    assert seed_assistant.retrieve("жастар", filters={"source": "Other"}) == []
    assert seed_assistant.retrieve("жастар", filters={"source": "BAQ.KZ", "date_to": "2026-03-11"})


def test_follow_up_resolves_the_pronoun(seed_assistant) -> None:
    first = seed_assistant.ask("What did Zakirov say?")
    follow = seed_assistant.ask(
        "And what did he say about youth?", history=[("What did Zakirov say?", first.answer)]
    )
    assert "Zakirov" in follow.standalone_question
    assert follow.citations[0].speaker == "Ерболат Закиров"


def test_retriever_is_a_langchain_retriever(seed_assistant) -> None:
    retriever = seed_assistant.retriever
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("Сот жүйесінің тәуелсіздігі")
    assert docs and isinstance(docs[0], Document)
    meta = docs[0].metadata
    assert {
        "article_id",
        "title",
        "date",
        "source",
        "url",
        "paragraph_index",
        "speaker",
        "score",
    } <= meta.keys()
    assert any(d.metadata["speaker"] == "Жақып Асанов" for d in docs[:2])


def test_chain_invoke_and_stream_agree(seed_assistant) -> None:
    chain = seed_assistant.chain
    assert isinstance(chain, Runnable)
    question = {"question": "Еңбек ету құқығы туралы кім айтты?"}
    result = chain.invoke(question)
    assert result == seed_assistant.ask(question["question"]).to_dict()
    chunks = list(chain.stream(question))
    assert "citations" in chunks[0] and len(chunks) > 2
    total = chunks[0]
    for chunk in chunks[1:]:
        total = total + chunk
    assert dict(total) == result
    with pytest.raises(ValueError, match="question"):
        chain.invoke({"q": "missing"})


MULTI = """date 2026-05-20 Астанада білім форумы өтті
Астанада білім беру форумы өтті, деп хабарлайды Kazinform.
Оқу-ағарту министрі Ғани Бейсембаев мектептерде цифрлық сабақтар көбейетінін айтты.
Биыл мұғалімдердің жалақысы өседі. Бұл – біздің басты міндетіміз, – деді ол.
Сенатор Әлия Нұрланова ауылдық мектептердің жағдайына тоқталды.
«Ауылдағы әрбір мектепке интернет жеткізу керек», – деді сенатор.
Форумға мыңнан астам мұғалім қатысты."""


@pytest.fixture(scope="module")
def multi_assistant(tmp_path_factory: pytest.TempPathFactory):
    from tests.helpers import make_assistant

    root = tmp_path_factory.mktemp("multi")
    path = root / "forum.txt"
    path.write_text(MULTI, encoding="utf-8")
    assistant = make_assistant(root / "store")
    assert assistant.ingest([path]).added == ["forum"]
    return assistant


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("What did the minister say about teachers' salaries?", "Ғани Бейсембаев"),
        ("Что сказал Бейсембаев о зарплатах учителей?", "Ғани Бейсембаев"),
        ("Сенатор интернет туралы не деді?", "Әлия Нұрланова"),
        ("What did Nurlanova say?", "Әлия Нұрланова"),
    ],
)
def test_speaker_questions_quote_that_speaker(multi_assistant, question: str, speaker: str) -> None:
    answer = multi_assistant.ask(question)
    assert not answer.abstained, answer.answer
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    by_n = {c.n: c for c in answer.citations}
    assert cited and all(by_n[n].speaker == speaker for n in cited), answer.answer
    assert answer.quotes and all(any(q in by_n[n].text for n in cited) for q in answer.quotes)


def test_pronoun_paragraph_is_attributed_and_outlet_is_no_speaker(multi_assistant) -> None:
    chunks = multi_assistant.article("forum")
    assert chunks[2].speaker == "Ғани Бейсембаев"
    assert chunks[2].speech_kind == "direct"
    assert chunks[0].speaker == "" and chunks[0].source == "Kazinform"
    assert chunks[4].speaker == "Әлия Нұрланова"


def test_a_russian_or_english_question_vector_leans_to_its_translation(seed_assistant) -> None:
    """Dense search reads an English question together with its glossary translation; a
    Kazakh question is embedded as asked."""
    embed = seed_assistant.embeddings.embed_queries_array
    question = "What did the akim say about the regions?"
    query = Query.of(question)
    switched = code_switched(question, query.terms.concepts)
    assert switched != question
    own, translated = embed([question, switched])
    lean = seed_assistant.search.weights.translation_vector
    expected = (1 - lean) * own + lean * translated
    expected /= np.linalg.norm(expected)
    vector = seed_assistant._query_vector(query)
    assert np.allclose(vector, expected, atol=1e-5)
    assert float(vector @ own) < 0.999
    kazakh = Query.of("Әкім өңірлер туралы не деді?")
    assert np.allclose(seed_assistant._query_vector(kazakh), embed([kazakh.text])[0], atol=1e-6)


def test_a_question_with_a_lone_surrogate_is_a_one_line_error(tmp_path) -> None:
    """ "0\\ud800" is no text (a JSON client can send it): a clear error, not the tokenizer's
    TypeError (found by the property test of generated questions)."""
    from tests.helpers import make_assistant

    with pytest.raises(ValueError, match=r"^the question is not valid Unicode") as error:
        make_assistant(tmp_path / "store").ask("0\ud800")
    assert "\n" not in str(error.value)
