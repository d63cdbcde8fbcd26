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
    # credited when the verifier finds the translation, else shown as the closest statement
    assert "said it:" in answer.answer or answer.answer.startswith("No article gives these words.")


@pytest.mark.integration
def test_a_statement_the_quote_verifier_finds_is_answered_on_weak_evidence(
    verify_assistant, monkeypatch
) -> None:
    """Retrieval's evidence reads weak (abstention says so), but "who said" asks for a quote:
    the verifier finds the statement, so it is answered; an unrelated statement is not
    credited to anyone."""
    import assistant.facade

    monkeypatch.setattr(assistant.facade, "should_abstain", lambda *args, **kwargs: True)
    answer = verify_assistant.ask("Қар қалыңдығы былтырғыдан екі есе көп деп кім айтты?")
    assert not answer.abstained
    assert "Марат Сейітов" in answer.answer
    # an unrelated statement is never credited: it abstains, or at most the closest statement is
    # shown as such (its sentence may read as close as a rewording)
    answer = verify_assistant.ask("Биткоин келесі жылы екі есе қымбаттайды деп кім айтты?")
    assert answer.abstained or answer.answer.startswith("Мақалаларда мұндай сөз жоқ.")


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


@pytest.mark.integration
def test_a_statement_no_article_gives_is_not_credited_to_the_closest_speaker(
    verify_assistant, monkeypatch
) -> None:
    """ "Who said the embankment will be demolished?" on a story where the akim said it is fully
    reinforced: answered (abstention is told the evidence is strong), the answer says that no
    article gives these words before the closest statement, instead of "Aigul Nurlanova said
    it"; a statement the verifier finds is still credited."""
    import assistant.facade

    monkeypatch.setattr(assistant.facade, "should_abstain", lambda *args, **kwargs: False)
    answer = verify_assistant.ask(
        "Who said that the Yesil embankment will be demolished next year?"
    )
    assert not answer.abstained
    assert answer.answer.startswith("No article gives these words. The closest statement:")
    assert "said it:" not in answer.answer
    answer = verify_assistant.ask("Қар қалыңдығы былтырғыдан екі есе көп деп кім айтты?")
    assert answer.answer.startswith("Мұны Марат Сейітов (Төтенше жағдайлар министрі) айтты: «")


def test_who_said_is_answered_when_the_verifier_and_retrieval_agree() -> None:
    """The verifier's closest sentence in retrieval's first paragraph, at 0.86 or more, answers a
    reworded statement its paraphrase bar (set for quote claims) misses (as the closest
    statement); elsewhere or less similar, it does not."""
    from assistant.answer_types import Citation
    from assistant.facade import WHO_SAID_AGREEMENT, _agrees
    from assistant.retrieval import Retrieved
    from assistant.verify import Match, Verdict
    from vectorstore.store import StoredChunk

    first = StoredChunk("a:4:0:aa", "Жаз айларында асфальт түнде төселеді.", "a", 4)
    other = StoredChunk("a:7:0:bb", "Жол жөндеу қазанда аяқталады.", "a", 7)

    def verdict(chunk: StoredChunk, score: float) -> Verdict:
        match = Match(chunk.text, Citation.from_chunk(1, chunk, score), score, ())
        return Verdict("claim", None, "not_found", score, (match,))

    retrieved = [Retrieved(first, 0.9), Retrieved(other, 0.8)]
    assert _agrees(verdict(first, 0.877), retrieved)
    assert not _agrees(verdict(other, 0.95), retrieved)  # not retrieval's first paragraph
    assert not _agrees(verdict(first, WHO_SAID_AGREEMENT - 0.01), retrieved)
    assert not _agrees(Verdict("claim", None, "not_found", 0.0), retrieved)
