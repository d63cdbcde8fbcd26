"""Precision and recall of the rule-based attributor on the kaznews set (dev and test apart).

Reads ``bench/data/kaznews/articles_*.jsonl`` and the gold ``speakers_*.jsonl`` (one line per
paragraph with a statement), attributes each article as ingest does and
compares per paragraph, names by :func:`kazakh.names.name_key` (a Latin-script article is
attributed on its Cyrillic reading, as ingest does: ``ingest.chunking.attribute_in_any_script``):

* ``precision``: paragraphs given a named speaker whose speaker is the gold one / paragraphs given
  a named speaker;
* ``recall``: gold paragraphs whose named speaker was found / gold paragraphs;
* ``role_only``: gold paragraphs the attributor left with a role and no name;
* ``outlet``: articles whose lead outlet :func:`ingest.attribution.extract_outlet` reads.

``--errors`` also lists the wrong and missed paragraphs (for dev only unless ``--split test``).

    python bench/attribution_kaznews.py [--split dev|test|all] [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.attribution import extract_outlet  # noqa: E402
from ingest.chunking import attribute_in_any_script  # noqa: E402
from kazakh.names import name_key  # noqa: E402

DATA = ROOT / "bench" / "data" / "kaznews"


def _read(pattern: str) -> list[dict]:
    rows: list[dict] = []
    for path in sorted(DATA.glob(pattern)):
        with path.open(encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    return rows


def measure(split: str, errors: bool = False) -> dict:
    articles = [a for a in _read("articles_*.jsonl") if split in ("all", a.get("split"))]
    gold: dict[tuple[str, int], dict] = {
        (g["article_id"], g["paragraph_index"]): g for g in _read("speakers_*.jsonl")
    }
    predicted = correct = gold_count = found = role_only = outlets = 0
    wrong: list[dict] = []
    for article in articles:
        paragraphs = article["paragraphs"]
        if extract_outlet(paragraphs[0]) is not None:
            outlets += 1
        for index, attribution in enumerate(attribute_in_any_script(paragraphs)):
            truth = gold.get((article["id"], index))
            right = truth is not None and name_key(truth["speaker"]) == name_key(
                attribution.speaker
            )
            if attribution.speaker:
                predicted += 1
                correct += right
            if truth is not None:
                gold_count += 1
                found += right
                role_only += not attribution.speaker and bool(attribution.role)
            if errors and not right and (truth is not None or attribution.speaker):
                wrong.append(
                    {
                        "article": article["id"],
                        "paragraph": index,
                        "gold": truth["speaker"] if truth else "",
                        "got": attribution.speaker,
                        "role": attribution.role,
                        "text": paragraphs[index][:300],
                    }
                )
    report = {
        "split": split,
        "articles": len(articles),
        "gold_paragraphs": gold_count,
        "predicted_paragraphs": predicted,
        "precision": round(correct / predicted, 3) if predicted else 0.0,
        "recall": round(found / gold_count, 3) if gold_count else 0.0,
        "role_only": role_only,
        "outlet_read": f"{outlets}/{len(articles)}",
    }
    if errors:
        report["errors"] = wrong
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    splits = ("dev", "test") if args.split == "all" else (args.split,)
    out = [measure(s, args.errors) for s in splits]
    print(json.dumps(out if len(out) > 1 else out[0], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
