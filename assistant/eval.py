"""``python -m assistant.eval QUESTIONS.jsonl [--corpus PATH...] [--json]``: measure the product.

Ingests the corpus into a temporary store (or ``--data-dir`` to reuse one), runs every question
and prints, per language and overall: retrieval hit@1, hit@5, MRR@10 and nDCG@10 for each
retrieval mode; answer citation precision, gold cited (answerable questions answered with a
citation of a gold paragraph), quote exactness, abstention accuracy and speaker accuracy; and
latency percentiles.

Question formats read (one JSON object a line):
- seed style: ``{"question", "lang", "gold_paragraph_prefixes": [...], "speaker", "answerable"}``;
- KazQAD style: ``{"question", "gold_passage_ids": [...]}`` (passages ingested as one-paragraph
  articles whose id is the passage id);
- generic: ``{"question", "lang"?, "gold": [{"article_id", "paragraph_index"}], "answerable"?}``.
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
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.logging import configure_logging
from core.runtime import configure_process

MODES = ("dense", "keyword", "hybrid", "hybrid+speaker")
_CITATION = re.compile(r"\[(\d+)\]")


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

    def is_gold(self, meta: dict[str, Any], text: str) -> bool:
        if self.gold_prefixes and any(text.startswith(p) for p in self.gold_prefixes):
            return True
        if self.gold_articles and meta.get("article_id") in self.gold_articles:
            return True
        key = (str(meta.get("article_id")), int(meta.get("paragraph_index", -1)))
        return key in self.gold_paragraphs


def read_questions(path: Path) -> list[Question]:
    """Questions in any of the three formats above."""
    from kazakh.language import detect_language

    questions = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{line_no}: malformed JSON: {exc.msg}") from exc
        gold = tuple((g["article_id"], int(g["paragraph_index"])) for g in row.get("gold", []))
        prefixes = tuple(row.get("gold_paragraph_prefixes", []))
        articles = tuple(row.get("gold_passage_ids", []))
        questions.append(
            Question(
                text=row["question"],
                lang=row.get("lang") or detect_language(row["question"]),
                gold_prefixes=prefixes,
                gold_articles=articles,
                gold_paragraphs=gold,
                speaker=row.get("speaker"),
                answerable=row.get("answerable", bool(prefixes or articles or gold)),
            )
        )
    return questions


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
    """Metric sums per language."""

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


def evaluate(
    assistant: Any, questions: Sequence[Question], modes: Sequence[str], answers: bool
) -> dict[str, Any]:
    """Run every question through each retrieval mode and (optionally) the answerer."""
    from assistant.quote_gate import find_quotes, normalize_for_match
    from kazakh.names import name_key

    report: dict[str, Any] = {"questions": len(questions), "retrieval": {}, "latency": {}}
    answerable = [q for q in questions if q.answerable]
    for mode in modes:
        tally, latencies = Tally(), []
        for q in answerable:
            start = time.perf_counter()
            hits = assistant.retrieve(q.text, k=10, mode=mode)
            latencies.append((time.perf_counter() - start) * 1000)
            flags = [q.is_gold(h.chunk.to_metadata(), h.chunk.text) for h in hits]
            n_gold = max(1, len(q.gold_prefixes) or len(q.gold_articles) or len(q.gold_paragraphs))
            for metric, value in _ranking_metrics(flags, n_gold).items():
                tally.add(q.lang, metric, value)
        report["retrieval"][mode] = tally.table()
        report["latency"][mode] = _percentiles(latencies)
    if answers:
        tally, latencies = Tally(), []
        for q in questions:
            start = time.perf_counter()
            answer = assistant.ask(q.text)
            latencies.append((time.perf_counter() - start) * 1000)
            tally.add(q.lang, "abstention_acc", float(answer.abstained != q.answerable))
            if answer.abstained or not q.answerable:
                if q.answerable:
                    tally.add(q.lang, "gold_cited", 0.0)
                continue
            cited = {int(n) for n in _CITATION.findall(answer.answer)}
            by_n = {c.n: c for c in answer.citations}
            gold_flags = [
                n in by_n
                and q.is_gold(
                    {"article_id": by_n[n].article_id, "paragraph_index": by_n[n].paragraph_index},
                    by_n[n].text,
                )
                for n in cited
            ]
            for ok in gold_flags:
                tally.add(q.lang, "citation_precision", float(ok))
            tally.add(q.lang, "gold_cited", float(any(gold_flags)))
            sentences = re.split(r"(?<=\])\s+", answer.answer)
            for sentence in sentences:
                refs = [by_n[int(n)] for n in _CITATION.findall(sentence) if int(n) in by_n]
                for quote in find_quotes(sentence):
                    exact = any(
                        normalize_for_match(quote) in normalize_for_match(c.text) for c in refs
                    )
                    tally.add(q.lang, "quote_exactness", float(exact))
            if q.speaker:
                speakers = {by_n[n].speaker for n in cited if n in by_n and by_n[n].speaker}
                right = any(
                    name_key(s.split()[-1]) == name_key(q.speaker.split()[-1]) for s in speakers
                )
                tally.add(q.lang, "speaker_acc", float(right))
        report["answers"] = tally.table()
        report["latency"]["ask"] = _percentiles(latencies)
    return report


def _print_table(report: dict[str, Any]) -> None:
    print(f"questions: {report['questions']}")
    for mode, table in report["retrieval"].items():
        print(f"\n[{mode}]  latency {report['latency'][mode]}")
        for lang, row in table.items():
            cells = "  ".join(f"{k}={v}" for k, v in row.items())
            print(f"  {lang:>4}: {cells}")
    if "answers" in report:
        print(f"\n[answers]  latency {report['latency']['ask']}")
        for lang, row in report["answers"].items():
            print(f"  {lang:>4}: " + "  ".join(f"{k}={v}" for k, v in row.items()))


def main(argv: list[str] | None = None) -> int:
    configure_process()
    configure_logging()
    parser = argparse.ArgumentParser(
        prog="python -m assistant.eval", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("questions", type=Path, nargs="+")
    parser.add_argument("--corpus", type=Path, nargs="*", default=[Path("data")])
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated retrieval modes")
    parser.add_argument("--no-answers", action="store_true", help="retrieval metrics only")
    parser.add_argument("--data-dir", type=Path, help="reuse this store instead of a temporary one")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from assistant.facade import Assistant
    from core.settings import Settings

    try:
        questions = [q for path in args.questions for q in read_questions(path)]
        with tempfile.TemporaryDirectory(prefix="assistant-eval-") as tmp:
            data_dir = args.data_dir or Path(tmp) / "store"
            models = Settings().resolved_models_dir  # the user's provisioned models, not a copy
            assistant = Assistant(data_dir=data_dir, models_dir=models)
            corpus = prepare_corpus(args.corpus, Path(tmp))
            started = time.perf_counter()
            ingest_report = assistant.ingest(corpus)
            if ingest_report.rejected:
                print("\n".join(ingest_report.rejected), file=sys.stderr)
            report = evaluate(assistant, questions, args.modes.split(","), not args.no_answers)
            report["corpus_chunks"] = assistant.store.count()
            report["ingest_s"] = round(time.perf_counter() - started, 1)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_table(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
