"""Framing of extractive answer sentences in the question's language."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.extractive import QuotedSentence, frame_sentence
from assistant.retrieval import Retrieved
from vectorstore.store import StoredChunk


def _quoted(**metadata: str) -> QuotedSentence:
    chunk = StoredChunk("a:0:0:ff", "Алматыда жаңа саябақ ашылды.", "a", 0, **metadata)
    return QuotedSentence(1, chunk.text, Retrieved(chunk, 0.1), 0.9)


@pytest.mark.parametrize(
    ("language", "dated", "undated"),
    [
        (
            "en",
            "Kazinform (2026-04-01) reports: «Алматыда жаңа саябақ ашылды.» [1]",
            "The article reports: «Алматыда жаңа саябақ ашылды.» [1]",
        ),
        (
            "ru",
            "Как сообщает Kazinform (2026-04-01): «Алматыда жаңа саябақ ашылды.» [1]",
            "Как сообщает статья: «Алматыда жаңа саябақ ашылды.» [1]",
        ),
        (
            "kk",
            "Kazinform (2026-04-01) хабарлауынша: «Алматыда жаңа саябақ ашылды.» [1]",
            "Мақала хабарлауынша: «Алматыда жаңа саябақ ашылды.» [1]",
        ),
    ],
)
def test_a_missing_outlet_or_date_leaves_no_empty_parentheses(
    language: str, dated: str, undated: str
) -> None:
    assert frame_sentence(_quoted(source="Kazinform", date="2026-04-01"), language) == dated
    assert frame_sentence(_quoted(), language) == undated


def test_the_asked_speakers_name_does_not_pick_the_sentence_that_introduces_him() -> None:
    """Both paragraphs are the speaker's; the one about the asked topic wins although the other
    names him (the name's terms are ignored, the vectors tie)."""
    import numpy as np

    from assistant.extractive import pick_sentences
    from assistant.question_terms import analyse, text_terms

    speaker = "Сәуле Ерғалиева"
    intro = StoredChunk(
        "a:0:0:aa", "Сәуле Ерғалиева көпір салынатынын хабарлады.", "a", 0, speaker=speaker
    )
    topic = StoredChunk(
        "a:1:0:bb", "«Велосипед жолағы салынады», – деді ол.", "a", 1, speaker=speaker
    )
    candidates = [(1, Retrieved(intro, 0.5)), (2, Retrieved(topic, 0.5))]
    vector = np.ones(4) / 2
    same = {c.chunk_id: [vector] for c in (intro, topic)}

    def vectors(ids):
        return {i: same[i] for i in ids}

    question = "Сәуле Ерғалиева велосипед жолағы туралы не деді?"
    ignore = frozenset(text_terms("Сәуле Ерғалиева"))
    picked = pick_sentences(analyse(question).units, vector, candidates, vectors, ignore)
    assert picked[0].retrieved.chunk is topic


def test_asked_what_someone_said_the_answer_adds_their_own_words_to_a_reported_lead() -> None:
    """The lead reports the statement and scores far better; the speaker's direct quote in the
    same article joins it. A fact question, or another speaker's quote, does not."""
    import numpy as np

    from assistant.extractive import compose
    from assistant.query import Query

    speaker = "Сәуле Ерғалиева"
    lead = StoredChunk(
        "a:0:0:aa",
        "Қала әкімі Сәуле Ерғалиева жаңа көпір салынатынын атап өтті.",
        "a",
        0,
        speaker=speaker,
        speech_kind="reported",
    )
    direct = StoredChunk(
        "a:1:0:bb",
        "«Көпір келесі жылы пайдалануға беріледі», – деді Сәуле Ерғалиева.",
        "a",
        1,
        speaker=speaker,
        speech_kind="direct",
        quotes=("Көпір келесі жылы пайдалануға беріледі",),
    )
    other = StoredChunk(
        "a:2:0:cc",
        "«Жол жөнделеді», – деді Асқар Бекұлы.",
        "a",
        2,
        speaker="Асқар Бекұлы",
        speech_kind="direct",
        quotes=("Жол жөнделеді",),
    )
    query_vector = np.array([1.0, 0.0])
    near, far = np.array([1.0, 0.0]), np.array([0.6, 0.8])
    stored = {lead.chunk_id: [near], direct.chunk_id: [far], other.chunk_id: [far]}

    def vectors(ids):
        return {i: stored[i] for i in ids}

    cited = [Retrieved(lead, 0.9), Retrieved(other, 0.5), Retrieved(direct, 0.4)]
    speech = Query.of("Сәуле Ерғалиева көпір туралы не деді?")
    assert speech.speech
    _, quotes = compose(speech, query_vector, cited, vectors)
    assert quotes == [lead.text, "Көпір келесі жылы пайдалануға беріледі"]

    fact = Query.of("Көпір қашан салынады?")
    assert not fact.speech
    _, quotes = compose(fact, query_vector, cited, vectors)
    assert quotes == [lead.text]

    no_direct = [Retrieved(lead, 0.9), Retrieved(other, 0.5)]
    _, quotes = compose(speech, query_vector, no_direct, vectors)
    assert quotes == [lead.text]


def test_only_words_inside_a_quote_are_framed_as_what_the_speaker_said() -> None:
    """A paragraph marked as direct speech whose chosen sentence lies outside its quotes is
    framed as the outlet's report, never as the speaker's words."""
    base = {"speaker": "Сәуле Ерғалиева", "speech_kind": "direct", "source": "Ақ Жайық"}
    text = "Сәуле Ерғалиева жолды тексерді. «Жол күзде бітеді», – деді ол."
    inside = StoredChunk("a:0:0:aa", text, "a", 0, quotes=("Жол күзде бітеді",), **base)
    outside = StoredChunk("a:0:0:aa", text, "a", 0, **base)
    spoken = QuotedSentence(1, "Жол күзде бітеді", Retrieved(inside, 0.1), 0.9, spoken=True)
    narrative = QuotedSentence(1, "Сәуле Ерғалиева жолды тексерді.", Retrieved(outside, 0.1), 0.9)
    assert frame_sentence(spoken, "en").startswith("Saule Yergaliyeva said: «Жол")
    assert frame_sentence(narrative, "en").startswith("Ақ Жайық reports on Saule Yergaliyeva: «")


def test_asked_what_someone_said_the_answer_quotes_the_statement_not_its_credit() -> None:
    """ "Бұл туралы ... мәлімдеді." only credits the sentence before it: a question about what
    the speaker said quotes that statement, even when the credit line's vector is closer (it
    repeats the speaker's role); a paragraph of credit lines alone still answers."""
    import numpy as np

    from assistant.extractive import compose, is_credit_line
    from assistant.query import Query

    text = (
        "Түркістан облысында биыл 46 ауылға газ жеткізіледі, деп хабарлайды BAQ.KZ. "
        "Бұл туралы облыстық энергетика басқармасының басшысы Нұржан Әбдіқадыров хабарлады."
    )
    speaker = "Нұржан Әбдіқадыров"
    lead = StoredChunk("a:0:0:aa", text, "a", 0, speaker=speaker, speech_kind="reported")
    statement, credit = np.array([0.6, 0.8]), np.array([1.0, 0.0])

    def vectors(ids):
        return {i: [statement, credit] for i in ids}

    speech = Query.of("Нұржан Әбдіқадыров газ туралы не деді?")
    _, quotes = compose(speech, np.array([1.0, 0.0]), [Retrieved(lead, 0.9)], vectors)
    assert quotes == [text.split(" Бұл")[0]]
    assert is_credit_line(text.split("BAQ.KZ. ")[1]) and is_credit_line("Bul týraly aıtty.")
    only_credit = StoredChunk("a:1:0:bb", text.split("BAQ.KZ. ")[1], "a", 1, speaker=speaker)
    _, quotes = compose(speech, np.array([1.0, 0.0]), [Retrieved(only_credit, 0.9)], vectors)
    assert quotes == [only_credit.text]


def test_asked_what_someone_said_their_own_words_come_first() -> None:
    """Two paragraphs of the asked speaker: the outlet's report of them ranks first and is as
    close to the question as their quotation; the quotation is the answer's first sentence."""
    import numpy as np

    from assistant.extractive import compose
    from assistant.query import Query

    speaker = "Данияр Өтепов"
    reported = StoredChunk(
        "a:0:0:aa", "Данияр Өтепов комиссия құрылатынын атап өтті.", "a", 0, speaker=speaker
    )
    quoted = StoredChunk(
        "a:1:0:bb",
        "«Су деңгейі бір тәулікте 1,6 метрге көтерілді», – деді Данияр Өтепов.",
        "a",
        1,
        speaker=speaker,
        speech_kind="direct",
        quotes=("Су деңгейі бір тәулікте 1,6 метрге көтерілді",),
    )
    question = np.array([1.0, 0.0])
    stored = {reported.chunk_id: [question], quoted.chunk_id: [question]}

    def vectors(ids):
        return {i: stored[i] for i in ids}

    cited = [
        Retrieved(reported, 0.9, dense=1.0, speaker_match=True),
        Retrieved(quoted, 0.8, dense=0.99, speaker_match=True),
    ]
    speech = Query.of("Данияр Өтепов тасқын туралы не деді?")
    _, quotes = compose(speech, question, cited, vectors, max_sentences=1)
    assert quotes == ["Су деңгейі бір тәулікте 1,6 метрге көтерілді"]
    fact = Query.of("Тасқын туралы не белгілі?")
    _, quotes = compose(fact, question, cited, vectors, max_sentences=1)
    assert quotes == [reported.text]


def test_the_asked_speakers_role_does_not_pick_the_sentence_that_introduces_him() -> None:
    """Asked by role what the head of the construction department said about the houses, the
    sentence that introduces him by that role (and mentions the houses) loses to his words about
    the houses: the role's words are who is asked, not what about."""
    import numpy as np

    from assistant.extractive import compose
    from assistant.query import Query
    from assistant.speaker_query import KnownSpeaker

    speaker, role = "Руслан Ғабдуллин", "Облыстық құрылыс басқармасының басшысы"
    intro = StoredChunk(
        "a:0:0:aa",
        "Облыстық құрылыс басқармасының басшысы Руслан Ғабдуллин үйлердің шағын ауданда "
        "салынып жатқанын айтты.",
        "a",
        0,
        speaker=speaker,
        speaker_role=role,
        speech_kind="reported",
    )
    houses = StoredChunk(
        "a:1:0:bb",
        "«Үйлер тамыз айында толық дайын болады», – деді ол.",
        "a",
        1,
        speaker=speaker,
        speaker_role=role,
        speech_kind="direct",
        quotes=("Үйлер тамыз айында толық дайын болады",),
    )
    query_vector = np.array([1.0, 0.0])
    same = np.array([0.9, (1 - 0.81) ** 0.5])
    stored = {intro.chunk_id: [same], houses.chunk_id: [same]}

    def vectors(ids):
        return {i: stored[i] for i in ids}

    question = "Құрылыс басқармасының басшысы үйлер туралы не деді?"
    query = Query.of(question, known=(KnownSpeaker(speaker, role),))
    assert query.speakers == (speaker,)
    cited = [Retrieved(intro, 0.9, speaker_match=True), Retrieved(houses, 0.8, speaker_match=True)]
    _, quotes = compose(query, query_vector, cited, vectors, max_sentences=1)
    assert quotes == ["Үйлер тамыз айында толық дайын болады"]


def test_a_reported_statement_is_quoted_with_the_sentence_that_says_it() -> None:
    """Asked what the union head said about complaints, the paragraph's first sentence only
    reports that he spoke; the next one says what: both are quoted, verbatim and together."""
    import numpy as np

    from assistant.extractive import compose
    from assistant.query import Query
    from assistant.speaker_query import KnownSpeaker

    speaker, role = "Жанат Бекмағамбетов", "кәсіподақ төрағасы"
    text = (
        "Кәсіподақ төрағасы Жанат Бекмағамбетов жұмысшылардың шағымдары туралы айтты. "
        "Оның сөзінше, биыл 27 ресми өтініш түскен."
    )
    chunk = StoredChunk(
        "a:0:0:aa", text, "a", 0, speaker=speaker, speaker_role=role, speech_kind="reported"
    )
    query_vector = np.array([1.0, 0.0])
    first, second = np.array([0.95, 0.31]), np.array([0.8, 0.6])

    def vectors(ids):
        return {i: [first, second] for i in ids}

    query = Query.of(
        "Жанат Бекмағамбетов шағымдар туралы не айтты?", known=(KnownSpeaker(speaker, role),)
    )
    _, quotes = compose(query, query_vector, [Retrieved(chunk, 0.9, speaker_match=True)], vectors)
    assert quotes == [text]


def test_a_paragraph_without_the_place_asked_about_yields_to_one_with_it() -> None:
    """ "How many tourists came to Katon-Karagay?": Kolsai's paragraph counting tourists ranks
    first and is a little closer, but it is another story (the name is in neither its text nor
    its title); the answer quotes the paragraph of the park asked about."""
    import math

    import numpy as np

    from assistant.extractive import compose
    from assistant.query import Query
    from assistant.retrieval import Retrieved
    from vectorstore.store import StoredChunk

    kolsai = StoredChunk(
        "k:0:0:aa", "Паркке биыл 310 мың турист келді.", "k", 0, title="Көлсай көлдері"
    )
    katon = StoredChunk(
        "t:1:0:bb", "Паркке былтыр 96 мың турист келген.", "t", 1, title="Катонқарағай паркі"
    )
    query_vector = np.array([1.0, 0.0])
    near = {"k:0:0:aa": np.array([0.85, math.sqrt(1 - 0.85**2)]), "t:1:0:bb": np.array([0.8, 0.6])}

    def vectors(ids):
        return {i: [near[i]] for i in ids}

    cited = [Retrieved(kolsai, 0.9, dense=0.85), Retrieved(katon, 0.8, dense=0.8)]
    question = Query.of("Катонқарағай паркіне былтыр қанша турист келген?")
    _, quotes = compose(question, query_vector, cited, vectors)
    assert quotes[0] == katon.text
    # the same question without the name keeps retrieval's order
    _, quotes = compose(Query.of("Паркке қанша турист келген?"), query_vector, cited, vectors)
    assert quotes[0] == kolsai.text


def test_a_follow_up_does_not_quote_what_the_previous_answer_quoted() -> None:
    """The previous answer (``Query.previous_answer``, set for a question continuing the
    conversation) already gave the closest sentence; the follow-up quotes the next best."""
    import numpy as np

    from assistant.extractive import compose
    from assistant.query import Query
    from assistant.retrieval import Retrieved
    from vectorstore.store import StoredChunk

    said = "Кешенде 600 бала тегін шұғылданады."
    new = "Келесі жылы Қандыағаш пен Хромтауда да мұз айдындары салынады."
    chunk = StoredChunk("a:0:0:aa", f"{said} {new}", "a", 0)
    close, far = np.array([1.0, 0.0]), np.array([0.9, 0.436])

    def vectors(ids):
        return {i: [close, far] for i in ids}

    question = Query.of("Ал басқа қалаларда ше?")
    cited = [Retrieved(chunk, 0.9)]
    assert compose(question, close, cited, vectors)[1] == [said]
    before = replace(question, previous_answer=f"«{said}», – деді облыс әкімі. [1]")
    assert compose(before, close, cited, vectors)[1] == [new]


def test_the_best_quote_comes_first_and_another_story_s_after_it() -> None:
    """Two stories answer nearly as well: the best one's quote leads (quotes were once sorted by
    article id, which put whichever story sorts first in front)."""
    import numpy as np

    from assistant.extractive import compose
    from assistant.query import Query

    best = StoredChunk("z-story:0:0:aa", "Боран кезінде 41 бала құтқарылды.", "z-story", 0)
    other = StoredChunk("a-story:0:0:bb", "Боран кезінде 47 бала құтқарылды.", "a-story", 0)
    vector = np.array([1.0, 0.0])

    def vectors(ids):
        return {i: [vector] for i in ids}

    cited = [Retrieved(best, 0.9, dense=0.9), Retrieved(other, 0.89, dense=0.89)]
    _, quotes = compose(Query.of("Боран кезінде неше бала құтқарылды?"), vector, cited, vectors)
    assert quotes == [best.text, other.text]
