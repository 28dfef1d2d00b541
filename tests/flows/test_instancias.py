"""Instancias de concertación, driven as members would: joining with a code, meetings, reminders
that arrive once (also across restarts), RSVPs, the linked group, attendance and agreements."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from bot.settings import flow_settings
from bot.reminders import send_due_reminders
from bot.runtime import Incoming
from flows.core import Command, Press
from flows.instancias.model import AGREEMENT_HOUR, KIND_MEETING, LIMA, lima_to_utc
from flows.roles import SECRETARIA, instancia_scope
from storage.instancias import Instancias
from storage.models import AuditEntry, RoleGrant
from storage.models.instancias import Instancia as InstanciaRow
from storage.models.instancias import InstanciaAgreement, InstanciaMeeting
from storage.models.reminders import Reminder
from storage.repos import People
from storage.roles import Roles

REMINDER = "Recordatorio: reunión"
GROUP_CHAT = -100500


class Group:
    """The instancia's Telegram group, as the group adapter (handlers/group.py) feeds it."""

    def __init__(self, harness, chat_id: int = GROUP_CHAT) -> None:
        self.harness, self.chat_id, self._mark = harness, chat_id, 0

    @property
    def inbox(self):
        return self.harness.transport.sent[str(self.chat_id)]

    async def command(self, name: str, args: str = "") -> None:
        self._mark = len(self.inbox)
        self.harness.transport.next_id += 1
        await self.harness.runtime.process(Incoming(self.chat_id, Command(name, args), self.harness.transport.next_id, chat_type="supergroup"))

    def new_text(self) -> str:
        return "\n".join(s.text for s in self.inbox[self._mark :])


async def new_instancia(harness, name="Instancia Distrital de Concertación de Luyando", level="district",
                        place="huanuco/leoncio-prado/luyando", parent=None, offsets=(10,)) -> tuple[int, str]:
    async with harness.runtime.sessions() as s:
        iid = await Instancias(s, harness.runtime.cipher).create(name, level, place, parent, offsets)
        code = await Roles(s, harness.runtime.cipher).create_invite(SECRETARIA, instancia_scope(iid), None, timedelta(days=1))
        await s.commit()
    return iid, code


async def join(person, code: str, name: str, institution: str | None) -> None:
    """The code first (checked before she types anything else), then her name and institution
    (not asked when the code is for one seat: pass None)."""
    await person.agree()
    await person.command("instancia")
    await person.press("Unirme con un código")
    await person.send(code)
    await person.send(name)
    if institution is not None:
        await person.send(institution)


async def member_code(sec) -> str:
    await sec.command("instancia")
    await sec.press("Código para integrantes")
    return re.search(r"integrantes: ([A-Z0-9]+)", sec.new_text()).group(1)


async def create_meeting(sec, starts: datetime, place="Municipalidad de Luyando, sala 2", agenda="Plan de trabajo 2027", repeat="Solo esta vez"):
    local = starts.astimezone(LIMA)
    await sec.command("instancia")
    await sec.press("Nueva reunión")
    await sec.send(local.strftime("%d/%m/%Y"))
    await sec.send(local.strftime("%H:%M"))
    await sec.send(place)
    await sec.send(agenda)
    await sec.press(repeat)


def soon(minutes: int = 3) -> datetime:
    """A meeting time a few minutes ahead, on the minute (people type hh:mm)."""
    return (datetime.now(timezone.utc) + timedelta(minutes=minutes)).replace(second=0, microsecond=0)


def count(person, needle: str) -> int:
    return sum(needle in s.text for s in person.inbox)


async def only_meeting(harness) -> InstanciaMeeting:
    async with harness.runtime.sessions() as s:
        return (await s.execute(select(InstanciaMeeting))).scalars().one()


