""" "Who said ...?" questions: the statement is found and answered with its speaker and role."""

from __future__ import annotations

import pytest

from assistant.speaker_query import KnownSpeaker, resolve_speakers
from assistant.who_said_question import who_said_statement


@pytest.mark.parametrize(
    "question, statement",
    [
        ("Who said that nobody died during the flood?", "nobody died during the flood"),
        ("Who warned that the lake will shrink again?", "the lake will shrink again"),
        (
            "Кто сообщил, что семена подорожали на 20 процентов?",
            "семена подорожали на 20 процентов",
        ),
        ("Кто предупредил отдыхающих не трогать тюленей?", "отдыхающих не трогать тюленей"),
        ("Жұмыстар қыркүйекте аяқталады деп кім айтты?", "Жұмыстар қыркүйекте аяқталады"),
        ("Jumystar qyrkúıekte aıaqtalady dep kim aıtty?", "Jumystar qyrkúıekte aıaqtalady"),
        ("Әуежай туралы кім айтты?", None),  # one word: not a statement
        # the statement as an accusative clause before "кім" and a verb of saying
        ("Асфальт түнде төселетінін кім айтты?", "Асфальт түнде төселетінін"),
        ("Тариф өспейтінін кім мәлімдеді?", "Тариф өспейтінін"),
        ("Asfalt túnde tóseletinin kim aıtty?", "Asfalt túnde tóseletinin"),
        ("Бұл туралы кім айтты?", None),  # "about this": no statement
        ("«Бес жыл осында қаламын» деп кім айтты?", "«Бес жыл осында қаламын»"),
    ],
)
def test_statement_is_cut_from_the_question_frame(question: str, statement: str | None) -> None:
    assert who_said_statement(question) == statement


@pytest.mark.parametrize(
    "question", ["Who is the akim of Almaty?", "Әкім не деді?", "Кто такой Виктор Ким?"]
)
def test_other_questions_are_not_who_said(question: str) -> None:
    assert who_said_statement(question) is None


def test_question_word_kim_is_not_the_surname_kim() -> None:
    known = [KnownSpeaker("Виктор Ким", "директор")]
    assert resolve_speakers("Қарттар сөйлеспейді деп кім айтты?", known) == []
    assert resolve_speakers("Ким не деді?", known) == ["Виктор Ким"]


@pytest.mark.integration
def test_who_said_answers_with_speaker_and_role_quoting_the_statement(verify_assistant) -> None:
    answer = verify_assistant.ask("Қар қалыңдығы былтырғыдан екі есе көп деп кім айтты?")
    assert not answer.abstained
    assert answer.answer.startswith("Мұны Марат Сейітов (Төтенше жағдайлар министрі) айтты: «")
    assert any("екі есе көп" in quote for quote in answer.quotes)


@pytest.mark.integration
def test_who_said_in_english_names_the_speaker(verify_assistant) -> None:
    answer = verify_assistant.ask("Who said that the Yesil embankment is fully reinforced?")
    assert "Aigul Nurlanova" in answer.answer or "Aygul Nurlanova" in answer.answer
    assert "said it:" in answer.answer


@pytest.mark.integration
def test_a_statement_the_quote_verifier_finds_is_answered_on_weak_evidence(
    verify_assistant, monkeypatch
) -> None:
    """Retrieval's evidence reads weak (abstention says so), but "who said" asks for a quote:
    the verifier finds the statement, so it is answered; an unrelated statement still abstains."""
    import assistant.facade

    monkeypatch.setattr(assistant.facade, "should_abstain", lambda *args, **kwargs: True)
    answer = verify_assistant.ask("Қар қалыңдығы былтырғыдан екі есе көп деп кім айтты?")
    assert not answer.abstained
    assert "Марат Сейітов" in answer.answer
    answer = verify_assistant.ask("Биткоин келесі жылы екі есе қымбаттайды деп кім айтты?")
    assert answer.abstained


def test_a_statement_with_a_figure_is_quoted_by_the_sentence_stating_it() -> None:
    """ "Who complained that only 380 wagons a day are provided?": of the speaker's paragraph,
    the sentence with the figure is the statement, not the one that scores as well without it."""
    import numpy as np

    from assistant.query import Query
    from assistant.retrieval import Retrieved
    from assistant.statement_query import compose_who_said
    from vectorstore.store import StoredChunk

    text = (
        "Теміржол вагондарының тапшылығы әлі шешілген жоқ. Басқарма басшысы Ғазиз "
        "Нұрмағамбетовтың айтуынша, тәулігіне 600 вагон қажет болса, 380 вагон ғана беріліп отыр."
    )
    chunk = StoredChunk("a:4:0:aa", text, "a", 4, speaker="Ғазиз Нұрмағамбетов")
    vector = np.array([1.0, 0.0])
    sentences = {chunk.chunk_id: [np.array([0.95, 0.31]), np.array([0.9, 0.44])]}

    def vectors(ids):
        return {i: sentences[i] for i in ids}

    query = Query.of("Who complained that only 380 railway wagons a day are provided?")
    cited = [Retrieved(chunk, 0.9, dense=0.9)]
    args = (query.terms.units, "en", vector, cited, vectors)
    _, plain = compose_who_said(*args)
    _, quotes = compose_who_said(*args, states_number=True)
    assert "380" not in plain[0]
    assert "380" in quotes[0]
