"""Issue 4 (human accompaniment) end to end: `acompana run` as a real process against the fake Bot
API server, staff invited with the real CLI (`acompana staff invite`) on the same SQLite file.

Covers: invite codes printed by the CLI and redeemed with /staff; a woman's request reaching both
mentoras of her district; two mentoras pressing "Aceptar" at the same moment; the relay both ways
without her identity in anything sent to staff; closing; a man's Entre patas request; a reflection
space reminder sent exactly once across a crash and restart; forged buttons changing nothing.
"""
from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from flows.when import LIMA
from handlers.callbacks import Act
from storage.crypto import Cipher
from storage.db import make_engine, make_sessionmaker
from storage.models import AuditEntry, User
from storage.models.accompaniment import Case
from storage.models.entre_patas import ReflectionRegistration
from storage.models.reminders import Reminder
from tests.e2e.botproc import DATA_KEY, BotProcess, spawn
from tests.e2e.botproc import btn, real_rejections

YANACANCHA = "pasco/pasco/yanacancha"
CHAUPIMARCA = "pasco/pasco/chaupimarca"
VILLA_RICA = "pasco/oxapampa/villa-rica"

# The woman: every piece of her Telegram identity is distinctive, so it can be searched for.
HER_ID = 777123456
HER_FIRST, HER_LAST, HER_USERNAME = "Yesenia", "Quispecondori", "yesenia_qc_1987"


# ---------------------------------------------------------------------------------------------
# Helpers