async def with_members(harness, offsets=(10,)):
    iid, code = await new_instancia(harness, offsets=offsets)
    sec = harness.person(400)
    await join(sec, code, "Rosa Tello", "Municipalidad")
    assert "secretaría técnica" in sec.new_text()
    invite = await member_code(sec)
    people = []
    for chat_id, name, institution in ((401, "Ana Ruiz", "CEM"), (402, "Beto Salas", "Comisaría"), (403, "Carla Ponce", "Centro de Salud")):
        p = harness.person(chat_id)
        await join(p, invite, name, institution)
        assert "Te uniste como integrante" in p.new_text()
        people.append(p)
    assert count(sec, "Se unió") == 3
    return iid, sec, people


async def link_group(harness, sec):
    await sec.command("instancia")
    await sec.press("Vincular un grupo")
    code = re.search(r"/vincular ([A-Z0-9]+)", sec.new_text()).group(1)
    group = Group(harness)
    await group.command("vincular", code)
    assert "este grupo está vinculado" in group.new_text()
    return group


# ---------------------------------------------------------------------------------------------


async def test_each_member_and_the_group_get_the_reminder_exactly_once_across_restarts(harness):
    iid, sec, members = await with_members(harness)
    group = await link_group(harness, sec)
    await create_meeting(sec, soon())
    assert "guardé la reunión" in sec.new_text()
    for p in members:
        assert "Nueva reunión" in p.last().text and "Municipalidad de Luyando" in p.last().text
    m = await only_meeting(harness)
    due = m.starts_at - timedelta(seconds=10)

    await harness.restart()  # the bot goes down between the creation and the reminder
    await send_due_reminders(harness.runtime, due - timedelta(seconds=1))
    assert all(count(p, REMINDER) == 0 for p in [sec, *members, group])
    await send_due_reminders(harness.runtime, due)
    await harness.restart()
    for later in (1, 3, 5):
        await send_due_reminders(harness.runtime, due + timedelta(seconds=later))
    for p in [sec, *members, group]:
        assert count(p, REMINDER) == 1, p.chat_id
    reminder = next(s for s in members[0].inbox if REMINDER in s.text)
    assert [b[0] for b in reminder.buttons][:2] == ["✅ Asistiré", "❌ No podré"]
    group_post = next(s for s in group.inbox if REMINDER in s.text)
    assert group_post.buttons == []  # nobody can answer for herself in a group


async def test_a_group_that_removed_the_bot_is_unlinked_after_one_failed_post(harness):
    iid, sec, members = await with_members(harness)
    group = await link_group(harness, sec)
    harness.transport.blocked.add(str(group.chat_id))  # the group removed the bot
    await create_meeting(sec, soon())
    await send_due_reminders(harness.runtime, datetime.now(timezone.utc))  # the group's notice: fails once
    async with harness.runtime.sessions() as s:
        assert (await s.get(InstanciaRow, iid)).group_key is None
    m = await only_meeting(harness)
    harness.transport.blocked.clear()
    await send_due_reminders(harness.runtime, m.starts_at - timedelta(seconds=9))
    assert count(group, REMINDER) == 0  # not tried again
    assert all(count(p, REMINDER) == 1 for p in members)


async def test_answers_reach_the_secretaria_as_one_digest_with_who_has_not_answered(harness):
    iid, sec, (ana, beto, carla) = await with_members(harness, offsets=(30,))
    await create_meeting(sec, soon())
    quiet = len(sec.inbox)
    await ana.press("Asistiré")
    assert "Anoté que asistirás" in ana.new_text()
    await ana.press("Asistiré")
    assert "Ya lo tenía anotado" in ana.new_text()
    await beto.press("No podré")
    await ana.press("No podré")
    await ana.press("Asistiré")
    assert len(sec.inbox) == quiet  # no push per answer
    await sec.command("instancia")
    assert "1 asistirá, 1 no podrá" in sec.new_text()
    await sec.press("Reuniones")
    await sec.press("📅")
    await sec.press("Quién viene")
    digest = sec.new_text()
    assert "Asistirán: Ana Ruiz (CEM)" in digest and "No podrán: Beto Salas (Comisaría)" in digest
    assert "Aún no responden (2): Carla Ponce (Centro de Salud), Rosa Tello (Municipalidad)" in digest
    # The same digest in her reminder before the meeting, not in the members' ones.
    m = await only_meeting(harness)
    await send_due_reminders(harness.runtime, m.starts_at - timedelta(seconds=30))
    assert "Aún no responden (2)" in sec.last().text and REMINDER in sec.last().text
    assert "Aún no responden" not in carla.last().text
    # Or at a moment she chooses: the digest alone, then.
    await beto.command("instancia")
    await beto.press("Dejar la instancia")
    await beto.press("Sí, dejar la instancia")
    await sec.command("instancia")
    assert "1 asistirá, 0 no podrán" in sec.new_text()  # who left no longer counts


