"""Questions asking for a sum are answered only from paragraphs that state one."""

from __future__ import annotations

import pytest

from assistant.abstention import lacks_asked_amount
from assistant.amount_question import asks_amount, counts_asked, states_amount
from assistant.query import Query
from assistant.retrieval import Retrieved
from vectorstore.store import StoredChunk


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Сколько будет стоить билет на рейс Семей – Новосибирск?", True),
        ("Сколько денег выделено на газификацию?", True),
        ("How much did the new ice arena cost?", True),
        ("What is the price of bitcoin today?", True),
        ("Жобаның жалпы құны қанша?", True),
        ("Жас дәрігерлердің айлық жалақысы қанша?", True),
        ("Көпірдің құрылысына қанша қаражат кетеді?", True),
        ("Саябақты жаңартуға қанша қаржы жұмсалды?", True),
        ("Сколько средств потрачено на ремонт дорог?", True),
        ("How much did the region spend on the ambulances?", True),
        ("Сколько человек стоит в очереди на жильё?", False),
        ("How many people were evacuated?", False),
        ("Көпір қашан салынады?", False),
    ],
)
def test_a_question_asks_for_a_sum_by_its_cue_words(question: str, asks: bool) -> None:
    assert asks_amount(question) is asks


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("Станцияны жаңғыртуға 18,4 млрд теңге бөлінді.", True),
        ("Зауыттың құны 98 млрд теңгеге бағаланады.", True),  # the currency inflected
        ("Jobanyń quny 126 mlrd teńge.", True),
        ("The plant cost $5 million.", True),
        ("Дүкенге 200 айлық есептік көрсеткішке дейін айыппұл салынады.", True),
        ("Dúkenge 200 aılyq eseptik kórsetkishke deıin aıyppul salynady.", True),
        ("Қазір көпірдің 14 тірегінің 9-ы орнатылды.", False),
        ("Биыл 140 жас маман жұмысқа орналасты.", False),
        ("1 500 oryndyq turaq salynady.", False),
    ],
)
def test_a_paragraph_states_a_sum_with_a_number_and_a_currency(text: str, states: bool) -> None:
    assert states_amount([text]) is states


def _retrieved(*texts: str) -> list[Retrieved]:
    return [
        Retrieved(StoredChunk(f"a:{i}:0:aa", text, "a", i), 0.5) for i, text in enumerate(texts)
    ]


def test_a_sum_asked_for_and_not_stated_in_the_top_paragraphs_is_not_answered() -> None:
    question = Query.of("Сколько будет стоить билет на рейс Семей – Новосибирск?")
    covered = _retrieved("Семей әуежайында жаңа терминал ашылды.", "Рейстер көбейеді.")
    assert lacks_asked_amount(question, covered)
    priced = _retrieved("Семей әуежайында жаңа терминал ашылды.", "Билет 45 000 теңге тұрады.")
    assert not lacks_asked_amount(question, priced)
    # a question about speech is not asking for the figure itself
    speech = Query.of("Что сказал министр о зарплатах учителей?")
    assert speech.speech  # "speech", or "who_said" with no speakers known here
    assert not lacks_asked_amount(speech, covered)
    # another story's sum is no answer: the amount must be in the best paragraph's article
    elsewhere = [
        *covered,
        Retrieved(StoredChunk("b:0:0:bb", "Көпірге 36 млрд теңге бөлінді.", "b", 0), 0.4),
    ]
    assert lacks_asked_amount(question, elsewhere)


def _first_quote(question: str, text: str) -> str:
    """The first quote answering ``question`` from one two-sentence paragraph whose first
    sentence is the closer to the question (its vector is the question's)."""
    import numpy as np

    from assistant.extractive import compose

    chunk = StoredChunk("a:0:0:aa", text, "a", 0)
    close, far = np.array([1.0, 0.0]), np.array([0.6, 0.8])

    def vectors(ids):
        return {i: [close, far] for i in ids}

    return compose(Query.of(question), close, [Retrieved(chunk, 0.9)], vectors)[1][0]


