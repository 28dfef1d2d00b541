"""The path of every update, whatever the channel: load the conversation, run the flow, store the new
state and what the bot owes in one transaction, then deliver.
"""
from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

import bot.jobs  # noqa: F401  (registers periodic jobs)
import flows.features  # noqa: F401  (registers every feature's flows, commands and actions)
from bot.delivery import Delivery, Transport, to_payload
from flows import app
from flows.core import ClearChat, CopyIncoming, Event, Forget, Notify, Outcome, Reply, SendDocument, SendPhoto, SendPoll, State
from flows.ports import Ctx
from flows.texts import t
from storage.crypto import Cipher
from storage.db import make_engine, make_sessionmaker
from storage.ports import build_ports
from storage.repos import Conversations, Outbox, Parcel, People

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Incoming:
    """An event from a chat. `chat_id` is the channel's own id (Telegram's, or the console's)."""

    chat_id: int
    event: Event
    message_id: int | None = None
    chat_type: str = "private"


class Runtime:
    def __init__(self, engine: AsyncEngine, cipher: Cipher, transport: Transport) -> None:
        self.engine = engine
        self.sessions: async_sessionmaker = make_sessionmaker(engine)
        self.cipher = cipher
        self.delivery = Delivery(self.sessions, cipher, transport)
        # One update at a time per chat, so two quick messages cannot overwrite each other's state.
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    @classmethod
    def create(cls, database_url: str, data_key: str, transport: Transport) -> "Runtime":
        return cls(make_engine(database_url), Cipher(data_key), transport)

    def _lock(self, key: str) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        return lock

    async def process(self, incoming: Incoming) -> Outcome | None:
        key = self.cipher.key_of(incoming.chat_id)
        async with self._lock(key):
            try:
                outcome, parcels = await self._run(key, incoming)
                await self.delivery.deliver(parcels)
                return outcome
            except Exception as exc:  # never silence, never a traceback to the person
                log.exception("update failed: %s", type(exc).__name__)
        await self.delivery.send(await self._apologise(key, incoming))
        return None

    async def _run(self, key: str, incoming: Incoming) -> tuple[Outcome, list[Parcel]]:
        async with self.sessions() as session:
            conversations = Conversations(session)
            people = People(session, self.cipher)
            state = await conversations.load(key)
            person = replace(await people.person(key, str(incoming.chat_id)), chat_type=incoming.chat_type)
            ctx = Ctx(person=person, ports=build_ports(session, self.cipher), now=datetime.now(timezone.utc))
            outcome = await app.handle(incoming.event, state, ctx)
            parcels = await self._enqueue(session, key, str(incoming.chat_id), outcome.effects, incoming, claim=True)
            if any(isinstance(e, Forget) for e in outcome.effects):
                await conversations.forget(key)
            else:
                incoming_ids = [incoming.message_id] if incoming.message_id else []
                await conversations.save(key, outcome.state, incoming_ids)
            await session.commit()
        return outcome, parcels

    async def enqueue(self, session, key: str, chat_id: str, effects, incoming: Incoming | None = None) -> list[int]:
        """Write the effects into the outbox, in order; returns the parcel ids (for delivery.send)."""
        return [p.id for p in await self._enqueue(session, key, chat_id, effects, incoming)]

    async def _enqueue(self, session, key, chat_id, effects, incoming=None, claim: bool = False) -> list[Parcel]:
        outbox = Outbox(session, self.cipher)
        people = People(session, self.cipher)
        own_chat = self.cipher.encrypt(chat_id) if chat_id else None
        source = (chat_id, incoming.message_id) if incoming and incoming.message_id else None
        parcels = []
        now = datetime.now(timezone.utc)
        for effect in effects:
            if isinstance(effect, Reply | ClearChat | SendDocument | SendPhoto | SendPoll):
                if own_chat is None:
                    raise ValueError("a reply needs a chat")
                if isinstance(effect, ClearChat):
                    await outbox.drop_pending(key)
                    parcels = [p for p in parcels if p.chat_key != key]
                payload = to_payload(effect)
                parcels.append(Parcel(await outbox.put(key, own_chat, payload, claim), key, chat_id, payload))
            elif isinstance(effect, Notify | CopyIncoming):
                address = await people.address_of(effect.user_id)
                if address is None:
                    log.info("notify: user %s no longer exists", effect.user_id)
                    continue
                payload = to_payload(effect, source)
                held = effect.not_before is not None and effect.not_before > now
                pid = await outbox.put(address[0], address[1], payload, claim and not held, effect.not_before if held else None)
                if not held:  # a held parcel goes out with the scheduler's rounds, when its time comes
                    parcels.append(Parcel(pid, address[0], self.cipher.decrypt(address[1]), payload))
        return parcels

    async def _apologise(self, key: str, incoming: Incoming) -> list[int]:
        try:
            async with self.sessions() as session:
                ids = await self.enqueue(session, key, str(incoming.chat_id), [Reply(t("error-sorry"))])
                await session.commit()
                return ids
        except Exception:
            log.exception("could not even apologise")
            return []

    async def state_of(self, chat_id: int) -> State:
        async with self.sessions() as session:
            return await Conversations(session).load(self.cipher.key_of(chat_id))

    async def close(self) -> None:
        await self.engine.dispose()
