"""The instancias' meeting cycle on SQLite and PostgreSQL, driven as the secretaría and members
would: seats that outlive their representatives, the agenda, the acta and its PDF, votes through
Telegram polls, the constancia de asistencia, the work plan, and the bot added to a group."""
from __future__ import annotations

import base64
import io
import re
from datetime import date, datetime, timedelta, timezone

from pypdf import PdfReader
from sqlalchemy import select

from bot.reminders import send_due_reminders
from bot.runtime import Incoming
from flows.core import BotMembership, PollAnswer, Press
from flows.instancias.model import AGREEMENT_HOUR, lima_to_utc
from storage.instancias import Instancias
from storage.models.instancias import Instancia as InstanciaRow
from storage.models.instancias import InstanciaActa, InstanciaMeeting, InstanciaVoteAnswer
from tests.flows.test_instancias import GROUP_CHAT, REMINDER, Group, count, create_meeting, join, link_group, only_meeting, soon, with_members


def pdf_text(content: bytes) -> str:
    """The PDF's text as one line (a phrase may be wrapped across lines on the page)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def documents(person) -> list[tuple[str, bytes]]:
    return [(s.payload["filename"], base64.b64decode(s.payload["content"])) for s in person.inbox if s.payload["type"] == "document"]


async def open_agenda(person) -> None:
    """/instancia → Reuniones → the next meeting → Agenda."""
    await person.command("instancia")
    await person.press("Reuniones")
    await person.press("📅")
    await person.press("Agenda")


async def meeting_held(harness, hours_ago: float = 1) -> InstanciaMeeting:
    """The only meeting took place `hours_ago`."""
    async with harness.runtime.sessions() as s:
        m = (await s.execute(select(InstanciaMeeting))).scalars().one()
        m.starts_at = datetime.now(timezone.utc) - timedelta(hours=hours_ago)
        await s.commit()
        return m


async def add_agreement(sec, text: str, institution: str, due: date) -> None:
    await sec.command("instancia")
    await sec.press("Nuevo acuerdo")
    await sec.send(text)
    await sec.press(institution)
    await sec.send(due.strftime("%d/%m/%Y"))


async def record_acta(sec, marks: dict[str, int], notes: str | None = None) -> None:
    """Attendance by seat (presses per seat: 1 present, 2 excused, 0 absent), then the notes."""
    await sec.command("instancia")
    await sec.press("Acta y asistencia")
    await sec.press("📅")
    for who, presses in marks.items():
        for _ in range(presses):
            await sec.press(who)
    await sec.press("Guardar asistencia")


async def close_acta(sec, notes: str | None) -> None:
    await sec.press("Notas y cerrar el acta")
    if notes:
        await sec.send(notes)
    else:
        await sec.press("Sin notas")


# ---------------------------------------------------------------------------------------------


async def test_a_replaced_representative_leaves_the_seat_and_its_agreements_to_the_newcomer(pg_harness):
    h = pg_harness
    iid, sec, (ana, beto, carla) = await with_members(h)
    due = date.today() + timedelta(days=20)
    await create_meeting(sec, soon())
    await meeting_held(h)
    await record_acta(sec, {"Ana Ruiz": 1, "Beto Salas": 1})
    await sec.press("Nuevo acuerdo")
    await sec.send("Capacitar al personal de serenazgo")
    await sec.press("CEM")
    await sec.send(due.strftime("%d/%m/%Y"))
    await sec.press("Seguir con el acta")
    await close_acta(sec, "Se revisó la ruta de atención.")
    assert "guardé el acta" in sec.new_text()

    await sec.command("instancia")
    await sec.press("Integrantes")
    await sec.press("Retirar a Ana Ruiz")
    assert "te retiró" in ana.last().text
    await sec.command("instancia")
    assert "Asientos vacantes: CEM" in sec.new_text()
    await sec.press("Integrantes")
    assert "• CEM: vacante" in sec.new_text()
    await sec.press("Código para el asiento de CEM")
    code = re.search(r"asiento de CEM: ([A-Z0-9]+)", sec.new_text()).group(1)

    dora = h.person(404)
    await join(dora, code, "Dora Quispe", None)  # the code is for the CEM's seat: no institution asked
    text = dora.new_text()
    assert any("El código es válido para Instancia Distrital de Concertación de Luyando (asiento de CEM)" in s.text for s in dora.inbox)
    assert "El asiento de CEM tiene 1 acuerdo pendiente" in text and "Capacitar al personal de serenazgo" in text
    [(name, acta)] = documents(dora)
    assert name.startswith("acta-") and "Capacitar al personal de serenazgo" in pdf_text(acta)
    await sec.command("instancia")
    assert "Asientos vacantes" not in sec.new_text()
    await h.runtime.delivery.send()
    await send_due_reminders(h.runtime, lima_to_utc(due - timedelta(days=3), AGREEMENT_HOUR))
    assert count(dora, "Recordatorio de acuerdo") == 1 and count(ana, "Recordatorio de acuerdo") == 0
    # The seat's history stays with the seat: its attendance is the CEM's, whoever sat in it.
    async with h.runtime.sessions() as s:
        repo = Instancias(s, h.runtime.cipher)
        cem = await repo.seat_for(iid, "cem")
        assert cem.institution == "CEM"
        assert [status for _, status in await repo.attended(cem.id, datetime(2000, 1, 1, tzinfo=timezone.utc), datetime.now(timezone.utc))] == ["present"]


async def test_an_agenda_is_proposed_until_its_deadline_and_goes_out_with_the_reminder(pg_harness):
    h = pg_harness
    iid, sec, (ana, beto, carla) = await with_members(h, offsets=(10,))
    starts = soon(60 * 30)
    await create_meeting(sec, starts, agenda="Balance del trimestre")
    m = await only_meeting(h)

    await open_agenda(ana)
    assert "Puedes proponer puntos hasta" in ana.new_text()
    await ana.press("Proponer un punto")
    await ana.send("Ruta de atención para casos de violencia en colegios")
    assert "revisará tu propuesta" in ana.new_text()
    assert "CEM propone" in sec.last().text
    await beto.command("instancia")
    assert "Agregar un punto" not in beto.labels()

    await open_agenda(sec)
    assert "Ruta de atención para casos de violencia en colegios (CEM)" in sec.new_text()
    await sec.press("Incluir")
    await sec.send("veinte")
    assert "entre 1 y 240" in sec.new_text()
    await sec.send("20")
    await sec.press("Agregar un punto")
    await sec.send("Informe de patrullaje integrado")
    await sec.press("Comisaría")
    await sec.send("15")
    text = sec.new_text()
    assert "1. Ruta de atención para casos de violencia en colegios — CEM, 20 min" in text
    assert "2. Informe de patrullaje integrado — Comisaría, 15 min" in text

    # A day before the meeting the proposals close.
    async with h.runtime.sessions() as s:
        (await s.get(InstanciaMeeting, m.id)).starts_at = datetime.now(timezone.utc) + timedelta(hours=3)
        await s.commit()
    await open_agenda(carla)
    assert "Proponer un punto" not in " ".join(carla.labels())
    await carla.do(Press("i", f"apro.{m.id}"))  # an older button
    assert "ya cerró" in carla.new_text()
    async with h.runtime.sessions() as s:
        (await s.get(InstanciaMeeting, m.id)).starts_at = starts  # back to its time, which its reminders follow
        await s.commit()
    await send_due_reminders(h.runtime, starts - timedelta(seconds=10))
    for p in (ana, beto, carla, sec):
        reminder = p.last().text
        assert REMINDER in reminder and "Agenda:" in reminder
        assert "1. Ruta de atención para casos de violencia en colegios — CEM, 20 min" in reminder
        assert "2. Informe de patrullaje integrado — Comisaría, 15 min" in reminder


async def test_an_acta_is_recorded_from_telegram_and_its_pdf_reaches_members_and_group(pg_harness):
    h = pg_harness
    iid, sec, (ana, beto, carla) = await with_members(h)
    group = await link_group(h, sec)
    await create_meeting(sec, soon())
    await meeting_held(h)
    await record_acta(sec, {"Rosa Tello": 1, "Ana Ruiz": 1, "Carla Ponce": 2})
    assert "3 de 4" not in sec.new_text() and "2 de 4 asientos" in sec.new_text()
    await sec.press("Nuevo acuerdo")
    await sec.send("Difundir la Línea 100 en la feria dominical")
    await sec.press("CEM")
    due = date.today() + timedelta(days=10)
    await sec.send(due.strftime("%d/%m/%Y"))
    await sec.press("Seguir con el acta")
    hub = sec.new_text()
    assert "Presentes (2): Municipalidad, CEM" in hub and "Acuerdos: 1" in hub
    await close_acta(sec, "Se acordó coordinar con la UGEL.")
    assert "la envié a 3 integrantes y al grupo" in sec.new_text()
    [(name, mine)] = documents(sec)
    text = pdf_text(mine)
    assert "Acta de la reunión de Instancia Distrital de Concertación de Luyando" in text
    assert "Presentes (2): Municipalidad, CEM" in text
    assert "Justificaron (1): Centro de Salud" in text
    assert "Ausentes (1): Comisaría" in text
    assert "Difundir la Línea 100 en la feria dominical — responsable: CEM" in text
    assert "Se acordó coordinar con la UGEL." in text

    await send_due_reminders(h.runtime, datetime.now(timezone.utc))
    for who in (ana, beto, carla):
        [(got, content)] = documents(who)
        assert got == name and content == mine
    assert [n for n, _ in documents(group)] == [name]
    async with h.runtime.sessions() as s:
        assert (await s.execute(select(InstanciaActa))).scalar_one().pdf == mine  # kept


async def test_a_vote_through_a_telegram_poll_and_its_result_in_the_acta(pg_harness):
    h = pg_harness
    iid, sec, (ana, beto, carla) = await with_members(h)
    group = await link_group(h, sec)
    await create_meeting(sec, soon())
    await meeting_held(h, hours_ago=0.5)
    await sec.command("instancia")
    await sec.press("Votación")
    await sec.send("¿Hacemos la campaña en el mercado el 8 de marzo?")
    await sec.send("Sí")
    assert "entre 2 y 10 opciones" in sec.new_text()
    await sec.send("Sí; No; Me abstengo")
    await sec.press("10 minutos")
    assert "Abrí la votación" in sec.new_text() and "en el grupo" in sec.new_text()

    await send_due_reminders(h.runtime, datetime.now(timezone.utc))
    [poll] = [s.payload for s in group.inbox if s.payload["type"] == "poll"]
    assert poll["question"] == "¿Hacemos la campaña en el mercado el 8 de marzo?" and poll["options"] == ["Sí", "No", "Me abstengo"]
    assert 590 <= poll["close_date"] - datetime.now(timezone.utc).timestamp() <= 600
    for who, option in ((ana, 0), (beto, 1), (carla, 0), (ana, 2)):  # Ana changes her mind
        await h.runtime.process(Incoming(who.chat_id, PollAnswer(poll["poll_id"], (option,))))
    await h.runtime.process(Incoming(999, PollAnswer(poll["poll_id"], (1,))))  # not a member: not counted
    await h.runtime.process(Incoming(carla.chat_id, PollAnswer("unknown-poll", (1,))))
    await h.runtime.process(Incoming(beto.chat_id, PollAnswer(poll["poll_id"], ())))  # Beto takes his back
    await h.runtime.process(Incoming(beto.chat_id, PollAnswer(poll["poll_id"], (1,))))
    async with h.runtime.sessions() as s:
        assert len((await s.execute(select(InstanciaVoteAnswer))).scalars().all()) == 3

    await sec.press("Cerrar la votación ahora")
    result = sec.new_text()
    assert "Sí: 1; No: 1; Me abstengo: 1" in result
    assert "CEM: Me abstengo" in result and "Comisaría: No" in result and "Centro de Salud: Sí" in result
    await h.runtime.process(Incoming(carla.chat_id, PollAnswer(poll["poll_id"], (1,))))  # after closing: ignored
    await send_due_reminders(h.runtime, datetime.now(timezone.utc))
    assert count(group, "Resultado de «¿Hacemos la campaña") == 1
    await send_due_reminders(h.runtime, datetime.now(timezone.utc) + timedelta(minutes=11))
    assert count(group, "Resultado de «¿Hacemos la campaña") == 1 and count(sec, "Resultado de") == 1

    await sec.press("Seguir con el acta")
    await sec.press("Notas y cerrar el acta")
    await sec.press("Sin notas")
    assert "registra la asistencia" in sec.new_text()  # an acta needs its attendance first
    await sec.press("Rosa Tello")
    await sec.press("Guardar asistencia")
    await close_acta(sec, None)
    [(_, acta)] = documents(sec)
    text = pdf_text(acta)
    assert "Votaciones" in text and "Sí: 1; No: 1; Me abstengo: 1" in text


async def test_a_vote_without_a_group_goes_to_each_member(pg_harness):
    h = pg_harness
    iid, sec, (ana, beto, carla) = await with_members(h)
    await sec.command("instancia")
    await sec.press("Votación")
    await sec.send("¿Cambiamos el local?")
    await sec.send("Sí\nNo")
    await sec.press("1 hora")
    assert "en el chat de cada integrante" in sec.new_text()
    await send_due_reminders(h.runtime, datetime.now(timezone.utc))
    polls = {p.chat_id: [s.payload for s in p.inbox if s.payload["type"] == "poll"] for p in (sec, ana, beto, carla)}
    assert all(len(found) == 1 for found in polls.values())
    await h.runtime.process(Incoming(ana.chat_id, PollAnswer(polls[ana.chat_id][0]["poll_id"], (0,))))
    await h.runtime.process(Incoming(beto.chat_id, PollAnswer(polls[beto.chat_id][0]["poll_id"], (0,))))
    await send_due_reminders(h.runtime, datetime.now(timezone.utc) + timedelta(hours=1, seconds=1))
    assert "Sí: 2; No: 0" in sec.last().text


async def test_a_member_gets_a_constancia_of_her_seat_attendance(pg_harness):
    h = pg_harness
    iid, sec, (ana, beto, carla) = await with_members(h)
    last_year = date.today().year - 1
    async with h.runtime.sessions() as s:
        repo = Instancias(s, h.runtime.cipher)
        cem, ugel = await repo.seat_for(iid, "CEM"), await repo.seat_for(iid, "UGEL")
        for month, status in ((3, "present"), (6, "excused"), (9, "present")):
            m = await repo.add_meeting(iid, lima_to_utc(date(last_year, month, 10), AGREEMENT_HOUR), "Municipalidad", "Sesión ordinaria", None)
            await repo.record_seat_attendance(m.id, [(cem.id, "CEM", status), (ugel.id, "UGEL", "absent")])
        await repo.add_meeting(iid, lima_to_utc(date(last_year, 11, 10), AGREEMENT_HOUR), "Municipalidad", "Sin acta", None)
        await s.commit()
    await ana.command("instancia")
    await ana.press("Constancia de asistencia")
    await ana.press(str(last_year))
    [(name, content)] = documents(ana)
    assert name == f"constancia-{last_year}.pdf"
    text = pdf_text(content)
    assert "Constancia de asistencia" in text
    assert "CEM, representada por Ana Ruiz, asistió a 2 de 3 reuniones" in text and str(last_year) in text
    assert f"10 de marzo de {last_year}: presente" in text and f"10 de junio de {last_year}: justificó su inasistencia" in text
    await beto.command("instancia")
    await beto.press("Constancia de asistencia")
    await beto.press(str(last_year))
    assert "No hay reuniones con asistencia registrada para Comisaría" in beto.new_text()
    assert documents(beto) == []


async def test_the_work_plan_with_progress_marked_by_the_responsible_seat(pg_harness):
    h = pg_harness
    iid, sec, (ana, beto, carla) = await with_members(h)
    await sec.command("instancia")
    await sec.press("Plan de trabajo")
    assert "todavía sin actividades" in sec.new_text()
    await sec.press("Nueva actividad")
    await sec.send("Campaña «Mujeres libres de violencia» en mercados")
    await sec.press("CEM")
    await sec.press("T2")
    await sec.send("4 ferias informativas")
    assert "agregué la actividad" in sec.new_text()
    await beto.command("plan")
    assert "Campaña «Mujeres libres de violencia» en mercados — CEM, trimestre 2" in beto.new_text()
    assert "Avance de la actividad" not in " ".join(beto.labels())  # not his seat's
    await ana.command("plan")
    await ana.press("Avance de la actividad 1")
    await ana.send("ciento diez")
    assert "de 0 a 100" in ana.new_text()
    await ana.send("40")
    await ana.send("Dos ferias hechas en Naranjillo")
    assert "Avance: 40 % («Dos ferias hechas en Naranjillo»)" in ana.new_text()
    assert "Avance en «Campaña" in sec.last().text
    # A photo as evidence, its caption the note: passed on to the secretaría.
    await ana.press("Avance de la actividad 1")
    await ana.send("60")
    await ana.media("photo", "Feria en Naranjillo, 60 personas")
    assert "Avance: 60 % («Feria en Naranjillo, 60 personas»)" in ana.new_text()
    copied = sec.last().payload
    assert copied["type"] == "copy" and "60 %" in copied["header"] and copied["message_id"] == ana.sent_ids[-1]
    # An agreement that serves the activity counts in the plan.
    await add_agreement(sec, "Conseguir el toldo para las ferias", "CEM", date.today() + timedelta(days=15))
    await sec.press("Parte de la actividad «Campaña")
    assert "cuenta para la actividad" in sec.new_text()
    await ana.command("plan")
    assert "Acuerdos: 0 de 1 cumplidos" in ana.new_text()


async def test_the_bot_added_to_a_group_says_how_to_link_it_and_removed_unlinks_it(pg_harness):
    h = pg_harness
    iid, sec, members = await with_members(h)
    group = Group(h)
    await h.runtime.process(Incoming(GROUP_CHAT, BotMembership(True), chat_type="supergroup"))
    hello = group.inbox[-1].text
    assert "/vincular CÓDIGO" in hello and "Vincular un grupo" in hello
    await link_group(h, sec)
    await h.runtime.process(Incoming(GROUP_CHAT, BotMembership(False), chat_type="supergroup"))
    async with h.runtime.sessions() as s:
        assert (await s.get(InstanciaRow, iid)).group_key is None
    assert "Me retiraron del grupo" in sec.last().text
    assert len(group.inbox) == 2  # nothing posted to a group that removed the bot
    await h.runtime.process(Incoming(sec.chat_id, BotMembership(True)))  # not a group: nothing
    assert "/vincular" not in sec.last().text