def test_a_count_question_is_answered_by_the_sentence_stating_a_number() -> None:
    """ "How many ...?" quotes the paragraph's sentence with a number (digits or a Kazakh number
    word in any form), even when another sentence is closer to the question; a question that is
    not a count, or about speech, keeps the closest sentence."""
    from assistant.amount_question import asks_number, states_number

    assert asks_number("How many seals live in the Caspian?") and asks_number("Неше адам тұр?")
    assert not asks_number("Когда откроют мост?")
    assert states_number("Екі тұрғын ауруханаға жеткізілді.") and states_number("300 мыңға жуық")
    assert not states_number("Бірақ оның айтуынша, мәселе шешілмеді.")
    text = (
        "Каспий итбалығы тек Каспий теңізінде мекендейді. "
        "Ғалымдардың бағалауынша, қазір олардың саны 300 мыңға жуық."
    )

    def quoted(question: str) -> str:
        return _first_quote(question, text)

    assert "300" in quoted("How many seals live in the Caspian Sea?")
    assert "300" not in quoted("Where do Caspian seals live?")


@pytest.mark.parametrize(
    ("question", "text", "counts"),
    [
        ("How many workers are on the site?", "Алаңда 260 жұмысшы еңбек етуде.", True),
        ("How many workers are on the site?", "6 қараша күні жұмыс басталды.", False),
        ("Неше палуан қатысты?", "Byltyr 24 eldiń 300 palýany qatysty.", True),
        ("Неше адам эвакуацияланды?", "Тоғыз қабатты үйде өрт шықты.", False),
        ("Неше адам эвакуацияланды?", "46 адам эвакуацияланды.", True),
        ("Неше адам кезекте?", "Кезекте 34 мыңнан астам адам тұр.", True),
        ("Неше ағаш отырғызылды?", "640 түп ағаш отырғызылды.", True),  # a classifier between
        ("Қожалықта неше мал бар?", "Қожалықта 400 бас мал бар.", True),
    ],
)
def test_a_sentence_counts_the_asked_thing(question: str, text: str, counts: bool) -> None:
    """A number right before the asked thing ("260 жұмысшы"), not a date or another count."""
    units = Query.of(question).terms.units
    assert counts_asked(text, units) is counts


def test_a_kazakh_how_many_counts_the_word_after_it_two_letters_too() -> None:
    """ "неше ел": ел (country) is too short to be a content unit, but it is what is counted."""
    import numpy as np

    from assistant.amount_question import counted_units
    from assistant.extractive import pick_sentences
    from assistant.question_terms import analyse
    from assistant.retrieval import Retrieved
    from vectorstore.store import StoredChunk

    question = "Былтыр әлем чемпионатына неше ел қатысқан?"
    assert counted_units(question) == ((frozenset({"ел"}),),)
    chunk = StoredChunk(
        "a:0:0:aa",
        "Әлем чемпионаты 2015 жылдан бері өтіп келеді. Былтыр оған 24 елдің палуандары қатысқан.",
        "a",
        0,
    )
    vector = np.ones(4) / 2

    def vectors(ids):
        return {i: [vector, vector] for i in ids}

    units = analyse(question, "kk").units
    picked = pick_sentences(
        units,
        vector,
        [(1, Retrieved(chunk, 0.5))],
        vectors,
        needs_number=True,
        counted=counted_units(question),
    )
    assert picked[0].text.startswith("Былтыр оған 24 елдің")


def test_a_sum_question_quotes_the_sentence_stating_the_sum_over_other_numbers() -> None:
    """Asked for a sum, a paragraph's sentence stating one is quoted, not the closer sentence
    with another number."""
    text = "Қазір көпірдің 14 тірегінің 9-ы орнатылды. Жобаның құны – 36,7 млрд теңге."

    def quoted(question: str) -> str:
        return _first_quote(question, text)

    assert "36,7 млрд" in quoted("Көпірдің құрылысына қанша қаражат кетеді?")
    assert "9-ы" in quoted("Көпірдің неше тірегі орнатылды?")


