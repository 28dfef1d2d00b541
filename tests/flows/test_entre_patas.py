"""Entre patas: content for men, and reflection spaces published, joined, reminded and cancelled."""
import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from bot.reminders import send_due_reminders
from flows.core import Press
from flows.when import LIMA
from flows.roles import FACILITADOR, district_scope
from storage.models import AuditEntry, Reminder
from storage.models.entre_patas import ReflectionRegistration, ReflectionSpace
from storage.repos import People
from storage.roles import Roles

YANACANCHA = "pasco/pasco/yanacancha"
CHAUPIMARCA = "pasco/pasco/chaupimarca"


async def consented(harness, chat_id):
    p = harness.person(chat_id)
    await p.agree()
    return p


async def user_id(harness, person) -> int:
    async with harness.runtime.sessions() as session:
        user = await People(session, harness.runtime.cipher).find(harness.runtime.cipher.key_of(person.chat_id))
        return user.id


async def facilitator(harness, chat_id, district=YANACANCHA):
    fac = await consented(harness, chat_id)
    uid = await user_id(harness, fac)
    async with harness.runtime.sessions() as session:
        await Roles(session, harness.runtime.cipher).grant(uid, FACILITADOR, district_scope(district))
        await session.commit()
    return fac


async def publish(fac, days=3, capacity=None, remind="24 y 2"):
    """Publish a session through the bot, as a facilitador would; returns its start (aware UTC)."""
    day = (datetime.now(LIMA) + timedelta(days=days)).date()
    await fac.command("espacios")
    await fac.press("Publicar un espacio")
    await fac.send(day.strftime("%d/%m/%Y"))
    await fac.send("6:30 pm")
    await fac.send("Local comunal del barrio, Jr. Ejemplo 123")
    if capacity is None:
        await fac.press("Sin límite")
    else:
        await fac.send(str(capacity))
    await fac.press(remind)
    assert "Revisa el espacio" in fac.new_text()
    await fac.press("Publicar")
    assert "Publicado" in fac.new_text()
    return datetime(day.year, day.month, day.day, 18, 30, tzinfo=LIMA).astimezone(timezone.utc)


async def only_space_id(harness) -> int:
    async with harness.runtime.sessions() as session:
        return (await session.execute(select(ReflectionSpace.id))).scalar_one()


async def count(harness, model, *where) -> int:
    async with harness.runtime.sessions() as session:
        return (await session.execute(select(func.count()).select_from(model).where(*where))).scalar_one()


def reminders_received(person) -> list[str]:
    return [s.text for s in person.inbox if s.text.startswith("⏰ Recordatorio")]


async def join(man, harness):
    await man.command("espacios")
    await man.press("Yanacancha")
    await man.press("Inscribirme")


# ---------------------------------------------------------------------------------------------
# Content


async def test_men_screen_offers_content_talk_and_reflection_spaces(harness):
    man = await consented(harness, 201)
    await man.press("Entre patas")
    labels = man.labels()
    for expected in ("Hablar con alguien", "Espacios de reflexión", "Pareja sin violencia", "Ser papá", "Rabia", "Ser hombre", "¿Qué es Entre patas?"):
        assert any(expected in label for label in labels), expected
    for topic in ("Pareja sin violencia", "Ser papá", "Rabia", "Ser hombre hoy", "¿Qué es Entre patas?"):
        await man.command("menu")
        await man.press("Entre patas")
        await man.press(topic)
        text = man.new_text()
        assert len(text) < 1200, f"{topic}: content for men stays short"
        # No invented contacts: the only numbers that look like phones are Línea 100 and 105.
        assert not re.search(r"\d{6,}|\d{3}[ -]\d{3}", text), topic
        assert "Volver" in " ".join(man.labels())


async def test_what_entre_patas_is_names_its_districts_and_points_to_linea_100(harness):
    man = await consented(harness, 202)
    await man.press("Entre patas")
    await man.press("¿Qué es Entre patas?")
    text = man.new_text()
    for district in ("Chaupimarca", "Simón Bolívar", "Yanacancha", "Villa Rica"):
        assert district in text
    assert "Hombres por la Igualdad" in text and "Línea 100" in text


