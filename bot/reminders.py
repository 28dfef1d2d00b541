"""The periodic job that sends due reminders: claimed and turned into outbox parcels in one
transaction, so each goes out once, also across restarts and with several bot processes."""
from __future__ import annotations

import logging
from datetime import datetime

from bot.scheduler import job
from flows.reminders import RENDERERS
from storage.reminders import Reminders

log = logging.getLogger(__name__)


@job
async def send_due_reminders(runtime, now: datetime) -> None:
    ids: list[int] = []
    async with runtime.sessions() as session:
        reminders = Reminders(session, runtime.cipher)
        ports = runtime.ports(session)
        for due in await reminders.claim_due(now):
            if due.late:
                log.warning("reminder %s missed its grace period; not sent", due.id)
                await reminders.set_outcome(due.id, "missed")
                continue
            render = RENDERERS.get(due.kind)
            effects = await render(due.ref, ports, now, due.user_id) if render else []
            if not effects:
                await reminders.set_outcome(due.id, "nothing")
                continue
            ids += await runtime.enqueue(session, due.chat_key, due.chat_id, effects)
            await reminders.set_outcome(due.id, "sent")
        await session.commit()
    if ids:
        await runtime.outbox_written()