def test_the_sum_asked_for_counts_as_met_where_a_paragraph_states_one() -> None:
    """The words asking for a sum ("қанша қаржы") are never in the answer; the abstention
    feature counts the sum itself as met where a top paragraph states one."""
    from assistant.abstention import evidence

    question = Query.of("Саябақты жаңартуға қанша қаржы жұмсалды?")
    stated = _retrieved("Саябақты жаңартуға 4,6 млрд теңге жұмсалды.")
    unstated = _retrieved("Саябақты жаңарту жұмыстары аяқталды, жұмсалды.")
    assert evidence(question, stated, 0.8).term_overlap == 1.0
    assert evidence(question, unstated, 0.8).term_overlap < 1.0


def test_a_sum_is_read_in_the_story_whose_paragraph_meets_what_it_is_of() -> None:
    """The bridge's cost ranked first is no answer to the perinatal centre's cost when the
    centre's own paragraph states one; nor is another park's ticket price when the park asked
    about (a name) ranked first."""
    from assistant.amount_question import stating_amount

    def item(article: str, text: str, title: str) -> Retrieved:
        return Retrieved(StoredChunk(f"{article}:0:0:aa", text, article, 0, title=title), 0.5)

    bridge = item("bridge", "Жобаның құны – 36,7 млрд теңге.", "Атырауда жаңа көпір салынады")
    centre = item(
        "centre", "Орталықтың құрылысына 24 млрд теңге жұмсалды.", "Перинаталдық орталық ашылды"
    )
    question = Query.of("Перинаталдық орталықтың құрылысына қанша қаржы жұмсалды?")
    assert stating_amount([bridge, centre]) == [bridge]  # without the subject: the first story
    assert stating_amount([bridge, centre], 3, question.amount_subject) == [centre]

    katon = item("katon", "Катонқарағай ұлттық паркі 2001 жылы құрылған.", "Катонқарағай")
    kolsai = item("kolsai", "Паркке кіру билеті 1 500 теңге тұрады.", "Көлсай көлдері")
    asked = Query.of("Катонқарағай ұлттық паркіне кіру билеті қанша тұрады?")
    assert stating_amount([katon, kolsai], 3, asked.amount_subject) == []
    assert lacks_asked_amount(asked, [katon, kolsai])


@pytest.mark.parametrize(
    ("question", "language", "counted"),
    [
        ("How much livestock does he keep?", "en", {"мал"}),
        ("Сколько населённых пунктов подключено к воде?", "ru", {"ел", "меке"}),
        ("Неше адам эвакуацияланды?", "kk", {"адам"}),
    ],
)
def test_how_many_counts_the_thing_after_it_in_every_language(
    question: str, language: str, counted: set[str]
) -> None:
    from assistant.amount_question import counted_units

    units = counted_units(question, language)
    assert any(counted in [set(alt) for alt in unit] for unit in units), units


def test_the_count_bonus_goes_to_the_thing_counted_not_another_the_question_names() -> None:
    """ "How much livestock does the farmer keep?": "бес шаруа қожалығы" counts farms, a unit of
    the question, but not what it asks to count; "400 бас ірі қара" does (phrase and
    classifier)."""
    from assistant.amount_question import counted_units

    question = "How much livestock does the farmer keep?"
    counted = counted_units(question, "en")
    assert not counts_asked("Өрттен бес шаруа қожалығының шөбі жанды.", counted)
    assert counts_asked("Оның шаруашылығында 400 бас ірі қара бар.", counted)
    assert counts_asked(
        "Облыстағы 253 елді мекеннің 207-сі сумен қамтылған.", ((frozenset({"ел", "меке"}),),)
    )


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        # the cue spans the subject: only its asking words go
        ("How much did the new ice arena in Aktobe cost?", "did the new ice arena in Aktobe"),
        ("Сколько будет стоить строительство метро?", "строительство метро"),
        ("Көпірдің құрылысына қанша қаражат кетеді?", "Көпірдің құрылысына кетеді"),
        ("What is the price of bitcoin today?", "What is the of bitcoin today"),
    ],
)
def test_what_a_sum_is_of_keeps_the_words_inside_the_cue(question: str, subject: str) -> None:
    from assistant.amount_question import without_amount_cue

    assert " ".join(without_amount_cue(question).replace("?", " ").split()) == subject
