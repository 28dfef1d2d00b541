"""Conversations, people, the outbox, roles and reminders on SQLite and PostgreSQL."""
import asyncio
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, text

from flows.core import State
from flows.ports import Person
from storage.crypto import Cipher
from storage.db import make_engine, make_sessionmaker
from storage.models import Conversation, User
from storage.reminders import Reminders
from storage.repos import Conversations, Outbox, People
from storage.roles import Roles
from tests.harness import TEST_KEY

CIPHER = Cipher(TEST_KEY)


def person(tg_id: int) -> Person:
    return Person(key=CIPHER.key_of(tg_id), address=str(tg_id))


async def test_conversation_state_round_trips(db_url):
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    key = CIPHER.key_of(5)
    async with sessions() as s:
        await Conversations(s).save(key, State("erase", "confirm", {"n": 1, "texto": "ñandú"}), [10, 11])
        await s.commit()
    async with sessions() as s:
        assert await Conversations(s).load(key) == State("erase", "confirm", {"n": 1, "texto": "ñandú"})
        assert await Conversations(s).take_message_ids(key) == [10, 11]
        await s.commit()
    async with sessions() as s:
        assert await Conversations(s).take_message_ids(key) == []
    await engine.dispose()


async def test_sent_message_ids_are_appended_in_one_statement_and_kept_by_the_next_update(db_url):
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    key, stranger = CIPHER.key_of(6), CIPHER.key_of(7)
    async with sessions() as s:
        await Conversations(s).save(key, State(), [10])
        await s.commit()
    async with sessions() as s:
        await Conversations(s).remember(key, [20, 21])
        await Conversations(s).remember(stranger, [99])  # no conversation row: nothing to keep
        await s.commit()
    async with sessions() as s:
        conversations = Conversations(s)
        state = await conversations.load(key)
        await conversations.save(key, state, [30])  # the update read the row once and keeps what was sent
        await s.commit()
    async with sessions() as s:
        assert await Conversations(s).take_message_ids(key) == [10, 20, 21, 30]
        assert await Conversations(s).take_message_ids(stranger) == []
        await s.commit()
    await engine.dispose()


async def test_identifiers_are_encrypted_and_found_by_keyed_hash(db_url):
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    async with sessions() as s:
        uid = await People(s, CIPHER).consent(person(987654321))
        await s.commit()
    async with sessions() as s:
        raw = (await s.execute(text("SELECT tg_key, tg_id_enc FROM users"))).one()
        assert "987654321" not in raw[0] and "987654321" not in raw[1]
        assert CIPHER.decrypt(raw[1]) == "987654321"
        found = await People(s, CIPHER).person(CIPHER.key_of(987654321), "987654321")
        assert found.user_id == uid and found.consented
        assert Cipher("another-key-another-key-another-key").key_of(987654321) != raw[0]
    await engine.dispose()


async def test_outbox_claim_is_exclusive_between_two_processes(db_url):
    engine_a, engine_b = make_engine(db_url), make_engine(db_url)
    a, b = make_sessionmaker(engine_a), make_sessionmaker(engine_b)
    async with a() as s:
        for i in range(20):
            await Outbox(s, CIPHER).put("k", CIPHER.encrypt("1"), {"type": "text", "text": f"m{i}", "buttons": []})
        await s.commit()
    now = datetime.now(timezone.utc)

    async def claim(sessions):
        async with sessions() as s:
            got = await Outbox(s, CIPHER).claim(now)
            await s.commit()
            return [p.id for p in got]

    first, second = await asyncio.gather(claim(a), claim(b))
    assert sorted(first + second) == sorted(set(first + second)) and len(first + second) == 20
    await engine_a.dispose()
    await engine_b.dispose()


async def test_outbox_retry_keeps_the_parcel_until_delivered(db_url):
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    async with sessions() as s:
        pid = await Outbox(s, CIPHER).put("k", CIPHER.encrypt("1"), {"type": "text", "text": "hola", "buttons": []})
        await s.commit()
    now = datetime.now(timezone.utc)
    async with sessions() as s:
        [parcel] = await Outbox(s, CIPHER).claim(now)
        assert parcel.payload["text"] == "hola" and parcel.chat_id == "1"
        await Outbox(s, CIPHER).retry_later(pid, now)
        await s.commit()
    async with sessions() as s:
        assert await Outbox(s, CIPHER).claim(now) == []  # backing off
        assert len(await Outbox(s, CIPHER).claim(now + timedelta(seconds=5))) == 1
    await engine.dispose()


