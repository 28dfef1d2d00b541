"""Reflection spaces on SQLite and PostgreSQL: register once, capacity held under concurrency."""
import asyncio
from datetime import datetime, timedelta, timezone

from flows.ports import Person
from storage.crypto import Cipher
from storage.db import make_engine, make_sessionmaker
from storage.entre_patas import EntrePatas
from storage.reminders import Reminders
from storage.repos import People
from tests.harness import TEST_KEY

CIPHER = Cipher(TEST_KEY)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
DISTRICT = "pasco/pasco/yanacancha"


async def users(sessions, *tg_ids) -> list[int]:
    async with sessions() as s:
        ids = [await People(s, CIPHER).consent(Person(CIPHER.key_of(i), str(i))) for i in tg_ids]
        await s.commit()
    return ids


async def publish(sessions, facilitator, capacity=None, starts_at=NOW + timedelta(days=2)) -> int:
    async with sessions() as s:
        space = await EntrePatas(s).publish(DISTRICT, starts_at, "Local comunal", capacity, (1440, 120), facilitator)
        await s.commit()
    return space.id


async def test_join_once_leave_and_capacity(db_url):
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    fac, a, b = await users(sessions, 1, 2, 3)
    space_id = await publish(sessions, fac, capacity=1)
    async with sessions() as s:
        port = EntrePatas(s)
        assert await port.join(space_id, a, NOW) == "joined"
        assert await port.join(space_id, a, NOW) == "already"
        assert await port.join(space_id, b, NOW) == "full"
        await s.commit()
    async with sessions() as s:
        port = EntrePatas(s)
        space = await port.space(space_id)
        assert space.registered == 1 and space.full and space.remind_before == (1440, 120)
        assert space.starts_at == NOW + timedelta(days=2) and space.starts_at.tzinfo is not None
        assert await port.registered_users(space_id) == [a]
        assert await port.leave(space_id, a) is True
        assert await port.leave(space_id, a) is False
        assert await port.join(space_id, b, NOW) == "joined"
        await s.commit()
    await engine.dispose()


async def test_cancelled_or_past_sessions_refuse_and_leave_the_list(db_url):
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    fac, a = await users(sessions, 1, 2)
    soon = await publish(sessions, fac, starts_at=NOW + timedelta(hours=1))
    later = await publish(sessions, fac, starts_at=NOW + timedelta(days=5))
    async with sessions() as s:
        port = EntrePatas(s)
        assert [sp.id for sp in await port.upcoming(NOW)] == [soon, later]
        assert [sp.id for sp in await port.upcoming(NOW, ["lima/lima/carabayllo"])] == []
        assert await port.cancel(later, NOW) is True
        assert await port.cancel(later, NOW) is False
        await s.commit()
    async with sessions() as s:
        port = EntrePatas(s)
        assert [sp.id for sp in await port.upcoming(NOW)] == [soon]
        assert await port.join(later, a, NOW) == "closed"
        assert await port.join(soon, a, NOW + timedelta(hours=2)) == "closed"  # already started
        assert await port.join(999, a, NOW) == "closed"
        assert (await port.space(later)).cancelled
    await engine.dispose()


async def test_two_men_racing_for_the_last_place_get_it_once(db_url):
    engines = [make_engine(db_url) for _ in range(2)]
    makers = [make_sessionmaker(e) for e in engines]
    fac, a, b = await users(makers[0], 1, 2, 3)
    space_id = await publish(makers[0], fac, capacity=1)

    async def attempt(sessions, user_id):
        try:
            async with sessions() as s:
                result = await EntrePatas(s).join(space_id, user_id, NOW)
                await s.commit()
                return result
        except Exception:  # SQLite may refuse a writer that read a stale snapshot: not a registration
            return "error"

    # The first man's registration is written but not yet committed when the second one tries.
    async with makers[0]() as s:
        assert await EntrePatas(s).join(space_id, a, NOW) == "joined"
        second = asyncio.create_task(attempt(makers[1], b))
        await asyncio.sleep(0.5)
        await s.commit()
    assert await second in ("full", "error")
    async with makers[0]() as s:
        assert (await EntrePatas(s).space(space_id)).registered == 1
    for e in engines:
        await e.dispose()


async def test_a_cancelled_reminder_scheduled_again_is_due_once_more(db_url):
    """Shared mechanism: a man who cancels and signs up again must be reminded again."""
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    (a,) = await users(sessions, 2)
    due = NOW + timedelta(hours=1)
    async with sessions() as s:
        reminders = Reminders(s, CIPHER)
        first = await reminders.schedule("reflection", "1.2", due, user_id=a)
        assert await reminders.cancel("reflection", "1.2") == 1
        assert await reminders.schedule("reflection", "1.2", due, user_id=a) == first
        await s.commit()
    async with sessions() as s:
        claimed = await Reminders(s, CIPHER).claim_due(due + timedelta(minutes=1))
        await s.commit()
    assert [c.id for c in claimed] == [first]
    async with sessions() as s:  # once claimed (sent), scheduling again does not send it twice
        assert await Reminders(s, CIPHER).schedule("reflection", "1.2", due, user_id=a) == first
        await s.commit()
    async with sessions() as s:
        assert await Reminders(s, CIPHER).claim_due(due + timedelta(minutes=2)) == []
    await engine.dispose()