async def test_the_secretaria_chooses_when_the_digest_comes(harness):
    iid, sec, (ana, beto, carla) = await with_members(harness)
    starts = soon(60 * 30)
    await create_meeting(sec, starts)
    await sec.press("Resumen más tarde")
    await sec.press("1 día antes")
    assert "te enviaré el resumen" in sec.new_text()
    await carla.press("Asistiré")
    await send_due_reminders(harness.runtime, starts - timedelta(hours=24, seconds=1))
    assert count(sec, "Respuestas para la reunión") == 0
    await send_due_reminders(harness.runtime, starts - timedelta(hours=24))
    assert count(sec, "Respuestas para la reunión") == 1
    assert "Asistirán: Carla Ponce (Centro de Salud)" in sec.last().text and "Aún no responden (3)" in sec.last().text
    assert count(ana, "Respuestas para la reunión") == 0


async def test_default_offsets_are_two_days_and_two_hours_and_can_be_changed(harness):
    iid, sec, members = await with_members(harness, offsets=(2 * 86400, 2 * 3600))
    starts = soon(5 * 24 * 60)
    await create_meeting(sec, starts)
    async with harness.runtime.sessions() as s:
        dues = sorted({r.due_at for r in (await s.execute(select(Reminder).where(Reminder.kind == KIND_MEETING))).scalars()})
    assert dues == [starts - timedelta(days=2), starts - timedelta(hours=2)]
    await sec.command("instancia")
    await sec.press("Recordatorios")
    await sec.send("1d, 30m")
    assert "1 día y 30 minutos" in sec.new_text()
    m = await only_meeting(harness)
    # Only the new times still speak: reminders made for the old ones say nothing.
    await send_due_reminders(harness.runtime, starts - timedelta(days=2))
    assert count(members[0], REMINDER) == 0
    await send_due_reminders(harness.runtime, starts - timedelta(days=1))
    await send_due_reminders(harness.runtime, starts - timedelta(minutes=30))
    await send_due_reminders(harness.runtime, starts - timedelta(minutes=29))
    assert count(members[0], REMINDER) == 2
    assert m.version == 2


async def test_a_reminder_missed_while_down_goes_out_late_once_within_grace(harness):
    iid, sec, members = await with_members(harness, offsets=(3600, 170 * 60))
    starts = soon(180)
    await create_meeting(sec, starts)
    await harness.restart()
    back = starts - timedelta(minutes=40)  # back 20 min after the 1 h reminder, long after the 2 h 50 min one
    await send_due_reminders(harness.runtime, back)
    await send_due_reminders(harness.runtime, back + timedelta(seconds=5))
    for p in members:
        assert count(p, REMINDER) == 1
    async with harness.runtime.sessions() as s:
        outcomes = sorted(r.outcome for r in (await s.execute(select(Reminder).where(Reminder.kind == KIND_MEETING))).scalars())
    assert outcomes.count("missed") == 4 and outcomes.count("sent") == 4


