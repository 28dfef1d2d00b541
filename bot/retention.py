"""Retention, each period a setting: closed cases lose their notes, reports and staff link after
CASE_RETENTION_DAYS, and reflection-space registrations (and the link of a chosen commitment to the
man) go REFLECTION_RETENTION_DAYS after the session, at every tick (small, indexed look-ups: her data
goes as soon as its time comes); done inbox updates after INBOX_RETENTION_DAYS and audit entries
after AUDIT_RETENTION_DAYS once a day (big tables, scanned by date). Plain deletes: a second run,
after a restart or in a second process, is harmless."""
from __future__ import annotations

import logging
import weakref
from datetime import datetime, timedelta

from bot.scheduler import job
from bot.settings import Settings
from storage.accompaniment import Cases
from storage.entre_patas import EntrePatas
from storage.retention import purge_audit, purge_done_updates

log = logging.getLogger(__name__)

EVERY = timedelta(days=1)
_last_run: "weakref.WeakKeyDictionary[object, datetime]" = weakref.WeakKeyDictionary()  # by runtime


async def purge(runtime, now: datetime, settings: Settings, daily: bool = True) -> dict[str, int]:
    """What is past its period, in one transaction (`daily`: the inbox and the audit log too); how
    many rows each part touched."""
    async with runtime.sessions() as session:
        cleared = {
            "cases": await Cases(session, runtime.cipher).forget_closed(now - timedelta(days=settings.case_retention_days)),
            "reflections": await EntrePatas(session).purge_past(now - timedelta(days=settings.reflection_retention_days)),
        }
        if daily:
            cleared["inbox"] = await purge_done_updates(session, now - timedelta(days=settings.inbox_retention_days))
            cleared["audit"] = await purge_audit(session, now - timedelta(days=settings.audit_retention_days))
        await session.commit()
    return cleared


@job
async def apply_retention(runtime, now: datetime) -> None:
    """A periodic job; the daily part at the first tick and then once a day (a clock set back too)."""
    last = _last_run.get(runtime)
    daily = last is None or not last <= now < last + EVERY
    cleared = await purge(runtime, now, Settings.load(env_file=None), daily)
    if daily:
        _last_run[runtime] = now
    if any(cleared.values()):
        log.info("retention: %s", ", ".join(f"{n} {part} rows" for part, n in cleared.items() if n))
