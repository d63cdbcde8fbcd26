# Data: the seed article (data/seed), NTREX-128 Kazakh news (Federmann et al., WMT 2022, CC BY-SA
# 4.0) and KazNERD sentences (Yeshpanov et al., LREC 2022, CC BY 4.0), read from shared/data.
"""Calibrate the thresholds of :meth:`assistant.verify.QuoteVerifier.verify` on labelled claims.

Builds a store with the seed article and the NTREX articles, then labelled claims:

* verbatim: seed and NTREX sentences, sub-spans and two-sentence spans, with other quote marks,
  dashes, case or a trailing "– деді X", some with the right speaker in another form or script;
* paraphrase: hand-written edits of seed sentences (synonyms, dropped words), automatic word drops
  and swaps of NTREX and seed sentences, and hand-written Russian and English translations of 15
  seed sentences;
* not_found: KazNERD sentences that are not in the store, and made-up claims on the same topics
  (Kazakh, Russian, English);
* misattributed: seed and NTREX speakers' sentences (verbatim, edited or translated) claimed for
  someone else.

The claims are split in two folds (alternating within each kind). Thresholds are chosen on the
"fit" fold by grid search (mean recall of paraphrase and not_found; verbatim does not depend on
them), separately for Kazakh claims and for Russian/English ones, and for each of the two cosines
(claim as e5 passage or as e5 query). The JSON printed holds the confusion matrices (fit,
held-out, all) with per-class accuracy, and the comparison of the two cosines.

    python bench/verify_calibration.py [--store DIR] [--write]

``--write`` stores the chosen thresholds in assistant/verify_thresholds.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.runtime import configure_process  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
SEED_DIR = ROOT / "data" / "seed"
NTREX = SHARED / "ntrex" / "kk_articles.jsonl"
KAZNERD = SHARED / "kaznerd" / "sentences.jsonl"
THRESHOLDS = ROOT / "assistant" / "verify_thresholds.json"
LABELS = ("verbatim", "paraphrase", "misattributed", "not_found")
SEED_ID = "baq-2026-03-11-new-constitution-regions"

# Hand-written same-language paraphrases of seed sentences (synonyms, dropped or added words).
SEED_EDITS = (
    "Жаңа Конституцияның басты қағидаты – адамға бағдарлану.",
    "Яғни басты назарға адам мен оның қажеттіліктері қойылады.",
    "Бұл атқарушы билікке, соның ішінде өңірлік әкімдіктерге қойылатын нақты талап.",
    "Біздің индустриялық өңір үшін Негізгі заң жобасында бекітілген жаңа идеологиялық ұстанымдар "
    "өте маңызды.",
    "Жаңа Конституция жұмыспен қамту, цифрландыру және адами капиталды дамыту бағдарламаларын "
    "қолдаудың құқықтық негізін жасайды.",
    "Жаңа Конституция жобасында адамның еңбек ету құқығы бекітілмек.",
    "Бұл – анағұрлым кең әлеуметтік ұғым.",
    "Қазақстанның бүгінгі жастары – білімді, бастамашыл және әлемге ашық ұрпақ.",
    "Жаңа конституциялық модель жастарға білім алу және қоғамдық өмірге қатысу үшін қосымша "
    "мүмкіндіктер береді.",
    "Жаңа Конституцияның басты міндеттерінің бірі – құқықтық мемлекет қағидаттарын нығайту.",
    "Қарағандыда жаңа Конституциядағы өңірлердің рөлі талқыланды.",
    "Дөңгелек үстел «Amanat» партиясының Қарағандыдағы филиалында өтті.",
    "Олар – еңбекқорлық, прогресс және білім құндылықтары.",
    "Ол мамандықты еркін таңдауды ғана емес, еңбекті адамның өзін-өзі жүзеге асыру нысаны ретінде "
    "мойындауды да білдіреді.",
)
# Hand-written Russian and English translations of seed sentences (the Kazakh stays the source).
TRANSLATIONS = (
    (
        "В Караганде обсудили роль регионов в новой Конституции Казахстана.",
        "The role of the regions in Kazakhstan's new Constitution was discussed in Karaganda.",
    ),
    (
        "За одним столом собрались представители власти, научного и экспертного сообщества, "
        "политических партий и общественных организаций.",
        "Representatives of the authorities, the scientific and expert community, political "
        "parties and public organisations gathered at one table.",
    ),
    (
        "Основной принцип новой Конституции – ориентация на человека.",
        "The main principle of the new Constitution is a focus on the person.",
    ),
    (
        "То есть в центре внимания находятся человек и его потребности.",
        "That is, the person and their needs are put at the centre of attention.",
    ),
    (
        "Это конкретное требование к системе исполнительной власти, в том числе к региональным "
        "акиматам.",
        "This is a concrete requirement for the executive branch, including regional akimats.",
    ),
    (
        "Для нашего индустриально-технологического региона большое значение имеют новые "
        "идеологические принципы, закреплённые в преамбуле и статьях проекта Основного закона.",
        "For our industrial and technological region, the new ideological principles set out in "
        "the preamble and articles of the draft Basic Law are of great importance.",
    ),
    (
        "Это трудолюбие, прогресс, ценности знания, а также формирование высокой экологической "
        "культуры.",
        "These are hard work, progress, the values of knowledge, and building a high environmental "
        "culture.",
    ),
    (
        "Новая Конституция создаёт беспрецедентную правовую основу для устойчивой поддержки "
        "долгосрочных программ в сфере занятости, цифровизации, охраны окружающей среды и развития "
        "человеческого капитала.",
        "The new Constitution creates an unprecedented legal basis for steady support of long-term "
        "programmes on employment, digitalisation, environmental protection and human capital.",
    ),
    (
        "Одна из главных задач новой Конституции – укрепление принципов правового государства и "
        "усиление гарантий защиты прав граждан.",
        "One of the main tasks of the new Constitution is to strengthen the rule of law and "
        "reinforce the guarantees protecting citizens' rights.",
    ),
    (
        "В проекте новой Конституции закрепляется право человека на труд.",
        "The draft of the new Constitution enshrines a person's right to work.",
    ),
    ("Это более широкое социальное понятие.", "This is a broader social concept."),
    (
        "Оно означает не только свободный выбор профессии, но и признание труда важной формой "
        "самореализации человека.",
        "It means not only the free choice of a profession but also recognising work as an "
        "important form of a person's self-realisation.",
    ),
    (
        "Современная молодёжь Казахстана – образованное, инициативное и открытое миру поколение.",
        "Kazakhstan's young people today are an educated, proactive generation open to the world.",
    ),
    (
        "Новая конституционная модель открывает для них дополнительные возможности в получении "
        "образования, профессиональной самореализации и участии в общественной жизни.",
        "The new constitutional model opens up additional opportunities for them in education, "
        "professional fulfilment and taking part in public life.",
    ),
    (
        "Аким Карагандинской области Ермаганбет Булекпаев отметил, что проект новой Конституции "
        "формирует обновлённую общественно-политическую модель государства и расширяет "
        "возможности регионов.",
        "Karaganda region akim Yermaganbet Bulekpayev noted that the draft new Constitution shapes "
        "an updated socio-political model of the state and expands the regions' opportunities.",
    ),
)
# Which seed speaker each translation's sentence belongs to ("" = narration), by TRANSLATIONS index.
TRANSLATION_SPEAKERS = (
    "", "", "Бөлекпаев", "Бөлекпаев", "Бөлекпаев", "Бөлекпаев", "Бөлекпаев", "Бөлекпаев",
    "Асанов", "Беркамалов", "Беркамалов", "Беркамалов", "Закиров", "Закиров", "Бөлекпаев",
)  # fmt: skip
# Claims on the seed's topics (and general news) that no indexed article makes.
MADE_UP = (
    "Жаңа Конституция әкімдерді халықтың тікелей сайлауын міндеттейді.",
    "Қарағанды облысында жаңа өнеркәсіптік аймақ ашылады.",
    "Сенат жаңа Конституцияны бір ауыздан қабылдады.",
    "Жастарға арналған білім гранттарының саны екі есе көбейеді.",
    "Референдум нәтижелері бойынша Конституция қабылданбады.",
    "Сот жүйесін реформалау үшін жаңа кодекс әзірленеді.",
    "Қарағанды облысында жұмыссыздық деңгейі екі пайызға төмендеді.",
    "Конституциялық реформа зейнетақы жасын төмендетуді көздейді.",
    "Дөңгелек үстел Астанадағы Парламент ғимаратында өтті.",
    "Еңбек министрлігі жалақыны көтеру туралы шешім қабылдады.",
    "Өңірлердің бюджеті келесі жылы қысқарады.",
    "Әкімдіктер жергілікті салықтарды өздері белгілейтін болады.",
    "Жаңа Конституция саяси партиялардың санын шектейді.",
    "Қарағандыда көмір шахтасы жабылды.",
    "Новая Конституция отменяет выборы акимов.",
    "Аким заявил, что в регионе построят новый аэропорт.",
    "В Караганде закрыли угольную шахту.",
    "Сенат единогласно одобрил поправки о пенсионном возрасте.",
    "Молодёжь получит бесплатное жильё по новой Конституции.",
    "Министерство труда повысит минимальную зарплату вдвое.",
    "Цены на нефть выросли после решения ОПЕК.",
    "Футбольный клуб из Алматы выиграл Лигу чемпионов.",
    "The senator said the courts will be merged with the prosecutor's office.",
    "The new Constitution bans political parties from regional councils.",
    "Young people will receive free housing under the new Constitution.",
    "The akim promised to build a new airport in Karaganda.",
    "Kazakhstan will hold early presidential elections next spring.",
    "Wheat exports from Kazakhstan doubled this year.",
    "The central bank raised its key rate to twenty percent.",
    "A new metro line opened in Almaty on Monday.",
)
# Ways a seed speaker may be named in a claim (other case, Latin script, role).
SEED_FORMS = {
    "Ермағанбет Бөлекпаев": ("Bolekpayev", "Бөлекпаевтың", "Болекпаев", "the akim"),
    "Жақып Асанов": ("Asanov", "Асановтың", "Жақып Асанов", "the senator"),
    "Серік Беркамалов": ("Berkamalov", "Беркамаловтың", "директор"),
    "Ерболат Закиров": ("Zakirov", "Закировтың", "Ерболат Закиров"),
}


# A sentence ending in "– деді X": verify ignores that tail, so an edit there is no paraphrase.
_ATTRIBUTED = re.compile(r"[–—-]\s*де(?:ді|йді|п|ген)(?!\w)")


@dataclass(frozen=True)
class Example:
    """A labelled claim; ``level`` is what the words alone should score (misattributed aside)."""

    claim: str
    speaker: str | None
    label: str
    level: str
    kind: str
    fold: str = "fit"


def _sentences(chunks: list) -> list[tuple[str, str]]:
    """(sentence, speaker of record) for every sentence of the chunks, skipping short ones."""
    from kazakh.sentences import split_sentences

    out = []
    for chunk in chunks:
        speaker = chunk.speaker
        out.extend((s, speaker) for s in split_sentences(chunk.text) if len(s.split()) >= 5)
    return out


def _restyle(text: str, rng: random.Random) -> str:
    """The same words written differently: quote marks, dashes, case, a trailing "– деді"."""
    style = rng.choice(("plain", "guillemets", "curly", "dashes", "lower", "tail"))
    if style == "guillemets":
        return f"«{text.rstrip('.')}»"
    if style == "curly":
        return f"“{text}”"
    if style == "dashes":
        return text.replace("–", "-").replace("—", "-")
    if style == "lower":
        return text.lower()
    if style == "tail":
        return f"«{text.rstrip('.')}», – деді ол."
    return text


def _subspan(text: str, rng: random.Random) -> str:
    words = text.split()
    size = rng.randint(max(4, len(words) // 2), len(words) - 1)
    start = rng.randint(0, len(words) - size)
    return " ".join(words[start : start + size]).strip(",;:")


def _edit(text: str, rng: random.Random) -> str:
    """Drop one word and swap two neighbours: same meaning, not word for word."""
    words = text.split()
    drop = rng.randrange(1, len(words) - 1)
    del words[drop]
    swap = rng.randrange(0, len(words) - 1)
    words[swap], words[swap + 1] = words[swap + 1], words[swap]
    return " ".join(words)


def _surname(name: str) -> str:
    return name.split()[-1]


def build_examples(assistant, rng: random.Random) -> list[Example]:
    from kazakh.sentences import sentence_spans

    seed_chunks = assistant.store.article_chunks(SEED_ID)
    ntrex_ids = sorted(a.article_id for a in assistant.articles() if a.article_id != SEED_ID)
    ntrex_chunks = [c for aid in ntrex_ids for c in assistant.store.article_chunks(aid)]
    seed = _sentences(seed_chunks)
    ntrex = _sentences(ntrex_chunks)
    rng.shuffle(ntrex)
    examples: list[Example] = []

    def add(claim: str, speaker: str | None, label: str, level: str, kind: str) -> None:
        examples.append(Example(claim, speaker, label, level, kind))

    # verbatim
    for sentence, speaker in seed:
        add(_restyle(sentence, rng), None, "verbatim", "verbatim", "seed sentence")
        if speaker:
            form = rng.choice(SEED_FORMS[speaker])
            add(_subspan(sentence, rng), form, "verbatim", "verbatim", "seed span, right speaker")
        else:
            add(_subspan(sentence, rng), None, "verbatim", "verbatim", "seed span")
    for chunk in seed_chunks:
        spans = sentence_spans(chunk.text)
        if len(spans) >= 2:
            pair = chunk.text[spans[0][0] : spans[1][1]]
            add(_restyle(pair, rng), None, "verbatim", "verbatim", "seed two sentences")
    for sentence, _ in ntrex[:40]:
        add(_restyle(sentence, rng), None, "verbatim", "verbatim", "ntrex sentence")
    for sentence, speaker in ntrex[40:60]:
        who = _surname(speaker) if speaker else None
        add(_subspan(sentence, rng), who, "verbatim", "verbatim", "ntrex span")
    pairs = [c.text for c in ntrex_chunks if len(sentence_spans(c.text)) >= 2]
    for text in rng.sample(pairs, 8):
        add(_restyle(text, rng), None, "verbatim", "verbatim", "ntrex two sentences")

    # paraphrase
    for claim in SEED_EDITS:
        add(claim, None, "paraphrase", "paraphrase", "seed hand edit")
    for sentence, _ in rng.sample([x for x in seed if not _ATTRIBUTED.search(x[0])], 10):
        add(_edit(sentence, rng), None, "paraphrase", "paraphrase", "seed word drop+swap")
    rest = ntrex[60:]
    editable = [s for s, _ in rest if not _ATTRIBUTED.search(s)][:30]
    for sentence in editable:
        add(_edit(sentence, rng), None, "paraphrase", "paraphrase", "ntrex word drop+swap")
    for russian, english in TRANSLATIONS:
        add(russian, None, "paraphrase", "paraphrase", "russian translation")
        add(english, None, "paraphrase", "paraphrase", "english translation")

    # not_found
    corpus = {" ".join(c.text.split()) for c in seed_chunks + ntrex_chunks}
    kaznerd = []
    with KAZNERD.open(encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            if len(text.split()) >= 6 and not any(text in p for p in corpus):
                kaznerd.append(text)
    for text in rng.sample(kaznerd, 60):
        add(text, None, "not_found", "not_found", "kaznerd sentence")
    for claim in MADE_UP:
        language = "kazakh" if any(ch in claim for ch in "әғқңөұүһі") else "ru/en"
        add(claim, None, "not_found", "not_found", f"made-up {language}")

    # misattributed (and translations given to the right speaker, which must not be)
    speakers = list(SEED_FORMS)
    for sentence, speaker in seed:
        if speaker:
            other = rng.choice([s for s in speakers if s != speaker])
            wrong = rng.choice(SEED_FORMS[other])
            add(_restyle(sentence, rng), wrong, "misattributed", "verbatim", "seed, wrong speaker")
    for index, (russian, english) in enumerate(TRANSLATIONS):
        owner = TRANSLATION_SPEAKERS[index]
        if owner:
            right = rng.choice(next(f for s, f in SEED_FORMS.items() if s.endswith(owner)))
            claim = rng.choice((russian, english))
            add(claim, right, "paraphrase", "paraphrase", "translation, right speaker")
    for index, (russian, english) in enumerate(TRANSLATIONS):
        owner = TRANSLATION_SPEAKERS[index]
        if owner:
            other = rng.choice([s for s in speakers if not s.endswith(owner)])
            claim = rng.choice((russian, english))
            wrong = rng.choice(SEED_FORMS[other])
            add(claim, wrong, "misattributed", "paraphrase", "translation, wrong speaker")
    named = [(s, sp) for s, sp in rest if sp and s not in editable]
    surnames = sorted({_surname(sp) for _, sp in named})
    for sentence, speaker in named[:15]:
        wrong = rng.choice([n for n in surnames if n != _surname(speaker)])
        add(sentence, wrong, "misattributed", "verbatim", "ntrex, wrong speaker")
    folds: Counter[str] = Counter()
    out = []
    for example in examples:
        folds[example.kind] += 1
        out.append(replace(example, fold="fit" if folds[example.kind] % 2 else "held-out"))
    return out


def _frontier(units: list, measure: str) -> list:
    """Units not beaten on both similarity and stem overlap (acceptance is monotone in both)."""
    points = sorted(units, key=lambda u: (-u.similarity(measure), -u.overlap))
    best_overlap = -1.0
    kept = []
    for unit in points:
        if unit.overlap > best_overlap:
            kept.append(unit)
            best_overlap = unit.overlap
    return kept


def _level(units: list, cross: bool, thresholds, frontier: list) -> str:
    from assistant.verify import is_paraphrase

    if any(u.verbatim for u in units):
        return "verbatim"
    found = any(is_paraphrase(u, cross, thresholds) for u in frontier)
    return "paraphrase" if found else "not_found"


def _objective(rows: list, thresholds, measure: str) -> float:
    """Mean recall of paraphrase and not_found levels over ``rows``."""
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for example, units, cross, frontiers in rows:
        if example.level == "verbatim":
            continue
        totals[example.level] += 1
        hits[example.level] += _level(units, cross, thresholds, frontiers[measure]) == example.level
    return sum(hits[k] / totals[k] for k in totals) / len(totals)


def _centre(best: list[tuple[float, ...]]) -> tuple[float, ...]:
    """The optimal grid point nearest the middle of all optimal points (the widest margin)."""
    middle = [sum(values) / len(values) for values in zip(*best, strict=True)]
    return min(best, key=lambda p: sum((a - b) ** 2 for a, b in zip(p, middle, strict=True)))


def _grid(start: float, stop: float, step: float) -> list[float]:
    return [round(start + i * step, 3) for i in range(round((stop - start) / step) + 1)]


def calibrate(rows: list, base) -> tuple[object, dict]:
    """Grid-search each path's thresholds on ``rows`` (the fit fold), for both cosines."""
    same = [r for r in rows if not r[2]]
    cross = [r for r in rows if r[2]]
    report: dict = {"same_language": {}, "cross_language": {}}
    chosen_same: dict[str, tuple[float, tuple[float, ...]]] = {}
    for measure in ("passage", "query"):
        scored = []
        for cos, overlap, strong in itertools.product(
            _grid(0.80, 0.96, 0.005), _grid(0.0, 0.8, 0.1), _grid(0.90, 1.0, 0.01)
        ):
            if strong < cos:
                continue
            trial = replace(
                base,
                same_language_similarity=measure,
                same_language_cosine=cos,
                same_language_overlap=overlap,
                strong_cosine=strong,
            )
            scored.append((_objective(same, trial, measure), (cos, overlap, strong)))
        top = max(s for s, _ in scored)
        point = _centre([p for s, p in scored if s == top])
        chosen_same[measure] = (top, point)
        report["same_language"][measure] = {"mean_recall": round(top, 4), "at": point}
    chosen_cross: dict[str, tuple[float, float]] = {}
    for measure in ("passage", "query"):
        scored = []
        for cos in _grid(0.80, 0.97, 0.0025):
            trial = replace(base, cross_language_similarity=measure, cross_language_cosine=cos)
            scored.append((_objective(cross, trial, measure), (cos,)))
        top = max(s for s, _ in scored)
        point = _centre([p for s, p in scored if s == top])
        chosen_cross[measure] = (top, point[0])
        report["cross_language"][measure] = {"mean_recall": round(top, 4), "at": point}
    same_measure = max(chosen_same, key=lambda m: chosen_same[m][0])
    cross_measure = max(chosen_cross, key=lambda m: chosen_cross[m][0])
    cos, overlap, strong = chosen_same[same_measure][1]
    thresholds = replace(
        base,
        same_language_similarity=same_measure,
        same_language_cosine=cos,
        same_language_overlap=overlap,
        strong_cosine=strong,
        cross_language_similarity=cross_measure,
        cross_language_cosine=chosen_cross[cross_measure][1],
    )
    return thresholds, report


