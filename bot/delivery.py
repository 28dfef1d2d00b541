"""Carries out what the bot owes people, from the outbox, through a transport (Telegram or console).

A parcel is deleted only once delivered; a Telegram error or a restart leaves it for the next try,
and parcels to one chat go out in order.
"""
from __future__ import annotations

import base64
import logging
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Protocol

from flows.core import ClearChat, CopyIncoming, Effect, Notify, Reply, SendDocument, SendPhoto, SendPoll
from storage.crypto import Cipher
from storage.repos import Conversations, Outbox, Parcel, People

log = logging.getLogger(__name__)


# fn(session, cipher, payload) after a poll went out: the transport put Telegram's "poll_id" in the payload,
# which the feature that sent it keeps, since answers name only that id.
POLL_SENT: list = []


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
            return {"type": "text", "text": text, "buttons": _rows(buttons), "ask_location": False, **_discreet(effect)}
        case ClearChat():
            return {"type": "clear"}
        case SendDocument(filename=filename, content=content, caption=caption):
            return {"type": "document", "filename": filename, "content": base64.b64encode(content).decode(), "caption": caption}
        case SendPoll(question=question, options=options, closes_at=closes_at, ref=ref):
            return {"type": "poll", "question": question, "options": list(options), "close_date": int(closes_at.timestamp()), "ref": ref}
        case SendPhoto(filename=filename, content=content, caption=caption):
            return {"type": "photo", "filename": filename, "content": base64.b64encode(content).decode(), "caption": caption}
        case CopyIncoming(header=header):
            if incoming is None:
                raise ValueError("CopyIncoming without an incoming message")
            return {"type": "copy", "from_chat_id": incoming[0], "message_id": incoming[1], "header": header, **_discreet(effect)}
    raise TypeError(f"not a deliverable effect: {effect!r}")


def _discreet(effect: Notify | CopyIncoming) -> dict:
    """Telegram's disable_notification / protect_content, only when asked (older parcels lack them)."""
    return {k: True for k, on in (("silent", effect.silent), ("protect", effect.protect)) if on}


def _rows(buttons) -> list:
    return [[[b.label, b.action, b.arg] for b in row] for row in buttons]


class Delivery:
    def __init__(self, sessions, cipher: Cipher, transport: Transport) -> None:
        self.sessions = sessions
        self.cipher = cipher
        self.transport = transport

    async def send(self, ids: Iterable[int] | None = None) -> int:
        """Claim these parcels (or every due one) and deliver them; returns how many were delivered.

        A crash between claiming and settling leaves them claimed for a minute, then they are sent
        again: at least once, never lost."""
        now = datetime.now(timezone.utc)
        async with self.sessions() as session:
            parcels = await Outbox(session, self.cipher).claim(now, list(ids) if ids is not None else None)
            await session.commit()
        return await self.deliver(parcels)

    async def deliver(self, parcels: list[Parcel]) -> int:
        """Send parcels this process has claimed, in order, and settle them in one transaction."""
        if not parcels:
            return 0
        now = datetime.now(timezone.utc)
        results: list[tuple[Parcel, str, list[int]]] = []
        stopped: set[str] = set()  # chats with a failed parcel: later ones wait, to keep the order
        for parcel in parcels:
            if parcel.chat_key in stopped:
                results.append((parcel, "release", []))
                continue
            outcome, sent = await self._one(parcel)
            if outcome == "later":
                stopped.add(parcel.chat_key)
            results.append((parcel, outcome, sent))
        async with self.sessions() as session:
            outbox, conversations = Outbox(session, self.cipher), Conversations(session)
            await outbox.done(*(parcel.id for parcel, outcome, _ in results if outcome in ("done", "blocked")))
            for parcel, outcome, sent in results:
                if outcome == "release":
                    await outbox.release(parcel.id)
                elif outcome == "later":
                    await outbox.retry_later(parcel.id, now)
                elif outcome == "blocked":
                    await People(session, self.cipher).mark_unreachable(parcel.chat_key)
                else:
                    await conversations.remember(parcel.chat_key, sent)
                    if parcel.payload.get("poll_id"):
                        for hook in POLL_SENT:
                            await hook(session, self.cipher, parcel.payload)
            await session.commit()
        return sum(outcome == "done" for _, outcome, _ in results)

    async def _one(self, parcel: Parcel) -> tuple[str, list[int]]:
        try:
            if parcel.payload["type"] == "clear":
                async with self.sessions() as session:
                    ids = await Conversations(session).take_message_ids(parcel.chat_key)
                    await session.commit()
                await self.transport.delete(parcel.chat_id, ids)
                return "done", []
            return "done", await self.transport.send(parcel.chat_id, parcel.payload)
        except Blocked:
            log.info("chat unreachable; dropping parcel %s", parcel.id)
            return "blocked", []
        except TryLater as exc:
            log.warning("delivery of parcel %s postponed: %s", parcel.id, type(exc.__cause__ or exc).__name__)
            return "later", []
