"""What the Entre patas reflection spaces ask of storage."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

JoinResult = Literal["joined", "already", "full", "closed"]


@dataclass(frozen=True)
class Space:
    """One session of a reflection space. `registered` is how many men are signed up."""

    id: int
    district: str
    starts_at: datetime  # aware UTC
    place: str
    capacity: int | None
    remind_before: tuple[int, ...]  # minutes before the start
    facilitator_user_id: int | None
    cancelled: bool
    registered: int = 0

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.registered >= self.capacity


class EntrePatasPort(Protocol):
    async def publish(
        self,
        district: str,
        starts_at: datetime,
        place: str,
        capacity: int | None,
        remind_before: tuple[int, ...],
        facilitator_user_id: int,
    ) -> Space: ...

    async def space(self, space_id: int) -> Space | None: ...

    async def upcoming(self, now: datetime, districts: list[str] | None = None, limit: int = 8) -> list[Space]:
        """Sessions not cancelled that start after `now` (in these districts, or anywhere), soonest first."""

    async def join(self, space_id: int, user_id: int, now: datetime) -> JoinResult:
        """Register once; a full, cancelled or past session refuses. Safe against two at once."""

    async def leave(self, space_id: int, user_id: int) -> bool: ...

    async def is_registered(self, space_id: int, user_id: int) -> bool: ...

    async def registered_users(self, space_id: int) -> list[int]: ...

    async def cancel(self, space_id: int, now: datetime) -> bool:
        """Mark the session cancelled; False if it already was (or does not exist)."""


@dataclass(frozen=True)
class CommitmentOption:
    """A small commitment a man may choose after a session (the facilitador's list)."""

    id: int
    district: str
    text: str
    active: bool = True


@dataclass(frozen=True)
class CommitmentChoice:
    id: int
    commitment_id: int
    space_id: int | None
    user_id: int | None
    prompt_window: str | None
    kept: bool | None


@dataclass(frozen=True)
class CommitmentCount:
    """What the facilitador sees: how many, never who."""

    commitment_id: int
    text: str
    taken: int
    kept: int


class CommitmentsPort(Protocol):
    async def commitments(self, district: str) -> list[CommitmentOption]:
        """The active list of a district, in the order they were added."""

    async def commitment(self, commitment_id: int) -> CommitmentOption | None: ...

    async def add_commitment(self, district: str, text: str, by_user_id: int) -> CommitmentOption: ...

    async def remove_commitment(self, commitment_id: int) -> bool:
        """Off the list; what was chosen still counts."""

    async def choose(self, commitment_id: int, space_id: int, user_id: int) -> int:
        """He chose it after that session; returns the choice id (one per man and session: choosing
        again replaces the commitment)."""

    async def choice(self, choice_id: int) -> CommitmentChoice | None: ...

    async def set_prompt_window(self, choice_id: int, window: str | None) -> None: ...

    async def answer(self, choice_id: int, kept: bool) -> bool:
        """He said whether he kept it: counted, and the link to him dropped. False if answered already."""

    async def counts(self, district: str) -> list[CommitmentCount]: ...
