"""What flows ask of the outside world. storage/ implements these; tests may use the real ones on SQLite."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from flows.accompaniment.ports import CasesPort
    from flows.entre_patas.ports import EntrePatasPort
    from flows.orientation.directory import DirectoryPort
    from flows.instancias.model import InstanciasPort
    from flows.observatorio.ports import StatsPort
    from flows.reminders import RemindersPort
    from flows.roles import RolesPort
    from flows.safety.ports import SafetyPort


@dataclass(frozen=True)
class Person:
    """Who is writing. `address` is opaque to flows: only the adapter and storage read it."""

    key: str
    address: str
    user_id: int | None = None
    consented: bool = False
    minor: bool = False
    adult: bool = False  # she said she is 18 or more: not asked again
    district: str | None = None
    chat_type: str = "private"  # "group" or "supergroup": the adapter says where the event came from


class PeoplePort(Protocol):
    async def consent(self, person: Person) -> int:
        """Record consent; create the user if needed. Returns the user id."""

    async def set_profile(self, user_id: int, *, district: str | None = None, minor: bool | None = None) -> None:
        """`minor` is her answer to the age question: it also records whether she is an adult."""

    async def erase(self, person: Person) -> None:
        """Delete or anonymise everything held about this person (/borrar)."""


@dataclass(frozen=True)
class FlowSettings:
    """The settings conversations use; bot/settings.py reads them from the environment, so flows
    never do (tests set them on the Runtime)."""

    escalate_minutes: int = 30  # ACCOMPANY_ESCALATE_MINUTES
    priority_escalate_minutes: int = 10  # ACCOMPANY_PRIORITY_ESCALATE_MINUTES
    reflection_reminders: tuple[int, ...] = (24 * 60, 2 * 60)  # REFLECTION_REMINDER_HOURS, in minutes
    agreement_hour: time = time(9, 0)  # AGREEMENT_REMINDER_HOUR, Lima


@dataclass
class Ports:
    people: PeoplePort
    roles: "RolesPort"
    reminders: "RemindersPort"
    cases: "CasesPort | None" = None
    directory: "DirectoryPort | None" = None
    entre_patas: "EntrePatasPort | None" = None
    instancias: "InstanciasPort | None" = None
    safety: "SafetyPort | None" = None
    stats: "StatsPort | None" = None
    settings: FlowSettings = field(default_factory=FlowSettings)


@dataclass
class Ctx:
    person: Person
    ports: Ports
    now: datetime

    @property
    def settings(self) -> FlowSettings:
        return self.ports.settings
