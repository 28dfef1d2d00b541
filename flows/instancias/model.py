"""What an instancia is to the flows, the port storage implements, and the pure rules on dates."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

from flows.when import LIMA, lima_to_utc, today_in_lima

LEVELS = ("regional", "provincial", "district")
DEFAULT_OFFSETS = (2 * 86400, 2 * 3600)  # 2 days and 2 hours before
AGREEMENT_DAYS_BEFORE = 3
AGREEMENT_HOUR = time(9, 0)  # Lima: reminders about agreements arrive in the morning (AGREEMENT_REMINDER_HOUR)
SERIES_MONTHS = 12  # a monthly series is stored as its next twelve occurrences
GROUP_ROLE = "grupo"  # an invite code of this role links a Telegram group, it grants nothing to a person

# Reminder kinds (flows.reminders); refs are parsed back by the renderers.
KIND_MEETING = "instancia.meeting"
KIND_NEWS = "instancia.news"
KIND_AGREEMENT = "instancia.agreement"
KIND_VOTE = "instancia.vote"  # a vote's closing time: its result is counted and told
KIND_DIGEST = "instancia.digest"  # the RSVP digest at a moment the secretaría chose
KIND_POST = "instancia.post"  # a document or poll for a member or the group, made when it goes out
KIND_REPORT = "instancia.report"  # the provincial report, each quarter

PROPOSALS_CLOSE = timedelta(hours=24)  # members propose agenda points until a day before the meeting
ATTENDANCE = ("present", "excused", "absent")


@dataclass(frozen=True)
class Instancia:
    id: int
    name: str
    level: str
    place: str
    parent_id: int | None
    offsets: tuple[int, ...]
    has_group: bool = False
    group_version: int = 0


@dataclass(frozen=True)
class Meeting:
    id: int
    instancia_id: int
    starts_at: datetime
    place: str
    agenda: str
    version: int
    series_id: int | None = None
    recurrence: str | None = None
    cancelled: bool = False
    attendance_recorded: bool = False


@dataclass(frozen=True)
class Agreement:
    id: int
    instancia_id: int
    text: str
    institution: str
    due_on: date
    done: bool = False
    seat_id: int | None = None
    meeting_id: int | None = None
    activity_id: int | None = None


@dataclass(frozen=True)
class Seat:
    """An institution's seat: its agreements, attendance and actas stay when its person changes."""

    id: int
    instancia_id: int
    institution: str


@dataclass(frozen=True)
class AgendaItem:
    id: int
    meeting_id: int
    title: str
    seat_id: int | None
    minutes: int | None
    accepted: bool


@dataclass(frozen=True)
class Vote:
    id: int
    instancia_id: int
    meeting_id: int | None
    question: str
    options: tuple[str, ...]
    closes_at: datetime
    closed: bool = False


@dataclass(frozen=True)
class VoteResult:
    vote: Vote
    counts: tuple[int, ...]  # per option
    by_seat: tuple[tuple[str, str], ...]  # (institution, chosen options' text)


@dataclass(frozen=True)
class Acta:
    meeting_id: int
    notes: str
    pdf: bytes
    created_at: datetime


@dataclass(frozen=True)
class Activity:
    id: int
    instancia_id: int
    year: int
    title: str
    seat_id: int | None
    quarter: int
    indicator: str
    percent: int = 0  # the latest progress marked
    note: str = ""


@dataclass(frozen=True)
class DistrictSummary:
    instancia: Instancia
    last_meeting: Meeting | None
    present: int | None  # None: attendance not recorded
    recorded: int | None
    overdue: int


