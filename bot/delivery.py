"""The one sender: carries out what the bot owes people, from the outbox, through a transport
(Telegram or the console), with the only rate limiter.

One sender per deployment (the scheduler's leader on PostgreSQL, the one process on SQLite). It
sends each chat's parcels in order, many chats at once, and deletes each parcel in its own short
commit as soon as Telegram accepted it. So a crash repeats at most the messages in flight: one that
Telegram accepted in the few milliseconds before the process died, not yet marked sent, goes out
again after the restart (at most one per chat being sent to). Telegram's sendMessage takes no
idempotency key, so nothing can tell whether it arrived; we chose a second copy over a lost answer
(tests/e2e/test_inbox_process.py finds each such message at the kill and allows no other double). A passing error or a 429
writes the parcel's next try; a parcel that keeps failing becomes a dead letter, kept for an
operator (`acompana outbox`). New parcels wake it (in-process, and on PostgreSQL by NOTIFY).
"""
from __future__ import annotations

import asyncio
import base64
import logging
from collections import Counter
from datetime import datetime
from typing import Protocol

from bot import clock
from bot.groupcommit import GroupCommit
from flows.core import ClearChat, CopyIncoming, Effect, Notify, Reply, SendDocument, SendPhoto, SendPoll
from storage.crypto import Cipher
from storage.repos import Conversations, Outbox, Parcel, People

log = logging.getLogger(__name__)

OUTBOX_CHANNEL = "acompana_outbox"


# fn(session, cipher, payload) after a poll went out: the transport put Telegram's "poll_id" in the payload,
# which the feature that sent it keeps, since answers name only that id.
POLL_SENT: list = []


class Blocked(Exception):
    """The person blocked the bot or deleted the chat: stop writing to them."""


class TryLater(Exception):
    """A passing failure (network, Telegram overloaded): keep the parcel for another try.
    `retry_after`: Telegram said how many seconds to wait."""

    def __init__(self, retry_after: float | None = None) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class Refused(Exception):
    """Telegram refused the parcel itself (a bad request): trying again cannot help. It becomes a
    dead letter at once, for an operator to look at."""
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


