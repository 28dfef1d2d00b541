"""Human accompaniment, driven as people would: staff join with a code, a woman asks to be
accompanied, two mentoras race for her case, the relay passes messages both ways without her
identity, the case closes; a man's Entre patas request; forged buttons change nothing."""
import asyncio
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, update

from bot.settings import flow_settings
from bot.accompaniment_jobs import escalate_waiting_cases
from bot.cli_staff import create_invite
from bot.reminders import send_due_reminders
from flows.accompaniment.ports import SAFE_WINDOWS
from flows.core import Location, Press
from flows.when import LIMA
from flows.roles import district_scope
from storage.models import AuditEntry, OutboxMessage, RoleGrant, User
from storage.models.accompaniment import Case
from storage.repos import Outbox
from storage.models.reminders import Reminder
from tests.harness import TEST_KEY

YANACANCHA = "pasco/pasco/yanacancha"
CHAUPIMARCA = "pasco/pasco/chaupimarca"
VILLA_RICA = "pasco/oxapampa/villa-rica"


def url_of(harness) -> str:
    return harness.runtime.engine.url.render_as_string(hide_password=False)


async def staff(harness, chat_id: int, role: str, district: str | None, name: str = ""):
    """A staff member who joined with a code printed by the CLI."""
    scope = district_scope(district) if district else ""
    code = await create_invite(url_of(harness), TEST_KEY, role, scope, hours=2)
    person = harness.person(chat_id)
    await person.command("staff", f"{code} {name}".strip())
    assert "Bienvenida o bienvenido al equipo" in person.new_text()
    return person


async def woman_asks(harness, chat_id: int, district: str = "Yanacancha, Pasco", reported: bool = True, hours: str = "Cualquier hora"):
    ana = harness.person(chat_id)
    await ana.agree()
    await ana.press("Orientación para mujeres")
    await ana.press("Quiero que alguien me acompañe")
    await ana.press("18 años o más")
    await ana.send(district)
    await ana.press("Sí, ya denuncié" if reported else "Todavía no")
    await ana.press(hours)
    await ana.press("Sí, que me escriban aquí")
    return ana


async def man_asks(harness, chat_id: int, district: str = "Chaupimarca"):
    beto = harness.person(chat_id)
    await beto.agree()
    await beto.press("Entre patas")
    await beto.press("Hablar con alguien")
    await beto.send(district)
    await beto.press("Cualquier hora")
    await beto.press("Sí, que me escriban aquí")
    return beto


async def only_case(harness) -> Case:
    async with harness.runtime.sessions() as session:
        return (await session.execute(select(Case))).scalar_one()


def accept_buttons(person) -> list:
    return [b for s in person.inbox for b in s.buttons if b[1] == "case_accept"]


def visible(sent) -> str:
    """Everything a staff member could see of a parcel: text, header, caption and buttons."""
    payload = dict(sent.payload)
    payload.pop("from_chat_id", None)  # Telegram's copyMessage needs it; the recipient never sees it
    return repr(payload)


# ---------------------------------------------------------------------------------------------
# The "done when" scenario


async def test_request_reaches_both_mentoras_and_exactly_one_gets_it(pg_harness):
    harness = pg_harness
    rosa = await staff(harness, 501, "mentora", YANACANCHA, "Rosa")
    maria = await staff(harness, 502, "mentora", YANACANCHA, "María")
    ana = await woman_asks(harness, 777123456)
    case = await only_case(harness)
    assert case.kind == "mentora" and case.district == YANACANCHA and case.safe_hours == "any"
    assert f"caso es el {case.id}" in ana.new_text()
    assert "avisé a las mentoras" in ana.new_text()
    for mentora in (rosa, maria):
        notice = mentora.last()
        assert f"caso {case.id}" in notice.text and "Yanacancha" in notice.text and "a cualquier hora" in notice.text
        assert accept_buttons(mentora) == [("✋ Aceptar", "case_accept", str(case.id))]

    await asyncio.gather(rosa.press("Aceptar"), maria.press("Aceptar"))

    texts = {p.chat_id: p.new_text() for p in (rosa, maria)}
    winners = [c for c, text in texts.items() if "Tomaste el caso" in text]
    losers = [c for c, text in texts.items() if "ya lo tomó otra persona" in text]
    assert len(winners) == 1 and len(losers) == 1
    stored = await only_case(harness)
    assert stored.status == "open"
    async with harness.runtime.sessions() as session:
        winner_id = (await session.execute(select(User.id).where(User.tg_key == harness.runtime.cipher.key_of(winners[0])))).scalar_one()
        accepted = (await session.execute(select(AuditEntry).where(AuditEntry.action == "case.accepted"))).scalars().all()
    assert stored.staff_user_id == winner_id
    assert [(a.actor_user_id, a.target) for a in accepted] == [(winner_id, f"case:{case.id}")]
    assert "Tu mentora tomó tu caso" in ana.last().text


