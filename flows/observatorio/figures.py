"""From counters to what people read: tables where every cell under 5 is "<5", in every output.

Suppression rule (the same for the text, the charts, the PDF and the CSV):
- a cell of 1 to 4 is shown as "<5"; 0 and 5 or more are shown as they are;
- a total is exact only when none of its cells is hidden. Otherwise it is shown as "más de N",
  N being the sum of the cells that are shown (or "menos de 5k" when all k cells are hidden), so
  it says nothing the visible cells do not already say. Rounding the total was weighed and not
  taken: a rounded total next to the other cells can still pin a hidden one down (41 shown, 4
  hidden, total 45 rounded to 50 leaves only 4).
- no figure is shown twice in two shapes (requests are shown by kind only, never also as a
  "cases opened" total), so one table cannot be subtracted from another.
- a chart draws only the cells that are shown; a hidden cell gets no bar, only the "<5" label.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from flows import places
from flows.observatorio import ports as m
from flows.texts import has, t

HIDDEN = "<5"
THRESHOLD = 5


def shown(n: int) -> str:
    return HIDDEN if 0 < n < THRESHOLD else str(n)


@dataclass(frozen=True)
class Line:
    label: str
    value: int | None  # None: hidden (1 to 4); the real value never leaves this module

    @property
    def text(self) -> str:
        return HIDDEN if self.value is None else str(self.value)


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    lines: tuple[Line, ...]
    total: str | None = None  # None: the lines are not parts of a whole
    note: str = ""

    @property
    def empty(self) -> bool:
        return all(line.value == 0 for line in self.lines)


def suppress(key: str, title: str, counts: list[tuple[str, int]], with_total: bool = True, note: str = "") -> Table:
    lines = tuple(Line(label, None if 0 < n < THRESHOLD else n) for label, n in counts)
    total = None
    if with_total and len(lines) > 1:
        hidden = [line for line in lines if line.value is None]
        visible = sum(line.value or 0 for line in lines)
        if not hidden:
            total = str(visible)
        elif visible:
            total = t("obs-more-than", n=visible)
        else:
            total = t("obs-less-than", n=THRESHOLD * len(hidden))
    return Table(key, title, lines, total, note)


def _label(dim: str) -> str:
    """A dimension's words: its own text, or the screen button's without the emoji."""
    for prefix in ("obs-dim-", "button-"):
        if has(prefix + dim):
            return re.sub(r"^[^\w¿¡(]+", "", t(prefix + dim))
    return dim


def _bucket_label(dim: str) -> str:
    return t("obs-bucket", kind=dim[:2], minutes=int(dim[2:]))


def _by_dim(cells: list[m.Cell], metric: str) -> dict[str, int]:
    found: dict[str, int] = defaultdict(int)
    for c in cells:
        if c.metric == metric:
            found[c.dim] += c.count
    return found


def _ranked(counts: dict[str, int], label=_label) -> list[tuple[str, int]]:
    return [(label(d), n) for d, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _fixed(counts: dict[str, int], dims: tuple[str, ...], label=_label) -> list[tuple[str, int]]:
    return [(label(d), counts.get(d, 0)) for d in dims]


def first_answer_note(counts: dict[str, int]) -> str:
    """Median and 90th percentile, as the bucket they fall in; only from five answers up."""
    order = [f"le{b}" for b in m.BUCKETS] + [f"gt{m.BUCKETS[-1]}"]
    total = sum(counts.get(d, 0) for d in order)
    if total < THRESHOLD:
        return ""
    found = {}
    running = 0
    for d in order:
        running += counts.get(d, 0)
        for name, share in (("median", 0.5), ("p90", 0.9)):
            if name not in found and running >= share * total:
                found[name] = _bucket_label(d)
    return t("obs-first-answer-note", median=found["median"], p90=found["p90"])


FEEDBACK_OUTCOMES = ("helped", "not_gone", "no_answer", "closed", "money", "refused", "mistreated")
PROBLEMS = ("no_answer", "closed", "money", "refused", "mistreated")


def tables(cells: list[m.Cell]) -> list[Table]:
    """The report's tables, in reading order."""
    d = lambda metric: _by_dim(cells, metric)  # noqa: E731
    buckets = d(m.FIRST_ANSWER)
    bucket_dims = tuple(f"le{b}" for b in m.BUCKETS) + (f"gt{m.BUCKETS[-1]}",)
    single = lambda metric: d(metric).get("", 0)  # noqa: E731
    return [
        suppress("orientation", t("obs-t-orientation"), _ranked({k: n for k, n in d(m.ORIENTATION).items() if k != "menu"})),
        suppress("selfcheck", t("obs-t-selfcheck"), _ranked(d(m.SELFCHECK))),
        suppress("emergency", t("obs-t-emergency"), _ranked(d(m.EMERGENCY))),
        suppress("request", t("obs-t-request"), _fixed(d(m.REQUEST), ("mentora", "psicologa", "facilitador"))),
        suppress("cases", t("obs-t-cases"), [(t("obs-closed"), single(m.CASE_CLOSED)), (t("obs-escalated"), single(m.ESCALATION))], with_total=False),
        suppress("first-answer", t("obs-t-first-answer"), _fixed(buckets, bucket_dims, _bucket_label), note=first_answer_note(buckets)),
        suppress("reflection", t("obs-t-reflection"), _fixed(d(m.REFLECTION), ("registered", "attended")), with_total=False),
        suppress("meetings", t("obs-t-meetings"), [(t("obs-meetings-held"), single(m.MEETING))], with_total=False),
        suppress("attendance", t("obs-t-attendance"), _ranked(d(m.ATTENDANCE))),
        suppress("agreements", t("obs-t-agreements"), _fixed(d(m.AGREEMENT), ("due", "done", "overdue")), with_total=False),
        suppress("feedback", t("obs-t-feedback"), _fixed(d(m.FEEDBACK), FEEDBACK_OUTCOMES, lambda o: t(f"fb-outcome-{o}"))),
    ]