# ---------------------------------------------------------------------------------------------
# Reflection spaces


async def test_facilitator_publishes_and_men_register_once(harness):
    fac = await facilitator(harness, 210)
    starts_at = await publish(fac, capacity=20)
    man = await consented(harness, 211)
    await man.press("Entre patas")
    await man.press("Espacios de reflexión")
    assert "Yanacancha" in " ".join(man.labels())
    await man.press("Yanacancha")
    text = man.new_text()
    assert "Local comunal del barrio" in text and "18:30" in text and "Quedan 20 cupos" in text
    await man.press("Inscribirme")
    assert "quedaste inscrito" in man.new_text()
    assert "Quedan 19 cupos" in man.new_text()
    space_id = await only_space_id(harness)
    await man.do(Press("ep_join", str(space_id)))  # an old "Inscribirme" pressed again
    assert "Ya estabas inscrito" in man.new_text()
    assert await count(harness, ReflectionRegistration) == 1
    assert await count(harness, Reminder, Reminder.sent_at.is_(None), Reminder.kind == "reflection") == 2
    async with harness.runtime.sessions() as session:
        due = sorted((await session.execute(select(Reminder.due_at).where(Reminder.kind == "reflection"))).scalars())
    assert due == [starts_at - timedelta(hours=24), starts_at - timedelta(hours=2)]
    # The facilitador sees how many are coming.
    await fac.command("espacios")
    await fac.press("Mis espacios")
    assert "1 inscrito" in fac.new_text()
    async with harness.runtime.sessions() as session:
        actions = list((await session.execute(select(AuditEntry.action))).scalars())
    assert "reflection.published" in actions


async def test_a_registered_man_gets_each_reminder_exactly_once(harness):
    fac = await facilitator(harness, 220)
    starts_at = await publish(fac)
    man = await consented(harness, 221)
    await join(man, harness)
    day_before = starts_at - timedelta(hours=23, minutes=30)
    await send_due_reminders(harness.runtime, day_before)
    assert len(reminders_received(man)) == 1
    await send_due_reminders(harness.runtime, day_before + timedelta(minutes=1))
    await harness.restart()
    await send_due_reminders(harness.runtime, day_before + timedelta(minutes=2))
    assert len(reminders_received(man)) == 1
    reminder = [s for s in man.inbox if s.text.startswith("⏰")][0]
    assert "Local comunal del barrio" in reminder.text and "18:30" in reminder.text
    assert any("Cancelar mi inscripción" in b[0] for b in reminder.buttons)
    assert reminders_received(fac) == []
    # The one two hours before comes later, also once.
    await send_due_reminders(harness.runtime, starts_at - timedelta(hours=1, minutes=50))
    await send_due_reminders(harness.runtime, starts_at - timedelta(hours=1, minutes=40))
    assert len(reminders_received(man)) == 2


async def test_cancelling_registration_removes_his_reminders_and_signing_up_again_restores_them(harness):
    fac = await facilitator(harness, 230)
    starts_at = await publish(fac)
    man = await consented(harness, 231)
    await join(man, harness)
    await man.press("Cancelar mi inscripción")
    assert "Cancelé tu inscripción" in man.new_text()
    assert "Inscribirme" in " ".join(man.labels())
    assert await count(harness, ReflectionRegistration) == 0
    assert await count(harness, Reminder, Reminder.sent_at.is_(None)) == 0
    await send_due_reminders(harness.runtime, starts_at - timedelta(hours=23))
    assert reminders_received(man) == []
    await man.do(Press("ep_leave", str(await only_space_id(harness))))  # a second cancel
    assert "no hay nada que cancelar" in man.new_text()
    # He changes his mind again: the reminders come back.
    await man.press("Ver los espacios")
    await man.press("Yanacancha")
    await man.press("Inscribirme")
    await send_due_reminders(harness.runtime, starts_at - timedelta(hours=1, minutes=50))
    assert len(reminders_received(man)) == 1