async def test_messages_go_both_ways_without_her_identity_and_the_case_closes(harness):
    rosa = await staff(harness, 511, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 777123457)
    case = await only_case(harness)
    await rosa.press("Aceptar")

    await ana.send("Hola, necesito hablar")
    copy = rosa.last()
    assert copy.payload["type"] == "copy"  # copied, never forwarded: no origin shown
    assert copy.text == f"💬 Caso {case.id}:"
    await ana.media("photo", "esto pasó")
    assert rosa.last().payload["type"] == "copy"
    await ana.media("voice")
    await ana.media("document")
    assert len([s for s in rosa.inbox if s.payload["type"] == "copy"]) == 4

    await rosa.send("Hola, soy tu mentora. ¿Cómo estás?")
    back = ana.last()
    assert back.payload["type"] == "copy" and back.text == f"Tienes un mensaje nuevo.\n💬 Tu mentora (caso {case.id}):"
    assert (await only_case(harness)).last_contact_at is not None
    async with harness.runtime.sessions() as session:
        logged = (await session.execute(select(AuditEntry.action, AuditEntry.target).where(AuditEntry.action == "case.message"))).all()
    assert logged == [("case.message", f"case:{case.id}")]

    for sent in rosa.inbox:
        assert "777123457" not in visible(sent)

    await rosa.press("Cerrar el caso")
    assert f"Cerraste el caso {case.id}" in rosa.new_text()
    assert f"cerró tu caso {case.id}" in ana.last().text
    closed = await only_case(harness)
    assert closed.status == "closed" and closed.closed_by == "staff" and closed.user_id is None
    before = len(rosa.inbox)
    await ana.send("¿sigues ahí?")
    assert len(rosa.inbox) == before
    assert "ya se cerró" in ana.new_text() and "no se envió" in ana.new_text()


async def test_a_mans_entre_patas_request_reaches_a_facilitator_of_his_district(harness):
    facilitador = await staff(harness, 521, "facilitador", CHAUPIMARCA)
    other = await staff(harness, 522, "facilitador", VILLA_RICA)
    beto = await man_asks(harness, 888000111)
    case = await only_case(harness)
    assert case.kind == "facilitador" and case.district == CHAUPIMARCA and case.reported is None
    assert accept_buttons(facilitador) and not accept_buttons(other)
    assert "facilitador de Entre patas" in facilitador.last().text
    await facilitador.press("Aceptar")
    assert "Tu facilitador tomó tu caso" in beto.last().text
    await beto.send("Quiero hablar de mi relación")
    assert facilitador.last().text == f"💬 Caso {case.id}:"
    await facilitador.send("Aquí estoy")
    assert beto.last().text == f"Tienes un mensaje nuevo.\n💬 Tu facilitador (caso {case.id}):"


