"""Repositories for what every feature shares: conversations, people, the outbox."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.core import State
from flows.ports import Person
from storage.crypto import Cipher
from storage.models import Conversation, OutboxMessage, User
from storage.models.base import utcnow

# Features that keep chats of their own (an instancia's group) register here what to do when
# Telegram says the bot can no longer write to a chat: fn(session, chat_key).
UNREACHABLE_HOOKS: list = []

# Telegram lets a bot delete messages in a private chat for 48 hours; older ids are useless.
DELETABLE_SECONDS = 48 * 3600


class Conversations:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _row(self, chat_key: str) -> Conversation | None:
        return await self.session.get(Conversation, chat_key)

    async def load(self, chat_key: str) -> State:
        row = await self._row(chat_key)
        return State.from_json(row.state if row else None)

    async def save(self, chat_key: str, state: State, incoming_ids: list[int] = ()) -> None:
        row = await self._row(chat_key)
        if row is None:
            row = Conversation(chat_key=chat_key, state={}, message_ids=[])
            self.session.add(row)
        row.state = state.to_json()
        if incoming_ids:
            row.message_ids = _fresh(row.message_ids) + [[i, int(time.time())] for i in incoming_ids]

    async def remember(self, chat_key: str, message_ids: list[int]) -> None:
        """Outgoing ids, recorded after delivery. Only for chats that have a conversation row."""
        row = await self._row(chat_key)
        if row is not None and message_ids:
            row.message_ids = _fresh(row.message_ids) + [[i, int(time.time())] for i in message_ids]

    async def take_message_ids(self, chat_key: str) -> list[int]:
        """The ids quick exit deletes; they are forgotten once taken."""
        row = await self._row(chat_key)
        if row is None:
            return []
        ids = [i for i, _ in _fresh(row.message_ids)]
        row.message_ids = []
        return ids

    async def forget(self, chat_key: str) -> None:
        await self.session.execute(delete(Conversation).where(Conversation.chat_key == chat_key))


def _fresh(pairs: list) -> list:
    cutoff = time.time() - DELETABLE_SECONDS
    return [p for p in pairs or [] if p[1] >= cutoff]


class People:
    """Implements flows.ports.PeoplePort."""

    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session = session
        self.cipher = cipher

    async def find(self, chat_key: str) -> User | None:
        return (await self.session.execute(select(User).where(User.tg_key == chat_key))).scalar_one_or_none()

    async def ensure(self, person: Person) -> User:
        user = await self.find(person.key)
        if user is None:
            user = User(tg_key=person.key, tg_id_enc=self.cipher.encrypt(person.address))
            self.session.add(user)
            await self.session.flush()
        return user

    async def consent(self, person: Person) -> int:
        user = await self.ensure(person)
        user.consent_at = user.consent_at or utcnow()
        user.unreachable_at = None
        return user.id

    async def set_profile(self, user_id: int, *, district: str | None = None, minor: bool | None = None) -> None:
        user = await self.session.get(User, user_id)
        if user is None:
            return
        if district is not None:
            user.district = district
        if minor is not None:
            user.minor, user.adult = minor, not minor

    async def erase(self, person: Person) -> None:
        # Rows that count for statistics point at users with ON DELETE SET NULL; the rest cascade.
        await self.session.execute(delete(User).where(User.tg_key == person.key))
        await self.session.execute(delete(OutboxMessage).where(OutboxMessage.chat_key == person.key))

    async def mark_unreachable(self, chat_key: str) -> None:
        await self.session.execute(update(User).where(User.tg_key == chat_key).values(unreachable_at=utcnow()))
        for hook in UNREACHABLE_HOOKS:
            await hook(self.session, chat_key)

    async def person(self, chat_key: str, address: str) -> Person:
        user = await self.find(chat_key)
        if user is None:
            return Person(key=chat_key, address=address)
        if user.unreachable_at is not None:  # she wrote to us: reachable again
            user.unreachable_at = None
        return Person(
            key=chat_key,
            address=address,
            user_id=user.id,
            consented=user.consent_at is not None,
            minor=user.minor,
            adult=user.adult,
            district=user.district,
        )

    async def address_of(self, user_id: int) -> tuple[str, str] | None:
        """(chat_key, encrypted chat id) to write to a user first, or None if gone."""
        user = await self.session.get(User, user_id)
        return (user.tg_key, user.tg_id_enc) if user else None


@dataclass(frozen=True)
class Parcel:
    """One outbox row, decrypted: where to, and what (an effect as a dict)."""

    id: int
    chat_key: str
    chat_id: str
    payload: dict


class Outbox:
    CLAIM_SECONDS = 60
    MAX_ATTEMPTS = 12

    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session = session
        self.cipher = cipher

    async def put(
        self, chat_key: str, chat_id_enc: str, payload: dict, claim: bool = False, not_before: datetime | None = None
    ) -> int:
        """Queue a parcel. `claim`: the caller sends it right after committing, so it is born
        claimed and no other process takes it meanwhile (one transaction fewer per update).
        `not_before`: held until then."""
        row = OutboxMessage(
            chat_key=chat_key,
            chat_id_enc=chat_id_enc,
            payload_enc=self.cipher.encrypt(json.dumps(payload, ensure_ascii=False)),
            next_try_at=not_before or utcnow(),
            claimed_until=utcnow() + timedelta(seconds=self.CLAIM_SECONDS) if claim else None,
        )
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def claim(self, now: datetime, ids: list[int] | None = None, limit: int = 200) -> list[Parcel]:
        """Take pending parcels (these ids, or any due), so that no other process sends them too.
        The caller commits right after, before sending."""
        free = or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now)
        query = select(OutboxMessage.id).where(free, OutboxMessage.next_try_at <= now)
        if ids is not None:
            query = query.where(OutboxMessage.id.in_(ids))
        candidates = list((await self.session.execute(query.order_by(OutboxMessage.id).limit(limit))).scalars())
        if not candidates:
            return []
        until = now + timedelta(seconds=self.CLAIM_SECONDS)
        claimed = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(candidates), free)
            .values(claimed_until=until)
            .returning(OutboxMessage.id, OutboxMessage.chat_key, OutboxMessage.chat_id_enc, OutboxMessage.payload_enc)
        )
        parcels = [
            Parcel(id, key, self.cipher.decrypt(chat), json.loads(self.cipher.decrypt(payload)))
            for id, key, chat, payload in claimed
        ]
        return sorted(parcels, key=lambda p: p.id)

    async def drop_pending(self, chat_key: str) -> None:
        """Quick exit: nothing still queued or held for this chat goes out after it."""
        await self.session.execute(delete(OutboxMessage).where(OutboxMessage.chat_key == chat_key))

    async def done(self, *parcel_ids: int) -> None:
        if parcel_ids:
            await self.session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(parcel_ids)))

    async def retry_later(self, parcel_id: int, now: datetime) -> None:
        row = await self.session.get(OutboxMessage, parcel_id)
        if row is None:
            return
        row.attempts += 1
        if row.attempts >= self.MAX_ATTEMPTS:
            await self.session.delete(row)
            return
        row.claimed_until = None
        row.next_try_at = now + timedelta(seconds=min(3600, 2 ** row.attempts))

    async def release(self, parcel_id: int) -> None:
        """Put back untouched (an earlier parcel to the same chat failed: keep their order)."""
        await self.session.execute(update(OutboxMessage).where(OutboxMessage.id == parcel_id).values(claimed_until=None))

    async def pending(self) -> int:
        return len((await self.session.execute(select(OutboxMessage.id))).all())
