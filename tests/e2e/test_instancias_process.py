"""Issue 5 (instancias de concertación) end to end: `acompana run` as a real process against the fake
Bot API server, the instancia and its first code made with the real CLI (`acompana instancia create`,
`acompana instancia invite`) on the same SQLite file.

Covers: the secretaría joining with the CLI code and members joining with the code she gets from
Telegram; short reminder offsets set from "⏰ Recordatorios"; a meeting created a couple of minutes
ahead (typed in Lima time); the bot KILLED and started again between the creation and the reminder;
each member, the secretaría and the group linked with /vincular getting the reminder exactly once and
on time; RSVPs counted once; the .ics calendar file; an agreement's reminder reaching its institution.
"""
from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import select

from flows.when import LIMA
from storage.db import make_engine, make_sessionmaker
from storage.models.instancias import InstanciaRsvp
from tests.e2e.botproc import DATA_KEY, FAST, BotProcess, spawn
from tests.e2e.botproc import btn, real_rejections

NAME = "Instancia Distrital de Concertación de Luyando"
DISTRICT = "huanuco/leoncio-prado/luyando"
MEETING_REMINDER = "Recordatorio: reunión"
AGREEMENT_REMINDER = "Recordatorio de acuerdo"
GROUP_ID = -1001987654321
LATE_AT_MOST = 5.0  # seconds after its time a reminder may arrive (ticks every second)
# The reminder falls due this long after the offsets are set: room for the meeting to be typed,
# the bot to be killed and started again, and two RSVPs before it (then the clock moves to it).
LEAD = 45


@pytest.fixture
async def bot(api, tmp_path, sqlite_url, clock):
    proc = BotProcess(tmp_path / "bot", sqlite_url, api.base_url, SCHEDULER_TICK_SECONDS="1", AGREEMENT_REMINDER_HOUR="00:00",
                      **clock.env(), ACOMPANA_TEST_PACE=FAST)
    yield proc
    await proc.stop()


# ---------------------------------------------------------------------------------------------
# Helpers


