"""What her safety choices ask of storage: silent messages, and her plan if she keeps it."""
from __future__ import annotations

from typing import Any, Protocol


class SafetyPort(Protocol):
    async def silent(self, user_id: int) -> bool:
        """Did she ask that what the bot sends her unprompted arrive without sound?"""

    async def set_silent(self, user_id: int, silent: bool) -> None: ...

    async def plan(self, user_id: int) -> dict[str, Any] | None:
        """Her saved plan (its choices), or None."""

    async def save_plan(self, user_id: int, plan: dict[str, Any]) -> None:
        """Stored encrypted; /borrar deletes it with her."""

    async def drop_plan(self, user_id: int) -> None: ...