async def test_forged_buttons_change_nothing_and_are_answered_kindly(harness):
    rosa = await staff(harness, 531, "mentora", YANACANCHA)
    maria = await staff(harness, 532, "mentora", YANACANCHA)
    outsider = await staff(harness, 533, "mentora", "lima/lima/carabayllo")
    ana = await woman_asks(harness, 777123458)
    case = await only_case(harness)
    await rosa.press("Aceptar")
    maria_state = await maria.state()

    # Another staff member's case: closing, opening, setting a follow-up.
    for press in (Press("case_close", str(case.id)), Press("case_open", str(case.id)), Press("case_next", f"{case.id}-3"), Press("case_plan", str(case.id))):
        await maria.do(press)
        assert "no está a tu cargo" in maria.new_text()
        assert await maria.state() == maria_state
    # A mentora of another province cannot take it, even while it waits.
    ana2 = await woman_asks(harness, 777123459)
    async with harness.runtime.sessions() as session:
        waiting = (await session.execute(select(Case).where(Case.status == "waiting"))).scalar_one()
    await outsider.do(Press("case_accept", str(waiting.id)))
    assert "no está a tu cargo" in outsider.new_text()
    # The woman cannot be made to take her own case, nor close someone else's.
    await ana2.do(Press("case_accept", str(case.id)))
    await ana2.do(Press("case_close", str(case.id)))
    assert "no está a tu cargo" in ana2.new_text()
    # Someone who is not even registered.
    await harness.person(534).do(Press("case_accept", str(case.id)))
    assert "solo para el equipo" in harness.person(534).last().text
    # Made-up ids and garbage.
    for arg in ("999999", "abc", "", "1" * 30):
        await maria.do(Press("case_accept", arg))
        assert "No encuentro ese caso" in maria.new_text()
    # A closed case.
    await rosa.do(Press("case_close", str(case.id)))
    assert f"Cerraste el caso {case.id}" in rosa.new_text()
    await maria.do(Press("case_accept", str(case.id)))
    assert "ya está cerrado" in maria.new_text()
    await rosa.do(Press("case_close", str(case.id)))
    assert "ya está cerrado" in rosa.new_text()

    async with harness.runtime.sessions() as session:
        cases = {c.id: c for c in (await session.execute(select(Case))).scalars()}
        refused = (await session.execute(select(func.count()).select_from(AuditEntry).where(AuditEntry.action.like("%refused")))).scalar()
    assert cases[case.id].status == "closed" and cases[case.id].closed_by == "staff"
    assert cases[waiting.id].status == "waiting" and cases[waiting.id].staff_user_id is None
    assert refused >= 2
    assert all(s.text for s in ana.inbox)


# ---------------------------------------------------------------------------------------------
# Intake and routing


async def test_a_woman_who_has_not_reported_is_offered_a_community_psychologist(harness):
    mentora = await staff(harness, 541, "mentora", YANACANCHA)
    psicologa = await staff(harness, 542, "psicologa", YANACANCHA)
    ana = await woman_asks(harness, 777100001, reported=False, hours="Mañana")
    assert "psicóloga comunitaria" in "\n".join(s.text for s in ana.inbox)
    case = await only_case(harness)
    assert case.kind == "psicologa" and case.reported is False and case.safe_hours == "morning"
    assert accept_buttons(psicologa) and not accept_buttons(mentora)


async def test_district_typed_with_typos_and_unknown_places(harness):
    ana = harness.person(777100002)
    await ana.agree()
    await ana.press("Orientación para mujeres")
    await ana.press("Quiero que alguien me acompañe")
    assert "no ve tu nombre" in ana.new_text()
    await ana.send("tengo 34 años")
    await ana.send("Nueva York")
    assert "No encontré ese distrito" in ana.new_text()
    await ana.send("yanacansha pasco")
    assert "¿Ya denunciaste" in ana.new_text()


async def test_routing_goes_to_the_province_then_the_coordinadora_and_says_so(harness):
    chaupi = await staff(harness, 551, "mentora", CHAUPIMARCA)
    coord = await staff(harness, 552, "coordinadora", CHAUPIMARCA)
    ana = await woman_asks(harness, 777100003, district="Yanacancha, Pasco")  # no mentora in Yanacancha
    assert accept_buttons(chaupi) and not accept_buttons(coord)
    assert "avisé a las mentoras" in ana.new_text()
    await woman_asks(harness, 777100004, district="Simón Bolívar", reported=False)  # no psicóloga in Pasco
    assert len(accept_buttons(coord)) == 1 and len(accept_buttons(chaupi)) == 1
    assert "todavía no hay psicólogas comunitarias registradas" in harness.person(777100004).inbox[-1].text
    nobody = await woman_asks(harness, 777100005, district="Carabayllo")
    assert "no hay nadie del equipo registrado" in nobody.inbox[-1].text and "Línea 100" in nobody.inbox[-1].text


