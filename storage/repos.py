"""Repositories for what every feature shares: conversations, people, the outbox."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime, timedelta

from sqlalchemy import JSON, String, bindparam, case, cast, delete, func, insert, literal, or_, select, text, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from flows.core import State
from flows.ports import Person
from storage.crypto import Cipher
from storage.fast import Fast
from storage.models import Conversation, OutboxMessage, User
from storage.models.base import utcnow

# Features that keep chats of their own (an instancia's group) register here what to do when
# Telegram says the bot can no longer write to a chat: fn(session, chat_key).
UNREACHABLE_HOOKS: list = []

# Namespace of the per-chat transaction locks on PostgreSQL (two-key advisory locks; the
# scheduler's leader lock is a one-key lock, a separate space).
CHAT_LOCKS = 0x4143

# Telegram lets a bot delete messages in a private chat for 48 hours; older ids are useless.
DELETABLE_SECONDS = 48 * 3600


class Conversations:
    """Core statements, not the ORM: this runs on every update and after every message sent. An
    update reads its row once (`load`) and writes it once (`save`), with what it read."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._read: dict[str, list | None] = {}  # chat_key -> message_ids as read (None: no row)

    async def lock(self, chat_key: str) -> None:
        """Serialise writers of one chat across processes until the transaction ends (PostgreSQL;
        SQLite writes one transaction at a time anyway)."""
        if self.session.bind.dialect.name == "postgresql":
            await _LOCK.run(self.session, {"ns": CHAT_LOCKS, "k": int(chat_key[:8], 16) - 2**31})

    async def _message_ids(self, chat_key: str) -> list | None:
        if chat_key not in self._read:
            await self.load(chat_key)
        return self._read[chat_key]

    async def load(self, chat_key: str) -> State:
        rows, _ = await _CONV_LOAD.run(self.session, {"k_": chat_key})
        row = rows[0] if rows else None
        self._read[chat_key] = list(row.message_ids or []) if row else None
        return State.from_json(row.state if row else None)

    async def load_with_person(self, chat_key: str, address: str) -> tuple[State, Person]:
        """`load` and People.person in one statement (every update starts with both)."""
        [row], _ = await _CONV_AND_PERSON.run(self.session, {"k_": chat_key})
        self._read[chat_key] = list(row.message_ids or []) if row.known else None
        person = await _arrived(self.session, row if row.id is not None else None, chat_key, address)
        return State.from_json(row.state if row.known else None), person

    async def save(self, chat_key: str, state: State, incoming_ids: list[int] = ()) -> None:
        known = await self._message_ids(chat_key)
        ids = _fresh(known or []) + [[i, int(time.time())] for i in incoming_ids] if incoming_ids else None
        values = {"k_": chat_key, "state": state.to_json(), "message_ids": ids or [], "updated_at": utcnow()}
        if known is None:
            await _CONV_INSERT.run(self.session, values)
        else:
            await (_CONV_UPDATE if ids is not None else _CONV_UPDATE_STATE).run(self.session, values)
        self._read[chat_key] = ids if ids is not None else known or []

    async def remember(self, chat_key: str, message_ids: list[int]) -> None:
        """Outgoing ids, recorded after delivery, appended in one statement (pruned of ids too old
        to delete at the chat's next update). Only for chats that have a conversation row."""
        if not message_ids:
            return
        await self.lock(chat_key)  # PostgreSQL: the chat's update may be saving message_ids right now
        now = int(time.time())
        postgres = self.session.bind.dialect.name == "postgresql"
        params = {"k_": chat_key, "updated_at": utcnow()} | {f"m{n}": json.dumps([i, now]) for n, i in enumerate(message_ids)}
        await _remember(postgres, len(message_ids)).run(self.session, params)

    async def take_message_ids(self, chat_key: str) -> list[int]:
        """The ids quick exit deletes; they are forgotten once taken."""
        known = await self._message_ids(chat_key)
        if known is None:
            return []
        await self.session.execute(update(_CONV).where(_CONV.c.chat_key == chat_key).values(message_ids=[]))
        self._read[chat_key] = []
        return [i for i, _ in _fresh(known)]

    async def forget(self, chat_key: str) -> None:
        await self.session.execute(delete(_CONV).where(_CONV.c.chat_key == chat_key))
        self._read[chat_key] = None