class TokenBucket:
    """`rate` tokens a second, bursts of up to `burst`; waiters are served in order."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.stamp = burst, clock.monotonic()
        self.lock = asyncio.Lock()

    async def take(self) -> None:
        async with self.lock:
            now = clock.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens < 1:
                await asyncio.sleep((1 - self.tokens) / self.rate)
                self.stamp = clock.monotonic()
                self.tokens = 1
            self.tokens -= 1


class Limits:
    """Telegram's limits for the whole deployment (only the sender sends): about 30 messages a
    second overall, 1 a second in a chat with a short burst, 20 a minute in a group. The overall
    bucket has no burst above its rate, so no second sees more than `per_second` sends; it runs 10 %
    below it, so the network's jitter cannot squeeze one more into a second as Telegram counts it
    (at 5 % below, a loaded machine once saw 31 arrive in one of Telegram's seconds)."""

    MARGIN = 0.9

    def __init__(self, per_second: float = 30, chat_per_second: float = 1, chat_burst: float = 3, group_per_minute: float = 20) -> None:
        pace = clock.pace()  # 1 but in tests that ask for fast conversations (ACOMPANA_TEST_PACE)
        per_second, chat_per_second, group_per_minute = per_second * pace, chat_per_second * pace, group_per_minute * pace
        self.overall = TokenBucket(per_second * self.MARGIN, 1)
        self.chat_per_second, self.chat_burst = chat_per_second, chat_burst
        self.group_per_second = group_per_minute / 60
        self.chats: dict[str, TokenBucket] = {}

    async def take(self, chat_id: str) -> None:
        bucket = self.chats.get(chat_id)
        if bucket is None:
            group = chat_id.startswith("-")  # groups have negative ids
            bucket = TokenBucket(self.group_per_second, 3) if group else TokenBucket(self.chat_per_second, self.chat_burst)
            if len(self.chats) > 10_000:
                self.chats.clear()
            self.chats[chat_id] = bucket
        await bucket.take()
        await self.overall.take()


class Sender:
    MAX_CHATS = 32  # chats being sent to at once
    MAX_FANOUT_CHATS = 6  # of which in a fan-out: people's answers overtake an announcement

    def __init__(self, sessions, cipher: Cipher, transport: Transport, limits: Limits | None = None, engine=None) -> None:
        self.sessions = sessions
        self.cipher = cipher
        self.transport = transport
        self.limits = limits
        self.engine = engine
        # sent, retried, rate_limited (429s), dead, blocked: for logs and metrics.
        self.counters: Counter[str] = Counter()
        self._wake = asyncio.Event()
        self._loop: asyncio.Task | None = None
        self._chats: dict[str, asyncio.Task] = {}  # chats being sent to, by chat key
        self._fanout: set[str] = set()  # of which with a fan-out's parcels
        self._more = False  # the last claim left due parcels behind
        self._listener = None
        # Sent parcels are settled in rounds: those the chats finish at one moment share a commit.
        self._rounds: GroupCommit[tuple[Parcel, str, list[int]], None] = GroupCommit(
            sessions, self._write_round, failure="sender could not settle a round"
        )

    def wake(self) -> None:
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._loop is not None and not self._loop.done()

    async def send(self, ids=None) -> int:
        """Deliver every parcel due now and wait for it; returns how many were delivered. Where the
        sender loop runs (a Telegram runner), it does that itself: this only wakes it. (`ids` is
        accepted for older callers: every due parcel goes.)"""
        if self.running:
            self.wake()
            return 0
        delivered = 0
        while parcels := (await self._claim(set(), 0))[0]:
            delivered += sum(await asyncio.gather(*(self._chat(chat) for chat in _by_chat(parcels))))
        return delivered

    def start(self) -> None:
        if not self.running:
            self._loop = asyncio.create_task(self._run(), name="sender")

    async def stop(self) -> None:
        tasks = [t for t in (self._loop, *self._chats.values(), self._rounds.task) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._loop = None
        if self._listener is not None:
            await self._listener.close()
            self._listener = None

    async def _run(self) -> None:
        async with self.sessions() as session:
            released = await Outbox(session, self.cipher).release_claims()
            await session.commit()
        if released:
            log.info("sender started: %s stale claims released", released)
        await self._listen()
        while True:
            self._wake.clear()
            try:
                parcels, self._more, due = await self._claim(set(self._chats), len(self._fanout))
                for chat in _by_chat(parcels):
                    key = chat[0].chat_key
                    if chat[0].lane:
                        self._fanout.add(key)
                    self._chats[key] = task = asyncio.create_task(self._chat(chat))
                    task.add_done_callback(lambda _t, key=key: self._finished(key))
                if parcels and self._more and len(self._chats) < self.MAX_CHATS:
                    continue
                # Woken by new parcels, by a chat done when due ones were left behind, or when the
                # next parcel not due yet comes due (a retry, a held message).
                timeout = 30.0 if due is None else min(30.0, max(0.02, (due - clock.now()).total_seconds()))
            except Exception as exc:  # the database may be away for a moment: try again soon
                log.warning("sender round failed: %s", type(exc).__name__)
                timeout = 1.0
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for swallows a cancel that comes in
            # the round its event is set (a chat task cancelled by stop() wakes the sender), and the
            # sender would never end.
            try:
                async with asyncio.timeout(timeout):
                    await self._wake.wait()
            except TimeoutError:
                pass

    def _finished(self, key: str) -> None:
        self._chats.pop(key, None)
        self._fanout.discard(key)
        if self._more:  # the last claim left due parcels (this chat's, or for want of room)
            self.wake()

    async def _listen(self) -> None:
        """On PostgreSQL, parcels committed by any process wake this sender (LISTEN/NOTIFY)."""
        if self.engine is None or self.engine.dialect.name != "postgresql":
            return
        import asyncpg

        try:
            dsn = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            self._listener = await asyncpg.connect(dsn)
            await self._listener.add_listener(OUTBOX_CHANNEL, lambda *_: self.wake())
        except Exception as exc:  # without it the sender still finds parcels on its timer
            log.warning("outbox notifications unavailable: %s", type(exc).__name__)
            self._listener = None

    async def _claim(self, busy: set[str], fanout_busy: int) -> tuple[list[Parcel], bool, datetime | None]:
        """(parcels claimed, whether due ones were left, when the next one not due yet comes due)."""
        async with self.sessions() as session:
            outbox = Outbox(session, self.cipher)
            parcels = await outbox.claim(
                clock.now(), busy, chats=self.MAX_CHATS - len(busy), fanout_chats=self.MAX_FANOUT_CHATS - fanout_busy
            )
            await session.commit()
        return parcels, outbox.more, outbox.next_due

    async def _chat(self, parcels: list[Parcel]) -> int:
        """One chat's parcels, in order; each settled as soon as its outcome is known (a sent one in
        the round's one transaction, which the chat waits for before its next parcel)."""
        delivered = 0
        for i, parcel in enumerate(parcels):
            if self.limits is not None:
                await self.limits.take(parcel.chat_id)
            outcome, sent, retry_after, error = await self._one(parcel)
            self.counters[{"done": "sent"}.get(outcome, outcome)] += 1
            if outcome in ("done", "blocked"):
                await self._settle(parcel, outcome, sent)
                delivered += outcome == "done"
                continue
            async with self.sessions() as session:
                outbox = Outbox(session, self.cipher)
                dead = await outbox.retry_later(parcel.id, clock.now(), retry_after, error, final=outcome == "refused")
                await outbox.release(*(p.id for p in parcels[i + 1 :]))  # they wait behind it, in order
                await session.commit()
            self.wake()  # the sender's next wake-up: this parcel's next try
            if dead:
                self.counters["dead"] += 1
                log.error("parcel %s is a dead letter (%s); `acompana outbox` lists and retries it", parcel.id, error)
            break
        return delivered

    async def _settle(self, parcel: Parcel, outcome: str, sent: list[int]) -> None:
        """Mark a parcel sent (or its chat unreachable) and wait for the commit. The parcels the other
        chats finished meanwhile share that transaction: one commit a round, not one a parcel, and
        still at most one unmarked parcel per chat if the process dies."""
        await self._rounds.add([(parcel, outcome, sent)])  # on a failure, its parcels stay claimed

    async def _write_round(self, session, batch: list[tuple[Parcel, str, list[int]]]) -> None:
        conversations, people = Conversations(session), People(session, self.cipher)
        sent_to: dict[str, list[int]] = {}
        for parcel, outcome, sent in batch:
            if outcome == "done":
                sent_to.setdefault(parcel.chat_key, []).extend(sent)
        # PostgreSQL: the chats' locks first, in one order, then the rows (as an update does).
        for key in sorted(k for k, ids in sent_to.items() if ids):
            await conversations.lock(key)
        await Outbox(session, self.cipher).done(*(p.id for p, _, _ in batch))
        for parcel, outcome, _ in batch:
            if outcome == "blocked":
                await people.mark_unreachable(parcel.chat_key)
            elif parcel.payload.get("poll_id"):
                for hook in POLL_SENT:
                    await hook(session, self.cipher, parcel.payload)
        for key, ids in sent_to.items():
            await conversations.remember(key, ids)

    async def _one(self, parcel: Parcel) -> tuple[str, list[int], float | None, str]:
        """(outcome, message ids, retry_after, error) for one parcel."""
        try:
            if parcel.payload["type"] == "clear":
                async with self.sessions() as session:
                    ids = await Conversations(session).take_message_ids(parcel.chat_key)
                    await session.commit()
                await self.transport.delete(parcel.chat_id, ids)
                return "done", [], None, ""
            return "done", await self.transport.send(parcel.chat_id, parcel.payload), None, ""
        except Blocked:
            log.info("chat unreachable; dropping parcel %s", parcel.id)
            return "blocked", [], None, ""
        except TryLater as exc:
            error = type(exc.__cause__ or exc).__name__
            if exc.retry_after is not None:
                self.counters["rate_limited"] += 1
                error = f"429 retry after {exc.retry_after}s"
            log.warning("delivery of parcel %s postponed: %s", parcel.id, error)
            return "retried", [], exc.retry_after, error
        except Refused as exc:
            return "refused", [], None, str(exc) or "refused"
        except Exception as exc:  # a bug or bad data: kept and retried, a dead letter in the end
            log.exception("parcel %s failed: %s", parcel.id, type(exc).__name__)
            return "retried", [], None, type(exc).__name__


def _by_chat(parcels: list[Parcel]) -> list[list[Parcel]]:
    chats: dict[str, list[Parcel]] = {}
    for parcel in parcels:
        chats.setdefault(parcel.chat_key, []).append(parcel)
    return list(chats.values())