class InstanciasPort(Protocol):
    async def create(self, name: str, level: str, place: str, parent_id: int | None = None, offsets: tuple[int, ...] = DEFAULT_OFFSETS) -> int: ...
    async def get(self, instancia_id: int) -> Instancia | None: ...
    async def children(self, instancia_id: int) -> list[Instancia]: ...
    async def set_offsets(self, instancia_id: int, offsets: tuple[int, ...]) -> None: ...
    async def link_group(self, instancia_id: int, address: str) -> int:
        """Link a group chat (its opaque address); returns the new group version."""
    async def unlink_group(self, address: str) -> Instancia | None:
        """Unlink whatever instancia this group chat was linked to."""
    async def group_address(self, instancia_id: int) -> str | None: ...
    async def unreachable(self, user_ids: list[int]) -> set[int]:
        """Those of these users who blocked the bot."""
    async def seen(self, user_id: int) -> None:
        """The user wrote to us: she can be reached again."""

    async def add_meeting(
        self, instancia_id: int, starts_at: datetime, place: str, agenda: str, created_by: int | None,
        series_id: int | None = None, recurrence: str | None = None,
    ) -> Meeting: ...
    async def meeting(self, meeting_id: int) -> Meeting | None: ...
    async def upcoming(self, instancia_id: int, now: datetime, limit: int = 5) -> list[Meeting]: ...
    async def past(self, instancia_id: int, now: datetime, limit: int = 5) -> list[Meeting]: ...
    async def change_meeting(
        self, meeting_id: int, *, starts_at: datetime | None = None, place: str | None = None, agenda: str | None = None, bump: bool = False
    ) -> Meeting | None:
        """A new time (or `bump`: new reminder times) bumps the version, so reminders made before say nothing."""
    async def cancel_meeting(self, meeting_id: int) -> bool: ...

    async def rsvp(self, meeting_id: int, user_id: int, attending: bool) -> bool:
        """Record the answer; False when it was already so."""
    async def rsvps(self, meeting_id: int) -> dict[int, bool]:
        """user id -> attending, for whoever answered."""
    async def rsvp_counts(self, meeting_id: int) -> tuple[int, int]:
        """(attending, not attending)"""
    async def record_attendance(self, meeting_id: int, rows: list[tuple[int, str, bool]]) -> None:
        """rows: (grant id, institution, present); recording again replaces."""
    async def attendance(self, meeting_id: int) -> tuple[int, int] | None:
        """(present, recorded) or None when not recorded."""

    async def add_agreement(self, instancia_id: int, meeting_id: int | None, text: str, institution: str, due_on: date, created_by: int | None) -> Agreement: ...
    async def agreement(self, agreement_id: int) -> Agreement | None: ...
    async def agreements(self, instancia_ids: list[int], pending_only: bool = True) -> list[Agreement]: ...
    async def mark_done(self, agreement_id: int, user_id: int | None) -> bool:
        """True only for the press that marked it: a second one changes nothing."""

    async def overview(self, instancia_id: int, today: date, now: datetime) -> list[DistrictSummary]:
        """For each instancia below this one: last meeting, its attendance, agreements overdue."""

    # Seats
    async def seats(self, instancia_id: int) -> list[Seat]: ...
    async def seat(self, seat_id: int) -> Seat | None: ...
    async def seat_for(self, instancia_id: int, institution: str) -> Seat:
        """The seat of this institution (same name, any case), made on first use."""

    # Agenda
    async def add_item(self, meeting_id: int, title: str, seat_id: int | None, minutes: int | None, accepted: bool, by: int | None) -> AgendaItem: ...
    async def items(self, meeting_id: int) -> list[AgendaItem]: ...
    async def accept_item(self, item_id: int, minutes: int | None) -> AgendaItem | None: ...
    async def drop_item(self, item_id: int) -> bool: ...

    # Acta and attendance by seat
    async def record_seat_attendance(self, meeting_id: int, rows: list[tuple[int, str, str]]) -> None:
        """rows: (seat id, institution, status in ATTENDANCE); recording again replaces."""
    async def seat_attendance(self, meeting_id: int) -> dict[int, str]:
        """seat id -> status, for a recorded meeting."""
    async def save_acta(self, meeting_id: int, notes: str, pdf: bytes, by: int | None) -> None: ...
    async def acta(self, meeting_id: int) -> Acta | None: ...
    async def last_actas(self, instancia_id: int, limit: int = 2) -> list[Acta]: ...
    async def attended(self, seat_id: int, since: datetime, until: datetime) -> list[tuple[Meeting, str]]:
        """The meetings of the seat's instancia in the period with the seat's recorded status."""

    # Votes
    async def add_vote(self, instancia_id: int, meeting_id: int | None, question: str, options: tuple[str, ...], closes_at: datetime, by: int | None) -> Vote: ...
    async def vote(self, vote_id: int) -> Vote | None: ...
    async def vote_of_poll(self, poll_id: str) -> Vote | None: ...
    async def answer_vote(self, vote_id: int, user_id: int, seat_id: int | None, option_ids: tuple[int, ...]) -> None:
        """Record (or, with no options, retract) a member's answer."""
    async def close_vote(self, vote_id: int) -> bool:
        """True only for the call that closed it."""
    async def vote_result(self, vote_id: int) -> VoteResult | None: ...
    async def votes(self, meeting_id: int) -> list[Vote]: ...

    # Work plan
    async def add_activity(self, instancia_id: int, year: int, title: str, seat_id: int | None, quarter: int, indicator: str) -> Activity: ...
    async def activities(self, instancia_id: int, year: int) -> list[Activity]: ...
    async def activity(self, activity_id: int) -> Activity | None: ...
    async def mark_progress(self, activity_id: int, percent: int, note: str, photo_file_id: str | None, by: int | None) -> None: ...
    async def link_agreement(self, agreement_id: int, activity_id: int | None) -> None: ...


# ---------------------------------------------------------------------------------------------
# Dates in Lima time (typed ones are read by flows.when, shared with the reflection spaces).

WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre")
ORDINALS = {1: "primer", 2: "segundo", 3: "tercer", 4: "cuarto", -1: "último"}