async def test_a_second_request_while_one_is_open_goes_to_the_same_case(harness):
    await staff(harness, 561, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 777100006)
    await ana.command("menu")
    await ana.press("Orientación para mujeres")
    await ana.press("Quiero que alguien me acompañe")
    case = await only_case(harness)
    assert f"Ya tienes un pedido abierto: el caso {case.id}" in ana.new_text()
    await ana.send("hola")
    assert "todavía espera" in ana.new_text() and "no se envió ni se guardó" in ana.new_text()


async def test_she_can_withdraw_a_waiting_request(harness):
    rosa = await staff(harness, 571, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 777100007)
    await ana.press("Retirar mi pedido")
    assert "Retiraste tu pedido" in ana.new_text()
    await rosa.press("Aceptar")
    assert "ya está cerrado" in rosa.new_text()
    assert (await only_case(harness)).status == "closed"


async def test_unaccepted_request_goes_up_to_the_coordinadora_once(harness):
    rosa = await staff(harness, 581, "mentora", YANACANCHA)
    coord = await staff(harness, 582, "coordinadora", "pasco/pasco/chaupimarca")
    await woman_asks(harness, 777100008)
    case = await only_case(harness)
    assert not accept_buttons(coord)
    await escalate_waiting_cases(harness.runtime, datetime.now(timezone.utc) + timedelta(minutes=10))
    assert not accept_buttons(coord)  # not yet: 30 minutes by default
    later = datetime.now(timezone.utc) + timedelta(minutes=31)
    await escalate_waiting_cases(harness.runtime, later)
    await escalate_waiting_cases(harness.runtime, later + timedelta(minutes=5))
    await harness.restart()
    await escalate_waiting_cases(harness.runtime, later + timedelta(hours=1))
    assert len(accept_buttons(coord)) == 1
    assert f"Caso {case.id}: nadie lo tomó en 30 minutos" in coord.last().text
    await coord.press("Aceptar")
    assert "Tomaste el caso" in coord.new_text()
    await rosa.press("Aceptar")
    assert "ya lo tomó otra persona" in rosa.new_text()


# ---------------------------------------------------------------------------------------------
# The relay's safety


async def test_what_cannot_pass_safely_is_explained_not_passed(harness):
    rosa = await staff(harness, 591, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 777100009)
    await rosa.press("Aceptar")
    before = len(rosa.inbox)
    await ana.media("sticker")
    assert "Eso no lo puedo pasar" in ana.new_text()
    await ana.media("contact")
    assert "No paso contactos" in ana.new_text()
    await ana.do(Location(-10.68, -76.26))
    assert "No paso ubicaciones" in ana.new_text()
    assert len(rosa.inbox) == before


async def test_danger_words_get_the_emergency_answer_and_still_reach_the_mentora(harness):
    rosa = await staff(harness, 601, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 777100010)
    await rosa.press("Aceptar")
    await ana.send("me quiere matar")
    assert "Línea 100" in ana.new_text()
    assert rosa.last().payload["type"] == "copy"
    before = len(rosa.inbox)
    await ana.media("photo", caption="auxilio, me esta pegando")  # a photo with danger words passes too
    assert "Línea 100" in ana.new_text()
    assert len(rosa.inbox) > before and rosa.last().payload["type"] == "copy"


async def test_quick_exit_hides_the_chat_and_keeps_her_case_open(harness):
    """/salir hides, it does not abandon: her case stays open, her mentora is told nothing, and
    what the mentora writes afterwards still reaches her (behind a neutral first line)."""
    rosa = await staff(harness, 611, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 777100011)
    case = await only_case(harness)
    await rosa.press("Aceptar")
    told = len(rosa.inbox)
    await ana.command("salir")
    assert "48 horas" in ana.new_text() and "Eliminar chat" in ana.new_text()
    assert len(rosa.inbox) == told  # nothing reaches the mentora, so nothing reveals why
    stored = await only_case(harness)
    assert stored.status == "open" and stored.closed_by is None and stored.user_id is not None
    before = len(ana.inbox)
    await rosa.send("¿Estás bien?")
    [header] = ana.inbox[before:]
    assert header.payload["type"] == "copy" and header.text.split("\n")[0] == "Tienes un mensaje nuevo."
    # She goes back to her mentora from the menu, and her answer passes.
    await ana.command("menu")
    await ana.press("Orientación para mujeres")
    await ana.press("Quiero que alguien me acompañe")
    assert f"caso {case.id}" in ana.new_text()
    await ana.send("Sí, estoy bien")
    assert rosa.last().payload["type"] == "copy"
    # Ending the case is her separate, explicit choice.
    await ana.press("Cerrar el caso")
    assert (await only_case(harness)).status == "closed"


