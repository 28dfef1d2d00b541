"""`acompana rotate-key`: every encrypted column encrypted again under DATA_KEY (MultiFernet: the
keys in DATA_KEY_OLD still decrypt), and every look-up hash recomputed with DATA_KEY's hash key.

A hash can only be recomputed from what it hashes: the Telegram ids (of people, groups and chats)
stored encrypted in users, outbox, reminders, instancias and the inbox's updates give a map from
each old hash to the new one. A conversation whose chat is in none of them (someone who never
agreed, with nothing owed) cannot be found again and is dropped: she starts afresh. Unused invite
codes are stored only as hashes and cannot be carried over: they are dropped, staff make new ones.
All in one transaction, while the bot is stopped (on PostgreSQL the scheduler's lock proves it).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.inbox import chat_of
from bot.scheduler import Leadership
from storage.crypto import Cipher
from storage.models import Base, Invite  # noqa: F401  (Base: every model's table is known)

# table: (primary key, encrypted columns)
ENCRYPTED: dict[str, tuple[str, tuple[str, ...]]] = {
    "users": ("id", ("tg_id_enc",)),
    "outbox": ("id", ("chat_id_enc", "payload_enc")),
    "inbox": ("update_id", ("payload_enc",)),
    "reminders": ("id", ("chat_id_enc",)),
    "case_notes": ("id", ("text_enc",)),
    "safety_settings": ("user_id", ("plan_enc",)),
    "instancias": ("id", ("group_chat_enc",)),
}
# Look-up hashes (Cipher.key_of of a Telegram chat or person id).
HASHED: tuple[tuple[str, str], ...] = (
    ("conversations", "chat_key"), ("users", "tg_key"), ("outbox", "chat_key"), ("inbox", "chat_key"),
    ("reminders", "chat_key"), ("abuse_reports", "person_key"), ("relay_pauses", "person_key"), ("instancias", "group_key"),
)
# Where the ids behind the hashes are kept (encrypted).
ADDRESSES: tuple[tuple[str, str], ...] = (
    ("users", "tg_id_enc"), ("outbox", "chat_id_enc"), ("reminders", "chat_id_enc"), ("instancias", "group_chat_enc"),
)


class BotRunning(RuntimeError):
    """The bot holds the scheduler's lock: rotating under it would mix keys."""


@dataclass
class Rotated:
    values: int = 0  # encrypted values encrypted again
    hashes: int = 0  # look-up hashes recomputed
    lost: dict[str, int] = field(default_factory=dict)  # rows whose hash could not be recomputed, by table
    invites: int = 0  # unused invite codes dropped


def _table(name: str):
    return Base.metadata.tables[name]


async def rotate(engine: AsyncEngine, new_key: str, old_keys: tuple[str, ...]) -> Rotated:
    cipher = Cipher(new_key, old_keys)
    olds = [Cipher(key) for key in old_keys]
    done = Rotated()
    lock = Leadership(engine)
    if engine.dialect.name == "postgresql" and not await lock.held():
        raise BotRunning()
    try:
        async with engine.begin() as conn:
            addresses: set[str] = set()
            for table, column in ADDRESSES:
                col = _table(table).c[column]
                addresses |= {cipher.decrypt(v) for v in (await conn.execute(select(col).where(col.is_not(None)))).scalars()}
            for (payload,) in await conn.execute(select(_table("inbox").c.payload_enc)):
                chat = chat_of(json.loads(cipher.decrypt(payload)))
                if chat is not None:
                    addresses.add(str(chat))
            new_hash = {cipher.key_of(a): cipher.key_of(a) for a in addresses}  # a second run changes nothing
            for old in olds:
                new_hash.update({old.key_of(a): cipher.key_of(a) for a in addresses})

            for name, (pk, columns) in ENCRYPTED.items():
                t = _table(name)
                rows = (await conn.execute(select(t.c[pk], *(t.c[c] for c in columns)))).all()
                for column_at, column in enumerate(columns, start=1):
                    changes = [{"_pk": row[0], "_v": cipher.rotate(row[column_at])} for row in rows if row[column_at] is not None]
                    if changes:
                        await conn.execute(update(t).where(t.c[pk] == bindparam("_pk")).values({column: bindparam("_v")}), changes)
                        done.values += len(changes)

            for name, column in HASHED:
                t = _table(name)
                col = t.c[column]
                found = set((await conn.execute(select(col).where(col.is_not(None), col != "").distinct())).scalars())
                changes = [{"_old": h, "_new": new_hash[h]} for h in found if h in new_hash and new_hash[h] != h]
                if changes:
                    await conn.execute(update(t).where(col == bindparam("_old")).values({column: bindparam("_new")}), changes)
                    done.hashes += len(changes)
                lost = [h for h in found if h not in new_hash]
                if lost and name == "conversations":  # nobody could find it again: gone, not kept unreadable
                    await conn.execute(delete(t).where(col.in_(lost)))
                if lost:
                    done.lost[name] = len(lost)
            done.invites = (await conn.execute(delete(Invite.__table__).where(Invite.uses < Invite.max_uses))).rowcount or 0
    finally:
        await lock.release()
    return done


async def check_readable(engine: AsyncEngine, key: str) -> int:
    """How many encrypted values DATA_KEY alone cannot read (0 after a rotation: DATA_KEY_OLD can go)."""
    cipher = Cipher(key)
    unreadable = 0
    async with engine.connect() as conn:
        for name, (_pk, columns) in ENCRYPTED.items():
            t = _table(name)
            for column in columns:
                for value in (await conn.execute(select(t.c[column]).where(t.c[column].is_not(None)))).scalars():
                    try:
                        cipher.decrypt(value)
                    except ValueError:
                        unreadable += 1
    return unreadable

