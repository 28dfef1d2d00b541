"""/disponibilidad: a staff member says how many open cases she can hold, her hours and when she
is away. Routing (routing.py) reads it for every request."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from flows import app, places, when
from flows.accompaniment.ports import Availability
from flows.core import Button, Command, Event, Outcome, Press, State, Text
from flows.ports import Ctx
from flows.roles import STAFF_ROLES
from flows.texts import t

FLOW = "availability"
MAX_CHOICES = ("1", "2", "3", "5", "0")  # 0: no limit


async def _is_staff(ctx: Ctx) -> bool:
    return ctx.person.user_id is not None and any(g.role in STAFF_ROLES for g in await ctx.ports.roles.grants(ctx.person.user_id))


_HOUR = r"\d{1,2}(?: \d{2})?(?: ?[ap] ?m)?"


def parse_hours(typed: str) -> tuple[int, int] | None:
    """ "8-17", "8 a 17", "8 am a 5 pm", "de 14:00 a 20:00": whole hours, Lima."""
    text = re.sub(r"^(?:de|desde) ", "", places.fold(typed))
    found = re.fullmatch(rf"({_HOUR}) (?:a |hasta )?({_HOUR})", text)
    if not found:
        return None
    start, end = when.parse_time(found[1]), when.parse_time(found[2])
    if start is None or end is None or start.hour == end.hour:
        return None
    return start.hour, end.hour


def parse_absence(typed: str, today: date) -> tuple[date | None, date] | None:
    """ "hasta el 15/12" -> (None, 15/12); "del 20/12 al 5/1" -> (20/12, 5/1). Dates in Lima."""
    text = re.sub(r"^(?:hasta el|hasta|desde el|desde|del|de) ", "", places.fold(typed))
    parts = re.split(r" (?:al|hasta el|hasta|a) ", text)
    if len(parts) == 1:
        end = when.parse_date(parts[0], today)
        return (None, end) if end else None
    if len(parts) != 2:
        return None
    start, end = when.parse_date(parts[0], today), when.parse_date(parts[1], today)
    if start is None or end is None or end < start:
        return None
    return start, end


def _say_hours(mine: Availability) -> str:
    if mine.hours_from is None or mine.hours_to is None:
        hours = t("team-av-any-hour")
    else:
        hours = t("team-av-hours-range", start=mine.hours_from, end=mine.hours_to)
    return hours + (" · " + t("team-av-weekdays") if mine.weekdays_only else "")


async def _view(ctx: Ctx, before: str | None = None) -> Outcome:
    me = ctx.person.user_id
    mine = (await ctx.ports.cases.availability([me]))[me]
    count = (await ctx.ports.cases.open_counts([me]))[me]
    if mine.away(ctx.now):
        away = t("team-av-away-until", until=when.say_when(mine.away_until))
    elif mine.away_until and mine.away_until > ctx.now:
        away = t("team-av-away-planned", start=when.say_when(mine.away_from), until=when.say_when(mine.away_until))
    else:
        away = t("team-av-present")
    text = t("team-av-view", max=mine.max_cases or 0, count=count, hours=_say_hours(mine), away=away)
    if before:
        text = before + "\n\n" + text
    rows = [
        [Button(t("team-button-max", max=int(m)), "av_max", m) for m in MAX_CHOICES],
        [Button(t("team-button-hours"), "av_hours"), Button(t("team-button-all-day"), "av_all_day")],
        Button(t("team-button-weekdays" if not mine.weekdays_only else "team-button-every-day"), "av_days"),
        [Button(t("team-button-away"), "av_away")] + ([Button(t("team-button-back-at-work"), "av_back")] if mine.away_until else []),
        app.menu_button(),
    ]
    return Outcome(State(FLOW, "view")).reply(text, *rows)


async def _change(ctx: Ctx, **fields) -> Outcome:
    me = ctx.person.user_id
    mine = (await ctx.ports.cases.availability([me]))[me]
    await ctx.ports.cases.set_availability(replace(mine, **fields))
    await ctx.ports.roles.audit(me, "staff.availability", f"user:{me}")
    return await _view(ctx, t("team-av-saved"))


def _midnight(day: date) -> datetime:
    return when.lima_to_utc(day, time(0))


async def _on_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    if not await _is_staff(ctx):
        return Outcome(State()).reply(t("acc-staff-only"), app.menu_button())
    match event, state.step:
        case Press(action="av_max", arg=m), _ if m in MAX_CHOICES:
            return await _change(ctx, max_cases=int(m) or None)
        case Press(action="av_all_day"), _:
            return await _change(ctx, hours_from=None, hours_to=None)
        case Press(action="av_days"), _:
            me = ctx.person.user_id
            mine = (await ctx.ports.cases.availability([me]))[me]
            return await _change(ctx, weekdays_only=not mine.weekdays_only)
        case Press(action="av_back"), _:
            return await _change(ctx, away_from=None, away_until=None)
        case Press(action="av_hours"), _:
            return Outcome(state.at("hours")).reply(t("team-av-ask-hours"), Button(t("button-back"), "av_view"))
        case Press(action="av_away"), _:
            return Outcome(state.at("away")).reply(t("team-av-ask-away"), Button(t("button-back"), "av_view"))
        case Press(action="av_view"), _:
            return await _view(ctx)
        case Text(text=typed), "hours":
            hours = parse_hours(typed)
            if hours is None:
                return Outcome(state).reply(t("team-av-hours-unclear"), Button(t("button-back"), "av_view"))
            return await _change(ctx, hours_from=hours[0], hours_to=hours[1])
        case Text(text=typed), "away":
            today = when.today_in_lima(ctx.now)
            found = parse_absence(typed, today)
            if found is None or found[1] < today:
                return Outcome(state).reply(t("team-av-away-unclear"), Button(t("button-back"), "av_view"))
            start, end = found
            return await _change(ctx, away_from=_midnight(start) if start else None, away_until=_midnight(end + timedelta(days=1)))
    return None


async def _show(state: State, ctx: Ctx) -> Outcome:
    if not await _is_staff(ctx):
        return app.show_screen("menu")
    return await _view(ctx)


app.register(app.Flow(FLOW, start=_show, show=_show, on_event=_on_event))


@app.command("disponibilidad")
async def availability_command(cmd: Command, state: State, ctx: Ctx) -> Outcome:
    if not await _is_staff(ctx):
        return Outcome(state).reply(t("acc-staff-only"), app.menu_button())
    return await _view(ctx)
