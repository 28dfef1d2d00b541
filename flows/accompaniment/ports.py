"""What accompaniment asks of storage: cases, from a request to its closing; who can take one now
(capacity, hours, absences); case notes; reports and pauses of the relay."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Protocol

from flows.ports import FlowSettings
from flows.when import LIMA

# A case is "waiting" until someone accepts it, "open" while the relay runs, then "closed".
WAITING = "waiting"
OPEN = "open"
CLOSED = "closed"

# Safe hours she can choose, in Peru's time; the codes are stored, the words live in the .ftl file
# (acc-hours, which must say the same hours as SAFE_WINDOWS).
SAFE_HOURS = ("morning", "afternoon", "evening", "any")
SAFE_WINDOWS = {"morning": (time(8), time(12)), "afternoon": (time(12), time(18)), "evening": (time(18), time(21))}


def hold_until(safe_hours: str, now: datetime) -> datetime | None:
    """None when now is within her safe hours; otherwise when they next begin (UTC). What the bot
    writes to her outside them waits, so it does not light up her phone when it is not safe."""
    window = SAFE_WINDOWS.get(safe_hours)
    if window is None:
        return None
    local = now.astimezone(LIMA)
    start, end = window
    if start <= local.time() < end:
        return None
    day = local.date() if local.time() < start else local.date() + timedelta(days=1)
    return datetime.combine(day, start, tzinfo=LIMA).astimezone(timezone.utc)

NO_CONTACT_DAYS = 7


def escalate_after(settings: FlowSettings, priority: bool = False) -> timedelta:
    """How long a request may wait before it goes up to the coordinadora (ACCOMPANY_ESCALATE_MINUTES;
    a prioritised one ACCOMPANY_PRIORITY_ESCALATE_MINUTES)."""
    return timedelta(minutes=settings.priority_escalate_minutes if priority else settings.escalate_minutes)


@dataclass(frozen=True)
class Availability:
    """What a staff member said with /disponibilidad. Hours are Lima hours, [hours_from, hours_to)."""

    user_id: int
    max_cases: int | None = None
    hours_from: int | None = None
    hours_to: int | None = None
    weekdays_only: bool = False
    away_from: datetime | None = None
    away_until: datetime | None = None

    def away(self, now: datetime) -> bool:
        return self.away_until is not None and now < self.away_until and (self.away_from is None or self.away_from <= now)

    def in_hours(self, now: datetime) -> bool:
        local = now.astimezone(LIMA)
        if self.weekdays_only and local.weekday() >= 5:
            return False
        if self.hours_from is None or self.hours_to is None or self.hours_from == self.hours_to:
            return True
        if self.hours_from < self.hours_to:
            return self.hours_from <= local.hour < self.hours_to
        return local.hour >= self.hours_from or local.hour < self.hours_to  # past midnight

    def next_start(self, now: datetime) -> datetime:
        """When she will next be at work: now if she is; else the first hour of her hours after
        her absence (looked for hour by hour over the next two weeks)."""
        moment = max(now, self.away_until) if self.away(now) else now
        if self.in_hours(moment):
            return moment
        step = moment.astimezone(LIMA).replace(minute=0, second=0, microsecond=0)
        for _ in range(24 * 15):
            step += timedelta(hours=1)
            if self.in_hours(step):
                return step.astimezone(timezone.utc)
        return moment


@dataclass(frozen=True)
class Note:
    id: int
    case_id: int
    author_user_id: int | None
    kind: str  # note, handover
    text: str
    created_at: datetime


@dataclass(frozen=True)
class Case:
    id: int
    kind: str  # the role it needs: mentora, psicologa or facilitador
    status: str
    district: str
    user_id: int | None
    staff_user_id: int | None
    reported: bool | None
    safe_hours: str
    created_at: datetime
    accepted_at: datetime | None = None
    closed_at: datetime | None = None
    escalated_at: datetime | None = None
    next_contact_at: datetime | None = None
    last_contact_at: datetime | None = None
    priority: bool = False
    queued_at: datetime | None = None


class CasesPort(Protocol):
    async def open(
        self, kind: str, user_id: int, district: str, reported: bool | None, safe_hours: str, priority: bool = False
    ) -> Case: ...

    async def get(self, case_id: int) -> Case | None: ...

    async def accept(self, case_id: int, staff_user_id: int) -> bool:
        """Atomically: only one staff member ever gets a waiting case."""

    async def close(self, case_id: int, closed_by: str) -> Case | None:
        """Close a waiting or open case; returns it as it was the moment it closed (None if it was
        already closed), so whoever had just accepted it is told."""

    async def of_user(self, user_id: int) -> list[Case]:
        """Her waiting and open cases."""

    async def of_staff(self, staff_user_id: int) -> list[Case]:
        """Open cases this staff member holds."""

    async def in_districts(self, districts: list[str], statuses: tuple[str, ...]) -> list[Case]: ...

    async def touch(self, case_id: int) -> None:
        """Staff wrote to her: the case had contact now."""

    async def set_next_contact(self, case_id: int, when: datetime) -> None: ...

    # Capacity and availability

    async def availability(self, user_ids: list[int]) -> dict[int, Availability]:
        """Everyone asked for, with the defaults (no limit, any hour) for who never set anything."""

    async def set_availability(self, availability: Availability) -> None: ...

    async def open_counts(self, user_ids: list[int]) -> dict[int, int]:
        """How many open cases each holds."""

    # Handing over

    async def hand_over(self, case_id: int, from_staff: int, to_staff: int | None, kind: str) -> Case | None:
        """Atomically, only while `from_staff` holds it open: to another staff member (it stays
        open, with her), or back to the queue for `kind` (to_staff None). The case as it is now."""

    # Notes (encrypted)

    async def add_note(self, case_id: int, author_user_id: int | None, text: str, kind: str = "note") -> Note: ...

    async def notes(self, case_id: int) -> list[Note]: ...

    async def forget_notes(self, case_id: int) -> None:
        """Her /borrar: the notes on her case go with the rest of her data."""

    # Abuse control

    async def report(self, case_id: int, reporter_user_id: int, reason: str) -> None: ...

    async def pause(self, case_id: int, until: datetime, by_user_id: int) -> bool:
        """Pause the relay for the case's person (found by her keyed hash) until then; False when
        the case has no person any more."""

    async def paused_until(self, person_key: str, now: datetime) -> datetime | None: ...
