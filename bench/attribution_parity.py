"""Does a Latin-script article get the speakers its Cyrillic original gets?

Kazakh news is published in Cyrillic and in the 2018 and 2021 Latin alphabets. This bench
transliterates Cyrillic articles letter by letter into each Latin alphabet, attributes both
versions (``ingest.chunking.attribute_in_any_script``) and counts, over the paragraphs where either
version has a speaker, how often the two speakers are one person (``kazakh.names.name_key``).
A mismatch is a script-handling gap: the Latin reading lost a role word, a loan's spelling or a
name's key. Articles: the kaznews dev half's Cyrillic articles, or NTREX (``--ntrex``, read from
../shared). Mechanical transliteration writes English names in Latin Kazakh letters too, which
real articles do not, so NTREX's residue is partly that.

    python bench/attribution_parity.py [--ntrex PATH] [--show N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.chunking import attribute_in_any_script  # noqa: E402
from kazakh.names import name_key  # noqa: E402
from kazakh.script import to_latin_2018, to_latin_2021  # noqa: E402


def _kaznews_dev() -> list[tuple[str, list[str]]]:
    articles = []
    for path in sorted((ROOT / "bench" / "data" / "kaznews").glob("articles_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("split") == "dev" and row.get("script", "cyrl") == "cyrl":
                articles.append((row["id"], row["paragraphs"]))
    return articles


def measure(articles: list[tuple[str, list[str]]], show: int) -> dict:
    report: dict = {}
    for name, convert in (("latn2018", to_latin_2018), ("latn2021", to_latin_2021)):
        kinds: Counter[str] = Counter()
        same = total = 0
        examples = []
        for article_id, paragraphs in articles:
            cyrillic = attribute_in_any_script(paragraphs)
            latin = attribute_in_any_script([convert(p) for p in paragraphs])
            for index, (c, lat) in enumerate(zip(cyrillic, latin, strict=True)):
                if not c.speaker and not lat.speaker:
                    continue
                total += 1
                if name_key(c.speaker) == name_key(lat.speaker):
                    same += 1
                    continue
                kinds["lost" if not lat.speaker else "extra" if not c.speaker else "other"] += 1
                if len(examples) < show:
                    examples.append([article_id, index, c.speaker, lat.speaker])
        report[name] = {
            "paragraphs": total,
            "same_speaker": round(same / total, 3) if total else 1.0,
            "mismatches": dict(kinds),
            "examples": examples,
        }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ntrex", type=Path, help="NTREX kk_articles.jsonl instead of kaznews dev")
    parser.add_argument("--show", type=int, default=0, help="list this many mismatches")
    args = parser.parse_args()
    if args.ntrex:
        rows = [json.loads(line) for line in args.ntrex.read_text(encoding="utf-8").splitlines()]
        articles = [(row["id"], row["paragraphs"]) for row in rows]
    else:
        articles = _kaznews_dev()
    report = {"articles": len(articles), **measure(articles, args.show)}
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
