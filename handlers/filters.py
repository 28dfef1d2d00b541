"""Filters as coroutines: aiogram runs a plain callable filter (a magic F expression among them)
in a worker thread (asyncio.to_thread) for every update, a thread hop that costs far more than the
check; a coroutine runs right on the event loop."""
from __future__ import annotations

from aiogram.dispatcher.event.handler import CallbackType
from magic_filter import MagicFilter


def on_loop(*checks: MagicFilter) -> CallbackType:
    """All the `checks` (F expressions) as one coroutine filter."""

    async def check(event: object) -> bool:
        return all(c.resolve(event) for c in checks)

    return check
