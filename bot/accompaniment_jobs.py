"""The periodic job that sends up to the coordinadora each request nobody accepted in time.

Each case is claimed (escalated_at set in one UPDATE) in the same transaction that writes its
notices to the outbox, so a restart or a second process never escalates it twice."""
from __future__ import annotations

from datetime import datetime

from bot.scheduler import job
from flows.accompaniment.ports import escalate_after
from flows.accompaniment.relay import escalation_effects
from storage.accompaniment import Cases
from storage.ports import build_ports


@job
async def escalate_waiting_cases(runtime, now: datetime) -> None:
    ids: list[int] = []
    async with runtime.sessions() as session:
        ports = build_ports(session, runtime.cipher)
        for case in await Cases(session).claim_escalations(now, escalate_after()):
            effects = await escalation_effects(case, ports)
            ids += await runtime.enqueue(session, "", "", effects)  # Notify effects only: no own chat
        await session.commit()
    if ids:
        await runtime.outbox_written()