async def test_erasing_her_data_ends_the_relay_and_keeps_only_an_anonymous_case(harness):
    rosa = await staff(harness, 621, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 777100012)
    await rosa.press("Aceptar")
    await ana.command("borrar")
    await ana.press("Sí, borrar todo")
    assert "borró sus datos" in rosa.last().text
    stored = await only_case(harness)
    assert stored.status == "closed" and stored.user_id is None and stored.district == YANACANCHA


# ---------------------------------------------------------------------------------------------
# Staff tools


async def test_casos_shows_the_queue_own_cases_and_the_coordinadoras_team(harness):
    rosa = await staff(harness, 631, "mentora", YANACANCHA, "Rosa")
    coord = await staff(harness, 632, "coordinadora", YANACANCHA)
    ana = await woman_asks(harness, 777100013)
    case = await only_case(harness)
    await rosa.command("casos")
    assert "Pedidos esperando" in rosa.new_text() and f"Caso {case.id}" in rosa.new_text()
    await rosa.press(f"Aceptar {case.id}")
    assert "Tomaste el caso" in rosa.new_text()
    await rosa.command("casos")
    assert "Casos a tu cargo" in rosa.new_text() and "Pedidos esperando" not in rosa.new_text()
    assert f"💬 Abrir caso {case.id}" in rosa.labels()

    await coord.command("casos")
    assert "Casos de tu equipo" in coord.new_text() and "a cargo de Rosa" in coord.new_text()
    assert "sin contacto" not in coord.new_text()
    async with harness.runtime.sessions() as session:
        old = datetime.now(timezone.utc) - timedelta(days=8)
        await session.execute(update(Case).values(accepted_at=old, last_contact_at=old))
        await session.commit()
    await coord.command("casos")
    assert "sin contacto hace 7 días o más" in coord.new_text()

    await ana.command("casos")
    assert "solo para el equipo" in ana.new_text()


async def test_the_mentora_sets_the_next_contact_and_is_reminded_once(harness):
    rosa = await staff(harness, 641, "mentora", YANACANCHA)
    await woman_asks(harness, 777100014)
    case = await only_case(harness)
    await rosa.press("Aceptar")
    await rosa.press("Próximo contacto")
    await rosa.press("En 3 días")
    assert f"próximo contacto con el caso {case.id}" in rosa.new_text()
    stored = await only_case(harness)
    assert stored.next_contact_at is not None
    lima_nine = stored.next_contact_at.astimezone(timezone(timedelta(hours=-5)))
    assert lima_nine.hour == 9 and (lima_nine.date() - datetime.now(timezone(timedelta(hours=-5))).date()).days == 3
    # Changing the date replaces the reminder.
    await rosa.press("Próximo contacto")
    await rosa.press("Mañana")
    async with harness.runtime.sessions() as session:
        pending = (await session.execute(select(Reminder).where(Reminder.sent_at.is_(None)))).scalars().all()
    assert len(pending) == 1
    due = pending[0].due_at
    before = len(rosa.inbox)
    await send_due_reminders(harness.runtime, due - timedelta(minutes=1))
    assert len(rosa.inbox) == before
    await send_due_reminders(harness.runtime, due + timedelta(minutes=1))
    await send_due_reminders(harness.runtime, due + timedelta(minutes=2))
    reminders = [s for s in rosa.inbox[before:] if "Hoy toca contactar" in s.text]
    assert len(reminders) == 1 and f"caso {case.id}" in reminders[0].text


