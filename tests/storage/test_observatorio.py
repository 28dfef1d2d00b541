"""Counters on SQLite and PostgreSQL: one statement adds, concurrent events all count, areas sum
their districts, and a question is taken once."""
import asyncio
from datetime import datetime, timezone

from storage.db import make_engine, make_sessionmaker
from storage.observatorio import Stats
from flows.observatorio import ports as m

NOW = datetime(2026, 11, 30, 23, 0, tzinfo=timezone.utc)  # 18:00 in Lima: still November


async def test_counts_add_up_by_area_and_month(db_url):
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as session:
            stats = Stats(session)
            for district in ("pasco/pasco/yanacancha", "pasco/pasco/yanacancha", "pasco/pasco/chaupimarca", "pasco/oxapampa/villa-rica", None):
                await stats.count(m.REQUEST, district, NOW, dim="mentora")
            await stats.count(m.REQUEST, "pasco/pasco/yanacancha", datetime(2026, 12, 1, 4, tzinfo=timezone.utc), dim="mentora")  # 1 Dec in UTC, 23:00 on 30 Nov in Lima
            await stats.count(m.REQUEST, "pasco/pasco/yanacancha", datetime(2026, 12, 1, 4, tzinfo=timezone.utc), dim="mentora", by=0)
            await session.commit()
        async with sessions() as session:
            stats = Stats(session)
            total = lambda found: sum(c.count for c in found)  # noqa: E731
            assert total(await stats.cells("", ["2026-11"])) == 6
            assert total(await stats.cells("pasco/pasco", ["2026-11"])) == 4
            assert total(await stats.cells("pasco/pasco/yanacancha", ["2026-11"])) == 3
            assert total(await stats.cells("pasco/pas", ["2026-11"])) == 0  # a prefix is not an area
            assert total(await stats.cells("", ["2026-12"])) == 0
    finally:
        await engine.dispose()


async def test_concurrent_events_all_count(db_url):
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)

    async def one() -> None:
        async with sessions() as session:
            await Stats(session).count(m.ORIENTATION, "pasco/pasco/yanacancha", NOW, dim="women")
            await session.commit()

    try:
        await asyncio.gather(*(one() for _ in range(20)))
        async with sessions() as session:
            found = await Stats(session).cells("", ["2026-11"])
        assert [(c.metric, c.dim, c.count) for c in found] == [(m.ORIENTATION, "women", 20)]
    finally:
        await engine.dispose()


async def test_instancia_figures_are_settled_from_their_records_once_however_often(db_url):
    from datetime import timedelta

    from flows.when import today_in_lima
    from storage.crypto import Cipher
    from storage.instancias import Instancias
    from tests.harness import TEST_KEY

    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    now = datetime.now(timezone.utc)
    month = m.month_of(now)
    try:
        async with sessions() as session:
            inst = Instancias(session, Cipher(TEST_KEY))
            iid = await inst.create("Instancia Distrital de Carabayllo", "district", "lima/lima/carabayllo")
            held = await inst.add_meeting(iid, now - timedelta(minutes=1), "Municipalidad", "Plan", None)
            await inst.add_meeting(iid, now - timedelta(minutes=2), "Municipalidad", "Sin acta", None)  # no attendance: not held
            cem, police = await inst.seat_for(iid, "CEM"), await inst.seat_for(iid, "Comisaría")
            await inst.record_seat_attendance(held.id, [(cem.id, "CEM", "present"), (police.id, "Comisaría", "excused")])
            await inst.record_seat_attendance(held.id, [(cem.id, "CEM", "present"), (police.id, "Comisaría", "present")])  # corrected
            today = today_in_lima(now)
            done = await inst.add_agreement(iid, held.id, "Ruta de atención", "CEM", today, None)
            await inst.add_agreement(iid, held.id, "Patrullaje", "Comisaría", today, None)
            await inst.mark_done(done.id, None)
            await session.commit()
        for _ in range(2):
            async with sessions() as session:
                await Stats(session).settle_instancias(month)
                await session.commit()
        async with sessions() as session:
            found = await Stats(session).cells("lima", [month])
        figures = sorted((c.metric, c.dim, c.count) for c in found)
        assert figures == [
            (m.AGREEMENT, "done", 1), (m.AGREEMENT, "due", 2), (m.AGREEMENT, "overdue", 1),
            (m.ATTENDANCE, "CEM", 1), (m.ATTENDANCE, "Comisaría", 1), (m.MEETING, "", 1),
        ]
    finally:
        await engine.dispose()
