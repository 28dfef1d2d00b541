"""The scheduler only wakes up: the work (reminders, retries, escalations) lives in our own tables,
and each item is claimed atomically before it is done, so a restart or a second process never does
it twice.
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

Job = Callable[["Runtime", datetime], Awaitable[None]]

# Features add their periodic work here: each job finds what is due in the database and claims it.
JOBS: list[Job] = []


def job(fn: Job) -> Job:
    JOBS.append(fn)
    return fn


async def tick(runtime: "Runtime") -> None:
    now = datetime.now(timezone.utc)
    for work in JOBS:
        try:
            await work(runtime, now)
        except Exception as exc:  # one failing job must not stop the others
            log.exception("periodic job %s failed: %s", work.__name__, type(exc).__name__)
    try:
        await runtime.delivery.send()  # parcels postponed by an error, or left by a restart
    except Exception as exc:
        log.exception("outbox delivery failed: %s", type(exc).__name__)


class Ticker:
    def __init__(self, runtime: "Runtime", every_seconds: float) -> None:
        self.runtime = runtime
        self.scheduler = AsyncIOScheduler(timezone=timezone.utc)
        self.scheduler.add_job(
            tick,
            "interval",
            seconds=every_seconds,
            args=[runtime],
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(timezone.utc),  # catch up at once after a restart
        )

    def start(self) -> None:
        self.scheduler.start()

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