async def test_changes_and_cancellations_reach_every_member_and_the_group(harness):
    iid, sec, members = await with_members(harness)
    group = await link_group(harness, sec)
    await create_meeting(sec, soon(60))
    m = await only_meeting(harness)
    await send_due_reminders(harness.runtime, datetime.now(timezone.utc) + timedelta(seconds=1))
    assert count(group, "Nueva reunión") == 1
    await sec.press("Cambiar lugar")
    await sec.send("https://meet.example.org/instancia-luyando")
    for p in members:
        assert "Cambió la reunión" in p.last().text and "meet.example.org" in p.last().text
    await send_due_reminders(harness.runtime, datetime.now(timezone.utc) + timedelta(seconds=1))
    assert count(group, "meet.example.org") == 1
    new_time = soon(90)
    await sec.press("Cambiar fecha y hora")
    await sec.send(new_time.astimezone(LIMA).strftime("%d/%m/%Y"))
    await sec.send(new_time.astimezone(LIMA).strftime("%H:%M"))
    assert f"{new_time.astimezone(LIMA):%H:%M}" in members[1].last().text
    await send_due_reminders(harness.runtime, datetime.now(timezone.utc) + timedelta(seconds=1))
    assert count(group, "Cambió la reunión") == 2 and f"{new_time.astimezone(LIMA):%H:%M}" in group.inbox[-1].text
    # The reminder for the old time says nothing; the one for the new time speaks.
    await send_due_reminders(harness.runtime, m.starts_at - timedelta(seconds=10))
    assert count(members[0], REMINDER) == 0 and count(group, REMINDER) == 0
    await sec.press("Cancelar reunión")
    await sec.press("Sí, cancelar")
    for p in members:
        assert "Se canceló la reunión" in p.last().text
    await send_due_reminders(harness.runtime, new_time - timedelta(seconds=10))
    assert all(count(p, REMINDER) == 0 for p in [*members, group])
    assert count(group, "Se canceló la reunión") == 1


async def test_a_monthly_series_is_reviewed_before_it_is_saved_and_announced(harness):
    iid, sec, members = await with_members(harness)
    await create_meeting(sec, soon(60 * 24 * 3), repeat="Repetir")
    review = sec.new_text()
    assert "Revisa las fechas antes de guardar: 12 reuniones" in review and "Nadie recibe aviso" in review
    async with harness.runtime.sessions() as s:
        assert (await s.execute(select(InstanciaMeeting))).first() is None  # nothing saved yet
    assert all(count(p, "Nueva reunión") == 0 for p in members)
    third = [label for label in sec.labels() if label.startswith("✅")][2]
    await sec.press(third)  # a holiday: left out
    assert "11 reuniones" in sec.new_text() and "⬜ " + third[2:] in sec.labels()
    await sec.press("Guardar 11 y avisar")
    assert "guardé 11 reuniones" in sec.new_text()
    async with harness.runtime.sessions() as s:
        meetings = (await s.execute(select(InstanciaMeeting).order_by(InstanciaMeeting.starts_at))).scalars().all()
    assert len(meetings) == 11 and len({m.series_id for m in meetings}) == 2  # the first is the series' id
    local = [m.starts_at.astimezone(LIMA) for m in meetings]
    assert len({d.weekday() for d in local}) == 1 and len({(d.hour, d.minute) for d in local}) == 1
    assert len({(d.year, d.month) for d in local}) == 11
    assert all(count(p, "Nueva reunión") == 1 for p in members)


