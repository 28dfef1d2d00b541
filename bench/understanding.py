"""Understanding measured on the held-out sets of tests/understanding/corpus (never learned from).

    .venv/bin/python bench/understanding.py [--misses]

Prints, per set: recall of danger (and by kind), of suicide and self-harm, of men at risk, the
share of ordinary messages and typed requests with no crisis answer (1 - false alarms), typed
requests followed to their intent and on topic (followed, or offered among the choices), with the
rules alone and with what the examples taught, and the time per message.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows import places  # noqa: E402
from flows.understanding import crisis  # noqa: E402
from flows.understanding.measure import measure  # noqa: E402


def main() -> None:
    show_misses = "--misses" in sys.argv
    crisis.read("hola")  # train once before timing
    for folder in sorted((ROOT / "tests" / "understanding" / "corpus").iterdir()):
        start = time.perf_counter()
        figures = measure(folder, places.place_in_text)
        elapsed = time.perf_counter() - start
        count = sum(f.total for name, f in figures.items() if "/" not in name and not name.startswith("requests_followed"))
        print(f"\n{folder.name}  ({count} messages, {1000 * elapsed / max(count, 1):.1f} ms each)")
        rules = _rules_only(folder)
        for name, figure in figures.items():
            label = "no false alarm" if name == "false_alarms" else name
            alone = f"   rules alone {rules[name].rate:6.1%}" if name in rules else ""
            print(f"  {label:24s} {figure.hits:4d}/{figure.total:<4d} {figure.rate:6.1%}{alone}")
            if show_misses and figure.misses and "/" not in name:
                for text in figure.misses:
                    print(f"      - {text}")


def _rules_only(folder: Path) -> dict:
    original = crisis.read
    crisis.read = lambda text, model=None, learned=True: original(text, model, learned=False)
    try:
        return {k: v for k, v in measure(folder).items() if not k.startswith("requests")}
    finally:
        crisis.read = original


if __name__ == "__main__":
    main()
