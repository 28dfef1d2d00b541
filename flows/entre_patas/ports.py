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
