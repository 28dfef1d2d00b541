"""Periodic jobs of accompaniment and Entre patas:

- each request nobody accepted in time goes up to the coordinadora: each case is claimed
  (escalated_at set in one UPDATE) in the same transaction that writes its notices to the outbox,
  so a restart or a second process never escalates it twice;
- retention: closed cases lose their notes, reports and staff link after CASE_RETENTION_DAYS, and
  reflection-space registrations (and the link of a commitment to the man) after
  REFLECTION_RETENTION_DAYS past the session. Both are plain deletes: doing them twice is harmless.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.scheduler import job
from bot.settings import Settings
from flows.accompaniment.ports import escalate_after
from flows.accompaniment.relay import escalation_effects
from flows.observatorio.ports import ESCALATION
from storage.accompaniment import Cases
from storage.entre_patas import EntrePatas

log = logging.getLogger(__name__)


@job
async def escalate_waiting_cases(runtime, now: datetime) -> None:
    ids: list[int] = []
    async with runtime.sessions() as session:
        ports = runtime.ports(session)
        for case in await Cases(session, runtime.cipher).claim_escalations(now, escalate_after(runtime.flow_settings), escalate_after(runtime.flow_settings, priority=True)):
            effects = await escalation_effects(case, ports, now)
            await ports.stats.count(ESCALATION, case.district, now)
            ids += await runtime.enqueue(session, "", "", effects)  # Notify effects only: no own chat
        await session.commit()
    if ids:
        await runtime.outbox_written()


@job
async def apply_retention(runtime, now: datetime) -> None:
    settings = Settings.load(env_file=None)
    async with runtime.sessions() as session:
        cases = await Cases(session, runtime.cipher).forget_closed(now - timedelta(days=settings.case_retention_days))
        men = await EntrePatas(session).purge_past(now - timedelta(days=settings.reflection_retention_days))
        await session.commit()
    if cases or men:
        log.info("retention: %d case rows and %d reflection rows cleared", cases, men)
