"""Answered-right rate of kaznews questions by kind and language (dev and test apart).

Ingests ``bench/data/kaznews/articles_*.jsonl`` into ``--data-dir`` (kept, so a second run reuses
it), asks every question of the chosen kinds with its ``history`` and prints JSON. A question is
answered right when the answer cites a gold paragraph, quotes every ``expected`` word (any case
form: compared on the first five letters) and, when the question has a ``speaker``, the cited
paragraph's speaker or the answer text names that person (by :func:`kazakh.names.name_key`).
``--show`` prints the wrong ones with the standalone question.

    python bench/kaznews_questions.py --data-dir /tmp/kaznews-store [--kinds who_said,followup]
        [--split dev|test|all] [--show]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.facade import Assistant  # noqa: E402
from kazakh.names import name_key  # noqa: E402

DATA = ROOT / "bench" / "data" / "kaznews"
_CITATION = re.compile(r"\[(\d+)\]")


def _rows(pattern: str) -> list[dict]:
    rows: list[dict] = []
    for path in sorted(DATA.glob(pattern)):
        rows.extend(json.loads(line) for line in path.open(encoding="utf-8") if line.strip())
    return rows


def split_of(row: dict, splits: dict[str, str]) -> str:
    """The item's split: its article's, else its own field, else a hash of its id."""
    if row.get("article_id") in splits:
        return splits[row["article_id"]]
    if row.get("split"):
        return row["split"]
    return "dev" if zlib.crc32(str(row.get("id", "")).encode()) % 2 == 0 else "test"


def _stem(word: str) -> str:
    return word.lower()[:5]


def judge(row: dict, answer) -> tuple[bool, str]:
    if not row.get("answerable", True):
        return answer.abstained, "abstain"
    if answer.abstained:
        return False, "abstained"
    by_n = {c.n: c for c in answer.citations}
    cited = [by_n[int(n)] for n in _CITATION.findall(answer.answer) if int(n) in by_n]
    gold = {(g["article_id"], g["paragraph_index"]) for g in row.get("gold", [])}
    if not any((c.article_id, c.paragraph_index) in gold for c in cited):
        return False, "gold not cited"
    quoted = " ".join(answer.quotes).lower()
    quoted_stems = {_stem(w) for w in re.findall(r"\w+", quoted)}
    for expected in row.get("expected", []):
        words = re.findall(r"\w+", expected)
        if expected.lower() not in quoted and not all(_stem(w) in quoted_stems for w in words):
            return False, f"expected {expected!r} not quoted"
    if row.get("speaker"):
        want = name_key(row["speaker"].split()[-1])
        names = {c.speaker for c in cited if c.speaker}
        text_keys = {name_key(w) for w in re.findall(r"[\w-]+", answer.answer)}
        if not any(name_key(s.split()[-1]) == want for s in names) and want not in text_keys:
            return False, "wrong speaker"
    return True, "ok"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--kinds", default="who_said,followup")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    assistant = Assistant(args.data_dir)
    if assistant.store.count() == 0:
        assistant.ingest(sorted(DATA.glob("articles_*.jsonl")))
    splits = {a["id"]: a["split"] for a in _rows("articles_*.jsonl")}
    kinds = set(args.kinds.split(","))
    tally: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    wrong = []
    for row in _rows("questions_*.jsonl"):
        split = split_of(row, splits)
        if row["kind"] not in kinds or args.split not in ("all", split):
            continue
        answer = assistant.ask(row["question"], history=[tuple(h) for h in row.get("history", [])])
        ok, why = judge(row, answer)
        for key in (row["lang"], "all"):
            cell = tally[f"{split}/{row['kind']}"][key]
            cell[0] += ok
            cell[1] += 1
        if not ok:
            wrong.append(
                {
                    "id": row["id"],
                    "why": why,
                    "question": row["question"],
                    "standalone": answer.standalone_question,
                    "answer": answer.answer[:300],
                }
            )
    report = {
        group: {lang: f"{ok}/{n} = {ok / n:.2f}" for lang, (ok, n) in sorted(cells.items())}
        for group, cells in sorted(tally.items())
    }
    out = {"results": report}
    if args.show:
        out["wrong"] = wrong
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