async def test_outbox_claims_and_marks_done_any_number_of_parcels(db_url):
    """The sender's claim and done marks bind ids in lists of a power of two, 256 at most a statement."""
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    address = CIPHER.encrypt_address(1)
    async with sessions() as s:
        rows = [(CIPHER.key_of(n), address, {"type": "text", "text": f"m{n}", "buttons": []}, None, 0) for n in range(300)]
        await Outbox(s, CIPHER).put_many(rows)
        await s.commit()
    now = datetime.now(timezone.utc)
    async with sessions() as s:
        outbox = Outbox(s, CIPHER)
        got = await outbox.claim(now, limit=300, chats=300)
        assert [p.payload["text"] for p in got] == [f"m{n}" for n in range(300)] and {p.chat_id for p in got} == {"1"}
        assert await outbox.claim(now, limit=300, chats=300) == []  # every one claimed already
        await outbox.done(*(p.id for p in got[:3]))
        await s.commit()
    async with sessions() as s:
        assert await Outbox(s, CIPHER).pending() == 297
        await Outbox(s, CIPHER).done(*(p.id for p in got[3:]))
        assert await Outbox(s, CIPHER).pending() == 0
    await engine.dispose()


def test_a_chat_id_is_encrypted_once_and_a_token_under_an_old_key_never_written_again():
    token = CIPHER.encrypt_address(5)
    assert CIPHER.encrypt_address("5") == token and CIPHER.decrypt(token) == "5" and CIPHER.decrypt_address(token) == "5"
    older = "an-older-key-an-older-key-an-older-key"
    old_token = Cipher(older).encrypt("6")
    rotating = Cipher(TEST_KEY, (older,))
    assert rotating.decrypt_address(old_token) == "6"
    fresh = rotating.encrypt_address(6)
    assert fresh != old_token and Cipher(TEST_KEY).decrypt(fresh) == "6"


async def test_invite_code_is_used_once_even_when_two_race(db_url):
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    async with sessions() as s:
        ids = [await People(s, CIPHER).consent(person(n)) for n in (1, 2)]
        code = await Roles(s, CIPHER).create_invite("mentora", "district:pasco/pasco/yanacancha", None, timedelta(hours=1))
        await s.commit()

    async def redeem(uid):
        async with sessions() as s:
            grant = await Roles(s, CIPHER).redeem(code.lower(), uid)
            await s.commit()
            return grant

    results = await asyncio.gather(*(redeem(uid) for uid in ids))
    assert sum(r is not None for r in results) == 1
    async with sessions() as s:
        assert len(await Roles(s, CIPHER).holders("mentora", "district:pasco/pasco/yanacancha")) == 1
    await engine.dispose()


async def test_expired_invite_is_refused(db_url):
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    async with sessions() as s:
        uid = await People(s, CIPHER).consent(person(3))
        code = await Roles(s, CIPHER).create_invite("mentora", "", None, timedelta(seconds=-1))
        assert await Roles(s, CIPHER).redeem(code, uid) is None
    await engine.dispose()


async def test_reminder_claimed_once_by_two_concurrent_claimers(db_url):
    engine_a, engine_b = make_engine(db_url), make_engine(db_url)
    a, b = make_sessionmaker(engine_a), make_sessionmaker(engine_b)
    due = datetime.now(timezone.utc) - timedelta(seconds=1)
    async with a() as s:
        uid = await People(s, CIPHER).consent(person(7))
        for n in range(10):
            await Reminders(s, CIPHER).schedule("test", f"r{n}", due, user_id=uid)
        await Reminders(s, CIPHER).schedule("test", "r0", due, user_id=uid)  # the same one again: kept once
        await s.commit()

    async def claim(sessions):
        async with sessions() as s:
            got = await Reminders(s, CIPHER).claim_due(datetime.now(timezone.utc))
            await s.commit()
            return [d.ref for d in got]

    first, second = await asyncio.gather(claim(a), claim(b))
    assert sorted(first + second) == [f"r{n}" for n in range(10)]
    await engine_a.dispose()
    await engine_b.dispose()


async def test_reminder_past_its_grace_is_marked_late(db_url):
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    now = datetime.now(timezone.utc)
    async with sessions() as s:
        await Reminders(s, CIPHER).schedule("test", "old", now - timedelta(hours=5), address="-100", grace=timedelta(hours=1))
        await Reminders(s, CIPHER).schedule("test", "fresh", now - timedelta(minutes=5), address="-100", grace=timedelta(hours=1))
        due = {d.ref: d for d in await Reminders(s, CIPHER).claim_due(now)}
        assert due["old"].late and not due["fresh"].late
        assert due["fresh"].chat_id == "-100"
    await engine.dispose()


async def test_erase_leaves_no_identifier(db_url):
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    p = person(4242)
    async with sessions() as s:
        uid = await People(s, CIPHER).consent(p)
        await Roles(s, CIPHER).grant(uid, "miembro", "instancia:1")
        await Conversations(s).save(p.key, State(), [1])
        await Outbox(s, CIPHER).put(p.key, CIPHER.encrypt(p.address), {"type": "text", "text": "x", "buttons": []})
        await s.commit()
    async with sessions() as s:
        await People(s, CIPHER).erase(p)
        await Conversations(s).forget(p.key)
        await s.commit()
    async with sessions() as s:
        assert (await s.execute(select(User))).first() is None
        assert (await s.execute(select(Conversation))).first() is None
        for table in ("outbox", "role_grants", "reminders"):
            assert (await s.execute(text(f"SELECT count(*) FROM {table}"))).scalar() == 0, table
    await engine.dispose()
