"""Charts of a report's tables (matplotlib, Agg: no display). A hidden cell gets no bar at all, only
its "<5" label, so no pixel of the picture depends on its value."""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from flows.observatorio.figures import Table  # noqa: E402

COLOUR = "#7b3f8c"  # the programme's purple, readable on a phone in daylight

def bar_chart(table: Table, subtitle: str = "") -> bytes:
    lines = [line for line in table.lines if line.value != 0] or list(table.lines)
    lines = lines[:12]
    fig = Figure(figsize=(8, 0.55 * len(lines) + 1.6), dpi=100)
    ax = fig.add_subplot()
    labels = [line.label if len(line.label) <= 38 else line.label[:37] + "…" for line in reversed(lines)]
    values = [line.value or 0 for line in reversed(lines)]
    bars = ax.barh(range(len(lines)), values, color=COLOUR)
    top = max(values + [5])
    for bar, line in zip(bars, reversed(lines)):
        ax.text(bar.get_width() + top * 0.02, bar.get_y() + bar.get_height() / 2, line.text, va="center", fontsize=10)
    ax.set_yticks(range(len(lines)), labels, fontsize=10)
    ax.set_xlim(0, top * 1.15)
    ax.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(table.title + (f"\n{subtitle}" if subtitle else ""), fontsize=12, loc="left")
    fig.tight_layout()
    buf = io.BytesIO()
    # No metadata: the same figures give the same bytes (a test relies on it).
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
