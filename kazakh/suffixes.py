"""Kazakh inflectional, derivational and verbal suffixes with the letters each may follow.

Shared by tokenisation (a bare case ending after a hyphen is no word) and stemming
(``kazakh.morphology``).
"""

from __future__ import annotations

# --- Kazakh suffixes -------------------------------------------------------------------------
_VOWELS = "аәеиоөұүыіэюя"  # у is listed per suffix: it takes л-forms and д-forms alike
_VOICED = "лрйумнңзж"
_VOICELESS = "кқпстфхцчшщбвгд"  # word-final б в г д are devoiced and take т/қ/п-forms
_POSS3 = "ыі"  # the possessive ы/і before pronominal н-forms (қаласына, үйінде)
_CONSONANTS = _VOICED + _VOICELESS + "ғһ"

# suffix -> letters allowed just before it (Kazakh allomorphy), inflection in any order.
_INFLECTION: dict[str, str] = {
    # plural
    **dict.fromkeys(("лар", "лер"), _VOWELS + "руй"),
    **dict.fromkeys(("дар", "дер"), "лмнңзж"),
    **dict.fromkeys(("тар", "тер"), _VOICELESS),
    # possessive
    **dict.fromkeys(("ы", "і", "ым", "ім", "ың", "ің"), _CONSONANTS),
    **dict.fromkeys(("сы", "сі"), _VOWELS + "у"),
    **dict.fromkeys(("ымыз", "іміз", "ыңыз", "іңіз", "ларың", "лерің"), _CONSONANTS),
    **dict.fromkeys(("мыз", "міз", "ңыз", "ңіз"), _VOWELS),
    # genitive
    **dict.fromkeys(("ның", "нің"), _VOWELS + "мнң"),
    **dict.fromkeys(("дың", "дің"), "лрйузж"),
    **dict.fromkeys(("тың", "тің"), _VOICELESS),
    # accusative
    **dict.fromkeys(("ны", "ні"), _VOWELS),
    **dict.fromkeys(("ды", "ді"), _VOICED),
    **dict.fromkeys(("ты", "ті"), _VOICELESS),
    "н": _POSS3,
    # dative
    **dict.fromkeys(("ға", "ге"), _VOWELS + _VOICED),
    **dict.fromkeys(("қа", "ке"), _VOICELESS),
    **dict.fromkeys(("на", "не"), _POSS3),
    # locative
    **dict.fromkeys(("да", "де"), _VOWELS + _VOICED),
    **dict.fromkeys(("та", "те"), _VOICELESS),
    **dict.fromkeys(("нда", "нде"), _POSS3),
    # ablative
    **dict.fromkeys(("дан", "ден"), _VOWELS + "лрйузж"),
    **dict.fromkeys(("тан", "тен"), _VOICELESS),
    **dict.fromkeys(("нан", "нен"), "мнң" + _POSS3),
    **dict.fromkeys(("ндан", "нден"), _POSS3),
    # instrumental
    "мен": _VOWELS + "лрйумнң",
    "бен": "зж",
    "пен": _VOICELESS,
    # relative / adjectival: -дағы (Астанадағы), -ғы (2024 жылғы, сыртқы)
    **dict.fromkeys(("дағы", "дегі"), _VOWELS + _VOICED),
    **dict.fromkeys(("тағы", "тегі"), _VOICELESS),
    **dict.fromkeys(("ндағы", "ндегі"), _POSS3),
    **dict.fromkeys(("ғы", "гі"), _VOICED),  # not after vowels: құқығы is құқық + ы
    **dict.fromkeys(("қы", "кі"), _VOICELESS),
}

# Noun/adjective derivation (энергетикалық -> энергетика, мемлекеттік -> мемлекет).
_DERIVATION: dict[str, str] = {
    **dict.fromkeys(("лық", "лік", "лы", "лі"), _VOWELS + "руй"),
    **dict.fromkeys(("дық", "дік"), "лмнңзж"),
    **dict.fromkeys(("тық", "тік"), _VOICELESS),
    # agent nouns (қатысушы -> қатысу); not -сыз "without": тәуелсіз must not meet тәуелді
    **dict.fromkeys(("шы", "ші"), _VOWELS + _CONSONANTS),
}

# Verb forms: infinitive -у, participles -ған/-атын, converb -ып, present -ады.
_VERBAL: dict[str, str] = {
    **dict.fromkeys(("у", "уы", "уі"), _CONSONANTS),
    **dict.fromkeys(("ған", "ген", "ғандар", "гендер"), _VOWELS + _VOICED),
    **dict.fromkeys(("қан", "кен", "қандар", "кендер"), _VOICELESS),
    **dict.fromkeys(("атын", "етін", "ып", "іп", "ады", "еді"), _CONSONANTS),
    **dict.fromkeys(("йтын", "йтін", "йды", "йді"), _VOWELS),
}

# A vowel-final verb stem's endings (жөнде-у, жөнде-п, жөнде-йді; бақыла-у, бақыла-п): what is
# left is the verb's stem, so stripping stops there. Its own last syllable is often a verb-making
# suffix that reads like a case ending (-де, -та, -ла: жөн "way" + де is "repair"); cut further,
# жөндеу would meet жөнінде "about".
_VERB_STEM_FINAL: dict[str, str] = dict.fromkeys(
    ("у", "п", "йтын", "йтін", "йды", "йді"), "аәеыіоөұү"
)
