"""Latin-script Kazakh: which alphabet, its Cyrillic reading, and spans mapped back."""

from __future__ import annotations

import pytest

from kazakh.language import detect_language
from kazakh.morphology import index_terms, query_terms
from kazakh.script import (
    fold_key,
    is_latin_kazakh,
    latin_alphabet,
    to_cyrillic,
    to_cyrillic_mapped,
    to_latin_2018,
    to_latin_2021,
)


@pytest.mark.parametrize(
    ("text", "alphabet"),
    [
        ("Oblys ákimi jastar týraly aıtty, dep habarlaıdy QazAqparat.", "latn2018"),
        ("Oblys äkımı jastar turaly ne dedı?", "latn2021"),
        ("akim ne dedi", "ascii"),
        ("Qaragandy oblysynyn akimi kim?", "ascii"),
        ("What did the akim say about the regions?", None),
        ("Bitcoin price today", None),
        ("Облыс әкімі не деді?", None),
    ],
)
def test_the_alphabet_is_told_by_marker_letters_and_words(text: str, alphabet: str | None) -> None:
    assert latin_alphabet(text) == alphabet
    assert is_latin_kazakh(text) is (alphabet is not None)


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Qazaqstan Respýblıkasy", "Қазақстан Республикасы"),
        ("ákimi aıtty, dep habarlaıdy", "әкімі айтты, деп хабарлайды"),
        ("ıaǵnı shahar", "яғни шахар"),
        ("Oblys äkımı jastar turaly ne dedı?", "Облыс әкімі жастар туралы не деді?"),
        ("akimi jastar turaly ne aitty", "әкімі жастар туралы не айтты"),
        ("AKIM ne dedi", "ӘКІМ не деді"),
    ],
)
def test_latin_kazakh_reads_as_cyrillic(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic


def test_other_text_is_returned_unchanged() -> None:
    for text in ("What did the akim say?", "Что сказал аким?", "Әкім не деді?", ""):
        assert to_cyrillic(text) == text


def test_spans_of_the_reading_map_back_to_the_text_as_written() -> None:
    text = "«Jumys jalǵasady», – dedi ol."
    reading, index = to_cyrillic_mapped(text)
    assert len(index) == len(reading)
    start = reading.index("Жұмыс")
    end = reading.index("жалғасады") + len("жалғасады") - 1
    assert text[index[start] : index[end] + 1] == "Jumys jalǵasady"


def test_fold_key_meets_across_scripts_and_typing() -> None:
    assert fold_key("ákimi") == fold_key("akimi") == fold_key("әкімі") == fold_key("äkımı")
    assert fold_key("aıtty") == fold_key("aitty") == fold_key("aytty") == fold_key("айтты")
    assert fold_key("кім") != fold_key("киім")


def test_latin_questions_are_kazakh_and_share_terms_with_cyrillic_text() -> None:
    assert detect_language("Akim jastar turaly ne dedi?") == "kk"
    assert detect_language("What did the akim say?") == "en"
    cyrillic = set(index_terms("Облыс әкімі жастар туралы айтты"))
    assert set(query_terms("akimi jastar turaly ne aitty")) <= cyrillic
    assert set(index_terms("Oblys ákimi jastar týraly aıtty")) == cyrillic


def test_cyrillic_to_2018_latin_round_trips() -> None:
    text = "Қарағанды облысының әкімі жастар туралы айтты"
    assert to_latin_2018(text) == "Qaraǵandy oblysynyń ákimi jastar týraly aıtty"
    assert to_cyrillic(to_latin_2018(text)) == text


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Tekseris qashan aıaqtalady?", "Тексеріс қашан аяқталады?"),
        ("Al tekserıs qaşan aiaqtalady?", "Ал тексеріс қашан аяқталады?"),
        ("Sýbsıdııanyń bári onlaın beriledi", "Субсидияның бәрі онлайн беріледі"),
        ("Orman aıýy qoıýǵa", "Орман аюы қоюға"),
        ("Oblys ákimi aıtty", "Облыс әкімі айтты"),
    ],
)
def test_iota_before_a_or_u_after_a_vowel_reads_as_ya_or_yu(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic


def test_a_question_is_read_against_the_stored_word_forms() -> None:
    """ASCII typing has lost ө, і, ұ: a word the bundled lexicon lacks takes the stored
    articles' form of its key; a mixed-alphabet word whose letter reading is no known form does
    too; a letter reading that is a known form stays."""
    from kazakh.script import latin_keys, to_cyrillic

    stored = {"jertole": ["жертөле"], "ortinen": ["өртінен"], "mukasheva": ["мұқашева"]}
    assert to_cyrillic("zhertole ortinen neshe adam") == "жертоле ортинен неше адам"
    assert to_cyrillic("zhertole ortinen neshe adam", forms=stored) == "жертөле өртінен неше адам"
    assert to_cyrillic("Aizhan Mukasheva ne dedi", forms=stored) == "Айжан Мұқашева не деді"
    # "dedı" with a 2021 ı in a 2018-marked question: деді is stored, деди is no word
    mixed = "Bapker Petrenko balalar týraly ne dedı?"
    assert "деди" in to_cyrillic(mixed)
    assert "деді" in to_cyrillic(mixed, forms={"dedi": ["деді"]})
    assert "кім" in to_cyrillic("Antaliağa reis aşu turaly kım aitty?", forms={"kim": ["ким"]})
    assert latin_keys("Zhertole, ortinen!") == ["jertole", "ortinen"]


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("federatsııasynyń", "федерациясының"),  # 2018: ts before ı (и)
        ("federatsiiasynyñ", "федерациясының"),  # 2021: ts before i (и)
        ("tsentr", "центр"),
        ("Tsıfrlyq", "Цифрлық"),
        ("jatsa", "жатса"),  # a Kazakh т + с at a suffix stays
        ("ol ketsin dep aıtty", "ол кетсін деп айтты"),  # 2018: і after ts
    ],
)
def test_a_loan_s_ts_reads_as_ts_letter(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("– dedi vıtse-mınıstr.", "– деді вице-министр."),  # 2018
        ("Būl jūmys, – dedı vitse-ministr.", "Бұл жұмыс, – деді вице-министр."),  # 2021
        ("Premer-mınıstr aıtty", "Премьер-министр айтты"),  # ь restored
        ("bul protsess jáne kontsert", "бұл процесс және концерт"),
        ("ol ketse de aıtty", "ол кетсе де айтты"),  # a Kazakh т + с stays
        ("energetıka basqarmasy", "энергетика басқармасы"),  # э restored
        ("ekonomıka men ekologııa", "экономика мен экология"),
        ("esep eki ese ósti", "есеп екі есе өсті"),  # a Kazakh е stays
    ],
)
def test_a_known_loan_is_read_in_its_russian_spelling(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic


def test_c_folds_as_ts_letter_in_any_typing() -> None:
    """ц is "c" in both official alphabets and as people type ("stanciya"), "ts" in others."""
    assert fold_key("evakuaciyalandy") == fold_key("эвакуацияланды") == fold_key("evakuatsııalandy")
    assert fold_key("chempion") == fold_key("чемпион")


def test_cyrillic_written_in_the_2021_alphabet_reads_back() -> None:
    text = "Қарағанды облысының әкімі жастар туралы айтты"
    assert to_latin_2021(text) == "Qarağandy oblysynyñ äkımı jastar turaly aitty"
    assert to_cyrillic(to_latin_2021(text)) == text