async def test_staff_code_that_is_wrong_keeps_nothing(harness):
    eva = harness.person(651)
    await eva.command("staff", "NOPE123456")
    assert "Ese código no sirve" in eva.new_text()
    async with harness.runtime.sessions() as session:
        assert (await session.execute(select(func.count()).select_from(User))).scalar() == 0
    await eva.command("staff")
    assert "/staff" in eva.new_text()


async def test_a_code_works_once(harness):
    code = await create_invite(url_of(harness), TEST_KEY, "mentora", district_scope(YANACANCHA), hours=2)
    first, second = harness.person(661), harness.person(662)
    await first.command("staff", code)
    await second.command("staff", code)
    assert "Bienvenida" in first.new_text() and "Ese código no sirve" in second.new_text()


async def test_an_admin_invites_and_revokes_from_telegram(harness):
    admin = await staff(harness, 671, "admin", None)
    await admin.command("invitar", "mentora Yanacancha Pasco")
    text = admin.new_text()
    assert "Código para mentora en Yanacancha" in text
    code = text.split("/staff ")[-1].strip()
    rosa = harness.person(672)
    await rosa.command("staff", f"{code} Rosa")
    assert "mentora en Yanacancha" in rosa.new_text()
    await admin.command("equipo")
    async with harness.runtime.sessions() as session:
        grant = (await session.execute(select(RoleGrant).where(RoleGrant.display_name == "Rosa"))).scalar_one()
    assert "Rosa" in admin.new_text()
    await admin.press(f"Quitar rol {grant.id}")
    assert "quité ese rol" in admin.new_text()
    await woman_asks(harness, 777100015)
    assert not accept_buttons(rosa)
    # Revoked roles cannot act, and non-admins cannot invite or revoke.
    await rosa.command("casos")
    assert "solo para el equipo" in rosa.new_text()
    await rosa.command("invitar", "mentora Yanacancha Pasco")
    assert "solo para el equipo" in rosa.new_text()
    await rosa.do(Press("staff_revoke", str(grant.id)))
    assert "solo para el equipo" in rosa.new_text()
    async with harness.runtime.sessions() as session:
        actions = set((await session.execute(select(AuditEntry.action))).scalars())
    assert {"invite.created", "role.granted", "role.revoked", "role.revoke_refused"} <= actions


async def test_staff_with_two_cases_are_told_where_each_message_went(harness):
    rosa = await staff(harness, 681, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 777100016)
    await rosa.press("Aceptar")
    await rosa.send("Hola")
    assert "Enviado al caso" not in rosa.new_text()  # one case: nothing to confuse
    luz = await woman_asks(harness, 777100017)
    await rosa.press("Aceptar")
    async with harness.runtime.sessions() as session:
        second = max((await session.execute(select(Case.id))).scalars())
    copies_to_ana = len([s for s in ana.inbox if s.payload["type"] == "copy"])
    await rosa.send("Hola, Luz")
    assert f"Enviado al caso {second}" in rosa.new_text()
    assert luz.last().payload["type"] == "copy" and luz.last().text == f"Tienes un mensaje nuevo.\n💬 Tu mentora (caso {second}):"
    assert len([s for s in ana.inbox if s.payload["type"] == "copy"]) == copies_to_ana


async def test_without_consent_she_is_asked_first_then_the_intake_begins(harness):
    ana = harness.person(777100018)
    await ana.command("start")
    await ana.press("Prefiero no dar datos")
    await ana.press("Orientación para mujeres")
    await ana.press("Quiero que alguien me acompañe")
    assert "¿Estás de acuerdo?" in ana.new_text()
    await ana.press("Sí, estoy de acuerdo")
    assert "qué edad tienes" in ana.new_text()
    await ana.press("18 años o más")
    assert "¿en qué distrito estás?" in ana.new_text()


async def test_a_girl_asking_for_accompaniment_is_pointed_to_line_100_and_demuna(harness):
    await staff(harness, 571, "mentora", YANACANCHA)
    girl = harness.person(777100030)
    await girl.agree()
    await girl.press("Orientación para mujeres")
    await girl.press("Quiero que alguien me acompañe")
    await girl.send("tengo 15")
    text = girl.new_text()
    assert "Línea 100" in text and "DEMUNA" in text
    assert "distrito" not in text
    async with harness.runtime.sessions() as s:
        assert (await s.execute(select(Case))).first() is None  # no case, no mentora notified
    await girl.command("menu")
    await girl.press("Orientación para mujeres")
    await girl.press("Quiero que alguien me acompañe")  # remembered: not asked again
    assert "DEMUNA" in girl.new_text() and "edad" not in girl.new_text()


