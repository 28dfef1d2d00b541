"""Carries out what the bot owes people, from the outbox, through a transport (Telegram or console).

A parcel is deleted only once delivered; a Telegram error or a restart leaves it for the next try,
and parcels to one chat go out in order.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Protocol

from flows.core import ClearChat, CopyIncoming, Effect, Notify, Reply
from storage.crypto import Cipher
from storage.repos import Conversations, Outbox, Parcel, People

log = logging.getLogger(__name__)


class Blocked(Exception):
    """The person blocked the bot or deleted the chat: stop writing to them."""


class TryLater(Exception):
    """A passing failure (network, Telegram overloaded): keep the parcel for another try."""


class Transport(Protocol):
    async def send(self, chat_id: str, payload: dict) -> list[int]:
        """Deliver one parcel; return the ids of the messages it created."""

    async def delete(self, chat_id: str, message_ids: list[int]) -> None: ...


def to_payload(effect: Effect, incoming: tuple[str, int] | None = None) -> dict:
    """An effect as plain data for the outbox."""
    match effect:
        case Reply(text=text, buttons=buttons, ask_location=ask_location):
            return {"type": "text", "text": text, "buttons": _rows(buttons), "ask_location": ask_location}
        case Notify(text=text, buttons=buttons):
            return {"type": "text", "text": text, "buttons": _rows(buttons), "ask_location": False}
        case ClearChat():
            return {"type": "clear"}
        case CopyIncoming(header=header):
            if incoming is None:
                raise ValueError("CopyIncoming without an incoming message")
            return {"type": "copy", "from_chat_id": incoming[0], "message_id": incoming[1], "header": header}
    raise TypeError(f"not a deliverable effect: {effect!r}")


def _rows(buttons) -> list:
    return [[[b.label, b.action, b.arg] for b in row] for row in buttons]


class Delivery:
    def __init__(self, sessions, cipher: Cipher, transport: Transport) -> None:
        self.sessions = sessions
        self.cipher = cipher
        self.transport = transport

    async def send(self, ids: Iterable[int] | None = None) -> int:
        """Send these parcels (or every due one); returns how many were delivered."""
        now = datetime.now(timezone.utc)
        async with self.sessions() as session:
            parcels = await Outbox(session, self.cipher).claim(now, list(ids) if ids is not None else None)
            await session.commit()
        delivered = 0
        stopped: set[str] = set()
        for parcel in parcels:
            async with self.sessions() as session:
                outbox = Outbox(session, self.cipher)
                if parcel.chat_key in stopped:
                    await outbox.release(parcel.id)
                else:
                    delivered += await self._one(session, outbox, parcel, now, stopped)
                await session.commit()
        return delivered

    async def _one(self, session, outbox: Outbox, parcel: Parcel, now: datetime, stopped: set[str]) -> int:
        conversations = Conversations(session)
        try:
            if parcel.payload["type"] == "clear":
                ids = await conversations.take_message_ids(parcel.chat_key)
                await self.transport.delete(parcel.chat_id, ids)
                sent: list[int] = []
            else:
                sent = await self.transport.send(parcel.chat_id, parcel.payload)
        except Blocked:
            log.info("chat unreachable; dropping parcel %s", parcel.id)
            await People(session, self.cipher).mark_unreachable(parcel.chat_key)
            await outbox.done(parcel.id)
            return 0
        except TryLater as exc:
            log.warning("delivery of parcel %s postponed: %s", parcel.id, type(exc.__cause__ or exc).__name__)
            await outbox.retry_later(parcel.id, now)
            stopped.add(parcel.chat_key)
            return 0
        await outbox.done(parcel.id)
        await conversations.remember(parcel.chat_key, sent)
        return 1
