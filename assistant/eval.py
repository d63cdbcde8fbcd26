"""``python -m assistant.eval [QUESTIONS.jsonl...] [--kaznews [DIR]] [--corpus PATH...] [--json]``.

Measure the product. Ingests the corpus into a temporary store (or ``--data-dir`` to reuse one),
runs every question and prints, per language and overall: retrieval hit@1, hit@5, MRR@10 and
nDCG@10 for each retrieval mode; answer citation precision, gold cited (answerable questions
answered with a citation of a gold paragraph), answered right, quote exactness, abstention
accuracy and speaker accuracy; and latency percentiles. With quote claims (``--quotes``) it also
checks ``verify_quote`` verdicts per class, and with attribution gold (``--speakers``) the stored
speaker of each paragraph (precision and recall).

``--kaznews [DIR]`` (default ``bench/data/kaznews``) takes every ``articles_*``, ``questions_*``,
``quotes_*`` and ``speakers_*`` file of the development set; ``--corpus`` then adds the usual
pool. ``--split dev|test`` keeps the items of one half: an item's half is its article's
``split``; an item without an article uses its own ``split`` field, or else a hash of its id.

"Answered right": an answerable question is answered (not abstained) citing a gold paragraph,
every ``expected`` string is in the answer text or its quotes (case-insensitive), and for speaker
and who_said questions the gold speaker is named in the answer or is the cited gold paragraph's
speaker (names compared with ``kazakh.names.name_key``); an unanswerable one abstains.

Question formats read (one JSON object a line):
- seed style: ``{"question", "lang", "gold_paragraph_prefixes": [...], "speaker", "answerable"}``;
- KazQAD style: ``{"question", "gold_passage_ids": [...]}`` (passages ingested as one-paragraph
  articles whose id is the passage id);
- generic: ``{"question", "lang"?, "gold": [{"article_id", "paragraph_index"}], "answerable"?}``,
  optionally with the kaznews fields ``id``, ``article_id``, ``kind`` (fact, speaker, who_said,
  followup, unanswerable), ``history`` (``[[question, answer], ...]`` passed to ``ask``),
  ``expected`` and ``split``.
Quote claims: ``{"claim", "speaker", "lang", "verdict", "gold": {"article_id",
"paragraph_index"} | null}``. Attribution gold: ``{"article_id", "paragraph_index", "speaker"}``.
Corpus files may be article JSONL, seed text files, or KazQAD ``passages.jsonl``
(``{"passage_id", "title", "text"}``), which is converted on the fly.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.logging import configure_logging
from core.runtime import configure_process

MODES = ("dense", "keyword", "hybrid", "hybrid+speaker")
SPLITS = ("dev", "test", "all")
KAZNEWS_DIR = Path(__file__).resolve().parent.parent / "bench" / "data" / "kaznews"
_CITATION = re.compile(r"\[(\d+)\]")
_WORD = re.compile(r"[^\W\d_]+")
#: Kinds whose answer must name the speaker.
SPEAKER_KINDS = ("speaker", "who_said")


@dataclass
class Question:
    """One evaluation question with its gold paragraphs (empty when unanswerable)."""

    text: str
    lang: str
    gold_prefixes: tuple[str, ...] = ()
    gold_articles: tuple[str, ...] = ()
    gold_paragraphs: tuple[tuple[str, int], ...] = ()
    speaker: str | None = None
    answerable: bool = True
    id: str = ""
    article_id: str = ""
    kind: str = ""
    history: tuple[tuple[str, str], ...] = ()
    expected: tuple[str, ...] = ()
    split: str = ""  # the row's own "split" (off-topic questions have no article)

    def is_gold(self, meta: dict[str, Any], text: str) -> bool:
        if self.gold_prefixes and any(text.startswith(p) for p in self.gold_prefixes):
            return True
        if self.gold_articles and meta.get("article_id") in self.gold_articles:
            return True
        key = (str(meta.get("article_id")), int(meta.get("paragraph_index", -1)))
        return key in self.gold_paragraphs


@dataclass(frozen=True)
class QuoteClaim:
    """A quote to verify and the verdict it should get."""

    claim: str
    speaker: str | None
    lang: str
    verdict: str
    article_id: str = ""  # of the gold paragraph, "" for not_found
    split: str = ""


@dataclass(frozen=True)
class SpeakerGold:
    """Who speaks in one paragraph, by the attribution gold."""

    article_id: str
    paragraph_index: int
    speaker: str


def _json_lines(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield line_no, json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{line_no}: malformed JSON: {exc.msg}") from exc


def read_questions(path: Path) -> list[Question]:
    """Questions in any of the formats above."""
    from kazakh.language import detect_language

    questions = []
    for line_no, row in _json_lines(path):
        try:
            gold = tuple((g["article_id"], int(g["paragraph_index"])) for g in row.get("gold", []))
            prefixes = tuple(row.get("gold_paragraph_prefixes", []))
            articles = tuple(row.get("gold_passage_ids", []))
            answerable = bool(row.get("answerable", bool(prefixes or articles or gold)))
            speaker = row.get("speaker") or None
            default_kind = "speaker" if speaker else "fact"
            questions.append(
                Question(
                    text=row["question"],
                    lang=row.get("lang") or detect_language(row["question"]),
                    gold_prefixes=prefixes,
                    gold_articles=articles,
                    gold_paragraphs=gold,
                    speaker=speaker,
                    answerable=answerable,
                    id=str(row.get("id") or f"{path.stem}:{line_no}"),
                    article_id=str(row.get("article_id") or ""),
                    kind=row.get("kind") or (default_kind if answerable else "unanswerable"),
                    history=tuple((str(q), str(a)) for q, a in row.get("history") or ()),
                    expected=tuple(row.get("expected") or ()),
                    split=str(row.get("split") or ""),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}:{line_no}: bad question: {exc}") from exc
    return questions


def read_quotes(path: Path) -> list[QuoteClaim]:
    """Quote claims with their expected verdicts."""
    claims = []
    for line_no, row in _json_lines(path):
        try:
            gold = row.get("gold") or {}
            claims.append(
                QuoteClaim(
                    claim=row["claim"],
                    speaker=row.get("speaker") or None,
                    lang=row.get("lang") or "",
                    verdict=row["verdict"],
                    article_id=str(gold.get("article_id") or ""),
                    split=str(row.get("split") or ""),
                )
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path}:{line_no}: bad quote claim: {exc}") from exc
    return claims


def read_speaker_gold(path: Path) -> list[SpeakerGold]:
    """Attribution gold: the speaker of each paragraph with a statement."""
    rows = []
    for line_no, row in _json_lines(path):
        try:
            rows.append(
                SpeakerGold(str(row["article_id"]), int(row["paragraph_index"]), row["speaker"])
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}:{line_no}: bad attribution line: {exc}") from exc
    return rows


def read_article_info(paths: Iterable[Path]) -> dict[str, dict[str, str]]:
    """``{article_id: {"split", "script"}}`` of the article JSONL files that carry them."""
    info: dict[str, dict[str, str]] = {}
    for path in paths:
        if path.suffix != ".jsonl" or not path.is_file():
            continue
        for _, row in _json_lines(path):
            if "split" in row and "id" in row:
                info[str(row["id"])] = {
                    "split": str(row["split"]),
                    "script": str(row.get("script", "")),
                }
    return info


def item_split(
    article_id: str, own_split: str, key: str, articles: dict[str, dict[str, str]]
) -> str:
    """The half an item belongs to: its article's, else its own, else by a hash of ``key``."""
    if article_id and article_id in articles:
        return articles[article_id]["split"]
    if own_split:
        return own_split
    return "dev" if zlib.crc32(key.encode("utf-8")) % 2 == 0 else "test"