async def test_cli_invites_and_lists_staff(harness, monkeypatch, capsys):
    from bot.cli import main

    def cli(*args: str) -> int:  # the CLI runs its own event loop: give it a thread
        return main(["--env-file", "/nonexistent", *args])

    monkeypatch.setenv("DATABASE_URL", url_of(harness))
    monkeypatch.setenv("DATA_KEY", TEST_KEY)
    assert await asyncio.to_thread(cli, "staff", "invite", "--role", "mentora", "--district", "yanacansha pasco", "--hours", "5") == 0
    out = capsys.readouterr().out
    assert "mentora en Yanacancha" in out and "5 horas" in out
    code = out.split("/staff ")[-1].strip()
    rosa = harness.person(691)
    await rosa.command("staff", f"{code} Rosa")
    assert "mentora en Yanacancha" in rosa.new_text()
    assert await asyncio.to_thread(cli, "staff", "list") == 0
    listed = capsys.readouterr().out
    assert "mentora" in listed and "Yanacancha" in listed and "Rosa" in listed


async def test_the_escalation_delay_is_a_setting(harness):
    harness.runtime.flow_settings = flow_settings({"ACCOMPANY_ESCALATE_MINUTES": "5"})
    coord = await staff(harness, 701, "coordinadora", YANACANCHA)
    await staff(harness, 702, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 777100019)
    assert "Si en 5 minutos nadie lo ha tomado" in ana.inbox[-1].text
    await escalate_waiting_cases(harness.runtime, datetime.now(timezone.utc) + timedelta(minutes=6))
    assert "nadie lo tomó en 5 minutos" in coord.last().text


def hours_not_safe_now() -> str:
    """The label of safe hours that do not include this moment (two of the three never do)."""
    # Neither now nor in ten minutes: the test must not cross into the window while it runs.
    moments = [(datetime.now(LIMA) + timedelta(minutes=m)).time() for m in (0, 10)]
    unsafe_now = next(h for h, (start, end) in SAFE_WINDOWS.items() if not any(start <= t < end for t in moments))
    return {"morning": "Mañana", "afternoon": "Tarde", "evening": "Noche"}[unsafe_now]


async def test_what_the_bot_writes_her_outside_her_safe_hours_waits_for_them(harness):
    label = hours_not_safe_now()
    rosa = await staff(harness, 701, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 777100040, hours=label)
    before = len(ana.inbox)
    await rosa.press("Aceptar")
    await rosa.send("Hola, soy tu mentora")
    assert "Guardé tu mensaje" in rosa.new_text()
    assert len(ana.inbox) == before  # neither the "your mentora took it" notice nor her words yet
    async with harness.runtime.sessions() as s:
        held = list((await s.execute(select(OutboxMessage))).scalars())
        assert len(held) == 2 and all(p.next_try_at > datetime.now(timezone.utc) for p in held)
        await s.execute(update(OutboxMessage).values(next_try_at=datetime.now(timezone.utc)))  # her hours begin
        await s.commit()
    assert await harness.runtime.delivery.send() == 2
    assert "tomó tu caso" in ana.inbox[before].text and ana.inbox[-1].payload["type"] == "copy"
    async with harness.runtime.sessions() as s:
        assert await Outbox(s, harness.runtime.cipher).pending() == 0


async def test_quick_exit_drops_what_was_held_for_her(harness):
    label = hours_not_safe_now()
    rosa = await staff(harness, 711, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 777100041, hours=label)
    await rosa.press("Aceptar")
    await rosa.send("¿Cómo estás?")
    await ana.command("salir")
    async with harness.runtime.sessions() as s:
        await s.execute(update(OutboxMessage).values(next_try_at=datetime.now(timezone.utc)))
        await s.commit()
    await harness.runtime.delivery.send()
    assert not any("tomó tu caso" in m.text or m.payload["type"] == "copy" for m in ana.inbox)
