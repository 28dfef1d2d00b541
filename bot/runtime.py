"""The path of every update, whatever the channel: load the conversation, run the flow, and store
the new state, what the bot owes (outbox parcels) and "update N done" in one transaction. Sending is
the sender's job (bot.delivery.Sender): no chat waits for another chat's paced delivery.
"""
from __future__ import annotations

import asyncio
import gc
import logging
import weakref
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

import bot.jobs  # noqa: F401  (registers periodic jobs)
import flows.features  # noqa: F401  (registers every feature's flows, commands and actions)
from bot import clock
from bot import settings as bot_settings
from bot.delivery import OUTBOX_CHANNEL, Limits, Sender, Transport, to_payload
from flows import app, texts, understanding
from flows.core import ClearChat, CopyIncoming, Event, Forget, Notify, Outcome, Reply, SendDocument, SendPhoto, SendPoll, State
from flows.ports import Ctx, FlowSettings, Ports
from flows.texts import t
from storage.crypto import Cipher
from storage.db import make_engine, make_sessionmaker
from storage.fast import Fast
from storage.inbox import Inbox
from storage.ports import build_ports
from storage.repos import Conversations, Outbox, People

log = logging.getLogger(__name__)

_NOTIFY = Fast(text("SELECT pg_notify(:channel, '')"))

# More notices than this in one outcome make a fan-out: they wait behind people's answers.
FANOUT = 20

@dataclass
class Working:
    """The stored update a worker is running; Runtime.process marks it done in its transaction."""

    update_id: int
    done: bool = False


CURRENT_UPDATE: ContextVar[Working | None] = ContextVar("current_update", default=None)


@dataclass(frozen=True)
class Incoming:
    """An event from a chat. `chat_id` is the channel's own id (Telegram's, or the console's)."""

    chat_id: int
    event: Event
    message_id: int | None = None
    chat_type: str = "private"


_frozen = False


def _freeze() -> None:
    """What was loaded at start (models, content, modules) lives as long as the process: moved out
    of the collector's way (gc.freeze), so each full collection does not walk it again."""
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        _frozen = True