def prepare_corpus(paths: Iterable[Path], workdir: Path) -> list[Path]:
    """Convert KazQAD passage files into article JSONL; other files pass through."""
    prepared = []
    for path in paths:
        first = path.open(encoding="utf-8").readline() if path.suffix == ".jsonl" else ""
        if first and "passage_id" in json.loads(first):
            out = workdir / f"{path.stem}-articles.jsonl"
            with path.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
                for line in src:
                    if line.strip():
                        p = json.loads(line)
                        record = {
                            "id": p["passage_id"],
                            "title": p["title"],
                            "paragraphs": [p["text"]],
                        }
                        dst.write(json.dumps(record, ensure_ascii=False) + "\n")
            prepared.append(out)
        else:
            prepared.append(path)
    return prepared


@dataclass
class Tally:
    """Metric sums per language (or any other key)."""

    sums: dict[str, dict[str, float]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(float))
    )
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )

    def add(self, lang: str, metric: str, value: float) -> None:
        for key in (lang, "all"):
            self.sums[key][metric] += value
            self.counts[key][metric] += 1

    def table(self) -> dict[str, dict[str, float]]:
        return {
            lang: {m: round(self.sums[lang][m] / self.counts[lang][m], 4) for m in self.sums[lang]}
            | {"n": max(self.counts[lang].values())}
            for lang in sorted(self.sums)
        }


