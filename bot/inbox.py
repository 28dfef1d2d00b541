"""The inbox's two halves: intake stores updates (and only then are they acknowledged: the polling
offset advances, the webhook answers), and a worker runs the stored ones through their handlers
(a private chat's straight, handlers.private.direct; the rest through the dispatcher), in order per
chat, many chats at once. Stored-but-not-done updates are found again at start and at
every scheduler tick, so nothing lives only in memory.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot import clock
from bot.groupcommit import GroupCommit
from bot.runtime import CURRENT_UPDATE, Runtime, Working
from handlers import private
from storage.inbox import Inbox

log = logging.getLogger(__name__)

CHAT_KINDS = ("message", "edited_message", "channel_post", "edited_channel_post", "my_chat_member", "chat_member", "chat_join_request")


def chat_of(raw: dict) -> int | None:
    """The chat a raw update belongs to (its updates are done in order), if any."""
    for kind in CHAT_KINDS:
        if isinstance(raw.get(kind), dict):
            return (raw[kind].get("chat") or {}).get("id")
    query = raw.get("callback_query")
    if isinstance(query, dict):
        return ((query.get("message") or {}).get("chat") or {}).get("id")
    return None


class Worker:
    BATCH = 20  # a chat's stored updates read at once

    def __init__(self, runtime: Runtime, dispatcher: Dispatcher, bot: Bot, concurrency: int = 32) -> None:
        self.runtime = runtime
        self.dispatcher = dispatcher
        self.bot = bot
        self.gate = asyncio.Semaphore(concurrency)
        self.counters = {"stored": 0, "done": 0}
        self._chats: dict[str, asyncio.Task] = {}
        self._again: set[str] = set()  # chats that got updates while their task ran
        # Updates this worker stored, by chat, handed to the chat's task without reading them back;
        # only for chats known to have nothing older stored (`_known`: the last read found all).
        self._fresh: dict[str, list[tuple[int, dict]]] = {}
        self._known: set[str] = set()
        # Concurrent takes (a webhook's requests) are stored in one transaction and commit.
        self._takes: GroupCommit[tuple[int, str, dict], set[int]] = GroupCommit(
            runtime.sessions, lambda session, rows: Inbox(session, runtime.cipher).store(rows)
        )

    def key_of(self, raw: dict) -> str:
        chat = chat_of(raw)
        return self.runtime.cipher.key_of(chat) if chat is not None else ""

    async def take(self, raws: list[dict]) -> None:
        """Store updates and commit; the caller acknowledges them to Telegram only after this."""
        rows = [(raw["update_id"], self.key_of(raw), raw) for raw in raws if isinstance(raw.get("update_id"), int)]
        new = await self._takes.add(rows)  # the update_ids stored anew by the commit that holds them
        self.counters["stored"] += len(rows)
        for uid, key, raw in rows:
            if uid in new:  # not one Telegram sent again (nor a copy another take() of this batch has)
                new.discard(uid)
                self._fresh.setdefault(key, []).append((uid, raw))
        for key in dict.fromkeys(key for _, key, _ in rows):
            self.schedule(key)

    def schedule(self, key: str) -> None:
        if key in self._chats:
            self._again.add(key)
        else:
            self._chats[key] = asyncio.create_task(self._drain(key))

    async def recover(self, received_before: datetime | None = None) -> None:
        """Schedule every chat with stored updates not done (left by a crash or another worker)."""
        async with self.runtime.sessions() as session:
            keys = await Inbox(session, self.runtime.cipher).pending_chats(received_before)
        for key in keys:
            self._known.discard(key)  # stored by another worker, or left: read them in order
            if key not in self._chats:
                self.schedule(key)

    async def idle(self, timeout: float) -> None:
        """Wait (a little) for the updates being worked on; what is left is done at the next start."""
        if self._chats:
            await asyncio.wait(list(self._chats.values()), timeout=timeout)

    async def _drain(self, key: str) -> None:
        last = -1  # the last update_id this task ran: a fresh one read from the database too is not run twice
        try:
            while True:
                self._again.discard(key)
                async with self.gate:
                    fresh = self._fresh.pop(key, [])
                    if key in self._known and fresh:
                        pending = fresh
                    else:
                        async with self.runtime.sessions() as session:
                            pending = await Inbox(session, self.runtime.cipher).pending_for(key, self.BATCH)
                        if len(pending) < self.BATCH:  # all of them: what take() stores next is all there is
                            self._remember(key)
                        else:  # more than one read's worth: read again
                            self._again.add(key)
                    for update_id, raw in pending:
                        if update_id > last:
                            last = update_id
                            await self._one(update_id, raw)
                # All there was, and nothing stored since (take() marks the chat again): no re-read.
                if key not in self._again:
                    return
        except Exception as exc:  # the database went away: the next tick's recovery tries again
            self._known.discard(key)
            log.warning("inbox worker stopped for a chat: %s", type(exc).__name__)
        finally:
            self._chats.pop(key, None)

    def _remember(self, key: str) -> None:
        if len(self._known) > 100_000:  # forgetting only costs a read
            self._known.clear()
        self._known.add(key)

    async def _one(self, update_id: int, raw: dict) -> None:
        working = Working(update_id)
        token = CURRENT_UPDATE.set(working)
        try:
            # A private chat's update (nearly all) goes straight to its handler; the rest to the dispatcher.
            if not await private.direct(raw, self.bot, self.runtime, self.dispatcher.workflow_data.get("bot_username")):
                await self.dispatcher.feed_update(self.bot, Update.model_validate(raw, context={"bot": self.bot}))
        except Exception as exc:  # an update we cannot read: logged and set aside, not retried forever
            log.exception("update %s could not be handled: %s", update_id, type(exc).__name__)
        finally:
            CURRENT_UPDATE.reset(token)
        if not working.done:  # nothing for us in it (a group's chatter), or it failed above
            async with self.runtime.sessions() as session:
                await Inbox(session, self.runtime.cipher).claim(update_id)
                await session.commit()
        self.counters["done"] += 1


RECOVER_AFTER = timedelta(seconds=2)


def stale(now: datetime | None = None) -> datetime:
    """Updates stored longer ago than this and not done are another worker's leftovers."""
    return (now or clock.now()) - RECOVER_AFTER