_CONV = Conversation.__table__
# Built once (Core, bound parameters), run on the driver's connection (storage.fast): these run
# for every update and every message sent.
_LOCK = Fast(text("SELECT pg_advisory_xact_lock(:ns, :k)"))
_CONV_LOAD = Fast(select(_CONV.c.state, _CONV.c.message_ids).where(_CONV.c.chat_key == bindparam("k_")))
_CONV_INSERT = Fast(insert(_CONV).values(
    chat_key=bindparam("k_"), state=bindparam("state"), message_ids=bindparam("message_ids"), updated_at=bindparam("updated_at")
))
_CONV_UPDATE_STATE = Fast(
    update(_CONV).where(_CONV.c.chat_key == bindparam("k_")).values(state=bindparam("state"), updated_at=bindparam("updated_at"))
)
_CONV_UPDATE = Fast(update(_CONV).where(_CONV.c.chat_key == bindparam("k_")).values(
    state=bindparam("state"), message_ids=bindparam("message_ids"), updated_at=bindparam("updated_at")
))


@lru_cache(maxsize=64)
def _remember(postgres: bool, count: int):
    """The statement appending `count` [id, time] pairs (parameters m0, m1, ... as JSON), one per
    dialect and count: built once, not for every message sent."""
    column = _CONV.c.message_ids
    pairs = [bindparam(f"m{n}", type_=String) for n in range(count)]
    if postgres:
        appended = cast(cast(column, JSONB).op("||")(func.jsonb_build_array(*(cast(p, JSONB) for p in pairs))), JSON)
    else:
        args = [column]
        for p in pairs:
            args += [literal("$[#]"), func.json(p)]
        appended = func.json_insert(*args, type_=JSON)
    return Fast(update(_CONV).where(_CONV.c.chat_key == bindparam("k_")).values(message_ids=appended, updated_at=bindparam("updated_at")))


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
            user = User(tg_key=person.key, tg_id_enc=self.cipher.encrypt_address(person.address))
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
        rows, _ = await _PERSON.run(self.session, {"k_": chat_key})
        return await _arrived(self.session, rows[0] if rows else None, chat_key, address)

    async def address_of(self, user_id: int) -> tuple[str, str] | None:
        """(chat_key, encrypted chat id) to write to a user first, or None if gone."""
        user = await self.session.get(User, user_id)
        return (user.tg_key, user.tg_id_enc) if user else None

    async def addresses_of(self, user_ids: set[int]) -> dict[int, tuple[str, str]]:
        """address_of for many users in one query (a fan-out)."""
        found: dict[int, tuple[str, str]] = {}
        ids = sorted(user_ids)
        for start in range(0, len(ids), 500):
            rows = await self.session.execute(select(User.id, User.tg_key, User.tg_id_enc).where(User.id.in_(ids[start : start + 500])))
            found.update({uid: (key, enc) for uid, key, enc in rows})
        return found


_USERS = User.__table__
_PERSON = Fast(select(
    _USERS.c.id, _USERS.c.consent_at, _USERS.c.minor, _USERS.c.adult, _USERS.c.district, _USERS.c.unreachable_at
).where(_USERS.c.tg_key == bindparam("k_")))
_REACHABLE = Fast(update(_USERS).where(_USERS.c.tg_key == bindparam("k_")).values(unreachable_at=None))
_KEY = select(cast(bindparam("k_"), String).label("k")).subquery()
_CONV_AND_PERSON = Fast(select(
    (_CONV.c.chat_key.is_not(None)).label("known"), _CONV.c.state, _CONV.c.message_ids,
    _USERS.c.id, _USERS.c.consent_at, _USERS.c.minor, _USERS.c.adult, _USERS.c.district, _USERS.c.unreachable_at,
).select_from(_KEY.outerjoin(_CONV, _CONV.c.chat_key == _KEY.c.k).outerjoin(_USERS, _USERS.c.tg_key == _KEY.c.k)))


async def _arrived(session: AsyncSession, user, chat_key: str, address: str) -> Person:
    """The person a users row describes (None: not registered) as she writes to us: reachable again."""
    if user is None:
        return Person(key=chat_key, address=address)
    if user.unreachable_at is not None:
        await _REACHABLE.run(session, {"k_": chat_key})
    return Person(
        key=chat_key,
        address=address,
        user_id=user.id,
        consented=user.consent_at is not None,
        minor=bool(user.minor),
        adult=bool(user.adult),
        district=user.district,
    )


@dataclass(frozen=True)
class Parcel:
    """One outbox row, decrypted: where to, and what (an effect as a dict)."""

    id: int
    chat_key: str
    chat_id: str
    payload: dict
    lane: int = 0


@dataclass(frozen=True)
class DeadLetter:
    id: int
    created_at: datetime
    attempts: int
    last_error: str | None


