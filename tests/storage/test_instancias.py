"""Instancias on SQLite and PostgreSQL: two bot processes never send a reminder twice, answers and
agreements change once, a group follows one instancia, and /borrar keeps the instancia's record."""
import asyncio
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select

from bot.reminders import send_due_reminders
from bot.runtime import Runtime
from flows.instancias.model import LIMA
from flows.ports import Person
from flows.roles import MIEMBRO, SECRETARIA, instancia_scope
from storage.crypto import Cipher
from storage.db import make_engine, make_sessionmaker
from storage.instancias import Instancias
from storage.models.instancias import InstanciaAgreement, InstanciaAttendance, InstanciaRsvp
from storage.repos import People
from storage.roles import Roles
from tests.harness import TEST_KEY

CIPHER = Cipher(TEST_KEY)
REMINDER = "Recordatorio: reunión"


async def test_two_processes_send_each_reminder_once(pg_harness, db_url):
    h = pg_harness
    async with h.runtime.sessions() as s:
        iid = await Instancias(s, CIPHER).create("Instancia Distrital de Concertación de Pucayacu", "district", "huanuco/leoncio-prado/pucayacu", None, (10,))
        code = await Roles(s, CIPHER).create_invite(SECRETARIA, instancia_scope(iid), None, timedelta(days=1), max_uses=10)
        await s.commit()
    people = [h.person(700 + i) for i in range(6)]
    for i, p in enumerate(people):
        await p.command("start")
        await p.press("Sí, estoy de acuerdo")
        await p.command("instancia")
        await p.press("Unirme con un código")
        await p.send(code)
        await p.send(f"Integrante {i}")
        await p.send(f"Institución {i}")
    sec = people[0]
    starts = (datetime.now(timezone.utc) + timedelta(minutes=3)).replace(second=0, microsecond=0)
    await sec.command("instancia")
    await sec.press("Nueva reunión")
    await sec.send(starts.astimezone(LIMA).strftime("%d/%m/%Y"))
    await sec.send(starts.astimezone(LIMA).strftime("%H:%M"))
    await sec.send("Local comunal")
    await sec.send("Balance del trimestre")
    await sec.press("Solo esta vez")
    assert "guardé la reunión" in sec.new_text()

    other = Runtime.create(db_url, TEST_KEY, h.transport)  # a second bot process on the same database
    try:
        due = starts - timedelta(seconds=10)
        for moment in (due, due, due + timedelta(seconds=1), due + timedelta(seconds=2)):
            await asyncio.gather(send_due_reminders(h.runtime, moment), send_due_reminders(other, moment))
    finally:
        await other.close()
    assert [sum(REMINDER in s.text for s in p.inbox) for p in people] == [1] * len(people)


async def test_answers_agreements_and_codes_change_once(db_url):
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    async with sessions() as s:
        people, repo, roles = People(s, CIPHER), Instancias(s, CIPHER), Roles(s, CIPHER)
        ana = await people.consent(Person(CIPHER.key_of(1), "1"))
        iid = await repo.create("Instancia Distrital de Concertación de Luyando", "district", "huanuco/leoncio-prado/luyando")
        await roles.grant(ana, "miembro", instancia_scope(iid))  # only members' answers count
        m = await repo.add_meeting(iid, datetime(2027, 1, 5, 20, tzinfo=timezone.utc), "Municipalidad", "Agenda", ana)
        assert await repo.rsvp(m.id, ana, True) is True
        assert await repo.rsvp(m.id, ana, True) is False
        assert await repo.rsvp_counts(m.id) == (1, 0)
        assert await repo.rsvp(m.id, ana, False) is True
        assert await repo.rsvp_counts(m.id) == (0, 1)
        a = await repo.add_agreement(iid, m.id, "Ruta de atención", "CEM", date(2027, 1, 20), ana)
        assert await repo.mark_done(a.id, ana) is True
        assert await repo.mark_done(a.id, ana) is False
        assert (await repo.agreement(a.id)).done and await repo.agreements([iid]) == []
        code = await roles.create_invite("grupo", instancia_scope(iid), ana, timedelta(days=1))
        assert await roles.take(code) == ("grupo", instancia_scope(iid))
        assert await roles.take(code) is None
        await s.commit()
    await engine.dispose()