def confusion(results: list[tuple[Example, str]]) -> dict:
    matrix = {gold: dict.fromkeys(LABELS, 0) for gold in LABELS}
    for example, predicted in results:
        matrix[example.label][predicted] += 1
    accuracy = {
        gold: round(row[gold] / total, 3) if (total := sum(row.values())) else None
        for gold, row in matrix.items()
    }
    correct = sum(matrix[g][g] for g in LABELS)
    return {
        "matrix (rows = truth)": matrix,
        "accuracy_per_class": accuracy,
        "accuracy": round(correct / max(1, len(results)), 3),
        "n": len(results),
    }


def main(argv: list[str] | None = None) -> int:
    configure_process()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/verify-calibration-store"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="write verify_thresholds.json")
    args = parser.parse_args(argv)

    from assistant.facade import Assistant
    from assistant.verify import Thresholds, clean_claim, decide
    from kazakh.language import detect_language

    assistant = Assistant(data_dir=args.store, models_dir=ROOT / ".assistant" / "models")
    assistant.ingest([SEED_DIR, NTREX])
    examples = build_examples(assistant, random.Random(args.seed))
    base = Thresholds.load()
    rows = []
    for example in examples:
        text = clean_claim(example.claim)
        units = assistant.quote_verifier.score_units(text, base)
        frontiers = {m: _frontier(units, m) for m in ("passage", "query")}
        rows.append((example, units, detect_language(text) != "kk", frontiers))
    thresholds, comparison = calibrate([r for r in rows if r[0].fold == "fit"], base)
    known = assistant.known_speakers()
    results = [
        (example, decide(example.claim, example.speaker, units, thresholds, known))
        for example, units, *_ in rows
    ]
    by_kind: dict[str, Counter[str]] = {}
    for example, verdict in results:
        by_kind.setdefault(f"{example.label}: {example.kind}", Counter())[verdict.verdict] += 1
    errors = [
        {
            "claim": ex.claim,
            "speaker": ex.speaker,
            "truth": ex.label,
            "got": v.verdict,
            "score": round(v.score, 3),
            "fold": ex.fold,
        }
        for ex, v in results
        if v.verdict != ex.label
    ]
    report = {
        "thresholds": vars(thresholds),
        "cosine_comparison (fit fold, mean recall of paraphrase and not_found)": comparison,
        "fit": confusion([(e, v.verdict) for e, v in results if e.fold == "fit"]),
        "held-out": confusion([(e, v.verdict) for e, v in results if e.fold == "held-out"]),
        "all": confusion([(e, v.verdict) for e, v in results]),
        "by_kind": {k: dict(v) for k, v in sorted(by_kind.items())},
        "errors": errors,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if args.write:
        held = report["held-out"]["accuracy_per_class"]
        note = (
            "Chosen by bench/verify_calibration.py (grid search on the fit fold of labelled "
            "claims built from the seed article, NTREX and KazNERD; see that file). Held-out "
            f"accuracy per class: {held}."
        )
        payload = {"note": note, "thresholds": vars(thresholds)}
        THRESHOLDS.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