# Tables drawn as charts in the report (the others are in the PDF and the CSV).
CHARTED = ("orientation", "request", "emergency", "feedback")


@dataclass(frozen=True)
class Problem:
    service: str  # "kind|name"
    district: str
    outcome: str
    count: int  # 5 or more: never a hidden cell

    @property
    def name(self) -> str:
        kind, _, name = self.service.partition("|")
        return f"{name} ({t(f'kind-{kind}') if has(f'kind-{kind}') else kind})"


def problems(cells: list[m.Cell]) -> list[Problem]:
    """Services with 5 or more reports of one problem (a quarter's cells): for the instancia and
    the directory's staff."""
    found = [
        Problem(c.service, c.district, c.dim, c.count)
        for c in cells
        if c.metric == m.FEEDBACK and c.service and c.dim in PROBLEMS and c.count >= THRESHOLD
    ]
    return sorted(found, key=lambda p: (p.district, p.service, -p.count))


def problem_short(p: Problem) -> str:
    return t("obs-problem-short", service=p.name, outcome=t(f"fb-outcome-{p.outcome}"), count=p.count)


def problems_text(found: list[Problem]) -> str:
    lines = []
    for p in found:
        place = places.district(p.district)
        lines.append(t("obs-problem-line", service=p.name, place=place.name if place else p.district, outcome=t(f"fb-outcome-{p.outcome}"), count=p.count))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


def area_label(area: str) -> str:
    """ "" is the whole country; otherwise a district, province or region code."""
    if not area:
        return t("obs-area-all")
    if district := places.district(area):
        return district.label
    for d in places.districts():
        if d.province_code == area:
            return t("obs-area-province", province=d.province_name, region=d.region_name)
        if d.region == area:
            return t("obs-area-region", region=d.region_name)
    return area


def month_label(month: str) -> str:
    year, number = month.split("-")
    return t("obs-month", month=int(number), year=year)


def summary(area: str, month: str, report: list[Table]) -> str:
    """The short text that goes with the charts in Telegram."""
    parts = [t("obs-title", area=area_label(area), month=month_label(month))]
    for table in report:
        if table.empty:
            continue
        shown_lines = ", ".join(f"{line.label}: {line.text}" for line in table.lines if line.value != 0)
        total = f" ({t('obs-total')}: {table.total})" if table.total else ""
        parts.append(f"• {table.title}: {shown_lines}{total}")
        if table.note:
            parts.append(f"  {table.note}")
    if len(parts) == 1:
        parts.append(t("obs-nothing"))
    parts.append(t("obs-footer"))
    return "\n".join(parts)


def csv_rows(report: list[Table]) -> list[list[str]]:
    rows = [[t("obs-csv-table"), t("obs-csv-label"), t("obs-csv-value")]]
    for table in report:
        rows += [[table.title, line.label, line.text] for line in table.lines]
        if table.total:
            rows.append([table.title, t("obs-total"), table.total])
    return rows