async def test_members_who_blocked_the_bot_are_reported_not_retried(harness):
    iid, sec, (ana, beto, carla) = await with_members(harness, offsets=(20, 10))
    await create_meeting(sec, soon())
    m = await only_meeting(harness)
    harness.transport.blocked.add(str(beto.chat_id))
    await send_due_reminders(harness.runtime, m.starts_at - timedelta(seconds=20))
    await send_due_reminders(harness.runtime, m.starts_at - timedelta(seconds=10))
    assert count(ana, REMINDER) == 2
    second = [s for s in sec.inbox if REMINDER in s.text][-1]
    assert "No reciben mis mensajes" in second.text and "Beto Salas (Comisaría)" in second.text
    async with harness.runtime.sessions() as s:
        beto_id = (await People(s, harness.runtime.cipher).find(harness.runtime.cipher.key_of(beto.chat_id))).id
        tries = (await s.execute(select(Reminder.outcome).where(Reminder.user_id == beto_id).order_by(Reminder.due_at))).scalars().all()
    assert tries == ["sent", "nothing"]  # tried once, then no more
    await sec.command("instancia")
    assert "Beto Salas" in sec.new_text()


async def test_attendance_and_an_agreement_whose_reminder_reaches_its_institution(harness):
    iid, sec, (ana, beto, carla) = await with_members(harness)
    await create_meeting(sec, soon())
    async with harness.runtime.sessions() as s:  # the meeting took place
        (await s.execute(select(InstanciaMeeting))).scalars().one().starts_at = datetime.now(timezone.utc) - timedelta(hours=1)
        await s.commit()
    await sec.command("instancia")
    await sec.press("Acta y asistencia")
    await sec.press("📅")
    await sec.press("Ana Ruiz")
    await sec.press("Carla Ponce")
    await sec.press("Carla Ponce")
    await sec.press("Rosa Tello")
    assert sec.labels()[:4] == ["✅ Municipalidad (Rosa Tello)", "✅ CEM (Ana Ruiz)", "❌ Comisaría (Beto Salas)", "🟨 Centro de Salud (Carla Ponce)"]
    await sec.press("Guardar asistencia")
    assert "2 de 4 asientos" in sec.new_text()
    await sec.press("Nuevo acuerdo")
    await sec.send("Difundir la Línea 100 en la feria dominical")
    await sec.press("CEM")
    due = date.today() + timedelta(days=10)
    await sec.send(due.strftime("%d/%m/%Y"))
    assert "Avisé a su representante" in sec.new_text()
    assert "Nuevo acuerdo" in ana.last().text and "Difundir la Línea 100" in ana.last().text
    assert count(beto, "Difundir") == 0

    three_days_before = lima_to_utc(due - timedelta(days=3), AGREEMENT_HOUR)
    await send_due_reminders(harness.runtime, three_days_before - timedelta(seconds=1))
    assert count(ana, "Recordatorio de acuerdo") == 0
    await send_due_reminders(harness.runtime, three_days_before)
    await send_due_reminders(harness.runtime, three_days_before + timedelta(minutes=1))
    assert count(ana, "Recordatorio de acuerdo") == 1
    assert count(beto, "Recordatorio de acuerdo") == count(carla, "Recordatorio de acuerdo") == 0

    await ana.press("Ya lo cumplimos")
    assert "Anoté como cumplido" in ana.new_text()
    assert "CEM marcó como cumplido" in sec.last().text
    await ana.press("Ya lo cumplimos")
    assert "ya estaba marcado" in ana.new_text()
    await send_due_reminders(harness.runtime, lima_to_utc(due, AGREEMENT_HOUR))
    assert count(ana, "Recordatorio de acuerdo") == 1  # done: the day's reminder was cancelled
    async with harness.runtime.sessions() as s:
        actions = (await s.execute(select(AuditEntry.action))).scalars().all()
    assert actions.count("instancia.agreement.done") == 1 and "instancia.attendance.recorded" in actions