_OUT = OutboxMessage.__table__
# Built once (Core, bound parameters, lists as expanding IN): the sender runs these all day.
_PUT = insert(_OUT).returning(_OUT.c.id, sort_by_parameter_order=True)
_PUT_ONE = Fast(insert(_OUT).values(
    {c: bindparam(c) for c in ("chat_key", "chat_id_enc", "payload_enc", "created_at", "next_try_at", "attempts", "lane")}
).returning(_OUT.c.id))
_FREE = or_(_OUT.c.claimed_until.is_(None), _OUT.c.claimed_until < bindparam("now"))
# Parcels not due yet, by chat: the first one waiting for a retry (its chat waits behind it) and
# the earliest time one comes due (the sender's next wake-up), in one read.
_WAITING = Fast(
    select(_OUT.c.chat_key, func.min(case((_OUT.c.attempts > 0, _OUT.c.id))), func.min(_OUT.c.next_try_at))
    .where(_OUT.c.dead_at.is_(None), _OUT.c.next_try_at > bindparam("now"))
    .group_by(_OUT.c.chat_key)
)
_DUE = Fast(
    select(_OUT.c.id, _OUT.c.chat_key, _OUT.c.lane)
    .where(_OUT.c.dead_at.is_(None), _FREE, _OUT.c.next_try_at <= bindparam("now"))
    .order_by(_OUT.c.lane, _OUT.c.id)
    .limit(bindparam("limit"))
)


@lru_cache(maxsize=32)
def _by_ids(kind: str, size: int) -> Fast:
    """The sender's claim and done marks for `size` ids (i0, i1, ...), on the driver's connection
    (storage.fast takes no expanding IN): built once per kind and size, sizes rounded up to a power
    of two (see _ids), so a few statements serve every round."""
    ids = _OUT.c.id.in_([bindparam(f"i{n}") for n in range(size)])
    if kind == "done":
        return Fast(delete(_OUT).where(ids))
    return Fast(
        update(_OUT).where(ids, _FREE).values(claimed_until=bindparam("until"))
        .returning(_OUT.c.id, _OUT.c.chat_key, _OUT.c.chat_id_enc, _OUT.c.payload_enc, _OUT.c.lane)
    )


async def _ids(session: AsyncSession, kind: str, ids: list[int], params: dict | None = None) -> list:
    """Run _by_ids for these ids, 256 at most a statement, each list padded with its last id (IN
    ignores the repeats)."""
    rows = []
    for start in range(0, len(ids), 256):
        chunk = ids[start : start + 256]
        size = 1 << (len(chunk) - 1).bit_length()
        padded = chunk + chunk[-1:] * (size - len(chunk))
        rows += (await _by_ids(kind, size).run(session, {f"i{n}": i for n, i in enumerate(padded)} | (params or {})))[0]
    return rows