async def test_a_group_follows_one_instancia(db_url):
    engine = make_engine(db_url)
    async with make_sessionmaker(engine)() as s:
        repo = Instancias(s, CIPHER)
        first = await repo.create("Instancia A", "district", "huanuco/leoncio-prado/luyando")
        second = await repo.create("Instancia B", "district", "huanuco/leoncio-prado/pucayacu")
        assert await repo.link_group(first, "-100777") == 1
        assert await repo.group_address(first) == "-100777"
        await repo.link_group(second, "-100777")
        assert not (await repo.get(first)).has_group and (await repo.get(second)).has_group
        unlinked = await repo.unlink_group("-100777")
        assert unlinked.id == second and await repo.group_address(second) is None
        assert (await repo.get(second)).group_version == 2  # posts scheduled for the old link fall silent
        await s.commit()
    await engine.dispose()


async def test_erasing_a_member_keeps_the_instancia_record(db_url):
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    async with sessions() as s:
        people, repo, roles = People(s, CIPHER), Instancias(s, CIPHER), Roles(s, CIPHER)
        ana = await people.consent(Person(CIPHER.key_of(1), "1"))
        iid = await repo.create("Instancia Distrital de Concertación de Luyando", "district", "huanuco/leoncio-prado/luyando")
        grant = await roles.grant(ana, MIEMBRO, instancia_scope(iid), "Ana", "CEM")
        m = await repo.add_meeting(iid, datetime(2026, 11, 3, 20, tzinfo=timezone.utc), "Municipalidad", "Agenda", ana)
        await repo.rsvp(m.id, ana, True)
        await repo.record_attendance(m.id, [(grant.id, "CEM", True)])
        await repo.add_agreement(iid, m.id, "Campaña", "CEM", date(2026, 11, 1), ana)
        await s.commit()
    async with sessions() as s:
        await People(s, CIPHER).erase(Person(CIPHER.key_of(1), "1"))
        await s.commit()
    async with sessions() as s:
        assert (await s.execute(select(func.count()).select_from(InstanciaRsvp))).scalar() == 0  # personal: gone
        kept = (await s.execute(select(InstanciaAttendance))).scalars().one()
        assert (kept.institution, kept.present, kept.grant_id) == ("CEM", True, None)
        agreement = (await s.execute(select(InstanciaAgreement))).scalars().one()
        assert agreement.created_by is None and agreement.institution == "CEM"
        summary = await Instancias(s, CIPHER).overview(iid, date(2026, 11, 23), datetime(2026, 11, 23, tzinfo=timezone.utc))
        assert summary == []  # no districts below a district instancia
    await engine.dispose()


async def test_provincial_overview(db_url):
    engine = make_engine(db_url)
    async with make_sessionmaker(engine)() as s:
        repo = Instancias(s, CIPHER)
        prov = await repo.create("Instancia Provincial de Leoncio Prado", "provincial", "huanuco/leoncio-prado")
        rupa = await repo.create("Rupa-Rupa", "district", "huanuco/leoncio-prado/rupa-rupa", prov)
        await repo.create("Luyando", "district", "huanuco/leoncio-prado/luyando", prov)
        old = await repo.add_meeting(rupa, datetime(2026, 9, 1, 20, tzinfo=timezone.utc), "A", "B", None)
        last = await repo.add_meeting(rupa, datetime(2026, 10, 6, 20, tzinfo=timezone.utc), "A", "B", None)
        await repo.add_meeting(rupa, datetime(2026, 12, 1, 20, tzinfo=timezone.utc), "A", "B", None)  # ahead: not "last"
        await repo.record_attendance(old.id, [(None, "CEM", True)])
        await repo.record_attendance(last.id, [(None, "CEM", True), (None, "UGEL", False)])
        await repo.add_agreement(rupa, last.id, "Vencido", "CEM", date(2026, 10, 20), None)
        await repo.add_agreement(rupa, last.id, "A tiempo", "CEM", date(2026, 12, 20), None)
        rows = await repo.overview(prov, date(2026, 11, 23), datetime(2026, 11, 23, tzinfo=timezone.utc))
        by_name = {r.instancia.name: r for r in rows}
        assert (by_name["Rupa-Rupa"].last_meeting.id, by_name["Rupa-Rupa"].present, by_name["Rupa-Rupa"].recorded, by_name["Rupa-Rupa"].overdue) == (last.id, 1, 2, 1)
        assert (by_name["Luyando"].last_meeting, by_name["Luyando"].present, by_name["Luyando"].overdue) == (None, None, 0)
    await engine.dispose()
