"""Retention with real rows, on SQLite and PostgreSQL: done inbox updates after
INBOX_RETENTION_DAYS, audit entries after AUDIT_RETENTION_DAYS (never an update not done yet), once
a day, in the scheduler's one retention job (which does closed cases at every tick). (Closed cases and past reflection registrations:
tests/flows/test_team.py, through the same job.)"""
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, insert, select

import bot.jobs  # noqa: F401
from bot.retention import apply_retention
from bot.scheduler import JOBS
from storage.models import AuditEntry, InboxUpdate

NOW = datetime.now(timezone.utc)


async def seed(runtime, first_id: int, now: datetime) -> None:
    days = lambda n: now - timedelta(days=n)  # noqa: E731
    async with runtime.sessions() as session:
        await session.execute(insert(InboxUpdate), [
            {"update_id": first_id, "chat_key": "a", "payload_enc": "x", "received_at": days(9), "done_at": days(8)},
            {"update_id": first_id + 1, "chat_key": "a", "payload_enc": "x", "received_at": days(6), "done_at": days(6)},
            {"update_id": first_id + 2, "chat_key": "b", "payload_enc": "x", "received_at": days(30), "done_at": None},
        ])
        await session.execute(insert(AuditEntry), [
            {"action": "case.notes_read", "target": "case:1", "at": days(731)},
            {"action": "case.notes_read", "target": "case:2", "at": days(10)},
        ])
        await session.commit()


async def ids(runtime) -> tuple[list[int], int]:
    async with runtime.sessions() as session:
        updates = sorted((await session.execute(select(InboxUpdate.update_id))).scalars())
        audit = await session.scalar(select(func.count()).select_from(AuditEntry))
    return updates, audit


async def test_old_done_updates_and_audit_entries_go_pending_ones_stay(pg_harness):
    runtime = pg_harness.runtime
    await seed(runtime, 100, NOW)
    await apply_retention(runtime, NOW)
    assert await ids(runtime) == ([101, 102], 1)  # 8 days done: gone; 6 days: kept; not done: kept


async def test_each_period_is_a_setting(harness, monkeypatch):
    monkeypatch.setenv("INBOX_RETENTION_DAYS", "5")
    monkeypatch.setenv("AUDIT_RETENTION_DAYS", "9")
    await seed(harness.runtime, 100, NOW)
    await apply_retention(harness.runtime, NOW)
    assert await ids(harness.runtime) == ([102], 0)


async def test_it_runs_once_a_day(harness):
    runtime = harness.runtime
    await apply_retention(runtime, NOW)  # the first tick
    await seed(runtime, 200, NOW)
    await apply_retention(runtime, NOW + timedelta(hours=1))
    assert await ids(runtime) == ([200, 201, 202], 2)  # not again within the day
    await apply_retention(runtime, NOW + timedelta(hours=25))
    assert await ids(runtime) == ([202], 1)  # a day later (201, done 6 days before, is past 7 too)


def test_registered_as_a_periodic_job():
    assert apply_retention in JOBS
    assert sum(1 for job in JOBS if job.__name__ == "apply_retention") == 1  # one retention job, not two