def in_lima(moment: datetime) -> datetime:
    return moment.astimezone(LIMA)


def say_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} de {MONTHS[day.month - 1]} de {day.year}"


def say_moment(moment: datetime) -> str:
    local = in_lima(moment)
    return f"{say_date(local.date())}, {local:%H:%M}"


# ---------------------------------------------------------------------------------------------
# Monthly series: "the first Tuesday of each month".


def monthly_rule(day: date) -> str:
    """The rule a date follows: its weekday and which one of the month it is (the last if fifth)."""
    nth = (day.day - 1) // 7 + 1
    return f"monthly:{-1 if nth == 5 else nth}:{day.weekday()}"


def say_rule(rule: str) -> str:
    _, nth, weekday = rule.split(":")
    return f"el {ORDINALS[int(nth)]} {WEEKDAYS[int(weekday)]} de cada mes"


def nth_weekday(year: int, month: int, nth: int, weekday: int) -> date:
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1) if date(year, month, d).weekday() == weekday]
    return date(year, month, days[-1] if nth == -1 else days[nth - 1])


def occurrences(first: date, rule: str, months: int = SERIES_MONTHS) -> list[date]:
    """The first date, then the same rule in each following month."""
    _, nth, weekday = rule.split(":")
    found = [first]
    year, month = first.year, first.month
    for _ in range(months - 1):
        month += 1
        if month > 12:
            year, month = year + 1, 1
        found.append(nth_weekday(year, month, int(nth), int(weekday)))
    return found


# ---------------------------------------------------------------------------------------------
# Reminder offsets, typed as "2d, 2h" (also "30m", "10s" for a test).

_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_offsets(text: str) -> tuple[int, ...] | None:
    parts = [p for p in re.split(r"[,\s;y]+", text.lower().strip()) if p]
    found = []
    for part in parts:
        m = re.fullmatch(r"(\d+)(d|h|m|s)", part)
        if not m or int(m.group(1)) == 0:
            return None
        found.append(int(m.group(1)) * _UNITS[m.group(2)])
    if not found or len(found) > 5 or max(found) > 30 * 86400:
        return None
    return tuple(sorted(set(found), reverse=True))


def format_offsets(offsets: tuple[int, ...]) -> str:
    out = []
    for seconds in offsets:
        for unit, size in _UNITS.items():
            if seconds % size == 0:
                out.append(f"{seconds // size}{unit}")
                break
    return ", ".join(out)


def say_offsets(offsets: tuple[int, ...]) -> str:
    names = {"d": ("día", "días"), "h": ("hora", "horas"), "m": ("minuto", "minutos"), "s": ("segundo", "segundos")}
    out = []
    for part in format_offsets(offsets).split(", "):
        n, unit = int(part[:-1]), part[-1]
        out.append(f"{n} {names[unit][0] if n == 1 else names[unit][1]}")
    return " y ".join([", ".join(out[:-1]), out[-1]] if len(out) > 1 else out)


def meeting_reminder_times(starts_at: datetime, offsets: tuple[int, ...], now: datetime) -> list[datetime]:
    """When to remind of a meeting: each offset before it that is still ahead."""
    return [starts_at - timedelta(seconds=s) for s in offsets if starts_at - timedelta(seconds=s) > now]


def agreement_reminder_times(due_on: date, now: datetime, at: time = AGREEMENT_HOUR) -> list[datetime]:
    """Three days before and on the day, at `at` (Lima; AGREEMENT_REMINDER_HOUR); if both are past but
    the day is not, now ("00:00" makes one due today go out at once: a quick trial)."""
    times = [lima_to_utc(due_on - timedelta(days=AGREEMENT_DAYS_BEFORE), at), lima_to_utc(due_on, at)]
    ahead = [t for t in times if t > now]
    if not ahead and due_on >= today_in_lima(now):
        return [now]
    return ahead


def proposals_open(m: Meeting, now: datetime) -> bool:
    return not m.cancelled and now < m.starts_at - PROPOSALS_CLOSE


def parse_invite_scope(scope: str) -> tuple[int | None, int | None]:
    """"instancia:5" -> (5, None); "instancia:5/seat:3" (a code for one seat) -> (5, 3)."""
    m = re.fullmatch(r"instancia:(\d+)(?:/seat:(\d+))?", scope)
    return (int(m.group(1)), int(m.group(2)) if m.group(2) else None) if m else (None, None)


def seat_invite_scope(instancia_id: int, seat_id: int) -> str:
    return f"instancia:{instancia_id}/seat:{seat_id}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_span(year: int, quarter: int) -> tuple[date, date]:
    """First day of the quarter and first day of the next."""
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end


def same_institution(a: str | None, b: str | None) -> bool:
    return bool(a and b) and " ".join(a.lower().split()) == " ".join(b.lower().split())
