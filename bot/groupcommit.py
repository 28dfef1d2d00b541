"""Writes that arrive at the same moment share one transaction and one commit, and each caller
returns only once the commit that holds its part is done: the inbox's concurrent takes (a webhook's
requests), the sender's sent parcels. One commit for many, and nothing acknowledged before it."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")


class GroupCommit(Generic[T, R]):
    """`await group.add(items)`: `write(session, every item added meanwhile)` runs in one
    transaction, committed; each caller gets its result, or raises its error."""

    def __init__(self, sessions, write: Callable[[AsyncSession, list[T]], Awaitable[R]], failure: str | None = None) -> None:
        self.sessions = sessions
        self.write = write
        self.failure = failure  # logged (with the error's type) when a commit fails
        self._items: list[T] = []
        self._done: asyncio.Future | None = None
        self.task: asyncio.Task | None = None  # the commit being written, to cancel at a stop

    async def add(self, items: Iterable[T]) -> R:
        self._items += items
        if self._done is None:
            self._done = asyncio.get_running_loop().create_future()
            self.task = asyncio.create_task(self._commit(self._done))
        return await asyncio.shield(self._done)

    async def _commit(self, done: asyncio.Future) -> None:
        await asyncio.sleep(0)  # the writes arriving at this moment join
        try:
            async with self.sessions() as session:
                # Taken as the session starts writing: what arrives while it waits for the
                # connection (SQLite's one) still joins this commit.
                await session.connection()
                items, self._items, self._done = self._items, [], None
                result = await self.write(session, items)
                await session.commit()
        except BaseException as exc:
            if self._done is done:  # failed before taking the items: nobody else will write them
                self._items, self._done = [], None
            if not isinstance(exc, Exception):  # stopped
                done.cancel()
                raise
            done.set_exception(exc)
            done.exception()  # retrieved: the callers waiting on it raise it
            if self.failure:
                log.warning("%s: %s", self.failure, type(exc).__name__)
            return
        done.set_result(result)
