"""Retention of what the bot keeps only for a while: done inbox updates and old audit entries.
(Closed cases and past reflection registrations have theirs in storage.accompaniment and
storage.entre_patas.) Plain deletes: doing one twice is harmless."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry, InboxUpdate


async def purge_done_updates(session: AsyncSession, done_before: datetime) -> int:
    """Updates done before then (their encrypted text with them). Telegram redelivers an update
    for at most a day, so a week keeps `update_id` deduplication whole."""
    result = await session.execute(delete(InboxUpdate).where(InboxUpdate.done_at < done_before))
    return result.rowcount or 0


async def purge_audit(session: AsyncSession, before: datetime) -> int:
    result = await session.execute(delete(AuditEntry).where(AuditEntry.at < before))
    return result.rowcount or 0
