"""Reminders: one mechanism for meetings, reflection spaces, agreements and follow-ups.

A feature schedules a reminder (kind, ref, when, to whom) through the port, and registers how to
word it when it falls due. The text is made at sending time, so a changed or cancelled meeting is
never announced with stale details: the renderer returns no effects for what no longer applies.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol

from flows.core import Effect
from flows.ports import Ports

# How late a reminder may still go out after the bot was down; past it, it is dropped, not sent stale.
DEFAULT_GRACE = timedelta(hours=2)

Renderer = Callable[[str, Ports, datetime, "int | None"], Awaitable[list[Effect]]]
RENDERERS: dict[str, Renderer] = {}


def renderer(kind: str) -> Callable[[Renderer], Renderer]:
    """Register how reminders of `kind` are worded: fn(ref, ports, now, user_id) -> Replies for
    the reminder's chat (no effects: nothing to send any more)."""

    def deco(fn: Renderer) -> Renderer:
        RENDERERS[kind] = fn
        return fn

    return deco


class RemindersPort(Protocol):
    async def schedule(
        self,
        kind: str,
        ref: str,
        due_at: datetime,
        *,
        user_id: int | None = None,
        address: str | None = None,
        grace: timedelta = DEFAULT_GRACE,
    ) -> int:
        """To a known user, or to a chat by its opaque address (a group). Scheduling the same
        (kind, ref, recipient, due_at) twice keeps one."""

    async def cancel(self, kind: str, ref: str) -> int:
        """Cancel every unsent reminder of this kind and ref; returns how many."""