async def test_a_full_session_says_so(harness):
    fac = await facilitator(harness, 240)
    await publish(fac, capacity=1)
    first = await consented(harness, 241)
    await join(first, harness)
    second = await consented(harness, 242)
    await second.command("espacios")
    await second.press("Yanacancha")
    assert "lleno" in second.new_text()
    assert "Inscribirme" not in " ".join(second.labels())
    await second.do(Press("ep_join", str(await only_space_id(harness))))  # the button from before it filled
    assert "lleno" in second.new_text()
    assert await count(harness, ReflectionRegistration) == 1


async def test_registering_needs_consent(harness):
    fac = await facilitator(harness, 250)
    await publish(fac)
    man = harness.person(251)
    await man.command("start")
    await man.press("Prefiero no dar datos")
    await man.command("espacios")
    await man.press("Yanacancha")
    await man.press("Inscribirme")
    assert "¿Estás de acuerdo?" in man.new_text()
    assert await count(harness, ReflectionRegistration) == 0
    await man.press("Sí, estoy de acuerdo")
    await man.press("Yanacancha")
    await man.press("Inscribirme")
    assert "quedaste inscrito" in man.new_text()


async def test_facilitator_cancels_the_session_and_registered_men_are_told(harness):
    fac = await facilitator(harness, 260)
    starts_at = await publish(fac)
    men = [await consented(harness, chat_id) for chat_id in (261, 262)]
    for man in men:
        await join(man, harness)
    await fac.command("espacios")
    await fac.press("Yanacancha")
    assert "Hay 2 inscritos" in fac.new_text()
    await fac.press("Cancelar este espacio")
    await fac.press("Sí, cancelar el espacio")
    assert "Les avisé a los 2 inscritos" in fac.new_text()
    for man in men:
        assert "Se canceló" in man.last().text
    await send_due_reminders(harness.runtime, starts_at - timedelta(hours=23))
    assert all(reminders_received(man) == [] for man in men)
    await men[0].command("espacios")
    assert "no hay espacios publicados" in men[0].new_text()
    async with harness.runtime.sessions() as session:
        actions = list((await session.execute(select(AuditEntry.action))).scalars())
    assert "reflection.cancelled" in actions


async def test_facilitator_actions_are_refused_to_others_even_with_forged_buttons(harness):
    fac = await facilitator(harness, 270)
    await publish(fac)
    space_id = await only_space_id(harness)
    man = await consented(harness, 271)
    await join(man, harness)
    other = await facilitator(harness, 272, district=CHAUPIMARCA)  # a facilitador, but of another district
    stranger = harness.person(273)  # never consented: no user row at all
    for intruder in (man, other, stranger):
        for forged in (Press("ep_cancel_yes", str(space_id)), Press("ep_cancel", str(space_id))):
            await intruder.do(forged)
            assert "solo lo puede hacer un facilitador" in intruder.new_text()
    for intruder in (man, stranger):
        await intruder.do(Press("ep_new"))
        assert "solo lo puede hacer un facilitador" in intruder.new_text()
        await intruder.do(Press("ep_mine"))
        assert "solo lo puede hacer un facilitador" in intruder.new_text()
    # A made-up id and a cancelled session are answered kindly and change nothing.
    await fac.do(Press("ep_cancel_yes", "999999"))
    assert "No encontré ese espacio" in fac.new_text()
    await fac.do(Press("ep_join", "not-a-number"))
    assert "No encontré ese espacio" in fac.new_text()
    assert await count(harness, ReflectionSpace, ReflectionSpace.cancelled_at.is_(None)) == 1
    assert not any("Se canceló" in s.text for s in man.inbox)
    await fac.do(Press("ep_cancel_yes", str(space_id)))
    await fac.do(Press("ep_cancel_yes", str(space_id)))
    assert "ya estaba cancelado" in fac.new_text()
    await man.do(Press("ep_join", str(space_id)))
    assert "ya no está disponible" in man.new_text()


