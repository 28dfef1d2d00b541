"""Understanding measured by cross-validation over the example messages: for each of K folds, both
classifiers are learned without it and its messages go through the whole reading (rules, vetoes,
classifier). A larger measure than the held-out sets, and one no setting was tuned on before it
existed; the rules were written from these examples, so it flatters them a little.

    .venv/bin/python bench/understanding_cv.py [--folds 5] [--misses FILE]

Prints missed crises by kind and false alarms on ordinary messages; FILE gets every miss
(label, kinds read, text), one per line, tab-separated.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.texts import content_dir  # noqa: E402
from flows.understanding import crisis, learned  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--misses", type=Path)
    args = parser.parse_args()
    examples = [(text, label) for text, label in learned.crisis_examples(content_dir()) if not text.startswith("/")]
    order = list(range(len(examples)))
    random.Random(0).shuffle(order)
    fold_of = {i: n % args.folds for n, i in enumerate(order)}
    totals = {kind: [0, 0] for kind in ("danger", "suicide", "men_risk", "ordinary")}
    misses = []
    for fold in range(args.folds):
        start = time.perf_counter()
        kept = [e for i, e in enumerate(examples) if fold_of[i] != fold]
        # Both classifiers read their examples through crisis_examples: give them the other folds.
        learned.crisis_examples = crisis.crisis_examples = lambda directory, kept=kept: kept
        learned._crisis_classifier.cache_clear()
        crisis._veto_classifier.cache_clear()
        for i, (text, label) in enumerate(examples):
            if fold_of[i] != fold:
                continue
            found = crisis.read(text)
            wrong = bool(found) if label == "ordinary" else not (found.danger if label == "danger" else label in found.kinds)
            totals[label][0] += wrong
            totals[label][1] += 1
            if wrong:
                misses.append(f"{label}\t{','.join(sorted(found.kinds))}\t{text}")
        print(f"fold {fold + 1}/{args.folds}: {time.perf_counter() - start:.0f} s", flush=True)
    for kind, (wrong, total) in totals.items():
        label = "false alarms" if kind == "ordinary" else f"{kind} missed"
        print(f"  {label:18s} {wrong:5d}/{total:<5d} {wrong / max(total, 1):6.1%}")
    if args.misses:
        args.misses.write_text("\n".join(misses) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
