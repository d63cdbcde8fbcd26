# Data: KazNERD (IS2AI/KazNERD), Yeshpanov et al., "KazNERD: Kazakh Named Entity Recognition
# Dataset", LREC 2022, licensed CC BY 4.0. The sentences are read from shared/data/kaznerd; the
# hand-checked sample beside this file (attribution_kaznerd_checked.jsonl) quotes some of them.
"""How the rule-based attributor behaves on real Kazakh TV-news sentences.

Selects the KazNERD sentences that contain "деді", "айтты" or a «quote», runs
:func:`ingest.attribution.attribute_article` on each one alone (one sentence = one article, so
pronouns cannot resolve), and prints JSON counts. ``--sample N`` also prints a reproducible random
sample of predictions (from the default pool: half with деді/айтты, half with «» only).
``--pool other-verbs`` reads instead the sentences with other verbs of saying (мәлімдеді, атап
өтті, айтуынша, ...) and none of those.

The hand-checked rows in attribution_kaznerd_checked.jsonl are ``--sample 70 --seed 7``,
``--pool other-verbs --sample 40 --seed 11`` and, held out (checked once, after the rules were
written), ``--pool other-verbs --sample 50 --seed 23`` less the rows of the previous sample.

    python bench/attribution_kaznerd.py [--data PATH] [--pool selected|other-verbs] [--sample N]
        [--seed S]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.attribution import attribute_article  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "kaznerd" / "sentences.jsonl"
_VERB = re.compile(r"(?<!\w)(?:деді|айтты)(?!\w)")
_SELECT = re.compile(rf"{_VERB.pattern}|«")
# A second pool, for checking on sentences the rules were not written from: other verbs only.
_OTHER = re.compile(
    r"(?<!\w)(?:мәлімдеді|атап өтті|тоқталды|хабарлады|түсіндірді|жеткізді|дейді|айтады"
    r"|айтуынша|сөзінше|пікірінше|деп санайды|деп есептейді)(?!\w)"
)


def select(path: Path, pool: str = "selected") -> list[dict[str, str]]:
    """The sentences with деді / айтты / a «quote» ("selected"), or with another verb of saying
    and none of those ("other-verbs"), in file order."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text = row["text"]
            if pool == "selected":
                keep = _SELECT.search(text) is not None
            else:
                keep = _OTHER.search(text) is not None and _SELECT.search(text) is None
            if keep:
                rows.append({"id": row["id"], "text": text})
    return rows


def predict(row: dict[str, str]) -> dict[str, object]:
    attribution = attribute_article([row["text"]])[0]
    return {
        **row,
        "speaker": attribution.speaker,
        "role": attribution.role,
        "kind": attribution.kind,
        "quotes": list(attribution.quotes),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sample", type=int, default=0, help="also print N random predictions")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pool", choices=("selected", "other-verbs"), default="selected")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"error: no KazNERD sentences at {args.data}", file=sys.stderr)
        return 2
    predictions = [predict(row) for row in select(args.data, args.pool)]
    kinds = Counter(p["kind"] for p in predictions)
    report: dict[str, object] = {
        "pool": args.pool,
        "selected": len(predictions),
        "with_dedi_or_aitty": sum(1 for p in predictions if _VERB.search(str(p["text"]))),
        "with_guillemets": sum(1 for p in predictions if "«" in str(p["text"])),
        "kinds": dict(sorted(kinds.items())),
        "named_speaker": sum(1 for p in predictions if p["speaker"]),
        "role_only": sum(1 for p in predictions if not p["speaker"] and p["role"]),
        "direct_without_speaker_or_role": sum(
            1 for p in predictions if p["kind"] == "direct" and not p["speaker"] and not p["role"]
        ),
    }
    if args.sample:
        # half from each stratum: most «» sentences only name a programme, which would crowd out
        # the verbs of saying in a plain random sample
        rng = random.Random(args.seed)
        verbs = [p for p in predictions if _VERB.search(str(p["text"]))]
        others = [p for p in predictions if not _VERB.search(str(p["text"]))]
        half = args.sample // 2 if args.pool == "selected" else 0
        report["sample"] = rng.sample(verbs, min(half, len(verbs))) + rng.sample(
            others, min(args.sample - half, len(others))
        )
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