async def test_acuerdos_lists_pending_and_overdue(harness):
    iid, sec, (ana, beto, carla) = await with_members(harness)
    for text, institution in (("Taller en colegios", "Comisaría"), ("Campaña en el mercado", "CEM")):
        await sec.command("instancia")
        await sec.press("Nuevo acuerdo")
        await sec.send(text)
        await sec.press(institution)
        await sec.send((date.today() + timedelta(days=7)).strftime("%d/%m/%Y"))
    async with harness.runtime.sessions() as s:
        row = (await s.execute(select(InstanciaAgreement).where(InstanciaAgreement.text == "Taller en colegios"))).scalar_one()
        row.due_on = date.today() - timedelta(days=2)
        await s.commit()
    await ana.command("acuerdos")
    text = ana.new_text()
    assert "1 pendiente y 1 vencido" in text
    assert re.search(r"VENCIDO «Taller en colegios»", text) and "Campaña en el mercado" in text
    assert ana.labels() == ["✔️ Cumplido: 2"]  # she answers for the CEM only
    await beto.command("acuerdos")
    await beto.press("Cumplido: 1")
    assert "Anoté como cumplido" in beto.new_text()
    await ana.command("acuerdos")
    assert "Taller en colegios" not in ana.new_text()


async def test_rotation_keeps_the_institution_history_and_hands_over_its_agreements(harness):
    iid, sec, (ana, beto, carla) = await with_members(harness)
    await sec.command("instancia")
    await sec.press("Nuevo acuerdo")
    await sec.send("Capacitar al personal de serenazgo")
    await sec.press("CEM")
    due = date.today() + timedelta(days=20)
    await sec.send(due.strftime("%d/%m/%Y"))
    await sec.command("instancia")
    await sec.press("Integrantes")
    await sec.press("Retirar a Ana Ruiz")
    assert "conserva su historial" in sec.new_text()
    assert "te retiró" in ana.last().text
    dora = harness.person(404)
    await join(dora, await member_code(sec), "Dora Quispe", "CEM")
    await send_due_reminders(harness.runtime, lima_to_utc(due - timedelta(days=3), AGREEMENT_HOUR))
    assert count(dora, "Recordatorio de acuerdo") == 1
    assert count(ana, "Recordatorio de acuerdo") == 0  # she no longer answers for the CEM
    async with harness.runtime.sessions() as s:
        grants = (await s.execute(select(RoleGrant).where(RoleGrant.institution == "CEM").order_by(RoleGrant.id))).scalars().all()
    assert [(g.display_name, g.revoked_at is not None) for g in grants] == [("Ana Ruiz", True), ("Dora Quispe", False)]


async def test_a_member_can_leave_and_gets_no_more_reminders(harness):
    iid, sec, (ana, beto, carla) = await with_members(harness)
    await create_meeting(sec, soon())
    await carla.command("instancia")
    await carla.press("Dejar la instancia")
    await carla.press("Sí, dejar")
    assert "ya no eres parte" in carla.new_text()
    assert "Carla Ponce (Centro de Salud) dejó la instancia" in sec.last().text
    m = await only_meeting(harness)
    await send_due_reminders(harness.runtime, m.starts_at - timedelta(seconds=10))
    assert count(carla, REMINDER) == 0 and count(beto, REMINDER) == 1


async def test_only_the_secretaria_manages_and_codes_are_checked(harness):
    iid, sec, (ana, beto, carla) = await with_members(harness)
    await ana.command("instancia")
    assert "Nueva reunión" not in " ".join(ana.labels())
    await ana.do(Press("i", "new"))  # an old or forged button
    assert "no está disponible" in ana.new_text()
    await ana.command("vincular", "ABCDEFGHJK")
    assert "dentro del grupo" in ana.new_text()
    group = Group(harness)
    await group.command("vincular", "ABCDEFGHJK")
    assert "no sirve" in group.new_text()
    await group.command("vincular", await member_code(sec))  # a member code does not link a group
    assert "no sirve" in group.new_text()
    eva = harness.person(405)
    await join(eva, "NOPE000000", "Eva", "UGEL")
    assert "no funciona" in eva.new_text()
    await sec.command("instancia")
    await sec.press("Vincular un grupo")
    await eva.send(re.search(r"/vincular ([A-Z0-9]+)", sec.new_text()).group(1))  # a group code makes no member
    assert "no funciona" in eva.new_text()
    async with harness.runtime.sessions() as s:
        assert (await s.execute(select(RoleGrant).where(RoleGrant.display_name == "Eva"))).first() is None
    await eva.send(await member_code(sec))  # checked before she types anything else
    assert "El código es válido" in eva.new_text()
    await eva.send("Eva")
    await eva.send("UGEL")
    assert "Te uniste" in eva.new_text()


