"""What accompaniment asks of storage: cases, from a request to its closing."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Protocol

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


def escalate_after() -> timedelta:
    """How long a request may wait before it goes up to the coordinadora (ACCOMPANY_ESCALATE_MINUTES)."""
    return timedelta(minutes=int(os.environ.get("ACCOMPANY_ESCALATE_MINUTES") or 30))


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
    priority: bool = False  # prioritaria: asked right after a self-check with a red flag


class CasesPort(Protocol):
    async def open(
        self, kind: str, user_id: int, district: str, reported: bool | None, safe_hours: str, *, priority: bool = False
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