async def cli(tmp_path: Path, database_url: str, *args: str) -> str:
    """`acompana ...` as a separate process on the bot's database, as an operator runs it; stdout."""
    workdir = tmp_path / "cli"
    workdir.mkdir(exist_ok=True)
    env = BotProcess(workdir, database_url).env  # DATABASE_URL, DATA_KEY = botproc.DATA_KEY, no Telegram
    assert env["DATA_KEY"] == DATA_KEY
    proc = await spawn(
        "--env-file", str(workdir / "no.env"), *args,
        cwd=workdir, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, (out.decode(), err.decode())
    return out.decode()


async def new_instancia(tmp_path: Path, database_url: str) -> tuple[int, str]:
    """The operator creates the instancia (default offsets) and a code for its secretaría."""
    created = await cli(tmp_path, database_url, "instancia", "create", "--name", NAME, "--level", "district", "--district", DISTRICT)
    match = re.fullmatch(r"(\d+)\t(.+)\n", created)
    assert match and match[2] == NAME, created
    iid = int(match[1])
    code = (await cli(tmp_path, database_url, "instancia", "invite", "--id", str(iid), "--role", "secretaria")).strip()
    assert re.fullmatch(r"[A-Z0-9]{10}", code), code
    return iid, code


def has_button(part: str):
    return lambda m: any(part in label for label in m.buttons())


async def join(api, chat_id: int, name: str, institution: str, code: str):
    """/start → consent → /instancia → "Unirme con un código" → code (checked) → name → institution."""
    person = api.user(chat_id, first_name=name.split()[0])
    await person.send_command("/start")
    await person.wait_for("Línea 100", timeout=30)
    await person.press(btn("Sí, estoy de acuerdo"))
    await person.wait_for("¿En qué te puedo ayudar?")
    await person.send_command("/instancia")
    [none] = await person.wait_for("Todavía no eres integrante")
    await person.press(btn("Unirme con un código"), message=none)
    await person.wait_for("Escribe tu código")
    await person.send(code)
    await person.wait_for("¿Cuál es tu nombre?")
    await person.send(name)
    await person.wait_for("institución")
    await person.send(institution)
    [joined] = await person.wait_for("Te uniste como")
    assert NAME in joined.text
    await person.wait_for(has_button("Reuniones"))  # the panel follows
    return person, joined


async def panel(person):
    await person.send_command("/instancia")
    [shown] = await person.wait_for(has_button("Reuniones"))
    return shown


async def with_members(api, code: str):
    """Rosa (secretaría) joins with the CLI code, then Ana, Beto and Carla with her member code."""
    sec, joined = await join(api, 6100, "Rosa Tello", "Municipalidad", code)
    assert "secretaría técnica" in joined.text
    await sec.press(btn("Código para integrantes"), message=await panel(sec))
    [invite] = await sec.wait_for("Código para integrantes:")
    member_code = re.search(r"integrantes: ([A-Z0-9]+)", invite.text)[1]
    people = []
    for chat_id, name, institution in ((6101, "Ana Ruiz", "CEM"), (6102, "Beto Salas", "Comisaría"), (6103, "Carla Ponce", "Centro de Salud")):
        person, joined = await join(api, chat_id, name, institution, member_code)
        assert "integrante" in joined.text
        await sec.wait_for(f"Se unió {name} ({institution})")
        people.append(person)
    return sec, people


async def rsvp_digest(sec):
    """The secretaría asks who comes to the next meeting: Reuniones → the meeting → Quién viene."""
    await sec.press(btn("Reuniones"), message=await panel(sec))
    [listing] = await sec.wait_for("Próximas reuniones")
    await sec.press(lambda b: b["text"].startswith("📅"), message=listing)
    [detail] = await sec.wait_for(has_button("Quién viene"))
    await sec.press(btn("Quién viene"), message=detail)
    [digest] = await sec.wait_for("Respuestas para la reunión")
    return digest


def count(api, chat_id: int, needle: str) -> int:
    return sum(needle in (m.text or "") for m in api.bot_messages(chat_id, include_deleted=True))


def arrivals(api, chat_id: int, needle: str) -> list[float]:
    """When the fake accepted each sendMessage to this chat whose text contains `needle`."""
    return [c.time for c in api.calls_for("sendMessage") if c.chat_id == chat_id and needle in (c.result or {}).get("text", "")]


def next_minute_after(moment: datetime) -> datetime:
    whole = moment.replace(second=0, microsecond=0)
    return whole if whole >= moment else whole + timedelta(minutes=1)


# ---------------------------------------------------------------------------------------------


async def test_a_meeting_reminder_reaches_each_member_and_the_group_once_across_a_kill(api, bot, clock, tmp_path, sqlite_url):
    iid, code = await new_instancia(tmp_path, sqlite_url)
    await bot.start("run")
    sec, (ana, beto, carla) = await with_members(api, code)
    members = [ana, beto, carla]

    # The group: a member types /vincular CODE inside it.
    await sec.press(btn("Vincular un grupo"), message=await panel(sec))
    [group_code] = await sec.wait_for("/vincular ")
    link = re.search(r"/vincular ([A-Z0-9]+)", group_code.text)[1]
    group = api.group(GROUP_ID, title="Instancia Luyando")
    ana_in_group = ana.in_group(group)
    await ana_in_group.send_command("/vincular", link)
    await ana_in_group.wait_for("este grupo está vinculado", timeout=15)
    await sec.wait_for("quedó vinculado")

    # Short offsets, so the reminder falls due LEAD seconds from now, before a meeting on a whole
    # minute about two minutes ahead.
    now = datetime.now(timezone.utc)
    starts = next_minute_after(now + timedelta(seconds=100))
    offset = int((starts - now).total_seconds()) - LEAD
    due = starts - timedelta(seconds=offset)
    await sec.press(btn("Recordatorios"), message=await panel(sec))
    await sec.wait_for("¿Con cuánta anticipación")
    await sec.send(f"{offset}s")
    await sec.wait_for("Listo: recordaré las reuniones")

    local = starts.astimezone(LIMA)
    await sec.press(btn("Nueva reunión"), message=await panel(sec))
    await sec.wait_for("¿Qué día será la reunión?")
    await sec.send(local.strftime("%d/%m/%Y"))
    await sec.wait_for("¿A qué hora?")
    await sec.send(local.strftime("%H:%M"))
    await sec.wait_for("¿Dónde será?")
    await sec.send("Municipalidad de Luyando, sala 2")
    await sec.wait_for("¿Cuál es la agenda?")
    await sec.send("Plan de trabajo 2027")
    await sec.wait_for("¿La reunión es solo esta vez")
    await sec.press(btn("Solo esta vez"))
    [saved] = await sec.wait_for("guardé la reunión")
    assert "y avisé a cada integrante" in saved.text
    announced = {}
    for p in members:
        [news] = await p.wait_for("Nueva reunión de la instancia")
        assert "Municipalidad de Luyando, sala 2" in news.text and local.strftime("%H:%M") in news.text
        assert news.buttons() == ["✅ Asistiré", "❌ No podré", "📆 Agregar a mi calendario"]
        announced[p.id] = news
    [group_news] = await ana_in_group.wait_for("Nueva reunión de la instancia", timeout=10)
    assert group_news.buttons() == []

    # A crash between the creation and the reminder (once what was sent is marked sent: a kill
    # between Telegram's answer and that commit sends it again, see test_inbox_process).
    await bot.settled()
    await bot.kill()
    assert datetime.now(timezone.utc) < due - timedelta(seconds=10), "too slow to test a restart before the reminder"
    await bot.start("run")

    # RSVPs: the secretaría is not pushed one message per answer.
    await ana.press(btn("Asistiré"), message=announced[ana.id])
    await ana.wait_for("Anoté que asistirás", timeout=30)
    await beto.press(btn("No podré"), message=announced[beto.id])
    await beto.wait_for("Anoté que no podrás asistir")

    # The reminder: to each member, the secretaría and the group, on time. Not early: nothing yet
    # a second before it (on the bot's clock); then the clock moves to its time.
    assert datetime.now(timezone.utc) < due, "the RSVPs should have come before the reminder"
    chats = [sec.chat_id, *(p.chat_id for p in members), GROUP_ID]
    clock.advance((due - clock.now()).total_seconds() - 5)
    await bot.settled()  # two ticks on the moved clock, still before its time
    assert not any(count(api, chat_id, MEETING_REMINDER) for chat_id in chats), "a reminder before its time"
    clock.advance((due - clock.now()).total_seconds())
    reminders = {}
    for p in [sec, *members, ana_in_group]:
        [reminders[p.chat_id]] = await p.wait_for(MEETING_REMINDER, timeout=LATE_AT_MOST + 5)
    await bot.settled()  # a few ticks more
    for chat_id in chats:
        times = arrivals(api, chat_id, MEETING_REMINDER)
        assert len(times) == 1 and count(api, chat_id, MEETING_REMINDER) == 1, (chat_id, times)
        late = times[0] + clock.offset - due.timestamp()  # the fake's times are real: on the bot's clock
        assert 0 <= late <= LATE_AT_MOST, f"chat {chat_id}: reminder {late:.2f}s after its time"
    assert clock.now() < starts
    for p in members:
        text = reminders[p.chat_id].text
        assert "Municipalidad de Luyando, sala 2" in text and local.strftime("%H:%M") in text
        assert reminders[p.chat_id].buttons() == ["✅ Asistiré", "❌ No podré", "📆 Agregar a mi calendario"]
    # The secretaría's reminder carries the digest: who comes, who not, who has not answered.
    digest = reminders[sec.chat_id].text
    assert "Asistirán: Ana Ruiz (CEM)" in digest and "No podrán: Beto Salas (Comisaría)" in digest
    assert "Aún no responden (2): Carla Ponce (Centro de Salud), Rosa Tello (Municipalidad)" in digest
    assert reminders[GROUP_ID].buttons() == []  # nobody answers for herself in a group

    # A second press does not count twice; Carla answers from the reminder.
    await ana.press(btn("Asistiré"), message=reminders[ana.chat_id])
    await ana.wait_for("Ya lo tenía anotado")
    await carla.press(btn("Asistiré"), message=reminders[carla.chat_id])
    await carla.wait_for("Anoté que asistirás")
    digest = await rsvp_digest(sec)
    assert "Asistirán: Ana Ruiz (CEM), Carla Ponce (Centro de Salud)" in digest.text and "Aún no responden (1): Rosa Tello" in digest.text
    assert count(api, sec.chat_id, "asistirá a la reunión") == 0  # no message per answer
    engine = make_engine(sqlite_url)
    try:
        async with make_sessionmaker(engine)() as session:
            answers = (await session.execute(select(InstanciaRsvp.attending))).scalars().all()
    finally:
        await engine.dispose()
    assert sorted(answers) == [False, True, True]

    # The calendar file.
    await carla.press(btn("Agregar a mi calendario"), message=reminders[carla.chat_id])
    [document] = await carla.wait_for(lambda m: "document" in m.data)
    assert document.data["document"]["file_name"].endswith(".ics")
    content = api.files[document.data["document"]["file_id"]].content
    calendar = Calendar.from_ical(content)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == starts and event.decoded("dtstart").utcoffset() == timedelta(0)
    assert f"DTSTART:{starts:%Y%m%dT%H%M%S}Z".encode() in content
    assert event["location"] == "Municipalidad de Luyando, sala 2" and NAME in event["summary"]

    # Still exactly once, and nothing the API refused.
    for chat_id in [sec.chat_id, *(p.chat_id for p in members), GROUP_ID]:
        assert count(api, chat_id, MEETING_REMINDER) == 1, chat_id
    for chat_id in [*(p.chat_id for p in members), GROUP_ID]:  # the restart re-sent nothing
        assert count(api, chat_id, "Nueva reunión de la instancia") == 1, chat_id
    assert not real_rejections(api), real_rejections(api)


async def test_an_agreement_due_today_reminds_its_institution_at_the_next_tick(api, bot, tmp_path, sqlite_url):
    iid, code = await new_instancia(tmp_path, sqlite_url)
    await bot.start("run")
    sec, (ana, beto, carla) = await with_members(api, code)

    await sec.press(btn("Nuevo acuerdo"), message=await panel(sec))
    await sec.wait_for("Escribe el acuerdo")
    await sec.send("Difundir la Línea 100 en la feria dominical")
    [which] = await sec.wait_for("¿Qué institución es responsable?")
    assert {"🏢 CEM", "🏢 Comisaría", "🏢 Centro de Salud", "🏢 Municipalidad"} <= set(which.buttons())
    await sec.press("🏢 CEM", message=which)
    await sec.wait_for("¿Para cuándo debe cumplirse?")
    ana.mark()
    saved_at = datetime.now(timezone.utc).timestamp()
    await sec.send(datetime.now(LIMA).strftime("%d/%m/%Y"))  # due today, in Lima
    [saved] = await sec.wait_for("guardé el acuerdo")
    assert "Avisé a su representante" in saved.text

    # The news and, AGREEMENT_REMINDER_HOUR being 00:00, the reminder at the next tick (today's
    # reminder time has passed): in either order, since they go out on separate paths.
    got = await ana.wait_for(lambda m: "Nuevo acuerdo de" in (m.text or "") or AGREEMENT_REMINDER in (m.text or ""), count=2, timeout=10)
    [news] = [m for m in got if "Nuevo acuerdo de" in m.text]
    [reminder] = [m for m in got if AGREEMENT_REMINDER in m.text]
    assert "Difundir la Línea 100" in news.text
    assert "Difundir la Línea 100" in reminder.text and "CEM" in reminder.text
    [arrived] = arrivals(api, ana.chat_id, AGREEMENT_REMINDER)
    assert arrived - saved_at <= LATE_AT_MOST
    await bot.settled()  # a few ticks more: no second one, and nobody else's institution
    assert count(api, ana.chat_id, AGREEMENT_REMINDER) == 1
    assert all(count(api, p.chat_id, AGREEMENT_REMINDER) == 0 for p in (sec, beto, carla))
    assert all(count(api, p.chat_id, "Difundir la Línea 100") == 0 for p in (beto, carla))

    await ana.press(btn("Ya lo cumplimos"), message=reminder)
    await ana.wait_for("Anoté como cumplido")
    await sec.wait_for("CEM marcó como cumplido")
    await ana.press(btn("Ya lo cumplimos"), message=reminder)
    await ana.wait_for("ya estaba marcado")
    assert not real_rejections(api), real_rejections(api)
