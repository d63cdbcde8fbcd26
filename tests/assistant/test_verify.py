"""Quote verification: verbatim, paraphrase, misattributed, not_found, and the CLI around it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from assistant.verify import clean_claim, word_diff
from cli.main import build_parser
from cli.quotes import render_diff, run
from tests.helpers import REPO, shared_models_dir

PRINCIPLE = "Жаңа Конституцияның негізгі қағидаты – адамға бағдарлану."
BOLEKPAEV = "Ермағанбет Бөлекпаев"


# --- pure functions -------------------------------------------------------------------------------


def test_clean_claim_drops_quote_marks_and_trailing_attribution() -> None:
    assert clean_claim("«Бұл – кеңірек ұғым», – деді Асанов.") == "Бұл – кеңірек ұғым"
    assert clean_claim("“Бұл кеңірек ұғым” — деп атап өтті ол") == "Бұл кеңірек ұғым"
    assert clean_claim('"This is broad," said Asanov.') == "This is broad"
    assert clean_claim("  Бұл  кеңірек\nұғым. ") == "Бұл кеңірек ұғым."


def test_word_diff_marks_replaced_inserted_and_deleted_words() -> None:
    diff = word_diff("Жаңа Конституцияның басты қағидаты өте", PRINCIPLE)
    assert [d["op"] for d in diff] == ["equal", "replace", "equal", "replace"]
    assert diff[1] == {"op": "replace", "claim": "басты", "source": "негізгі"}
    assert diff[3]["claim"] == "өте" and diff[3]["source"].startswith("адамға")
    assert render_diff(list(diff)).startswith("Жаңа Конституцияның [-басты-] {+негізгі+} қағидаты")


def test_word_diff_ignores_case_quote_marks_and_dashes() -> None:
    diff = word_diff("«жаңа конституцияның негізгі қағидаты - адамға бағдарлану»", PRINCIPLE)
    assert [d["op"] for d in diff] == ["equal"]
    only_source = word_diff("адамға бағдарлану", PRINCIPLE)
    assert [d["op"] for d in only_source] == ["insert", "equal"]


# --- against the store ----------------------------------------------------------------------------


@pytest.mark.integration
def test_exact_quote_is_verbatim_with_source_details(verify_assistant) -> None:
    verdict = verify_assistant.verify_quote(PRINCIPLE, speaker="Бөлекпаев").to_dict()
    assert verdict["verdict"] == "verbatim" and verdict["score"] == 1.0
    match = verdict["matches"][0]
    assert match["sentence"] == PRINCIPLE
    assert match["speaker"] == BOLEKPAEV
    assert match["speaker_role"] == "Қарағанды облысының әкімі"
    assert (match["date"], match["source"]) == ("2026-03-11", "BAQ.KZ")
    assert match["citation"]["article_id"] == "baq-2026-03-11-new-constitution-regions"
    assert match["citation"]["paragraph_index"] == 5
    assert PRINCIPLE in match["citation"]["text"]
    assert [d["op"] for d in match["diff"]] == ["equal"]
    assert "word for word" in verdict["explanation"] and BOLEKPAEV in verdict["explanation"]


@pytest.mark.integration
def test_sub_span_with_other_quote_marks_and_dashes_is_verbatim(verify_assistant) -> None:
    verdict = verify_assistant.verify_quote("“бұл - кеңірек әлеуметтік ұғым”, — деді ол")
    assert verdict.verdict == "verbatim"
    assert verdict.matches[0].sentence == "Бұл – кеңірек әлеуметтік ұғым."
    assert verdict.matches[0].citation.speaker == "Серік Беркамалов"  # "– деді ол." resolved
    part = verify_assistant.verify_quote("басты назарға адам және оның қажеттіліктері")
    assert part.verdict == "verbatim"
    assert part.matches[0].sentence == "Яғни басты назарға адам және оның қажеттіліктері қойылады."
    ops = [d["op"] for d in part.matches[0].diff]
    assert ops == ["insert", "equal", "insert"]  # "Яғни" and "қойылады." are only in the source


@pytest.mark.integration
def test_claim_over_two_sentences_is_verbatim(verify_assistant) -> None:
    claim = "қалыңдығы былтырғыдан екі есе көп. Сондықтан біз барлық өңірлерде"
    verdict = verify_assistant.verify_quote(claim, speaker="Сейітовтың")
    assert verdict.verdict == "verbatim"
    assert verdict.matches[0].sentence == (
        "«Биыл қар қалыңдығы былтырғыдан екі есе көп. Сондықтан біз барлық өңірлерде қосымша "
        "техника әзірледік», – деді ол."
    )
    assert verdict.matches[0].citation.speaker == "Марат Сейітов"


@pytest.mark.integration
def test_edited_words_are_a_paraphrase_with_the_original_shown(verify_assistant) -> None:
    claim = "Жаңа Конституцияның басты қағидаты – адамға бағдарлану."
    verdict = verify_assistant.verify_quote(claim).to_dict()
    assert verdict["verdict"] == "paraphrase"
    assert 0.0 < verdict["score"] < 1.0
    match = verdict["matches"][0]
    assert match["sentence"] == PRINCIPLE
    assert {"op": "replace", "claim": "басты", "source": "негізгі"} in match["diff"]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("claim", "original"),
    [
        ("Основной принцип новой Конституции – ориентация на человека.", PRINCIPLE),
        ("The main principle of the new Constitution is a focus on the person.", PRINCIPLE),
        (
            "В проекте новой Конституции закрепляется право человека на труд.",
            "Жаңа Конституция жобасында адамның еңбек ету құқығы бекітіледі.",
        ),
        (
            "The draft of the new Constitution enshrines a person's right to work.",
            "Жаңа Конституция жобасында адамның еңбек ету құқығы бекітіледі.",
        ),
    ],
)
def test_translation_is_a_paraphrase_of_the_kazakh_original(
    verify_assistant, claim: str, original: str
) -> None:
    verdict = verify_assistant.verify_quote(claim)
    assert verdict.verdict == "paraphrase"
    assert verdict.matches[0].sentence == original


@pytest.mark.integration
@pytest.mark.parametrize("speaker", ["Asanov", "Асановтың", "Жақып Асанов", "the senator"])
def test_words_claimed_for_someone_else_are_misattributed(verify_assistant, speaker: str) -> None:
    verdict = verify_assistant.verify_quote(f"«{PRINCIPLE}»", speaker=speaker).to_dict()
    assert verdict["verdict"] == "misattributed"
    assert verdict["speaker_claimed"] == speaker
    assert verdict["matches"][0]["speaker"] == BOLEKPAEV
    assert verdict["matches"][0]["sentence"] == PRINCIPLE
    assert f"gives them to {BOLEKPAEV}, not {speaker}" in verdict["explanation"]


@pytest.mark.integration
@pytest.mark.parametrize("speaker", ["Bolekpayev", "Бөлекпаевтың", "the akim", None])
def test_right_speaker_in_any_form_or_none_is_not_misattributed(
    verify_assistant, speaker: str | None
) -> None:
    assert verify_assistant.verify_quote(PRINCIPLE, speaker=speaker).verdict == "verbatim"


@pytest.mark.integration
def test_translation_claimed_for_someone_else_is_misattributed(verify_assistant) -> None:
    claim = "The main principle of the new Constitution is a focus on the person."
    verdict = verify_assistant.verify_quote(claim, speaker="Zakirov")
    assert verdict.verdict == "misattributed"
    assert verdict.matches[0].citation.speaker == BOLEKPAEV


@pytest.mark.integration
def test_bare_quote_after_a_speakers_paragraph_is_hers(verify_assistant) -> None:
    # "«Су деңгейі ...»." follows Нұрланова's quote with no words of saying: news style gives it
    # to her (ingest.attribution), so the claim is verbatim and rightly attributed
    claim = "Су деңгейі әр сағат сайын тексеріліп, нәтижелері жарияланып отырады"
    verdict = verify_assistant.verify_quote(claim, speaker="Нұрланова")
    assert verdict.verdict == "verbatim"
    assert verdict.matches[0].citation.speaker == "Айгүл Нұрланова"


@pytest.mark.integration
def test_unrelated_claim_is_not_found(verify_assistant) -> None:
    verdict = verify_assistant.verify_quote(
        "Футбол командасы чемпионаттың финалында жеңіске жетті.", speaker="Асанов"
    ).to_dict()
    assert verdict["verdict"] == "not_found"
    assert verdict["score"] < 0.9
    assert "No sentence" in verdict["explanation"]
    # the closest sentence is shown all the same, with its source, for the journalist to judge
    assert len(verdict["matches"]) == 1 and verdict["matches"][0]["sentence"]
    assert "closest sentence is shown" in verdict["explanation"]


@pytest.mark.integration
def test_latin_typed_kazakh_quote_is_a_paraphrase_of_its_cyrillic_source(verify_assistant) -> None:
    verdict = verify_assistant.verify_quote(
        "Bıyl qar qalyńdyǵy byltyrǵydan eki ese kóp", speaker="Сейітов"
    )
    assert verdict.verdict == "paraphrase"
    assert verdict.matches[0].sentence.startswith("Биыл қар қалыңдығы")


@pytest.mark.integration
def test_a_changed_number_is_not_a_paraphrase(verify_assistant) -> None:
    verdict = verify_assistant.verify_quote("Биыл қар қалыңдығы былтырғыдан 3 есе көп")
    assert verdict.verdict == "not_found"
    assert verdict.matches  # the closest sentence is still shown


def test_numbers_agree_across_spacing_and_decimal_marks() -> None:
    from assistant.verify import numbers_agree

    assert numbers_agree("1100 вагон и 4.8 млн", "1 100 вагон, 4,8 млн гектар")
    assert not numbers_agree("150 тысяч тенге", "190 млрд теңге")
    assert numbers_agree("без чисел", "2027 жыл")


def test_role_only_paragraph_is_not_given_to_a_speaker_with_another_role() -> None:
    from assistant.speaker_query import KnownSpeaker
    from assistant.verify import _said_by
    from vectorstore.store import StoredChunk

    chunk = StoredChunk("a:6:0:ff", "«...», – деді бапкер.", "a", 6, speaker_role="бапкер")
    known = [
        KnownSpeaker("Нұрлыбек Ермағамбетов", "кешен директоры"),
        KnownSpeaker("Игорь Петренко", "хоккей бапкері"),
    ]
    assert _said_by("Нұрлыбек Ермағамбетов", chunk, known) is False
    assert _said_by("Игорь Петренко", chunk, known) is not False
    assert _said_by("Белгісіз Адам", chunk, known) is None


@pytest.mark.integration
def test_empty_claim_is_rejected(verify_assistant) -> None:
    with pytest.raises(ValueError, match="empty"):
        verify_assistant.verify_quote(" «» ")


# --- CLI ------------------------------------------------------------------------------------------


@pytest.mark.integration
def test_cli_verify_prints_verdict_sentence_and_diff(verify_assistant, capsys) -> None:
    args = build_parser().parse_args(
        ["verify", "Жаңа Конституцияның басты қағидаты – адамға бағдарлану."]
    )
    assert run(args, verify_assistant) == 0
    out = capsys.readouterr().out
    assert out.startswith("PARAPHRASE")
    assert f"«{PRINCIPLE}»" in out
    assert "[-басты-] {+негізгі+}" in out
    assert f"speaker: {BOLEKPAEV} (Қарағанды облысының әкімі)" in out
    assert "date: 2026-03-11  outlet: BAQ.KZ" in out


@pytest.mark.integration
def test_cli_verify_json_via_subprocess(verify_assistant) -> None:
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(verify_assistant.settings.data_dir),
        "ASSISTANT_MODELS_DIR": str(shared_models_dir()),
    }
    argv = [sys.executable, "-m", "cli", "verify", PRINCIPLE, "--speaker", "Asanov", "--json"]
    done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    verdict = json.loads(done.stdout)
    assert verdict["verdict"] == "misattributed"
    assert verdict["matches"][0]["speaker"] == BOLEKPAEV
    assert set(verdict) == {
        "claim",
        "speaker_claimed",
        "verdict",
        "score",
        "matches",
        "explanation",
    }