async def test_the_group_can_be_unlinked(harness):
    iid, sec, members = await with_members(harness)
    group = await link_group(harness, sec)
    await group.command("desvincular")
    assert "ya no recibirá" in group.new_text()
    assert "desvinculó el grupo" in sec.last().text
    await create_meeting(sec, soon())
    m = await only_meeting(harness)
    await send_due_reminders(harness.runtime, m.starts_at - timedelta(seconds=10))
    assert count(group, REMINDER) == 0 and count(members[0], REMINDER) == 1


async def test_provincial_secretaria_sees_each_district(harness):
    prov, code = await new_instancia(harness, "Instancia Provincial de Concertación de Leoncio Prado", "provincial", "huanuco/leoncio-prado")
    async with harness.runtime.sessions() as s:
        repo = Instancias(s, harness.runtime.cipher)
        rupa = await repo.create("Instancia Distrital de Rupa-Rupa", "district", "huanuco/leoncio-prado/rupa-rupa", prov)
        await repo.create("Instancia Distrital de Luyando", "district", "huanuco/leoncio-prado/luyando", prov)
        met = await repo.add_meeting(rupa, datetime(2026, 10, 6, 20, tzinfo=timezone.utc), "Municipalidad", "Balance", None)
        await repo.record_attendance(met.id, [(None, "CEM", True), (None, "Comisaría", True), (None, "UGEL", False)])
        await repo.add_agreement(rupa, met.id, "Ruta de atención", "CEM", date(2026, 10, 20), None)
        await s.commit()
    sec = harness.person(410)
    await join(sec, code, "Lucía Vargas", "Municipalidad Provincial")
    await sec.press("Distritos")
    text = sec.new_text()
    assert "Rupa-Rupa: última reunión el martes 6 de octubre de 2026 · asistencia 2 de 3 · 1 acuerdo vencido" in text
    assert "Luyando: sin reuniones registradas · asistencia sin registrar · sin acuerdos vencidos" in text


async def test_every_panel_button_answers_with_a_way_back(harness):
    iid, sec, (ana, beto, carla) = await with_members(harness)
    await create_meeting(sec, soon(60))
    for person in (sec, ana):
        await person.command("instancia")
        labels = [label for label in person.labels() if "Menú" not in label]
        assert labels
        for label in labels:
            await person.command("instancia")
            await person.press(label)
            assert person.new(), f"no answer for {label}"
            assert person.new()[-1].buttons, f"{label} leaves {person.chat_id} without buttons"
            assert "no entendí" not in person.new_text().lower() and "no está disponible" not in person.new_text()


def test_agreement_reminders_come_three_days_before_and_on_the_day():
    from flows.instancias.model import agreement_reminder_times

    now = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)  # 07:00 in Lima
    assert agreement_reminder_times(date(2026, 12, 4), now) == [
        datetime(2026, 12, 1, 14, 0, tzinfo=timezone.utc),
        datetime(2026, 12, 4, 14, 0, tzinfo=timezone.utc),
    ]
    assert agreement_reminder_times(date(2026, 11, 24), now) == [datetime(2026, 11, 24, 14, 0, tzinfo=timezone.utc)]
    assert agreement_reminder_times(date(2026, 11, 23), now) == [datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)]
    assert agreement_reminder_times(date(2026, 11, 22), now) == []
    quick = flow_settings({"AGREEMENT_REMINDER_HOUR": "00:00"}).agreement_hour
    assert agreement_reminder_times(date(2026, 11, 23), now, quick) == [now]  # due today, its hour past: now
