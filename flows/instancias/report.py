"""The provincial report: for each district instancia, meetings held, attendance by seat,
agreements due, done and overdue, plan progress and vacant seats, for a quarter or a year; a PDF
with charts (matplotlib, Agg: no display). Sent on request and at the start of each quarter."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time

from flows import places, reminders
from flows.core import SendDocument
from flows.instancias.common import can_manage_ports, vacant_seats
from flows.instancias.model import KIND_REPORT, in_lima, lima_to_utc, quarter_of, quarter_span
from flows.instancias.pdf import Document
from flows.ports import Ports
from flows.texts import t

REPORT_HOUR = time(9, 0)  # Lima: the quarterly report arrives in the morning of the quarter's first day


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None  # None: the whole year

    def span(self) -> tuple[date, date]:
        return quarter_span(self.year, self.quarter) if self.quarter else (date(self.year, 1, 1), date(self.year + 1, 1, 1))

    def label(self) -> str:
        return t("instancia-report-period", quarter=self.quarter or 0, year=str(self.year))


@dataclass(frozen=True)
class DistrictFigures:
    name: str
    meetings: int
    present: int  # seats present, summed over the recorded meetings
    recorded: int  # seats recorded
    due: int  # agreements due in the period
    done: int
    overdue: int  # still pending, past their date
    plan: int | None  # average progress of the year's activities, % (None: no plan)
    vacant: int

    @property
    def attendance(self) -> int | None:
        return round(100 * self.present / self.recorded) if self.recorded else None


def short_name(instancia) -> str:
    """The district's name (its place code, in places.yaml), else the instancia's own name."""
    district = places.district(instancia.place) if instancia.place else None
    return district.name if district else instancia.name


async def figures(ports: Ports, iid: int, period: Period, now: datetime) -> tuple[list[DistrictFigures], dict[str, tuple[int, int]]]:
    """Per district; and attendance by institution over the province: name -> (present, recorded)."""
    today = in_lima(now).date()
    start, end = period.span()
    since, until = lima_to_utc(start, time(0)), lima_to_utc(end, time(0))
    by_seat: dict[str, list[int]] = {}
    rows = []
    for child in await ports.instancias.children(iid):
        held = [m for m in await ports.instancias.past(child.id, min(until, now), limit=500) if since <= m.starts_at < until]
        names = {s.id: s.institution for s in await ports.instancias.seats(child.id)}
        present = recorded = 0
        for m in held:
            for seat_id, status in (await ports.instancias.seat_attendance(m.id)).items():
                counts = by_seat.setdefault(names.get(seat_id, "—"), [0, 0])
                counts[1] += 1
                recorded += 1
                if status == "present":
                    counts[0] += 1
                    present += 1
        agreements = [a for a in await ports.instancias.agreements([child.id], pending_only=False) if start <= a.due_on < end]
        activities = await ports.instancias.activities(child.id, period.year)
        rows.append(DistrictFigures(
            short_name(child), len(held), present, recorded, len(agreements),
            sum(1 for a in agreements if a.done), sum(1 for a in agreements if not a.done and a.due_on < today),
            round(sum(a.percent for a in activities) / len(activities)) if activities else None,
            len(await vacant_seats(ports, child.id)),
        ))
    return rows, {k: (v[0], v[1]) for k, v in sorted(by_seat.items())}


def district_line(f: DistrictFigures) -> str:
    return t(
        "instancia-report-line", name=f.name, meetings=f.meetings,
        attendance=f.attendance if f.attendance is not None else "none",
        due=f.due, done=f.done, overdue=f.overdue, plan=f.plan if f.plan is not None else "none", vacant=f.vacant,
    )


def _charts(rows: list[DistrictFigures], by_seat: dict[str, tuple[int, int]]) -> list[bytes]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    names = [r.name for r in rows]
    pngs = []

    def save(fig) -> None:
        buf = io.BytesIO()
        fig.tight_layout()
        fig.savefig(buf, format="png", dpi=110)
        plt.close(fig)
        pngs.append(buf.getvalue())

    fig, ax = plt.subplots(figsize=(7.5, 3.4))
    ax.bar(names, [r.meetings for r in rows], color="#6a4c93")
    ax.set_title(t("instancia-report-chart-meetings"))
    ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    ax.yaxis.get_major_locator().set_params(integer=True)
    save(fig)

    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    done = [r.done for r in rows]
    overdue = [r.overdue for r in rows]
    pending = [r.due - r.done - r.overdue for r in rows]
    ax.bar(names, done, color="#2a9d8f", label=t("instancia-report-done"))
    ax.bar(names, pending, bottom=done, color="#e9c46a", label=t("instancia-report-pending"))
    ax.bar(names, overdue, bottom=[a + b for a, b in zip(done, pending)], color="#e76f51", label=t("instancia-report-overdue"))
    ax.set_title(t("instancia-report-chart-agreements"))
    ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=8)
    save(fig)

    if by_seat:
        fig, ax = plt.subplots(figsize=(7.5, 0.5 + 0.35 * len(by_seat)))
        ax.barh(list(by_seat), [round(100 * p / r) if r else 0 for p, r in by_seat.values()], color="#457b9d")
        ax.set_xlim(0, 100)
        ax.set_title(t("instancia-report-chart-seats"))
        ax.tick_params(axis="y", labelsize=8)
        save(fig)
    return pngs


async def build(ports: Ports, iid: int, period: Period, now: datetime) -> bytes:
    inst = await ports.instancias.get(iid)
    rows, by_seat = await figures(ports, iid, period, now)
    doc = Document(t("instancia-report-title", name=inst.name), period.label())
    total = DistrictFigures(
        t("instancia-report-total"), sum(r.meetings for r in rows), sum(r.present for r in rows), sum(r.recorded for r in rows),
        sum(r.due for r in rows), sum(r.done for r in rows), sum(r.overdue for r in rows), None, sum(r.vacant for r in rows),
    )
    doc.heading(t("instancia-report-districts", count=len(rows)))
    for r in [*rows, total]:
        doc.line_text(district_line(r))
    doc.heading(t("instancia-report-seats"))
    for name, (present, recorded) in by_seat.items():
        doc.line_text(t("instancia-report-seat-line", institution=name, present=present, recorded=recorded))
    if not by_seat:
        doc.line_text(t("pdf-none"))
    for png in _charts(rows, by_seat):
        doc.ln(2)
        doc.image(io.BytesIO(png), w=doc.epw)
    doc.heading(t("instancia-report-law-head"))
    doc.line_text(t("instancia-law-31439"))
    return doc.bytes()


def filename(period: Period) -> str:
    return f"informe-{period.year}" + (f"-T{period.quarter}" if period.quarter else "") + ".pdf"


# ---------------------------------------------------------------------------------------------
# Each quarter, to whoever asked for it once: the quarter just ended.


def next_quarter_start(today: date) -> date:
    return quarter_span(today.year, quarter_of(today))[1]


async def schedule_next(ports: Ports, iid: int, user_id: int, today: date) -> None:
    start = next_quarter_start(today)
    ended = Period(today.year, quarter_of(today))
    await ports.reminders.schedule(KIND_REPORT, f"{iid}.{ended.year}.{ended.quarter}", lima_to_utc(start, REPORT_HOUR), user_id=user_id)


@reminders.renderer(KIND_REPORT)
async def render_report(ref: str, ports: Ports, now: datetime, user_id: int | None) -> list:
    iid, year, quarter = (int(p) for p in ref.split("."))
    if user_id is None or not await can_manage_ports(ports, user_id, iid):
        return []
    period = Period(year, quarter)
    await schedule_next(ports, iid, user_id, in_lima(now).date())
    return [SendDocument(filename(period), await build(ports, iid, period, now), t("instancia-report-caption", period=period.label()))]