def _ranking_metrics(gold_flags: Sequence[bool], n_gold: int) -> dict[str, float]:
    first = next((i for i, g in enumerate(gold_flags[:10]) if g), None)
    dcg = sum(1 / math.log2(i + 2) for i, g in enumerate(gold_flags[:10]) if g)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, max(1, n_gold))))
    return {
        "hit@1": float(first == 0),
        "hit@5": float(first is not None and first < 5),
        "mrr@10": 1 / (first + 1) if first is not None else 0.0,
        "ndcg@10": dcg / ideal,
    }


def _percentiles(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {}
    ordered = sorted(samples)

    def pick(quantile: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(quantile * len(ordered)))], 1)

    return {"p50_ms": pick(0.5), "p95_ms": pick(0.95), "max_ms": round(ordered[-1], 1)}


def _surname_key(name: str) -> str:
    words = name.split()
    from kazakh.names import name_key

    return name_key(words[-1]) if words else ""


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Judgement:
    """How one answer measures against its question."""

    abstained: bool
    gold_cited: bool = False
    expected_found: bool = False
    speaker_right: bool = False
    citation_precision: tuple[bool, ...] = ()  # per cited number: is it a gold paragraph
    quote_exact: tuple[bool, ...] = ()  # per «quote» in the answer: found in its cited paragraph

    def right(self, question: Question) -> bool:
        """The "answered right" of the module docstring."""
        if not question.answerable:
            return self.abstained
        if self.abstained or not self.gold_cited or not self.expected_found:
            return False
        return self.speaker_right or question.kind not in SPEAKER_KINDS or not question.speaker


