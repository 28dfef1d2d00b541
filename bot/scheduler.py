"""The scheduler only wakes up: the work (reminders, retries, escalations) lives in our own tables,
and each item is claimed atomically before it is done, so a restart or a second process never does
it twice.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import text

from bot import clock

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)
logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)  # not a line per tick

Job = Callable[["Runtime", datetime], Awaitable[None]]

# Features add their periodic work here: each job finds what is due in the database and claims it.
JOBS: list[Job] = []


def job(fn: Job) -> Job:
    JOBS.append(fn)
    return fn


class Leadership:
    """One scheduler per deployment. On PostgreSQL the process holding an advisory lock runs the
    periodic jobs and the others stand by; the claims would keep a second runner correct anyway,
    the lock keeps it from doing the same work twice. SQLite means one process: always the leader."""

    LOCK_KEY = 0x41434F4D  # "ACOM"

    def __init__(self, engine) -> None:
        self.engine = engine
        self.conn = None

    async def held(self) -> bool:
        if self.engine.dialect.name != "postgresql":
            return True
        try:
            if self.conn is None:
                self.conn = await self.engine.connect()
            # Session-level lock: it lives as long as this connection; a lost connection frees it.
            mine = await self.conn.scalar(
                text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()")
            )
            if mine:
                return True
            got = bool(await self.conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.LOCK_KEY}))
            await self.conn.commit()
            return got
        except Exception as exc:
            log.warning("scheduler lock unavailable: %s", type(exc).__name__)
            await self.release()
            return False

    async def release(self) -> None:
        if self.conn is not None:
            try:  # the connection goes back to a pool, where a session lock would outlive us
                await self.conn.execute(text("SELECT pg_advisory_unlock_all()"))
                await self.conn.close()
            except Exception:
                await self.conn.invalidate()
            self.conn = None


async def tick(runtime: "Runtime", leadership: Leadership | None = None, worker=None) -> None:
    now = clock.now()
    leader = leadership is None or await leadership.held()
    if not runtime.inline:
        # The sender first: what a restart owes goes out at once, not after the periodic jobs.
        try:
            if leader:
                runtime.delivery.start()  # the deployment's one sender runs where the leader is
                runtime.delivery.wake()  # a safety net: e.g. `acompana outbox --retry` on SQLite
            else:
                await runtime.delivery.stop()
        except Exception as exc:
            log.exception("outbox sender failed: %s", type(exc).__name__)
    if leader:
        for work in JOBS:
            try:
                await work(runtime, now)
            except Exception as exc:  # one failing job must not stop the others
                log.exception("periodic job %s failed: %s", work.__name__, type(exc).__name__)
    if runtime.inline:  # the console, tests: no sender loop, deliver what is due now
        try:
            await runtime.delivery.send()
        except Exception as exc:
            log.exception("outbox delivery failed: %s", type(exc).__name__)
    if worker is not None:
        try:  # updates stored by a worker that died (or a moment ago, by us: those are running)
            from bot.inbox import stale

            await worker.recover(stale(now))
        except Exception as exc:
            log.warning("inbox recovery failed: %s", type(exc).__name__)


class Ticker:
    def __init__(self, runtime: "Runtime", every_seconds: float, worker=None) -> None:
        self.runtime = runtime
        self.leadership = Leadership(runtime.engine)
        self.scheduler = AsyncIOScheduler(timezone=timezone.utc)
        self._busy = asyncio.Lock()  # held by a running tick: closing waits for it, never cancels it
        self._closing = False
        self._stopped = False
        self.last_tick: float | None = None  # time.monotonic() of the last finished tick (/healthz)
        self.ticks = 0  # ticks finished (/metrics)
        self.scheduler.add_job(
            self._tick,
            "interval",
            seconds=every_seconds,
            args=[runtime, self.leadership, worker],
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(timezone.utc),  # catch up at once after a restart
        )

    async def _tick(self, *args) -> None:
        async with self._busy:
            if not self._closing:
                await tick(*args)
                self.last_tick = time.monotonic()
                self.ticks += 1

    def start(self) -> None:
        self.scheduler.start()

    def stop(self) -> None:
        """No new ticks from now; the one running goes on (aclose waits for it)."""
        self._closing = True
        if self.scheduler.running and not self._stopped:
            self.scheduler.pause()

    async def aclose(self) -> None:
        # APScheduler's shutdown cancels a running tick, or one submitted and not started yet, and
        # logs that as a failure with its traceback: let them run (and return at once) first.
        self.stop()
        for _ in range(3):
            await asyncio.sleep(0)
        try:
            await asyncio.wait_for(self._busy.acquire(), timeout=10)
            self._busy.release()
        except TimeoutError:
            pass
        if self.scheduler.running and not self._stopped:
            self._stopped = True
            try:
                self.scheduler.shutdown(wait=False)
            except SchedulerNotRunningError:  # stopped a moment ago
                pass
        await self.runtime.delivery.stop()
        await self.leadership.release()