class Runtime:
    """`inline`: deliver right after each update and job (tests, the console). The Telegram runners
    pass False: the one sender of the deployment delivers, woken at each commit."""

    def __init__(
        self,
        engine: AsyncEngine,
        cipher: Cipher,
        transport: Transport,
        limits: Limits | None = None,
        inline: bool = True,
        flow_settings: FlowSettings | None = None,
    ) -> None:
        self.engine = engine
        self.flow_settings = flow_settings or bot_settings.flow_settings()  # what flows get through ctx
        self.sessions: async_sessionmaker = make_sessionmaker(engine)
        self.cipher = cipher
        self.inline = inline
        self.postgres = engine.dialect.name == "postgresql"
        # The sender shares the engine: on SQLite that is the process's one connection, so the
        # sender's commits and the updates' never fight over SQLite's write lock (each waits its
        # turn in the pool's queue, a transaction of a millisecond or so).
        self.delivery = Sender(self.sessions, cipher, transport, limits, engine)
        # One update at a time per chat in this process (across processes: a transaction lock).
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    def ports(self, session) -> Ports:
        return build_ports(session, self.cipher, self.flow_settings)

    @classmethod
    def create(cls, database_url: str, data_key: str, transport: Transport, model_cache: Path | None = None, **options) -> "Runtime":
        """`model_cache`: the MODEL_CACHE_DIR setting, where what the examples taught is kept between starts."""
        understanding.warm(model_cache)  # content checked and examples learned before the first update
        texts.bundle()  # the Fluent files read once, now, not at the first reply
        _freeze()
        return cls(make_engine(database_url), Cipher(data_key), transport, **options)

    def _lock(self, key: str) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        return lock

    async def process(self, incoming: Incoming) -> Outcome | None:
        """Run one event. Inside a worker (CURRENT_UPDATE set) the stored update is marked done in
        the same transaction, and an update done already is skipped (returns None)."""
        key = self.cipher.key_of(incoming.chat_id)
        working = CURRENT_UPDATE.get()
        outcome = None
        async with self._lock(key):
            try:
                outcome = await self._run(key, incoming, working)
            except Exception as exc:  # never silence, never a traceback to the person
                log.exception("update failed: %s", type(exc).__name__)
                await self._apologise(key, incoming, working)
        await self.outbox_written()
        return outcome

    async def outbox_written(self) -> None:
        """Parcels were committed: deliver them now (inline) or wake the sender."""
        if self.inline:
            await self.delivery.send()
        else:
            self.delivery.wake()

    async def _begin(self, session, key: str, working: Working | None) -> bool:
        """Serialise the chat across processes and mark the stored update done, in this one
        transaction (a rollback undoes the mark); False if it was done already. On PostgreSQL a
        second worker's mark waits for the first one's commit, then finds it done."""
        await Conversations(session).lock(key)
        if working is not None and not await Inbox(session, self.cipher).claim(working.update_id):
            working.done = True
            return False
        return True

    async def _commit(self, session, working: Working | None) -> None:
        await session.commit()
        if working is not None:
            working.done = True

    async def _run(self, key: str, incoming: Incoming, working: Working | None) -> Outcome | None:
        async with self.sessions() as session:
            if not await self._begin(session, key, working):
                return None
            conversations = Conversations(session)
            state, person = await conversations.load_with_person(key, str(incoming.chat_id))
            person = replace(person, chat_type=incoming.chat_type)
            ctx = Ctx(person=person, ports=self.ports(session), now=clock.now())
            outcome = await app.handle(incoming.event, state, ctx)
            await self.enqueue(session, key, str(incoming.chat_id), outcome.effects, incoming)
            if any(isinstance(e, Forget) for e in outcome.effects):
                await conversations.forget(key)
            else:
                incoming_ids = [incoming.message_id] if incoming.message_id else []
                await conversations.save(key, outcome.state, incoming_ids)
            await self._commit(session, working)
        return outcome

    async def enqueue(self, session, key: str, chat_id: str, effects, incoming: Incoming | None = None) -> list[int]:
        """Write the effects into the outbox, in order, in the caller's transaction; returns the
        parcel ids. After the commit, call `outbox_written()` (or `delivery.send()`)."""
        outbox = Outbox(session, self.cipher)
        own_chat = self.cipher.encrypt_address(chat_id) if chat_id else None
        source = (chat_id, incoming.message_id) if incoming and incoming.message_id else None
        notices = [e for e in effects if isinstance(e, Notify | CopyIncoming)]
        addresses = await People(session, self.cipher).addresses_of({e.user_id for e in notices}) if notices else {}
        lane = 1 if len(notices) > FANOUT else 0
        now = clock.now()
        rows: list[tuple] = []
        for effect in effects:
            if isinstance(effect, Reply | ClearChat | SendDocument | SendPhoto | SendPoll):
                if own_chat is None:
                    raise ValueError("a reply needs a chat")
                if isinstance(effect, ClearChat):
                    await outbox.drop_pending(key)
                    rows = [r for r in rows if r[0] != key]
                rows.append((key, own_chat, to_payload(effect), None, 0))
            elif isinstance(effect, Notify | CopyIncoming):
                address = addresses.get(effect.user_id)
                if address is None:
                    log.info("notify: user %s no longer exists", effect.user_id)
                    continue
                held = effect.not_before is not None and effect.not_before > now
                rows.append((address[0], address[1], to_payload(effect, source), effect.not_before if held else None, lane))
        if not rows:
            return []
        ids = await outbox.put_many(rows)
        if self.postgres:  # wakes the sender, whichever process it runs in, when this commits
            await _NOTIFY.run(session, {"channel": OUTBOX_CHANNEL})
        return ids

    async def _apologise(self, key: str, incoming: Incoming, working: Working | None) -> None:
        try:
            async with self.sessions() as session:
                if not await self._begin(session, key, working):
                    return
                await self.enqueue(session, key, str(incoming.chat_id), [Reply(t("error-sorry"))])
                await self._commit(session, working)
        except Exception:
            log.exception("could not even apologise")

    async def state_of(self, chat_id: int) -> State:
        async with self.sessions() as session:
            return await Conversations(session).load(self.cipher.key_of(chat_id))

    async def close(self) -> None:
        await self.delivery.stop()
        await self.engine.dispose()
