"""Implements flows.reminders.RemindersPort, and claims due reminders for the scheduler."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.reminders import DEFAULT_GRACE
from storage.crypto import Cipher
from storage.models import User
from storage.models.base import utcnow
from storage.models.reminders import Reminder


@dataclass(frozen=True)
class Due:
    id: int
    kind: str
    ref: str
    user_id: int | None
    chat_key: str
    chat_id: str
    late: bool  # past its grace period: not sent


def due_query(now: datetime, limit: int = 500):
    """The ids of reminders due and not sent, oldest first: read through ix_reminders_pending, so
    its cost follows the pending reminders, not every one ever sent (tests/storage/test_indexes.py)."""
    return select(Reminder.id).where(Reminder.sent_at.is_(None), Reminder.due_at <= now).order_by(Reminder.due_at, Reminder.id).limit(limit)


class Reminders:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session = session
        self.cipher = cipher

    async def schedule(
        self,
        kind: str,
        ref: str,
        due_at: datetime,
        *,
        user_id: int | None = None,
        address: str | None = None,
        grace: timedelta = DEFAULT_GRACE,
    ) -> int:
        if user_id is not None:
            user = await self.session.get(User, user_id)
            if user is None:
                raise ValueError(f"no user {user_id}")
            chat_key, chat_id_enc = user.tg_key, user.tg_id_enc
        elif address is not None:
            chat_key, chat_id_enc = self.cipher.key_of(address), self.cipher.encrypt(address)
        else:
            raise ValueError("a reminder needs a user or an address")
        existing = await self.session.execute(
            select(Reminder.id, Reminder.outcome).where(
                Reminder.kind == kind, Reminder.ref == ref, Reminder.chat_key == chat_key, Reminder.due_at == due_at
            )
        )
        found = existing.first()
        if found is not None:
            if found.outcome == "cancelled":  # cancelled, then wanted again (he signs up again): due once more
                await self.session.execute(
                    update(Reminder).where(Reminder.id == found.id).values(sent_at=None, outcome=None, grace_until=due_at + grace)
                )
            return found.id
        row = Reminder(
            kind=kind,
            ref=ref,
            user_id=user_id,
            chat_key=chat_key,
            chat_id_enc=chat_id_enc,
            due_at=due_at,
            grace_until=due_at + grace,
        )
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def cancel(self, kind: str, ref: str) -> int:
        result = await self.session.execute(
            update(Reminder)
            .where(Reminder.kind == kind, Reminder.ref == ref, Reminder.sent_at.is_(None))
            .values(sent_at=utcnow(), outcome="cancelled")
        )
        return result.rowcount

    async def claim_due(self, now: datetime, limit: int = 500) -> list[Due]:
        """Mark due reminders as sent in one statement and return them. Whoever commits this owns
        them: a second process or a restart finds nothing left to send."""
        candidates = list((await self.session.execute(due_query(now, limit))).scalars())
        if not candidates:
            return []
        claimed = await self.session.execute(
            update(Reminder)
            .where(Reminder.id.in_(candidates), Reminder.sent_at.is_(None))
            .values(sent_at=now)
            .returning(
                Reminder.id, Reminder.kind, Reminder.ref, Reminder.user_id, Reminder.chat_key, Reminder.chat_id_enc, Reminder.grace_until
            )
        )
        due = [
            Due(id, kind, ref, user_id, key, self.cipher.decrypt(enc), grace_until < now)
            for id, kind, ref, user_id, key, enc, grace_until in claimed
        ]
        return sorted(due, key=lambda d: d.id)

    async def set_outcome(self, reminder_id: int, outcome: str) -> None:
        await self.session.execute(update(Reminder).where(Reminder.id == reminder_id).values(outcome=outcome))