async def cli_invite(tmp_path: Path, database_url: str, role: str, district: str) -> str:
    """`acompana staff invite` as a separate process on the same database file; returns the code."""
    workdir = tmp_path / "cli"
    workdir.mkdir(exist_ok=True)
    env = BotProcess(workdir, database_url).env  # DATABASE_URL, DATA_KEY = botproc.DATA_KEY, no Telegram
    proc = await spawn(
        "--env-file", str(workdir / "no.env"), "staff", "invite", "--role", role, "--district", district,
        cwd=workdir, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    text = out.decode()
    assert proc.returncode == 0, (text, err.decode())
    printed = re.search(r"Código para \S+ en [^:]+: (\S+)", text)
    typed = re.search(r"/staff (\S+)", text)
    assert printed and typed and printed[1] == typed[1], text
    return typed[1]


async def join_staff(api, chat_id: int, code: str, name: str, place: str = "Yanacancha", username: str | None = None):
    person = api.user(chat_id, first_name=name, username=username)
    await person.send_command("/staff", f"{code} {name}")
    [welcome] = await person.wait_for("Bienvenida o bienvenido al equipo", timeout=30)
    assert place in welcome.text
    return person


async def start_and_consent(person):
    await person.send_command("/start")
    await person.wait_for("Línea 100", timeout=30)
    await person.press(btn("Sí, estoy de acuerdo"))
    await person.wait_for("¿En qué te puedo ayudar?", timeout=20)


def has_button(part: str):
    return lambda m: any(part in label for label in m.buttons())


async def woman_asks(api, chat_id: int = HER_ID, typed_district: str = "yanacansha pasco", before_confirm=None) -> tuple:
    """/start → consent → the women's screen → "Quiero que alguien me acompañe" → district with a
    typo → "Sí, ya denuncié" → "Cualquier hora" → "Sí, que me escriban aquí". Returns (her, case number).
    `before_confirm(her)`: awaited just before she confirms."""
    her = api.user(chat_id, first_name=HER_FIRST, last_name=HER_LAST, username=HER_USERNAME)
    await start_and_consent(her)
    await her.press(btn("Orientación para mujeres"))
    [women] = await her.wait_for(has_button("Quiero que alguien me acompañe"), timeout=20)
    await her.press(btn("Quiero que alguien me acompañe"), message=women)
    [intro] = await her.wait_for("no ve tu nombre", timeout=20)
    if any("18 años o más" in label for label in intro.buttons()):  # the intake asks her age first
        await her.press(btn("18 años o más"), message=intro)
        await her.wait_for("¿en qué distrito estás?", timeout=20)
    await her.send(typed_district)
    await her.wait_for("¿Ya denunciaste", timeout=20)
    await her.press(btn("Sí, ya denuncié"))
    await her.wait_for("¿A qué hora es seguro escribirte?", timeout=20)
    await her.press(btn("Cualquier hora"))
    await her.wait_for("¿aceptas que tu mentora te escriba", timeout=20)
    if before_confirm:
        await before_confirm(her)
    await her.press(btn("Sí, que me escriban aquí"))
    [created] = await her.wait_for(re.compile(r"Tu número de caso es el \d+"), timeout=20)
    return her, int(re.search(r"caso es el (\d+)", created.text)[1])


class Db:
    """The bot's SQLite file, read (and once written) by the test while the bot runs."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.sessions = make_sessionmaker(self.engine)
        self.cipher = Cipher(DATA_KEY)

    async def case(self, case_id: int) -> Case:
        async with self.sessions() as session:
            return await session.get(Case, case_id)

    async def user_id(self, chat_id: int) -> int:
        async with self.sessions() as session:
            return (await session.execute(select(User.id).where(User.tg_key == self.cipher.key_of(chat_id)))).scalar_one()

    async def count(self, model, *where) -> int:
        async with self.sessions() as session:
            return (await session.execute(select(func.count()).select_from(model).where(*where))).scalar_one()

    async def close(self) -> None:
        await self.engine.dispose()


@pytest.fixture
async def db(sqlite_url):
    d = Db(sqlite_url)
    yield d
    await d.close()


def reminders_received_by(api, chat_id: int) -> list:
    return [m for m in api.chat_messages(chat_id) if m.from_bot and (m.text or "").startswith("⏰")]


def her_identity() -> list[str]:
    return [str(HER_ID), HER_FIRST, HER_LAST, HER_USERNAME]


def data(action: str, arg: str = "") -> str:
    return Act(action=action, arg=arg).pack()


# ---------------------------------------------------------------------------------------------
# 1-5: invites, the request, the race, the relay without her identity, closing


async def test_a_woman_is_accompanied_by_one_of_two_mentoras_without_her_identity(api, bot, db, tmp_path, sqlite_url):
    await bot.start("run")
    # 1. Two invites printed by the CLI (a separate process on the same database) are redeemed.
    codes = [await cli_invite(tmp_path, sqlite_url, "mentora", YANACANCHA) for _ in range(2)]
    assert codes[0] != codes[1]
    rosa = await join_staff(api, 910000501, codes[0], "Rosaura", username="rosaura_mentora")
    maria = await join_staff(api, 910000502, codes[1], "Maricela", username="maricela_mentora")
    staff = {rosa.chat_id: rosa, maria.chat_id: maria}
    staff_identity = ["910000501", "910000502", "Rosaura", "Maricela", "rosaura_mentora", "maricela_mentora"]

    # 2. Her request, with a typo in the district, reaches both mentoras.
    her, case_id = await woman_asks(api)
    [next_steps] = await her.wait_for("avisé a las mentoras", timeout=20)
    assert "Retirar mi pedido" in " ".join(next_steps.buttons())
    notices = {}
    for mentora in staff.values():
        [notice] = await mentora.wait_for("Nuevo pedido", timeout=20)
        assert f"caso {case_id}" in notice.text and "Yanacancha" in notice.text and "a cualquier hora" in notice.text
        assert notice.buttons() == ["✋ Aceptar"]
        notices[mentora.chat_id] = notice
    case = await db.case(case_id)
    assert (case.status, case.kind, case.district, case.safe_hours) == ("waiting", "mentora", YANACANCHA, "any")

    # 3. Both press "Aceptar" at the same moment: exactly one gets the case.
    presses = await asyncio.gather(*(m.press(btn("Aceptar"), message=notices[m.chat_id]) for m in staff.values()))
    answers = {}
    for mentora in staff.values():
        [answer] = await mentora.wait_for(lambda m: "Tomaste el caso" in (m.text or "") or "ya lo tomó otra persona" in (m.text or ""), timeout=20)
        answers[mentora.chat_id] = answer.text
    winners = [chat for chat, text in answers.items() if f"Tomaste el caso {case_id}" in text]
    losers = [chat for chat, text in answers.items() if "ya lo tomó otra persona" in text]
    assert len(winners) == 1 and len(losers) == 1, answers
    # The bot got both presses in one getUpdates answer: a real race, not one press after the other.
    pressed = {p["callback_query"]["id"] for p in presses}
    assert any(pressed <= {u["callback_query"]["id"] for u in c.result if "callback_query" in u}
               for c in api.calls_for("getUpdates")), "the two presses reached the bot separately"
    mentora, other = staff[winners[0]], staff[losers[0]]
    [view] = await mentora.wait_for("Lo que escribas aquí le llega a la persona", timeout=20)
    assert "Cerrar el caso" in " ".join(view.buttons())
    await her.wait_for(f"Tu mentora tomó tu caso {case_id}", timeout=20)
    case = await db.case(case_id)
    assert case.status == "open" and case.staff_user_id == await db.user_id(mentora.chat_id)
    assert await db.count(AuditEntry, AuditEntry.action == "case.accepted") == 1
    # Both button presses were answered (no endless spinner).
    assert all(api.callback_answer(q) is not None for q, c in api.callbacks.items() if c["user_id"] in staff)

    # 4. Messages both ways, under the case number.
    await her.send("Hola, necesito hablar")
    header, copied = await mentora.wait_for(count=2, timeout=20)
    assert header.text == f"💬 Caso {case_id}:" and copied.text == "Hola, necesito hablar"
    await her.send_photo(caption="esto pasó")
    header, photo = await mentora.wait_for(count=2, timeout=20)
    assert header.text == f"💬 Caso {case_id}:" and "photo" in photo.data and photo.text == "esto pasó"
    await mentora.send("Hola, soy tu mentora. ¿Cómo estás?")
    header, back = await her.wait_for(count=2, timeout=20)
    assert header.text == f"Tienes un mensaje nuevo.\n💬 Tu mentora (caso {case_id}):" and back.text == "Hola, soy tu mentora. ¿Cómo estás?"
    assert not [m for m in other.messages() if (m.text or "").startswith("💬") or "photo" in m.data]  # nor the other mentora

    # Nothing the bot asked Telegram to do in a staff chat carries who she is. from_chat_id of
    # copyMessage is the one exception: Telegram needs it and never shows it to the recipient.
    to_staff = [c for c in api.calls + api.rejected if c.chat_id in staff]
    assert to_staff
    for call in to_staff:
        params = dict(call.params)
        if call.method == "copyMessage":
            assert params.pop("from_chat_id") == her.chat_id
        for secret in her_identity():
            assert secret not in repr(params), (call.method, params)
    assert not api.calls_for("forwardMessage")
    copies = [c for c in api.calls_for("copyMessage") if c.chat_id == mentora.chat_id]
    assert len(copies) == 2
    for call in copies:  # the copy as the mentora's Telegram shows it: no forward origin, no link to her
        shown = api.message(mentora.chat_id, call.result["message_id"])
        assert shown.data["from"]["is_bot"] is True
        assert not {"forward_origin", "forward_from", "forward_sender_name", "forward_from_chat"} & set(shown.data)
    for chat in staff:
        for shown in api.chat_messages(chat):
            if shown.from_bot:
                for secret in her_identity():
                    assert secret not in repr(shown.data), shown.data
    # Nor does she see who the mentora is.
    for call in [c for c in api.calls + api.rejected if c.chat_id == her.chat_id]:
        params = dict(call.params)
        if call.method == "copyMessage":
            assert params.pop("from_chat_id") == mentora.chat_id
            shown = api.message(her.chat_id, call.result["message_id"])
            assert shown.data["from"]["is_bot"] is True and "forward_origin" not in shown.data
        for secret in staff_identity:
            assert secret not in repr(params), (call.method, params)

    # 5. The mentora closes the case; both are told; later messages from her go nowhere.
    await mentora.press(btn("Cerrar el caso"))
    await mentora.wait_for(f"Cerraste el caso {case_id}", timeout=20)
    await her.wait_for(f"cerró tu caso {case_id}", timeout=20)
    case = await db.case(case_id)
    assert case.status == "closed" and case.closed_by == "staff"
    seen_by_mentora = len(api.chat_messages(mentora.chat_id))
    copies_before = len(api.calls_for("copyMessage"))
    await her.send("¿sigues ahí?")
    [told] = await her.wait_for("ya se cerró", timeout=20)
    assert "no se envió" in told.text
    await bot.settled()  # several scheduler ticks: nothing is delivered later either
    assert len(api.chat_messages(mentora.chat_id)) == seen_by_mentora
    assert len(api.calls_for("copyMessage")) == copies_before
    assert not real_rejections(api), real_rejections(api)


# ---------------------------------------------------------------------------------------------
# 6: a man's Entre patas request


async def test_a_mans_entre_patas_request_reaches_the_facilitador_of_his_district(api, bot, db, tmp_path, sqlite_url):
    await bot.start("run")
    here = await join_staff(api, 521, await cli_invite(tmp_path, sqlite_url, "facilitador", CHAUPIMARCA), "Jorge", "Chaupimarca")
    elsewhere = await join_staff(api, 522, await cli_invite(tmp_path, sqlite_url, "facilitador", VILLA_RICA), "Luis", "Villa Rica")
    beto = api.user(888000111, first_name="Beto", username="beto_pasco_77")
    await start_and_consent(beto)
    await beto.press(btn("Entre patas"))
    [men] = await beto.wait_for(has_button("Hablar con alguien"), timeout=20)
    await beto.press(btn("Hablar con alguien"), message=men)
    await beto.wait_for("Hablar con alguien de Entre patas", timeout=20)
    await beto.send("Chaupimarca")
    await beto.wait_for("¿A qué hora te viene mejor", timeout=20)
    await beto.press(btn("Cualquier hora"))
    await beto.wait_for("te escriba por este chat", timeout=20)
    await beto.press(btn("Sí, que me escriban aquí"))
    [created] = await beto.wait_for(re.compile(r"Tu número de caso es el \d+"), timeout=20)
    case_id = int(re.search(r"caso es el (\d+)", created.text)[1])

    [notice] = await here.wait_for("Nuevo pedido", timeout=20)
    assert f"caso {case_id}" in notice.text and "facilitador de Entre patas" in notice.text and "Chaupimarca" in notice.text
    for secret in ("888000111", "Beto", "beto_pasco_77"):
        assert secret not in repr(notice.data)
    case = await db.case(case_id)
    assert (case.kind, case.district, case.status, case.reported) == ("facilitador", CHAUPIMARCA, "waiting", None)
    await here.press(btn("Aceptar"), message=notice)
    await here.wait_for(f"Tomaste el caso {case_id}", timeout=20)
    await here.wait_for("Lo que escribas aquí le llega a la persona", timeout=20)
    await beto.wait_for(f"Tu facilitador tomó tu caso {case_id}", timeout=20)
    await beto.send("Quiero hablar de mi relación")
    header, copied = await here.wait_for(count=2, timeout=20)
    assert header.text == f"💬 Caso {case_id}:" and copied.text == "Quiero hablar de mi relación"
    # The facilitador of another district never heard of it.
    assert not any("Nuevo pedido" in (m.text or "") for m in elsewhere.messages())
    assert not real_rejections(api), real_rejections(api)


# ---------------------------------------------------------------------------------------------
# 7: a reflection space reminder, exactly once across a crash and a restart


async def test_a_registered_man_gets_the_reflection_reminder_exactly_once_across_a_restart(api, bot, clock, db, tmp_path, sqlite_url):
    await bot.start("run")
    fac = await join_staff(api, 531, await cli_invite(tmp_path, sqlite_url, "facilitador", YANACANCHA), "Jorge")

    # She publishes a session from Telegram, starting in about 90 minutes (Lima time).
    starts = (datetime.now(LIMA) + timedelta(minutes=90)).replace(second=0, microsecond=0)
    await fac.send_command("/espacios")
    [listing] = await fac.wait_for(has_button("Publicar un espacio"), timeout=20)
    await fac.press(btn("Publicar un espacio"), message=listing)
    await fac.wait_for("¿Qué día será?", timeout=20)
    await fac.send(starts.strftime("%d/%m/%Y"))
    await fac.wait_for("¿A qué hora empieza", timeout=20)
    await fac.send(starts.strftime("%H:%M"))
    await fac.wait_for("¿Dónde será?", timeout=20)
    await fac.send("Local comunal del barrio, Jr. Ejemplo 123")
    await fac.wait_for("¿Cuántos cupos hay?", timeout=20)
    await fac.press(btn("Sin límite"))
    await fac.wait_for("¿Cuándo le recuerdo", timeout=20)
    # The flow lets her type the hours before the session; the smallest it accepts is 1 hour
    # (flows/when.py parse_hours, also for REFLECTION_REMINDER_HOURS), far more than
    # this test may wait.
    await fac.send("1")
    [review] = await fac.wait_for("Revisa el espacio", timeout=20)
    assert "1 h antes" in review.text and starts.strftime("%H:%M") in review.text
    await fac.press(btn("Publicar"), message=review)
    await fac.wait_for("Publicado", timeout=20)

    man = api.user(888000222, first_name="Teo")
    await start_and_consent(man)
    await man.press(btn("Entre patas"))
    [men] = await man.wait_for(has_button("Espacios de reflexión"), timeout=20)
    await man.press(btn("Espacios de reflexión"), message=men)
    [spaces] = await man.wait_for(has_button("· Yanacancha"), timeout=20)
    await man.press(btn("· Yanacancha"), message=spaces)
    [space] = await man.wait_for(has_button("Inscribirme"), timeout=20)
    assert "Local comunal del barrio" in space.text
    await man.press(btn("Inscribirme"), message=space)
    await man.wait_for("quedaste inscrito", timeout=20)
    assert await db.count(ReflectionRegistration) == 1

    starts_utc = starts.astimezone(timezone.utc)
    async with db.sessions() as session:
        [reminder] = (await session.execute(select(Reminder).where(Reminder.kind == "reflection"))).scalars().all()
        assert reminder.due_at == starts_utc - timedelta(hours=1) and reminder.sent_at is None
    # The reminder the flow scheduled is about 30 minutes away: the bot's clock moves there.
    await bot.settled()  # a few ticks: not before its time
    assert not reminders_received_by(api, man.chat_id)
    clock.advance((reminder.due_at - clock.now()).total_seconds() + 1)

    [sent] = await man.wait_for("⏰ Recordatorio", timeout=20)
    assert "Local comunal del barrio" in sent.text and starts.strftime("%H:%M") in sent.text
    assert any("Cancelar mi inscripción" in label for label in sent.buttons())
    await bot.settled()  # past its time, several ticks
    await bot.kill()
    await bot.start("run")
    await fac.send_command("/espacios")  # the new process is up once it answers
    await fac.wait_for(has_button("Publicar un espacio"), timeout=30)
    await bot.settled()  # ticks of the restarted process, its catch-up at start among them
    assert len(reminders_received_by(api, man.chat_id)) == 1
    assert len([c for c in api.calls_for("sendMessage") if c.chat_id == man.chat_id and c.params["text"].startswith("⏰")]) == 1
    assert not reminders_received_by(api, fac.chat_id)
    async with db.sessions() as session:
        outcomes = (await session.execute(select(Reminder.outcome).where(Reminder.kind == "reflection"))).scalars().all()
    assert outcomes == ["sent"]
    assert not real_rejections(api), real_rejections(api)


# ---------------------------------------------------------------------------------------------
# 8: forged callback data


async def test_forged_buttons_change_nothing_and_are_answered_kindly(api, bot, db, tmp_path, sqlite_url):
    await bot.start("run")
    rosa = await join_staff(api, 541, await cli_invite(tmp_path, sqlite_url, "mentora", YANACANCHA), "Rosa")
    maria = await join_staff(api, 542, await cli_invite(tmp_path, sqlite_url, "mentora", YANACANCHA), "María")
    her, case_id = await woman_asks(api, 777123457)
    [notice] = await rosa.wait_for("Nuevo pedido", timeout=20)
    await maria.wait_for("Nuevo pedido", timeout=20)
    await rosa.press(btn("Aceptar"), message=notice)
    await rosa.wait_for(f"Tomaste el caso {case_id}", timeout=20)
    await her.wait_for("Tu mentora tomó tu caso", timeout=20)
    rosa_id = await db.user_id(rosa.chat_id)
    queries: list[str] = []

    async def forge(person, callback_data: str, expected: str) -> None:
        update_ = await person.press_data(callback_data)
        queries.append(update_["callback_query"]["id"])
        [answer] = await person.wait_for(expected, timeout=20)
        assert has_button("Menú")(answer) or "Te muestro" in answer.text, answer.text

    async def unchanged(status: str) -> None:
        case = await db.case(case_id)
        assert case.status == status and case.staff_user_id == rosa_id

    her_messages = len(her.messages())
    # Another staff member's case: María cannot close, open, plan or reschedule Rosa's case...
    for forged in (data("case_close", str(case_id)), data("case_open", str(case_id)),
                   data("case_plan", str(case_id)), data("case_next", f"{case_id}-3")):
        await forge(maria, forged, "no está a tu cargo")
        await unchanged("open")
    # ...nor take it now that it is taken.
    await forge(maria, data("case_accept", str(case_id)), "ya lo tomó otra persona")
    await unchanged("open")
    # The woman cannot take her own case.
    await forge(her, data("case_accept", str(case_id)), "no está a tu cargo")
    # Made-up ids and data the bot never made.
    for forged in (data("case_accept", "999999"), data("case_close", "abc"), data("case_open", "1" * 20)):
        await forge(maria, forged, "No encuentro ese caso")
    await forge(maria, "a:no_such_action:1", "Ese botón ya no está activo")
    await forge(maria, "zzz-not-ours", "Ese botón ya no está activo")
    await unchanged("open")
    assert len(her.messages()) == her_messages + 1  # only her own answer to her forged press

    # A closed case.
    await rosa.press(btn("Cerrar el caso"))
    await rosa.wait_for(f"Cerraste el caso {case_id}", timeout=20)
    await her.wait_for(f"cerró tu caso {case_id}", timeout=20)
    await forge(maria, data("case_accept", str(case_id)), "ya está cerrado")
    await forge(rosa, data("case_close", str(case_id)), "ya está cerrado")
    await forge(rosa, data("case_open", str(case_id)), "ya está cerrado")
    await forge(rosa, data("case_plan", str(case_id)), "no está a tu cargo")
    case = await db.case(case_id)
    assert case.status == "closed" and case.closed_by == "staff" and case.staff_user_id == rosa_id
    assert await db.count(AuditEntry, AuditEntry.action == "case.accepted") == 1
    assert await db.count(AuditEntry, AuditEntry.action == "case.closed") == 1
    assert await db.count(AuditEntry, AuditEntry.action.like("%refused")) >= 2
    # Every forged press was answered, so no button kept spinning.
    assert all(api.callback_answer(q) is not None for q in queries)
    assert not real_rejections(api), real_rejections(api)