class Outbox:
    CLAIM_SECONDS = 60
    MAX_ATTEMPTS = 12
    CHUNK = 500

    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session = session
        self.cipher = cipher
        # What the last claim() saw: due parcels it left (busy chats, its caps), and when the next
        # parcel not due yet comes due (None: none waits).
        self.more = False
        self.next_due: datetime | None = None

    async def put_many(self, rows: list[tuple[str, str, dict, datetime | None, int]]) -> list[int]:
        """Queue parcels: (chat_key, encrypted chat id, payload, not_before, lane), in chunks of
        one multi-row INSERT each, so a 2,000-member announcement is a few statements."""
        now = utcnow()
        values = [
            {"chat_key": key, "chat_id_enc": chat, "payload_enc": self.cipher.encrypt(json.dumps(payload, ensure_ascii=False)),
             "created_at": now, "next_try_at": not_before or now, "attempts": 0, "lane": lane}
            for key, chat, payload, not_before, lane in rows
        ]
        ids: list[int] = []
        if len(values) == 1 or self.session.bind.dialect.name == "sqlite":  # an answer; SQLite runs each in microseconds
            for value in values:
                ids += [pid for (pid,) in (await _PUT_ONE.run(self.session, value))[0]]
            return ids
        for start in range(0, len(values), self.CHUNK):
            chunk = values[start : start + self.CHUNK]
            ids += (await self.session.execute(_PUT, chunk)).scalars()
        return ids

    async def put(self, chat_key: str, chat_id_enc: str, payload: dict, claim: bool = False, not_before: datetime | None = None) -> int:
        """Queue one parcel (`claim` is accepted for older callers and ignored: the sender claims)."""
        [pid] = await self.put_many([(chat_key, chat_id_enc, payload, not_before, 0)])
        return pid

    async def claim(self, now: datetime, busy: set[str] = frozenset(), limit: int = 200, chats: int = 64, fanout_chats: int = 64) -> list[Parcel]:
        """Take due parcels for the sender: people's answers first, then fan-outs (lane 1), oldest
        first; for at most `chats` chats not in `busy` (being sent to already), of which at most
        `fanout_chats` with fan-out parcels. A chat whose earlier parcel waits for a retry gives
        nothing: its parcels go out in order. The caller commits right after."""
        params = {"now": now}
        waiting: dict[str, int] = {}
        self.next_due = None
        for key, retry, due in (await _WAITING.run(self.session, params))[0]:
            if retry is not None:
                waiting[key] = retry
            self.next_due = due if self.next_due is None else min(self.next_due, due)
        rows, _ = await _DUE.run(self.session, {"now": now, "limit": limit})
        taken: list[int] = []
        chosen: dict[str, int] = {}
        self.more = len(rows) == limit
        for pid, key, lane in rows:
            if key in waiting and waiting[key] < pid:
                continue
            if key in busy:
                self.more = True
                continue
            if key not in chosen:
                if len(chosen) >= chats or (lane and sum(chosen.values()) >= fanout_chats):
                    self.more = True
                    continue
                chosen[key] = lane
            taken.append(pid)
        if not taken:
            return []
        claimed = await _ids(self.session, "claim", taken, {"now": now, "until": now + timedelta(seconds=self.CLAIM_SECONDS)})
        parcels = [
            Parcel(id, key, self.cipher.decrypt_address(chat), json.loads(self.cipher.decrypt(payload)), lane)
            for id, key, chat, payload, lane in claimed
        ]
        return sorted(parcels, key=lambda p: p.id)

    async def drop_pending(self, chat_key: str) -> None:
        """Quick exit: nothing still queued or held for this chat goes out after it."""
        await self.session.execute(delete(OutboxMessage).where(OutboxMessage.chat_key == chat_key))

    async def done(self, *parcel_ids: int) -> None:
        if parcel_ids:
            await _ids(self.session, "done", list(parcel_ids))

    async def retry_later(self, parcel_id: int, now: datetime, retry_after: float | None = None, error: str = "", final: bool = False) -> bool:
        """Another try later: after Telegram's retry_after, or an exponential backoff. Returns True
        when this was its last try (or `final`) and the parcel became a dead letter."""
        row = await self.session.get(OutboxMessage, parcel_id)
        if row is None:
            return False
        row.attempts += 1
        row.claimed_until = None
        row.last_error = error[:120] or None
        if final or row.attempts >= self.MAX_ATTEMPTS:
            row.dead_at = now
            return True
        row.next_try_at = now + timedelta(seconds=retry_after if retry_after is not None else min(3600, 2 ** row.attempts))
        return False

    async def release(self, *parcel_ids: int) -> None:
        """Put back untouched (an earlier parcel to the same chat failed: keep their order)."""
        if parcel_ids:
            await self.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(parcel_ids)).values(claimed_until=None))

    async def release_claims(self) -> int:
        """At the sender's start: only the one sender claims, so every claim left is its own, stale."""
        result = await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.claimed_until.is_not(None)).values(claimed_until=None)
        )
        return result.rowcount

    async def dead_letters(self) -> list[DeadLetter]:
        rows = await self.session.execute(
            select(OutboxMessage.id, OutboxMessage.created_at, OutboxMessage.attempts, OutboxMessage.last_error)
            .where(OutboxMessage.dead_at.is_not(None))
            .order_by(OutboxMessage.id)
        )
        return [DeadLetter(*row) for row in rows]

    async def revive(self, parcel_id: int | None = None) -> int:
        """An operator's retry: the dead letter (or all of them) gets a fresh set of tries, now."""
        query = update(OutboxMessage).where(OutboxMessage.dead_at.is_not(None))
        if parcel_id is not None:
            query = query.where(OutboxMessage.id == parcel_id)
        result = await self.session.execute(query.values(dead_at=None, attempts=0, next_try_at=utcnow(), claimed_until=None))
        return result.rowcount

    async def pending(self) -> int:
        """Parcels still owed (dead letters not counted)."""
        return await self.session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.dead_at.is_(None)))

    async def stats(self) -> dict:
        """For metrics: parcels owed, dead letters, and the age in seconds of the oldest one owed."""
        oldest = await self.session.scalar(select(func.min(OutboxMessage.created_at)).where(OutboxMessage.dead_at.is_(None)))
        dead = await self.session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.dead_at.is_not(None)))
        return {
            "pending": await self.pending(),
            "dead": dead,
            "oldest_seconds": (utcnow() - oldest).total_seconds() if oldest else 0.0,
        }
