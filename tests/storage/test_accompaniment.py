"""Cases on SQLite and PostgreSQL: one winner when two staff accept at once, escalation claimed
once, what closing and erasure leave behind, and the migration matching the model."""
import asyncio
from datetime import datetime, timedelta, timezone

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import delete

from flows.accompaniment.ports import CLOSED, OPEN, WAITING
from flows.ports import Person
from storage.accompaniment import Cases
from storage.crypto import Cipher
from storage.db import make_engine, make_sessionmaker
from storage.models import Base, User
from storage.models.accompaniment import Case
from storage.repos import People
from tests.harness import TEST_KEY

CIPHER = Cipher(TEST_KEY)


async def users(sessions, *tg_ids: int) -> list[int]:
    async with sessions() as s:
        ids = [await People(s, CIPHER).consent(Person(key=CIPHER.key_of(i), address=str(i))) for i in tg_ids]
        await s.commit()
    return ids


async def new_case(sessions, user_id: int, created_at: datetime | None = None) -> int:
    async with sessions() as s:
        case = await Cases(s, CIPHER).open("mentora", user_id, "pasco/pasco/yanacancha", True, "afternoon")
        if created_at:
            row = await s.get(Case, case.id)
            row.created_at = created_at
        await s.commit()
    return case.id


async def test_two_staff_accepting_at_the_same_moment_one_wins(db_url):
    # Two engines: two connections, as two bot processes (or two updates) would have.
    engine_a, engine_b = make_engine(db_url), make_engine(db_url)
    a, b = make_sessionmaker(engine_a), make_sessionmaker(engine_b)
    ana, rosa, maria = await users(a, 1, 2, 3)
    for _ in range(5):
        case_id = await new_case(a, ana)
        both_read = asyncio.Barrier(2)

        async def attempt(sessions, staff_id: int) -> bool:
            async with sessions() as s:
                cases = Cases(s, CIPHER)
                assert (await cases.get(case_id)).status == WAITING  # both saw it free...
                await both_read.wait()  # ...before either tries to take it
                won = await cases.accept(case_id, staff_id)
                await s.commit()
                return won

        results = await asyncio.gather(attempt(a, rosa), attempt(b, maria))
        assert sorted(results) == [False, True]
        async with a() as s:
            stored = await Cases(s, CIPHER).get(case_id)
        assert stored.status == OPEN
        assert stored.staff_user_id == (rosa if results[0] else maria)
    await engine_a.dispose()
    await engine_b.dispose()


async def test_escalation_is_claimed_once_by_two_concurrent_claimers(db_url):
    engine_a, engine_b = make_engine(db_url), make_engine(db_url)
    a, b = make_sessionmaker(engine_a), make_sessionmaker(engine_b)
    (ana,) = await users(a, 10)
    now = datetime.now(timezone.utc)
    old = await new_case(a, ana, created_at=now - timedelta(minutes=45))
    await new_case(a, ana, created_at=now - timedelta(minutes=5))  # not due yet

    async def claim(sessions):
        async with sessions() as s:
            found = await Cases(s, CIPHER).claim_escalations(now, timedelta(minutes=30), timedelta(minutes=10))
            await s.commit()
            return [c.id for c in found]

    first, second = await asyncio.gather(claim(a), claim(b))
    assert sorted(first + second) == [old]
    assert await claim(a) == []
    async with a() as s:
        assert (await Cases(s, CIPHER).get(old)).escalated_at is not None
    await engine_a.dispose()
    await engine_b.dispose()


async def test_closing_forgets_her_and_erasure_keeps_anonymous_rows(db_url):
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    ana, rosa, luz = await users(sessions, 20, 21, 22)
    first = await new_case(sessions, ana)
    second = await new_case(sessions, luz)
    async with sessions() as s:
        cases = Cases(s, CIPHER)
        assert await cases.accept(first, rosa)
        assert await cases.accept(second, rosa)
        assert [c.id for c in await cases.of_user(ana)] == [first]
        assert [c.id for c in await cases.of_staff(rosa)] == [first, second]
        assert await cases.close(first, "staff")
        assert not await cases.close(first, "staff")  # closing twice does nothing
        await s.commit()
    async with sessions() as s:
        closed = await Cases(s, CIPHER).get(first)
        assert closed.status == CLOSED and closed.user_id is None and closed.staff_user_id == rosa
        assert await Cases(s, CIPHER).of_user(ana) == []
        await s.execute(delete(User).where(User.id.in_([luz, rosa])))  # /borrar of both people
        await s.commit()
    async with sessions() as s:
        kept = await Cases(s, CIPHER).get(second)
        assert kept is not None and kept.user_id is None and kept.staff_user_id is None
        assert kept.district == "pasco/pasco/yanacancha"
    await engine.dispose()


async def test_the_migration_matches_the_cases_model(db_url):
    engine = make_engine(db_url)

    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as conn:
        changes = await conn.run_sync(diff)
    await engine.dispose()
    assert [c for c in changes if "'cases'" in repr(c)] == []


async def test_withdrawing_while_a_mentora_accepts_tells_whoever_accepted(db_url):
    """She presses "Retirar" as a mentora presses "Aceptar": the close sees the case as it really
    was when it closed, so a mentora who got it is told it closed."""
    engine_a, engine_b = make_engine(db_url), make_engine(db_url)
    a, b = make_sessionmaker(engine_a), make_sessionmaker(engine_b)
    ana, rosa = await users(a, 11, 12)
    case_id = await new_case(a, ana)
    if engine_a.dialect.name == "postgresql":
        accepted = asyncio.Event()
        async with a() as accepting:
            assert await Cases(accepting, CIPHER).accept(case_id, rosa)  # holds the row until it commits
            accepted.set()

            async def withdraw():
                async with b() as s:
                    case = await Cases(s, CIPHER).close(case_id, "user")  # waits for the accept to finish
                    await s.commit()
                    return case

            closing = asyncio.create_task(withdraw())
            await asyncio.sleep(0.3)
            assert not closing.done()  # the locked read waits for the accepting transaction
            await accepting.commit()
        closed = await closing
    else:  # SQLite: one connection per process, updates one after the other
        async with a() as s:
            assert await Cases(s, CIPHER).accept(case_id, rosa)
            await s.commit()
        async with b() as s:
            closed = await Cases(s, CIPHER).close(case_id, "user")
            await s.commit()
    assert closed.status == OPEN and closed.staff_user_id == rosa  # so the relay tells Rosa
    async with a() as s:
        assert (await Cases(s, CIPHER).get(case_id)).status == CLOSED
    await engine_a.dispose()
    await engine_b.dispose()