def judge(question: Question, answer: Any) -> Judgement:
    """Measure ``answer`` (an ``assistant.answer_types.Answer``) against ``question``."""
    from assistant.quote_gate import find_quotes, normalize_for_match
    from kazakh.names import name_key

    if answer.abstained:
        return Judgement(abstained=True)
    by_n = {c.n: c for c in answer.citations}
    numbers = dict.fromkeys(int(n) for n in _CITATION.findall(answer.answer))
    cited = [by_n[n] for n in numbers if n in by_n]
    gold = [
        c
        for c in cited
        if question.is_gold(
            {"article_id": c.article_id, "paragraph_index": c.paragraph_index}, c.text
        )
    ]
    said = _folded(" ".join((answer.answer, *answer.quotes)))
    expected = all(_folded(e) in said for e in question.expected)
    speaker_right = False
    if question.speaker:
        wanted = _surname_key(question.speaker)
        named = {name_key(w) for w in _WORD.findall(answer.answer)}
        speaker_right = bool(wanted) and (
            wanted in named or any(_surname_key(c.speaker) == wanted for c in gold)
        )
    exact = []
    for sentence in re.split(r"(?<=\])\s+", answer.answer):
        refs = [by_n[int(n)] for n in _CITATION.findall(sentence) if int(n) in by_n]
        # The frame shows each cited record's speaker role as stored («»-named organisations
        # included); a quotation from it is the record's words, not a claim on the paragraph.
        shown = [normalize_for_match(t) for c in refs for t in (c.text, c.speaker_role) if t]
        for quote in find_quotes(sentence):
            exact.append(any(normalize_for_match(quote) in text for text in shown))
    return Judgement(
        abstained=False,
        gold_cited=bool(gold),
        expected_found=expected,
        speaker_right=speaker_right,
        citation_precision=tuple(c in gold for c in cited),
        quote_exact=tuple(exact),
    )


