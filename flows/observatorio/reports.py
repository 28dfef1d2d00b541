"""Who gets which report, /observatorio on demand, and the quarterly list of services with problems.

A report goes out as a reminder (kind KIND_REPORT, ref "area|month") so the on-demand and the
monthly ones take one path, each goes out once, and the charts are drawn by the scheduler, not
while she waits in a chat. The drawing itself is in bot/reports.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from flows import app
from flows.core import Button, Command, Effect, Outcome, Press, Reply, State
from flows.observatorio import figures
from flows.observatorio import ports as m
from flows.ports import Ctx, Ports
from flows.reminders import renderer
from flows.roles import ADMIN, COORDINADORA, SECRETARIA, Grant
from flows.instancias.model import Meeting
from flows.texts import t
from flows.when import say_when, today_in_lima

KIND_REPORT = "observatorio.report"
KIND_PROBLEMS = "observatorio.problems"
REPORT_ROLES = (ADMIN, COORDINADORA, SECRETARIA)


async def area_of(ports: Ports, role: str, scope: str) -> str | None:
    """The territory a grant sees: everything for an admin, her district or province for a
    coordinadora, the instancia's place for its secretaría técnica."""
    if role == ADMIN:
        return ""
    if role == COORDINADORA and scope.partition(":")[0] in ("district", "province"):
        return scope.partition(":")[2]
    if role == SECRETARIA and scope.startswith("instancia:") and ports.instancias is not None:
        instancia = await ports.instancias.get(int(scope.partition(":")[2]))
        return instancia.place if instancia else None
    return None


async def areas(ports: Ports, grants: list[Grant]) -> list[str]:
    """Her areas, without those inside another of hers: a province's report next to one of its
    districts' would let the rest of the province be worked out by subtraction, hidden cells too."""
    found: list[str] = []
    for g in grants:
        area = await area_of(ports, g.role, g.scope)
        if area is not None and area not in found:
            found.append(area)
    return [a for a in found if not any(_within(a, other) for other in found if other != a)]


def _within(area: str, other: str) -> bool:
    return other == "" or area.startswith(other + "/")


def parse_month(typed: str, now: datetime) -> str | None:
    """ "", "2026-11", "11/2026", "11-2026"; empty: last month."""
    typed = typed.strip()
    if not typed:
        return m.previous_month(today_in_lima(now))
    match = re.fullmatch(r"(\d{4})-(\d{1,2})|(\d{1,2})[/-](\d{4})", typed)
    if not match:
        return None
    year, month = (match[1], match[2]) if match[1] else (match[4], match[3])
    return f"{year}-{int(month):02d}" if 1 <= int(month) <= 12 else None


@app.command("observatorio")
async def observatorio(cmd: Command, state: State, ctx: Ctx) -> Outcome:
    month = parse_month(cmd.args, ctx.now)
    mine = await areas(ctx.ports, await ctx.ports.roles.grants(ctx.person.user_id)) if ctx.person.user_id else []
    if not mine:
        return Outcome(state).reply(t("obs-not-staff"), app.menu_button())
    if month is None:
        return Outcome(state).reply(t("obs-bad-month"))
    if month >= m.month_of(ctx.now):
        # A month still running changes from one request to the next: two reports an hour apart
        # would tell that someone in the district did something in that hour. Only closed months.
        return Outcome(state).reply(t("obs-month-not-over"))
    if len(mine) == 1:
        return await _order(mine[0], month, state, ctx)
    rows = [[Button(figures.area_label(area)[:60], "obs", f"{month}.{i}")] for i, area in enumerate(mine)]
    return Outcome(state).reply(t("obs-choose-area"), *rows)


@app.action("obs")
async def _chose(press: Press, state: State, ctx: Ctx) -> Outcome:
    month, _, index = press.arg.partition(".")
    mine = await areas(ctx.ports, await ctx.ports.roles.grants(ctx.person.user_id)) if ctx.person.user_id else []
    if not index.isdigit() or int(index) >= len(mine) or not re.fullmatch(r"\d{4}-\d{2}", month):
        return Outcome(state).reply(t("stale-button"), app.menu_button())
    return await _order(mine[int(index)], month, state, ctx)


async def _order(area: str, month: str, state: State, ctx: Ctx) -> Outcome:
    await ctx.ports.reminders.schedule(KIND_REPORT, f"{area}|{month}", ctx.now, user_id=ctx.person.user_id)
    return Outcome(state).reply(t("obs-preparing", area=figures.area_label(area), month=figures.month_label(month)))


async def may_see(ports: Ports, user_id: int | None, area: str) -> bool:
    """Checked again when a report is drawn: a grant revoked since it was asked for stops it."""
    return user_id is not None and area in await areas(ports, await ports.roles.grants(user_id))


@renderer(KIND_PROBLEMS)
async def problems_notice(ref: str, ports: Ports, now: datetime, user_id: int | None) -> list[Effect]:
    """Each quarter, to an instancia's secretaría (ref "quarter|area|instancia id": the item goes
    on its next meeting's agenda) and to admins (ref "quarter|area|": they keep the directory):
    services with 5 or more reports of one problem."""
    quarter, area, instancia_id = ref.split("|")
    if not await may_see(ports, user_id, area):
        return []
    found = figures.problems(await ports.stats.cells(area, m.months_of_quarter(quarter), m.FEEDBACK))
    if not found:
        return []
    text = t("obs-problems", quarter=quarter, area=figures.area_label(area)) + "\n\n" + figures.problems_text(found)
    if not instancia_id:
        return [Reply(text + "\n\n" + t("obs-problems-directory"))]
    meeting = await put_on_agenda(ports, int(instancia_id), quarter, found, now)
    after = t("obs-problems-agenda", when=say_when(meeting.starts_at)) if meeting else t("obs-problems-no-meeting")
    return [Reply(text + "\n\n" + after)]


async def put_on_agenda(ports: Ports, instancia_id: int, quarter: str, found: list[figures.Problem], now: datetime) -> Meeting | None:
    """One item on the instancia's next meeting's agenda, once (two secretarías, or a restart, find
    it there already). None when no meeting is planned."""
    upcoming = await ports.instancias.upcoming(instancia_id, now, limit=1)
    if not upcoming:
        return None
    title = t("obs-agenda-item", quarter=quarter, problems="; ".join(figures.problem_short(p) for p in found))
    if all(item.title != title for item in await ports.instancias.items(upcoming[0].id)):
        await ports.instancias.add_item(upcoming[0].id, title, None, None, True, None)
    return upcoming[0]


# ---------------------------------------------------------------------------------------------
# The first working day of a month, when the scheduler sends last month's report.


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous algorithm): Holy Thursday and Good Friday are holidays."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    mm = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * mm + 90) // 25
    return date(year, month, (h + l - 7 * mm + 33 * month + 19) % 32)


def holidays(year: int) -> set[date]:
    """National holidays that can fall in a month's first days (Peru: 1 January, Holy Thursday and
    Good Friday, 1 May, 1 November)."""
    easter = _easter(year)
    return {date(year, 1, 1), date(year, 5, 1), date(year, 11, 1), easter - timedelta(days=3), easter - timedelta(days=2)}


def first_working_day(year: int, month: int) -> date:
    day = date(year, month, 1)
    while day.weekday() >= 5 or day in holidays(year):
        day += timedelta(days=1)
    return day
