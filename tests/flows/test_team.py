"""Issue 13, the team that accompanies, driven as people would on the real Runtime (SQLite, and
PostgreSQL where the test takes pg_harness): capacity, hours and absences in routing; the honest
answer outside everyone's hours; handing a case over with a summary; revoked or erased staff
returning cases to the queue; priority; encrypted notes and their retention; reports and pauses;
Entre patas commitments between sessions."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, update

from bot.accompaniment_jobs import escalate_waiting_cases
from bot.retention import apply_retention
from bot.reminders import send_due_reminders
from flows.accompaniment.availability import parse_absence, parse_hours
from flows.accompaniment.ports import Availability
from flows.core import Press
from flows.entre_patas.commitments import prompt_time
from flows.when import LIMA
from storage.models import AuditEntry, Conversation, OutboxMessage, Reminder
from storage.models.accompaniment import Case, CaseNote, RelayPause
from storage.models.entre_patas import CommitmentChoice, ReflectionRegistration
from tests.flows.test_accompaniment import YANACANCHA, CHAUPIMARCA, accept_buttons, only_case, staff, woman_asks
from tests.flows.test_entre_patas import consented, facilitator, publish


def hours_away_from_now() -> str:
    """Working hours, typed as staff would, that do not include now (nor the next hour)."""
    hour = datetime.now(LIMA).hour
    return f"{(hour + 2) % 24}-{(hour + 4) % 24}"


async def count(harness, model, *where) -> int:
    async with harness.runtime.sessions() as session:
        return (await session.execute(select(func.count()).select_from(model).where(*where))).scalar_one()


async def cases(harness) -> list[Case]:
    async with harness.runtime.sessions() as session:
        return list((await session.execute(select(Case).order_by(Case.id))).scalars())


async def set_hours(person, typed: str) -> None:
    await person.command("disponibilidad")
    await person.press("Cambiar horario")
    await person.send(typed)
    assert "Guardado" in person.new_text()


# ---------------------------------------------------------------------------------------------
# 1. Capacity and availability


async def test_a_full_mentora_is_skipped_and_the_next_one_gets_the_request(pg_harness):
    harness = pg_harness
    rosa = await staff(harness, 601, "mentora", YANACANCHA, "Rosa")
    maria = await staff(harness, 602, "mentora", YANACANCHA, "María")
    await rosa.command("disponibilidad")
    assert "sin límite" in rosa.new_text()
    await rosa.press("1")  # one case at a time
    assert "como mucho 1" in rosa.new_text() and "ahora tienes 0" in rosa.new_text()

    await woman_asks(harness, 777200001)
    first = (await cases(harness))[0]
    assert accept_buttons(rosa) and accept_buttons(maria)
    await rosa.press("Aceptar")
    assert "Tomaste el caso" in rosa.new_text()

    ana2 = await woman_asks(harness, 777200002)
    second = (await cases(harness))[1]
    assert [b[2] for b in accept_buttons(rosa)] == [str(first.id)]  # full: not offered
    assert str(second.id) in [b[2] for b in accept_buttons(maria)]
    assert "avisé a las mentoras" in ana2.new_text()
    await rosa.command("disponibilidad")
    assert "ahora tienes 1" in rosa.new_text()


async def test_away_or_out_of_hours_staff_are_skipped_and_it_goes_up_to_the_coordinadora(harness):
    rosa = await staff(harness, 611, "mentora", YANACANCHA)
    maria = await staff(harness, 612, "mentora", CHAUPIMARCA)
    coord = await staff(harness, 613, "coordinadora", YANACANCHA)
    await rosa.command("disponibilidad")
    await rosa.press("Anotar una ausencia")
    until = (datetime.now(LIMA) + timedelta(days=10)).date()
    await rosa.send(f"hasta el {until:%d/%m}")
    assert "Ausente hasta el" in rosa.new_text()
    await set_hours(maria, hours_away_from_now())

    ana = await woman_asks(harness, 777200011)
    assert not accept_buttons(rosa) and not accept_buttons(maria)
    assert len(accept_buttons(coord)) == 1
    assert "tienen todos sus cupos ocupados o no están disponibles" in ana.new_text()

    await rosa.press("Ya volví")
    await woman_asks(harness, 777200012)
    assert len(accept_buttons(rosa)) == 1


async def test_outside_everyones_hours_she_is_told_honestly_when_it_will_be_read(pg_harness):
    harness = pg_harness
    rosa = await staff(harness, 621, "mentora", YANACANCHA)
    coord = await staff(harness, 622, "coordinadora", YANACANCHA)
    typed = hours_away_from_now()
    for person in (rosa, coord):
        await set_hours(person, typed)
    ana = await woman_asks(harness, 777200021)
    text = ana.new_text()
    start = int(typed.split("-")[0])
    assert "ahora nadie del equipo está atendiendo" in text
    assert f"{start:02d}:00 (hora de Lima)" in text and "Línea 100" in text
    # Nobody is woken up: both notices wait for the start of their hours.
    assert not accept_buttons(rosa) and not accept_buttons(coord)
    async with harness.runtime.sessions() as session:
        held = list((await session.execute(select(OutboxMessage.next_try_at))).scalars())
    assert len(held) == 2
    for at in held:
        local = at.astimezone(LIMA)
        assert local.hour == start and local.minute == 0 and at > datetime.now(timezone.utc)


def test_availability_reads_hours_absences_and_next_start():
    assert parse_hours("8-17") == (8, 17) and parse_hours("de 2 pm a 8 pm") == (14, 20) and parse_hours("22 a 6") == (22, 6)
    assert parse_hours("mañana") is None and parse_hours("8-8") is None
    today = datetime(2026, 12, 1).date()
    assert parse_absence("hasta el 15/12", today) == (None, datetime(2026, 12, 15).date())
    assert parse_absence("del 20/12 al 5/1", today) == (datetime(2026, 12, 20).date(), datetime(2027, 1, 5).date())
    assert parse_absence("pronto", today) is None
    monday_7 = datetime(2026, 11, 30, 7, 30, tzinfo=LIMA)
    office = Availability(1, hours_from=8, hours_to=17, weekdays_only=True)
    assert not office.in_hours(monday_7) and office.next_start(monday_7) == datetime(2026, 11, 30, 8, tzinfo=LIMA)
    saturday = datetime(2026, 12, 5, 10, tzinfo=LIMA)
    assert office.next_start(saturday) == datetime(2026, 12, 7, 8, tzinfo=LIMA)
    night = Availability(1, hours_from=22, hours_to=6)
    assert night.in_hours(datetime(2026, 12, 1, 23, tzinfo=LIMA)) and night.in_hours(datetime(2026, 12, 1, 5, tzinfo=LIMA))
    away = Availability(1, away_until=datetime(2026, 12, 10, tzinfo=LIMA))
    assert away.away(monday_7) and away.next_start(monday_7) == datetime(2026, 12, 10, tzinfo=LIMA)


# ---------------------------------------------------------------------------------------------
# 2. Transfer, revoking, /borrar


async def test_a_transfer_carries_its_summary_and_she_is_told(pg_harness):
    harness = pg_harness
    rosa = await staff(harness, 631, "mentora", YANACANCHA, "Rosa")
    lucia = await staff(harness, 632, "psicologa", YANACANCHA, "Lucía")
    ana = await woman_asks(harness, 777200031)
    case = await only_case(harness)
    await rosa.press("Aceptar")
    await rosa.press("Pasar el caso")
    assert "Lucía (psicóloga comunitaria)" in rosa.labels()[0]
    await rosa.press("Lucía")
    await rosa.send("corto")
    assert "entre 10 y 600 caracteres" in rosa.new_text()
    summary = "Quiere fortalecer su decisión antes de denunciar; prefiere mensajes cortos por la tarde."
    await rosa.send(summary)
    # Another kind of accompaniment: she is asked first, and the case stays with Rosa meanwhile.
    assert "Le pregunté si está de acuerdo" in rosa.new_text()
    assert "cree que te puede ayudar más una psicóloga comunitaria" in ana.last().text
    assert (await only_case(harness)).kind == "mentora"
    assert not [m for m in lucia.inbox if "Te pasaron" in m.text]
    await ana.press("Sí, de acuerdo")
    assert f"La persona aceptó: el caso {case.id}" in rosa.last().text

    received = lucia.last().text
    assert f"Te pasaron el caso {case.id}" in received and summary in received
    assert f"Tu caso {case.id} ahora lo acompaña tu psicóloga comunitaria" in ana.last().text
    moved = await only_case(harness)
    assert moved.status == "open" and moved.kind == "psicologa" and moved.staff_user_id != case.staff_user_id
    async with harness.runtime.sessions() as session:
        [note] = (await session.execute(select(CaseNote))).scalars().all()
        actions = list((await session.execute(select(AuditEntry.action))).scalars())
    assert note.kind == "handover" and "fortalecer" not in note.text_enc  # encrypted at rest
    assert "case.handed_over" in actions
    # The relay now joins her with Lucía; Rosa is out of it.
    before = len(rosa.inbox)
    await ana.send("Hola")
    assert lucia.last().payload["type"] == "copy" and len(rosa.inbox) == before
    await rosa.do(Press("case_open", str(case.id)))
    assert "no está a tu cargo" in rosa.new_text()


async def test_a_case_handed_to_the_queue_reaches_that_kind_with_its_summary(harness):
    rosa = await staff(harness, 641, "mentora", YANACANCHA)
    lucia = await staff(harness, 642, "psicologa", YANACANCHA)
    ana = await woman_asks(harness, 777200041)
    case = await only_case(harness)
    await rosa.press("Aceptar")
    await rosa.press("Pasar el caso")
    await rosa.press("A las psicólogas comunitarias")
    await rosa.send("Necesita contención emocional, todavía no quiere denunciar.")
    await ana.press("Sí, de acuerdo")
    assert "pasa a las psicólogas comunitarias" in ana.new_text()
    assert (await only_case(harness)).status == "waiting"
    assert accept_buttons(lucia)
    await lucia.press("Aceptar")
    assert "Necesita contención emocional" in lucia.new_text()
    assert "psicóloga comunitaria tomó tu caso" in ana.last().text


async def test_she_may_prefer_to_stay_and_a_same_kind_transfer_only_tells_her(harness):
    rosa = await staff(harness, 645, "mentora", YANACANCHA, "Rosa")
    maria = await staff(harness, 646, "mentora", YANACANCHA, "María")
    await staff(harness, 647, "psicologa", YANACANCHA, "Lucía")
    ana = await woman_asks(harness, 777200045)
    case = await only_case(harness)
    await rosa.press("Aceptar")
    await rosa.press("Pasar el caso")
    await rosa.press("Lucía")
    await rosa.send("Le vendría bien una psicóloga para trabajar su ansiedad.")
    question = [b for b in ana.last().buttons if b[1] == "case_handover"]
    await ana.press("Prefiero seguir con tu mentora")
    assert "sigues con tu mentora" in ana.new_text()
    assert f"prefiere seguir contigo en el caso {case.id}" in rosa.last().text
    assert (await only_case(harness)).kind == "mentora"
    await ana.do(Press(*question[0][1:]))  # the "yes" pressed after all, from the old question
    assert (await only_case(harness)).kind == "psicologa"
    # A forged answer naming someone who holds no such role changes nothing.
    await rosa.do(Press("case_handover", f"{case.id}.mentora.{999}.{1}"))
    assert "ya no está vigente" in rosa.new_text()

    bea = await woman_asks(harness, 777200046)
    second = (await cases(harness))[1]
    await rosa.press("Aceptar")
    await rosa.press("Pasar el caso")
    await rosa.press("María")
    await rosa.send("Todo en orden, solo cambio de turno por mis horarios.")
    assert f"pasaste el caso {second.id}" in rosa.new_text()
    assert f"Tu caso {second.id} ahora lo acompaña tu mentora" in bea.last().text
    assert f"Te pasaron el caso {second.id}" in maria.last().text


async def test_revoking_a_staff_member_returns_her_cases_to_the_queue(pg_harness):
    harness = pg_harness
    admin = await staff(harness, 651, "admin", None)
    rosa = await staff(harness, 652, "mentora", YANACANCHA, "Rosa")
    ana = await woman_asks(harness, 777200051)
    case = await only_case(harness)
    await rosa.press("Aceptar")
    maria = await staff(harness, 653, "mentora", YANACANCHA, "María")  # joins after the request
    assert not accept_buttons(maria)
    await admin.command("equipo")
    rosa_grant = next(label for label in admin.labels() if "Quitar rol 2" in label)
    await admin.press(rosa_grant)
    assert "quité ese rol" in admin.new_text()

    back = await only_case(harness)
    assert back.status == "waiting" and back.staff_user_id is None and back.queued_at is not None
    assert [b[2] for b in accept_buttons(maria)] == [str(case.id)]
    assert f"Tu caso {case.id} vuelve a la lista" in ana.last().text
    await maria.press("Aceptar")
    assert "Tomaste el caso" in maria.new_text()
    await ana.send("¿Hola?")
    assert maria.last().payload["type"] == "copy"


async def test_a_staff_member_who_erases_her_data_hands_her_cases_back(harness):
    rosa = await staff(harness, 661, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 777200061)
    await rosa.press("Aceptar")
    maria = await staff(harness, 662, "mentora", YANACANCHA)
    await rosa.command("borrar")
    await rosa.press("Sí, borrar todo")
    case = await only_case(harness)
    assert case.status == "waiting" and case.staff_user_id is None
    assert "vuelve a la lista" in ana.last().text
    assert accept_buttons(maria)


# ---------------------------------------------------------------------------------------------
# 3. Priority


async def mark_priority(harness, person) -> None:
    """What the self-check (issue 9) does when she agrees: the request she is confirming is marked."""
    key = harness.runtime.cipher.key_of(person.chat_id)
    async with harness.runtime.sessions() as session:
        row = await session.get(Conversation, key)
        row.state = {**row.state, "data": {**row.state["data"], "priority": True}}
        await session.commit()


async def test_a_prioritised_request_reaches_more_people_and_escalates_sooner(pg_harness):
    harness = pg_harness
    rosa = await staff(harness, 671, "mentora", YANACANCHA)
    carmen = await staff(harness, 672, "mentora", CHAUPIMARCA)
    coord = await staff(harness, 673, "coordinadora", YANACANCHA)
    await woman_asks(harness, 777200071)  # an ordinary request: her district's mentora only
    assert len(accept_buttons(rosa)) == 1 and not accept_buttons(carmen)

    bea = harness.person(777200072)
    await bea.agree()
    for label in ("Orientación para mujeres", "Quiero que alguien me acompañe", "18 años o más"):
        await bea.press(label)
    await bea.send("Yanacancha, Pasco")  # two districts share the name
    await bea.press("Sí, ya denuncié")
    await bea.press("Cualquier hora")
    await mark_priority(harness, bea)
    await bea.press("Sí, que me escriban aquí")
    ordinary, urgent = await cases(harness)
    assert urgent.priority and not ordinary.priority
    assert "Si en 10 minutos nadie lo ha tomado" in bea.new_text()
    for mentora in (rosa, carmen):
        assert str(urgent.id) in [b[2] for b in accept_buttons(mentora)] and "PRIORITARIO" in mentora.last().text

    await escalate_waiting_cases(harness.runtime, datetime.now(timezone.utc) + timedelta(minutes=11))
    assert [b[2] for b in accept_buttons(coord)] == [str(urgent.id)]
    assert "nadie lo tomó en 10 minutos" in coord.last().text
    await escalate_waiting_cases(harness.runtime, datetime.now(timezone.utc) + timedelta(minutes=31))
    assert [b[2] for b in accept_buttons(coord)] == [str(urgent.id), str(ordinary.id)]
    # In the queue it comes first.
    await carmen.command("casos")
    queue = carmen.new_text()
    assert queue.index(f"Caso {urgent.id}") < queue.index(f"Caso {ordinary.id}")


# ---------------------------------------------------------------------------------------------
# 4. Notes, 7. retention


async def test_notes_are_encrypted_shown_to_the_case_staff_and_coordinadora_and_gone_after_retention(pg_harness, monkeypatch):
    harness = pg_harness
    rosa = await staff(harness, 681, "mentora", YANACANCHA)
    maria = await staff(harness, 682, "mentora", YANACANCHA)
    coord = await staff(harness, 683, "coordinadora", YANACANCHA)
    await woman_asks(harness, 777200081)
    case = await only_case(harness)
    await rosa.press("Aceptar")
    await rosa.press("Notas")
    assert "Todavía no hay notas" in rosa.new_text()
    await rosa.press("Añadir una nota")
    await rosa.send("Prefiere que le escriban después del almuerzo.")
    assert "Guardé la nota" in rosa.new_text()
    await rosa.send("Hola, ¿cómo vas?")  # back in the relay: this goes to her, not into a note
    assert await count(harness, CaseNote) == 1
    async with harness.runtime.sessions() as session:
        stored = (await session.execute(select(CaseNote.text_enc))).scalar_one()
    assert "almuerzo" not in stored

    await maria.do(Press("case_notes", str(case.id)))
    assert "no está a tu cargo" in maria.new_text() and "almuerzo" not in maria.new_text()
    await coord.command("casos")
    await coord.press(f"Notas del caso {case.id}")
    assert "Prefiere que le escriban después del almuerzo." in coord.new_text()
    async with harness.runtime.sessions() as session:
        actions = list((await session.execute(select(AuditEntry.action))).scalars())
    assert actions.count("case.note_added") == 1 and actions.count("case.notes_read") == 2
    assert "case.notes_refused" in actions

    await rosa.do(Press("case_close", str(case.id)))
    monkeypatch.setenv("CASE_RETENTION_DAYS", "60")
    await apply_retention(harness.runtime, datetime.now(timezone.utc) + timedelta(days=59))
    assert await count(harness, CaseNote) == 1  # not yet
    await apply_retention(harness.runtime, datetime.now(timezone.utc) + timedelta(days=61))
    assert await count(harness, CaseNote) == 0
    kept = await only_case(harness)
    assert kept.status == "closed" and kept.staff_user_id is None and kept.user_id is None  # the row stays, unlinked


# ---------------------------------------------------------------------------------------------
# 5. Abuse control


async def test_a_paused_person_still_gets_the_emergency_answer_and_orientation(pg_harness):
    harness = pg_harness
    rosa = await staff(harness, 691, "mentora", YANACANCHA, "Rosa")
    coord = await staff(harness, 692, "coordinadora", YANACANCHA)
    outsider = await staff(harness, 693, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 777200091)
    case = await only_case(harness)
    await rosa.press("Aceptar")
    await rosa.press("Reportar mensajes")
    await rosa.press("Insultos")
    assert "La coordinadora ya sabe" in rosa.new_text()
    notice = coord.last()
    assert f"Caso {case.id}: Rosa reportó sus mensajes (insultos)" in notice.text
    assert "777200091" not in repr(notice.payload)

    await outsider.do(Press("relay_pause", f"{case.id}.7"))  # only a coordinadora may
    assert "no está a tu cargo" in outsider.new_text()
    assert await count(harness, RelayPause) == 0
    await coord.press("Pausar 7 días")
    assert "Listo: hasta el" in coord.new_text()
    async with harness.runtime.sessions() as session:
        pause = (await session.execute(select(RelayPause))).scalar_one()
        actions = list((await session.execute(select(AuditEntry.action))).scalars())
    assert pause.person_key == harness.runtime.cipher.key_of(ana.chat_id)
    assert timedelta(days=6, hours=23) < pause.until - datetime.now(timezone.utc) <= timedelta(days=7)
    assert "case.reported" in actions and "relay.paused" in actions

    before = len(rosa.inbox)
    await ana.send("hola")
    assert "no puedo pasar tus mensajes" in ana.new_text() and len(rosa.inbox) == before
    await ana.send("me quiere matar")
    answer = ana.new_text()
    assert "Línea 100" in answer and "105" in answer and len(rosa.inbox) == before
    await ana.command("menu")
    await ana.press("Orientación para mujeres")
    assert ana.labels()  # orientation still there
    await ana.press("Quiero que alguien me acompañe")
    assert "no puedo pasar tus mensajes" in ana.new_text()
    assert len(await cases(harness)) == 1
    # It expires: a week and a day later she is not paused.
    async with harness.runtime.sessions() as session:
        await session.execute(update(RelayPause).values(until=datetime.now(timezone.utc) - timedelta(seconds=1)))
        await session.commit()
    await ana.do(Press("go", "accompany"))
    assert "Ya tienes un pedido abierto" in ana.new_text()
    await ana.send("perdón")
    assert rosa.last().payload["type"] == "copy"


# ---------------------------------------------------------------------------------------------
# 6. Entre patas between sessions


async def test_a_commitment_prompt_arrives_once_in_the_window_he_chose(pg_harness):
    harness = pg_harness
    fac = await facilitator(harness, 711)
    await fac.command("compromisos")
    assert "Todavía no hay compromisos" in fac.new_text()
    for text in ("Cuando me enoje, tomarme un momento antes de hablar", "Preguntar a mi pareja cómo se siente"):
        await fac.press("Añadir un compromiso")
        await fac.send(text)
        assert "Añadido" in fac.new_text()
    starts_at = await publish(fac, days=2)
    man = await consented(harness, 712)
    await man.command("espacios")
    await man.press("📅")
    await man.press("Inscribirme")

    after = starts_at + timedelta(hours=3)
    await send_due_reminders(harness.runtime, after)
    offer = man.last()
    assert "elige un compromiso pequeño" in offer.text
    await man.press("Preguntar a mi pareja")
    assert "Elegiste: «Preguntar a mi pareja cómo se siente»" in man.new_text()
    await man.press("Tarde")
    assert "te escribiré una sola vez" in man.new_text()
    async with harness.runtime.sessions() as session:
        prompt = (await session.execute(select(Reminder).where(Reminder.kind == "ep_prompt"))).scalar_one()
    local = prompt.due_at.astimezone(LIMA)
    assert local.hour == 13 and local.date() == (datetime.now(LIMA) + timedelta(days=7)).date()  # no next session yet: a week on

    before = len(man.inbox)
    await send_due_reminders(harness.runtime, prompt.due_at - timedelta(minutes=1))
    assert len(man.inbox) == before
    await send_due_reminders(harness.runtime, prompt.due_at + timedelta(minutes=5))
    await send_due_reminders(harness.runtime, prompt.due_at + timedelta(minutes=10))
    prompts = [m for m in man.inbox[before:] if "Cómo vas con lo que te propusiste" in m.text]
    assert len(prompts) == 1
    assert "pareja" not in prompts[0].text  # neutral on a lock screen
    await man.press("Lo estoy cumpliendo")
    assert "Qué bien" in man.new_text()
    await man.press("Menú")
    await man.do(Press("ep_kept", f"{prompt.ref}.no"))  # an old button, pressed again
    assert "Ya me habías respondido" in man.new_text()

    await fac.command("compromisos")
    listing = fac.new_text()
    assert "«Preguntar a mi pareja cómo se siente»: elegido 1 vez, cumplido 1" in listing
    assert "«Cuando me enoje, tomarme un momento antes de hablar»: elegido 0 veces, cumplido 0" in listing
    async with harness.runtime.sessions() as session:
        choice = (await session.execute(select(CommitmentChoice))).scalar_one()
    assert choice.kept is True and choice.user_id is None  # counted, no longer whose

    # Retention: the registration of a past session is purged.
    assert await count(harness, ReflectionRegistration) == 1
    await apply_retention(harness.runtime, starts_at + timedelta(days=31))
    assert await count(harness, ReflectionRegistration) == 0


async def test_a_prompt_missed_past_his_window_is_not_sent_at_another_hour(harness):
    fac = await facilitator(harness, 721)
    await fac.command("compromisos")
    await fac.press("Añadir un compromiso")
    await fac.send("Escuchar sin interrumpir")
    starts_at = await publish(fac, days=2)
    man = await consented(harness, 722)
    await man.command("espacios")
    await man.press("📅")
    await man.press("Inscribirme")
    await send_due_reminders(harness.runtime, starts_at + timedelta(hours=3))
    await man.press("Escuchar sin interrumpir")
    await man.press("Mañana")
    async with harness.runtime.sessions() as session:
        prompt = (await session.execute(select(Reminder).where(Reminder.kind == "ep_prompt"))).scalar_one()
    assert prompt.due_at.astimezone(LIMA).hour == 9
    before = len(man.inbox)
    await send_due_reminders(harness.runtime, prompt.due_at + timedelta(hours=4))  # the bot was down all morning
    assert len(man.inbox) == before


def test_the_prompt_goes_the_day_before_the_next_session():
    now = datetime(2026, 12, 1, 20, tzinfo=LIMA)
    next_session = datetime(2026, 12, 5, 18, 30, tzinfo=LIMA)
    assert prompt_time(now, "evening", next_session) == datetime(2026, 12, 4, 19, tzinfo=LIMA)
    assert prompt_time(now, "morning", None) == datetime(2026, 12, 8, 9, tzinfo=LIMA)
    assert prompt_time(now, "afternoon", datetime(2026, 12, 2, 18, tzinfo=LIMA)) == datetime(2026, 12, 2, 13, tzinfo=LIMA)


async def test_her_erasure_takes_the_notes_on_her_case(harness):
    rosa = await staff(harness, 731, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 777200731)
    await rosa.press("Aceptar")
    await rosa.press("Notas")
    await rosa.press("Añadir una nota")
    await rosa.send("Tiene dos hijos pequeños.")
    assert await count(harness, CaseNote) == 1
    await ana.command("borrar")
    await ana.press("Sí, borrar todo")
    assert await count(harness, CaseNote) == 0
    assert (await only_case(harness)).status == "closed"