async def test_publishing_checks_the_role_in_the_database_not_the_buttons(harness):
    fac = await facilitator(harness, 275, district=CHAUPIMARCA)
    uid = await user_id(harness, fac)
    async with harness.runtime.sessions() as session:
        roles = Roles(session, harness.runtime.cipher)
        await roles.grant(uid, FACILITADOR, district_scope("pasco/pasco/simon-bolivar"))
        await session.commit()
    await fac.command("espacios")
    await fac.press("Publicar un espacio")
    assert "Elige el distrito" in fac.new_text()
    assert sorted(fac.labels())[:2] == ["Chaupimarca", "Simón Bolívar"]
    await fac.do(Press("ep_district", YANACANCHA))  # a district that is not hers
    assert "solo lo puede hacer un facilitador" in fac.new_text()
    await fac.command("espacios")
    await fac.press("Publicar un espacio")
    await fac.press("Chaupimarca")
    await fac.send((datetime.now(LIMA) + timedelta(days=2)).strftime("%d/%m/%Y"))
    await fac.send("10 am")
    await fac.send("Parroquia")
    await fac.press("Sin límite")
    await fac.press("24 y 2")
    async with harness.runtime.sessions() as session:  # her role is revoked while she answers
        roles = Roles(session, harness.runtime.cipher)
        for grant in await roles.grants(uid):
            await roles.revoke(grant.id)
        await session.commit()
    await fac.press("Publicar")
    assert "solo lo puede hacer un facilitador" in fac.new_text()
    assert await count(harness, ReflectionSpace) == 0


async def test_wizard_asks_again_for_what_it_does_not_understand(harness):
    fac = await facilitator(harness, 280)
    await fac.command("espacios")
    await fac.press("Publicar un espacio")
    await fac.send("algún día")
    assert "No entendí la fecha" in fac.new_text()
    yesterday = (datetime.now(LIMA) - timedelta(days=1)).date()
    await fac.send(yesterday.strftime("%d/%m/%Y"))
    assert "No entendí la fecha, o ya pasó" in fac.new_text()
    await fac.send((datetime.now(LIMA) + timedelta(days=2)).strftime("%d/%m/%Y"))
    await fac.send("a la hora del almuerzo")
    assert "No entendí la hora" in fac.new_text()
    await fac.send("19:00")
    await fac.send("Casa de la juventud")
    await fac.send("muchos")
    assert "Escribe solo un número" in fac.new_text()
    await fac.send("15")
    await fac.send("48 y 3")
    assert "48 y 3 h antes" in fac.new_text() and "Quedan 15 cupos" in fac.new_text()
    await fac.press("No publicar")
    assert await count(harness, ReflectionSpace) == 0


async def test_erasing_his_data_removes_registration_and_reminders(harness):
    fac = await facilitator(harness, 290)
    await publish(fac)
    man = await consented(harness, 291)
    await join(man, harness)
    await man.command("borrar")
    await man.press("Sí, borrar todo")
    assert await count(harness, ReflectionRegistration) == 0
    assert await count(harness, Reminder) == 0
    assert await count(harness, ReflectionSpace) == 1  # the session itself stays, for the others


async def test_a_reminder_button_does_not_pull_him_out_of_another_conversation(harness):
    fac = await facilitator(harness, 300)
    starts_at = await publish(fac)
    man = await consented(harness, 301)
    await join(man, harness)
    await send_due_reminders(harness.runtime, starts_at - timedelta(hours=23))
    await man.command("borrar")  # he is in the middle of another question when he uses the reminder
    before = await man.state()
    reminder = [s for s in man.inbox if s.text.startswith("⏰")][-1]
    (label, action, arg), = reminder.buttons
    await man.do(Press(action, arg))
    assert "Cancelé tu inscripción" in man.new_text()
    assert await man.state() == before
    assert await count(harness, ReflectionRegistration) == 0


async def test_talk_to_someone_starts_the_facilitator_request(harness):
    man = await consented(harness, 310)
    await man.press("Entre patas")
    await man.press("Hablar con alguien")
    assert (await man.state()).flow == "talk_facilitator"
