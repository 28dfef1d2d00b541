"""Dates and times as staff type them and people read them: always Lima time (UTC-5, no DST)."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flows.places import fold
from flows.texts import t

LIMA = ZoneInfo("America/Lima")

# Typed dates may name the month ("28 de noviembre"); folded, without accents.
MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [("enero", "ene"), ("febrero", "feb"), ("marzo", "mar"), ("abril", "abr"), ("mayo", "may"), ("junio", "jun"),
         ("julio", "jul"), ("agosto", "ago"), ("septiembre", "setiembre", "set", "sep"), ("octubre", "oct"),
         ("noviembre", "nov"), ("diciembre", "dic")]
    )
    for name in names
}


def parse_date(typed: str, today: date) -> date | None:
    """ "28/11", "28-11-2026", "28 de noviembre". Without a year: the next such day from today."""
    text = fold(typed)
    m = re.fullmatch(r"(\d{1,2}) (\d{1,2})(?: (\d{2}|\d{4}))?", text)
    if m:
        day, month, year = int(m[1]), int(m[2]), m[3]
    else:
        m = re.fullmatch(r"(?:[a-z]+ )?(\d{1,2}) (?:de )?([a-z]+)(?: (?:de |del )?(\d{4}))?", text)
        if not m or m[2] not in MONTHS:
            return None
        day, month, year = int(m[1]), MONTHS[m[2]], m[3]
    try:
        if year:
            return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
        found = date(today.year, month, day)
        return found if found >= today else date(today.year + 1, month, day)
    except ValueError:
        return None


def parse_time(typed: str) -> time | None:
    """ "18:30", "18h", "6 pm", "6:30 p. m.", "6 de la tarde"."""
    text = re.sub(r"(\d) ?(horas|hrs|hs|h)\b", r"\1", fold(typed))
    m = re.fullmatch(r"(\d{1,2})(?: (\d{2}))? *(a m|am|p m|pm|de la manana|de la tarde|de la noche)?", " ".join(text.split()))
    if not m:
        return None
    hour, minute, part = int(m[1]), int(m[2] or 0), m[3] or ""
    if part in ("pm", "p m", "de la tarde", "de la noche") and hour < 12:
        hour += 12
    elif part in ("am", "a m", "de la manana") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def lima_to_utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LIMA).astimezone(ZoneInfo("UTC"))


def today_in_lima(now: datetime) -> date:
    return now.astimezone(LIMA).date()


def say_when(moment: datetime) -> str:
    """ "sábado 28 de noviembre, 18:30" in Lima time."""
    local = moment.astimezone(LIMA)
    return t("ep-when", weekday=local.weekday(), day=local.day, month=local.month, time=local.strftime("%H:%M"))


def say_short(moment: datetime) -> str:
    """ "28/11 18:30": for buttons."""
    return moment.astimezone(LIMA).strftime("%d/%m %H:%M")


def parse_hours(typed: str) -> tuple[int, ...] | None:
    """ "24 y 2" -> minutes before the start (48, 2 ...); up to a week, at most three."""
    hours = sorted({int(h) for h in re.findall(r"\d+", typed)}, reverse=True)
    if not hours or len(hours) > 3 or any(h < 1 or h > 168 for h in hours):
        return None
    return tuple(h * 60 for h in hours)




def say_hours(minutes: tuple[int, ...]) -> str:
    return t("ep-remind-hours", hours=" y ".join(str(m // 60) for m in minutes))


def reminder_times(starts_at: datetime, minutes: tuple[int, ...], now: datetime) -> list[datetime]:
    """The reminders still ahead: one meant for 24 h before is skipped when he signs up 3 h before."""
    return [starts_at - timedelta(minutes=m) for m in minutes if starts_at - timedelta(minutes=m) > now]