def evaluate(
    assistant: Any,
    questions: Sequence[Question],
    modes: Sequence[str],
    answers: bool,
    details: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Run every question through each retrieval mode and (optionally) the answerer.

    A follow-up is retrieved as the standalone question ``ask`` made of it with its history.
    """
    report: dict[str, Any] = {"questions": len(questions), "retrieval": {}, "latency": {}}
    standalone = {
        id(q): assistant.ask(q.text, history=list(q.history)).standalone_question
        for q in questions
        if q.history
    }
    answerable = [q for q in questions if q.answerable]
    for mode in modes:
        tally, latencies = Tally(), []
        for q in answerable:
            start = time.perf_counter()
            hits = assistant.retrieve(standalone.get(id(q), q.text), k=10, mode=mode)
            latencies.append((time.perf_counter() - start) * 1000)
            flags = [q.is_gold(h.chunk.to_metadata(), h.chunk.text) for h in hits]
            n_gold = max(1, len(q.gold_prefixes) or len(q.gold_articles) or len(q.gold_paragraphs))
            for metric, value in _ranking_metrics(flags, n_gold).items():
                tally.add(q.lang, metric, value)
        report["retrieval"][mode] = tally.table()
        report["latency"][mode] = _percentiles(latencies)
    if answers:
        tally, by_kind, latencies = Tally(), Tally(), []
        for q in questions:
            start = time.perf_counter()
            answer = assistant.ask(q.text, history=list(q.history) or None)
            latencies.append((time.perf_counter() - start) * 1000)
            verdict = judge(q, answer)
            right = verdict.right(q)
            tally.add(q.lang, "answered_right", float(right))
            by_kind.add(q.kind, "answered_right", float(right))
            tally.add(q.lang, "abstention_acc", float(answer.abstained != q.answerable))
            if details is not None:
                details.append(
                    {
                        "id": q.id,
                        "lang": q.lang,
                        "kind": q.kind,
                        "question": q.text,
                        "right": right,
                        "abstained": answer.abstained,
                        "gold_cited": verdict.gold_cited,
                        "expected_found": verdict.expected_found,
                        "speaker_right": verdict.speaker_right,
                        "answer": answer.answer,
                    }
                )
            if not q.answerable:
                tally.add(q.lang, "unanswerable_abstained", float(answer.abstained))
                continue
            tally.add(q.lang, "answerable_abstained", float(answer.abstained))
            tally.add(q.lang, "gold_cited", float(verdict.gold_cited))
            if q.kind == "who_said":
                tally.add(q.lang, "who_said_acc", float(verdict.speaker_right))
            if answer.abstained:
                continue
            for ok in verdict.citation_precision:
                tally.add(q.lang, "citation_precision", float(ok))
            for ok in verdict.quote_exact:
                tally.add(q.lang, "quote_exactness", float(ok))
            if q.speaker:
                tally.add(q.lang, "speaker_acc", float(verdict.speaker_right))
        report["answers"] = tally.table()
        report["answers_by_kind"] = by_kind.table()
        report["latency"]["ask"] = _percentiles(latencies)
    return report


def evaluate_quotes(
    assistant: Any, claims: Sequence[QuoteClaim], details: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """``verify_quote`` on each claim: accuracy per expected verdict and per language."""
    by_verdict, by_lang = Tally(), Tally()
    confusion: Counter[str] = Counter()
    for claim in claims:
        got = assistant.verify_quote(claim.claim, claim.speaker).verdict
        ok = float(got == claim.verdict)
        by_verdict.add(claim.verdict, "accuracy", ok)
        by_lang.add(claim.lang or "?", "accuracy", ok)
        confusion[f"{claim.verdict}->{got}"] += 1
        if details is not None:
            details.append({"claim": claim.claim, "expected": claim.verdict, "got": got})
    return {
        "by_verdict": by_verdict.table(),
        "by_lang": by_lang.table(),
        "confusion": dict(sorted(confusion.items())),
    }


def evaluate_attribution(
    assistant: Any, gold: Sequence[SpeakerGold], scripts: dict[str, str]
) -> dict[str, Any]:
    """Stored speaker of every paragraph of the gold articles against the gold speaker.

    Precision: stored speakers that are the gold one (by surname ``name_key``) among all stored
    speakers of those articles (a speaker on a paragraph without a statement counts against it);
    recall: gold paragraphs whose stored speaker is the gold one. Per article script and overall.
    """
    wanted = {(g.article_id, g.paragraph_index): _surname_key(g.speaker) for g in gold}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for article_id in sorted({g.article_id for g in gold}):
        stored: dict[int, str] = {}
        for chunk in assistant.article(article_id):
            speaker = chunk.speaker
            index = chunk.paragraph_index
            if speaker and index not in stored:
                stored[index] = speaker
        for key in (scripts.get(article_id) or "?", "all"):
            counts[key]["gold"] += sum(1 for a, _ in wanted if a == article_id)
            counts[key]["stored"] += len(stored)
            counts[key]["right"] += sum(
                1 for i, s in stored.items() if wanted.get((article_id, i)) == _surname_key(s)
            )
    return {
        key: {
            "precision": round(c["right"] / c["stored"], 4) if c["stored"] else 0.0,
            "recall": round(c["right"] / c["gold"], 4) if c["gold"] else 0.0,
            "gold": c["gold"],
            "stored": c["stored"],
        }
        for key, c in sorted(counts.items())
    }


def _print_table(report: dict[str, Any]) -> None:
    print(f"questions: {report['questions']}  split: {report.get('split', 'all')}")
    for mode, table in report["retrieval"].items():
        print(f"\n[{mode}]  latency {report['latency'][mode]}")
        for lang, row in table.items():
            cells = "  ".join(f"{k}={v}" for k, v in row.items())
            print(f"  {lang:>7}: {cells}")
    for section in ("answers", "answers_by_kind"):
        if section in report:
            print(
                f"\n[{section}]"
                + (f"  latency {report['latency']['ask']}" if section == "answers" else "")
            )
            for key, row in report[section].items():
                print(f"  {key:>12}: " + "  ".join(f"{k}={v}" for k, v in row.items()))
    if "quotes" in report:
        print("\n[quotes]")
        for group in ("by_verdict", "by_lang"):
            for key, row in report["quotes"][group].items():
                print(f"  {key:>13}: " + "  ".join(f"{k}={v}" for k, v in row.items()))
        print(f"  confusion: {report['quotes']['confusion']}")
    if "attribution" in report:
        print("\n[attribution]")
        for key, row in report["attribution"].items():
            print(f"  {key:>9}: " + "  ".join(f"{k}={v}" for k, v in row.items()))


def _kaznews_files(directory: Path, kind: str) -> list[Path]:
    return sorted(directory.glob(f"{kind}_*.jsonl"))


def main(argv: list[str] | None = None) -> int:
    configure_process()
    configure_logging()
    parser = argparse.ArgumentParser(
        prog="python -m assistant.eval", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("questions", type=Path, nargs="*")
    parser.add_argument(
        "--kaznews",
        type=Path,
        nargs="?",
        const=KAZNEWS_DIR,
        help="the kaznews development set: its articles, questions, quotes and speakers files",
    )
    parser.add_argument("--corpus", type=Path, nargs="*", help="articles (default: data)")
    parser.add_argument("--quotes", type=Path, nargs="*", default=[], help="quote claims JSONL")
    parser.add_argument("--speakers", type=Path, nargs="*", default=[], help="attribution gold")
    parser.add_argument("--split", choices=SPLITS, default="all", help="dev or test half only")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated retrieval modes")
    parser.add_argument("--no-answers", action="store_true", help="retrieval metrics only")
    parser.add_argument("--data-dir", type=Path, help="reuse this store instead of a temporary one")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--details", action="store_true", help="per-item results in the JSON")
    args = parser.parse_args(argv)
    from assistant.facade import Assistant
    from core.settings import Settings

    corpus_paths = list(args.corpus or [])
    question_paths, quote_paths, speaker_paths = (
        list(args.questions),
        list(args.quotes),
        list(args.speakers),
    )
    if args.kaznews:
        corpus_paths = _kaznews_files(args.kaznews, "articles") + corpus_paths
        question_paths += _kaznews_files(args.kaznews, "questions")
        quote_paths += _kaznews_files(args.kaznews, "quotes")
        speaker_paths += _kaznews_files(args.kaznews, "speakers")
    elif not corpus_paths:
        corpus_paths = [Path("data")]
    if not (question_paths or quote_paths or speaker_paths):
        parser.error("give question files, --quotes, --speakers or --kaznews")

    def keep(split: str) -> bool:
        return args.split == "all" or split == args.split

    details: dict[str, list[dict[str, Any]]] | None = (
        {"questions": [], "quotes": []} if args.details else None
    )
    try:
        articles = read_article_info(corpus_paths)
        questions = [
            q
            for path in question_paths
            for q in read_questions(path)
            if keep(item_split(q.article_id, q.split, q.id, articles))
        ]
        claims = [
            c
            for path in quote_paths
            for c in read_quotes(path)
            if keep(item_split(c.article_id, c.split, c.claim, articles))
        ]
        attribution = [
            g
            for path in speaker_paths
            for g in read_speaker_gold(path)
            if keep(item_split(g.article_id, "", g.article_id, articles))
        ]
        with tempfile.TemporaryDirectory(prefix="assistant-eval-") as tmp:
            data_dir = args.data_dir or Path(tmp) / "store"
            models = Settings().resolved_models_dir  # the user's provisioned models, not a copy
            assistant = Assistant(data_dir=data_dir, models_dir=models)
            corpus = prepare_corpus(corpus_paths, Path(tmp))
            started = time.perf_counter()
            ingest_report = assistant.ingest(corpus)
            ingest_s = round(time.perf_counter() - started, 1)
            if ingest_report.rejected:
                print("\n".join(ingest_report.rejected), file=sys.stderr)
            report = evaluate(
                assistant,
                questions,
                args.modes.split(","),
                not args.no_answers,
                details["questions"] if details is not None else None,
            )
            report["split"] = args.split
            if claims:
                report["quotes"] = evaluate_quotes(
                    assistant, claims, details["quotes"] if details is not None else None
                )
            if attribution:
                scripts = {a: info["script"] for a, info in articles.items()}
                report["attribution"] = evaluate_attribution(assistant, attribution, scripts)
            report["corpus_chunks"] = assistant.store.count()
            report["ingest_s"] = ingest_s
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if details is not None:
        report["details"] = details
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_table(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
