"""Figures, never people: what the observatorio counts and the port storage implements.

Each event adds one to a counter (metric, dimension, service, district, month) in the same
transaction as the event itself. A counter row holds no person, no id and no time finer than the
month, so it survives /borrar and nothing links anyone to it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from flows.when import LIMA

# Metrics; their dimension is named after the colon.
ORIENTATION = "orientation"  # : the screen (topic) she opened
SELFCHECK = "selfcheck"  # : level
EMERGENCY = "emergency"  # : kind of danger
REQUEST = "request"  # : kind (mentora, psicologa: accompaniment; facilitador: Entre patas)
CASE_CLOSED = "case-closed"
ESCALATION = "escalation"
FIRST_ANSWER = "first-answer"  # : bucket of minutes from request to a human's "Aceptar"
REFLECTION = "reflection"  # : registered, attended
# Instancia figures are institutional, not personal: settled from their records once a month closes.
MEETING = "meeting-held"
ATTENDANCE = "attendance"  # : institution (seat) present
AGREEMENT = "agreement"  # : due, done (by its date), overdue
FEEDBACK = "feedback"  # : outcome, for a service

# How long a question she was asked and did not answer is kept; then it is deleted.
QUESTION_KEPT = timedelta(days=14)

# Minutes, upper bounds of the first-answer histogram; the last bucket is open.
BUCKETS = (5, 15, 30, 60, 120, 240, 480, 1440)


def bucket(minutes: float) -> str:
    """The histogram bucket of a duration: no duration is kept, only how many fell in each bucket."""
    for limit in BUCKETS:
        if minutes <= limit:
            return f"le{limit}"
    return f"gt{BUCKETS[-1]}"


def month_of(now: datetime) -> str:
    return now.astimezone(LIMA).strftime("%Y-%m")


def quarter_of(month: str) -> str:
    year, m = month.split("-")
    return f"{year}-Q{(int(m) - 1) // 3 + 1}"


def months_of_quarter(quarter: str) -> list[str]:
    year, q = quarter.split("-Q")
    first = (int(q) - 1) * 3 + 1
    return [f"{year}-{m:02d}" for m in range(first, first + 3)]


def previous_month(day: date) -> str:
    return f"{day.year - 1}-12" if day.month == 1 else f"{day.year}-{day.month - 1:02d}"


@dataclass(frozen=True)
class Cell:
    """One counter, already summed over the districts of an area."""

    metric: str
    dim: str
    service: str
    district: str
    count: int


class StatsPort(Protocol):
    async def count(self, metric: str, district: str | None, now: datetime, dim: str = "", service: str = "", by: int = 1) -> None:
        """Add to a counter, in the caller's transaction. `district` None or "" when unknown."""

    async def cells(self, area: str, months: list[str], metric: str | None = None) -> list[Cell]:
        """Counters of these months in an area (a district, province or region code; "" for all),
        summed over months, by metric, dim, service and district."""

    async def settle_instancias(self, month: str) -> None:
        """Instancia figures of a closed month (meetings held, attendance by institution,
        agreements due, done, overdue) from the instancias' own records; idempotent."""

    async def pending_question(self, user_id: int, now: datetime) -> bool:
        """She already has a question about a service waiting for her (asked less than
        QUESTION_KEPT ago, or still to be asked)."""

    async def take_question(self, user_id: int, token: str) -> str | None:
        """Her pending question with this token, deleted as it is taken: its ref, or None when it
        was answered already (a second tap counts nothing)."""
