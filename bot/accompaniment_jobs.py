"""Periodic job of accompaniment: each request nobody accepted in time goes up to the coordinadora.
Each case is claimed (escalated_at set in one UPDATE) in the same transaction that writes its
notices to the outbox, so a restart or a second process never escalates it twice. (Retention of
closed cases and past reflection registrations: bot.retention.)
"""
from __future__ import annotations

from datetime import datetime

from bot.scheduler import job
from flows.accompaniment.ports import escalate_after
from flows.accompaniment.relay import escalation_effects
from flows.observatorio.ports import ESCALATION
from storage.accompaniment import Cases


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

