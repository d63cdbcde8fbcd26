"""Quote verdicts on the kaznews claims, per class, dev and test apart.

Reads ``bench/data/kaznews/quotes_*.jsonl`` ({claim, speaker, lang, verdict, gold}) and checks
each claim with :func:`assistant.verify.verify_quote` over a store of the kaznews articles
(``--data-dir``, ingested on first use). A verdict is right when it equals the gold one and, for
all but not_found, the first match is the gold paragraph. ``closest_shown`` counts not_found
verdicts that still show a closest sentence. Items without an article go to dev or test by a hash
of the claim.

    python bench/verify_kaznews.py --data-dir /tmp/kaznews-store [--split dev|test|all] [--show]
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.facade import Assistant  # noqa: E402

DATA = ROOT / "bench" / "data" / "kaznews"


def _rows(pattern: str) -> list[dict]:
    rows: list[dict] = []
    for path in sorted(DATA.glob(pattern)):
        rows.extend(json.loads(line) for line in path.open(encoding="utf-8") if line.strip())
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    assistant = Assistant(args.data_dir)
    if assistant.store.count() == 0:
        assistant.ingest(sorted(DATA.glob("articles_*.jsonl")))
    splits = {a["id"]: a["split"] for a in _rows("articles_*.jsonl")}
    tally: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    shown = defaultdict(lambda: [0, 0])
    rows = []
    for row in _rows("quotes_*.jsonl"):
        gold = row.get("gold")
        if gold:
            split = splits[gold["article_id"]]
        else:
            split = "dev" if zlib.crc32(row["claim"].encode()) % 2 == 0 else "test"
        if args.split not in ("all", split):
            continue
        verdict = assistant.verify_quote(row["claim"], row.get("speaker"))
        right = verdict.verdict == row["verdict"]
        if right and gold and verdict.matches:
            first = verdict.matches[0].citation
            right = (first.article_id, first.paragraph_index) == (
                gold["article_id"],
                gold["paragraph_index"],
            )
        cell = tally[split][row["verdict"]]
        cell[0] += right
        cell[1] += 1
        if verdict.verdict == "not_found":
            shown[split][0] += bool(verdict.matches)
            shown[split][1] += 1
        rows.append(
            {
                "split": split,
                "lang": row["lang"],
                "gold": row["verdict"],
                "got": verdict.verdict,
                "right": right,
                "score": round(verdict.score, 3),
                "claim": row["claim"][:90],
                "match": verdict.matches[0].sentence[:90] if verdict.matches else "",
                "match_speaker": verdict.matches[0].citation.speaker if verdict.matches else "",
            }
        )
    out: dict = {
        split: {verdict: f"{ok}/{n}" for verdict, (ok, n) in sorted(cells.items())}
        for split, cells in sorted(tally.items())
    }
    out["not_found_with_closest_sentence"] = {s: f"{a}/{b}" for s, (a, b) in shown.items()}
    if args.show:
        out["rows"] = rows
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
