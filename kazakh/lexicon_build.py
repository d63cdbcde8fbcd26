"""Build ``kazakh/data/kk_wordforms.tsv``: folded key -> most frequent Cyrillic word form.

``python -m kazakh.lexicon_build SENTENCES.jsonl... > kazakh/data/kk_wordforms.tsv`` reads
JSONL lines with a ``text`` field (KazNERD's Kazakh TV-news sentences, CC BY 4.0) plus the
question and function words of ``data/kk_question_words.txt``, and writes one
``key<TAB>word<TAB>count`` line per key (forms seen at least twice). The lexicon lets
:func:`kazakh.script.to_cyrillic` read Kazakh typed in plain ASCII.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from kazakh.script import fold_key

QUESTION_WORDS = Path(__file__).with_name("data") / "kk_question_words.txt"

_WORD = re.compile(r"[а-яёәғқңөұүһі]+", re.IGNORECASE)


def count_forms(paths: list[Path]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"] if path.suffix == ".jsonl" else line
            counts.update(word.lower() for word in _WORD.findall(text))
    return counts


def main(argv: list[str] | None = None) -> int:
    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    for word, count in count_forms(paths).items():
        if count >= 2 and len(word) > 1:
            by_key[fold_key(word)][word] += count
    # Question and function words are rare in news text but common in what users type: they
    # outrank any news form with the same key.
    for word in QUESTION_WORDS.read_text(encoding="utf-8").split():
        by_key[fold_key(word)][word] += 1_000_000
    print("# key\tword\tcount -- built by python -m kazakh.lexicon_build (KazNERD, CC BY 4.0)")
    for key in sorted(by_key):
        word, count = by_key[key].most_common(1)[0]
        print(f"{key}\t{word}\t{sum(by_key[key].values())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
