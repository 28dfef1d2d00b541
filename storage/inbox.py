"""The inbox: every update stored, encrypted, under its update_id, before anything waits on it.

An update is done once: `claim` marks it done inside the transaction that also stores the flow's
state and outbox parcels, so a crash undoes both and a redelivered or second-worker copy finds it
done already.
"""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import Cipher
from storage.fast import Fast
from storage.models import InboxUpdate
from storage.models.base import utcnow


_INBOX = InboxUpdate.__table__
# Built once, Core not ORM: these run for every update, and a statement built afresh costs more
# (construction, cache key) than SQLite takes to run it.
_CLAIM = Fast(update(_INBOX).where(_INBOX.c.update_id == bindparam("uid"), _INBOX.c.done_at.is_(None)).values(done_at=bindparam("now")))
_PENDING_FOR = Fast(
    select(_INBOX.c.update_id, _INBOX.c.payload_enc)
    .where(_INBOX.c.chat_key == bindparam("key"), _INBOX.c.done_at.is_(None))
    .order_by(_INBOX.c.update_id)
    .limit(bindparam("limit"))
)
_STORE = {
    name: insert(_INBOX).on_conflict_do_nothing().returning(_INBOX.c.update_id)
    for name, insert in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
}
_STORE_ONE = Fast({
    name: insert(_INBOX)
    .values({c: bindparam(c) for c in ("update_id", "chat_key", "payload_enc", "received_at")})
    .on_conflict_do_nothing()
    .returning(_INBOX.c.update_id)
    for name, insert in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
})


class Inbox:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session = session
        self.cipher = cipher

    async def store(self, updates: list[tuple[int, str, dict]]) -> set[int]:
        """(update_id, chat_key, raw update). An update_id already stored is left as it is; returns
        the update_ids stored now."""
        if not updates:
            return set()
        now = utcnow()
        rows = [
            {"update_id": uid, "chat_key": key, "payload_enc": self.cipher.encrypt(json.dumps(raw, ensure_ascii=False)),
             "received_at": now}
            for uid, key, raw in updates
        ]
        dialect = self.session.bind.dialect.name
        if len(rows) == 1 or dialect == "sqlite":  # a webhook's one update; SQLite runs each in microseconds
            stored = set()
            for row in rows:
                stored.update(uid for (uid,) in (await _STORE_ONE.run(self.session, row))[0])
            return stored
        return set((await self.session.execute(_STORE[dialect], rows)).scalars())

    async def claim(self, update_id: int) -> bool:
        """Mark the update done in the running transaction; False if it was done already. On
        PostgreSQL a second worker's claim waits for the first one's commit, then finds it done."""
        _, count = await _CLAIM.run(self.session, {"uid": update_id, "now": utcnow()})
        return count == 1

    async def pending_for(self, chat_key: str, limit: int = 20) -> list[tuple[int, dict]]:
        """The chat's stored updates not done yet, oldest first."""
        rows, _ = await _PENDING_FOR.run(self.session, {"key": chat_key, "limit": limit})
        return [(uid, json.loads(self.cipher.decrypt(enc))) for uid, enc in rows]

    async def pending_chats(self, received_before: datetime | None = None) -> list[str]:
        query = select(InboxUpdate.chat_key).where(InboxUpdate.done_at.is_(None)).distinct()
        if received_before is not None:
            query = query.where(InboxUpdate.received_at < received_before)
        return list((await self.session.execute(query)).scalars())

    async def depth(self) -> int:
        return await self.session.scalar(select(func.count()).select_from(InboxUpdate).where(InboxUpdate.done_at.is_(None)))
