"""Issue 11 end to end: `acompana run` as a process against the fake Bot API, the instancia made
with the real command line. The meeting cycle as a secretaría técnica lives it:

the bot added to the group says how to link it (my_chat_member); a monthly series is reviewed
before anything is saved or announced; the RSVP digest lists who has not answered; a vote goes
to the group as a Telegram poll (sendPoll, not anonymous, closing time) and the members' answers
(poll_answer) give its result; the acta (attendance by seat, an agreement, the vote, notes) goes
as a PDF to the group and the members, and reads back; a member gets her constancia; her
replacement, invited to the seat, gets its pending agreement and the acta; removing the bot from
the group unlinks it.
"""
from __future__ import annotations

import asyncio
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from flows.when import LIMA
from storage.db import make_engine, make_sessionmaker
from storage.models.instancias import InstanciaMeeting, InstanciaVoteAnswer
from tests.e2e.botproc import FAST, BotProcess, btn, real_rejections
from tests.flows.test_instancias_cycle import pdf_text
from tests.e2e.test_instancias_process import has_button, new_instancia, panel, rsvp_digest, with_members

GROUP_ID = -1001555000111


@pytest.fixture
async def bot(api, tmp_path, sqlite_url, clock):
    proc = BotProcess(tmp_path / "bot", sqlite_url, api.base_url, SCHEDULER_TICK_SECONDS="1", **clock.env(), ACOMPANA_TEST_PACE=FAST)
    yield proc
    await proc.stop()


async def answers_recorded(sqlite_url: str, expected: int, timeout: float = 15) -> None:
    engine = make_engine(sqlite_url)
    try:
        for _ in range(int(timeout * 4)):
            async with make_sessionmaker(engine)() as session:
                if len((await session.execute(select(InstanciaVoteAnswer))).scalars().all()) == expected:
                    return
            await asyncio.sleep(0.25)
    finally:
        await engine.dispose()
    raise AssertionError(f"{expected} poll answers were not recorded")


def is_document(m) -> bool:
    return "document" in m.data


async def first_meeting_held(sqlite_url: str) -> None:
    """The series' first meeting took place an hour ago (a test cannot wait a month)."""
    engine = make_engine(sqlite_url)
    try:
        async with make_sessionmaker(engine)() as session:
            first = (await session.execute(select(InstanciaMeeting).order_by(InstanciaMeeting.starts_at))).scalars().first()
            first.starts_at = datetime.now(timezone.utc) - timedelta(hours=1)
            await session.commit()
    finally:
        await engine.dispose()


async def test_the_meeting_cycle_of_an_instancia_on_telegram(api, bot, tmp_path, sqlite_url):
    iid, code = await new_instancia(tmp_path, sqlite_url)
    await bot.start("run")
    sec, (ana, beto, carla) = await with_members(api, code)
    members = [ana, beto, carla]

    # The bot added to the group says how to link it; the secretaría's code links it.
    group = api.group(GROUP_ID, title="Instancia Luyando")
    ana_in_group = ana.in_group(group)
    await group.bot_added(by=ana)
    [hello] = await ana_in_group.wait_for("/vincular CÓDIGO", timeout=15)
    assert "Vincular un grupo" in hello.text
    await sec.press(btn("Vincular un grupo"), message=await panel(sec))
    [group_code] = await sec.wait_for("/vincular ")
    await ana_in_group.send_command("/vincular", re.search(r"/vincular ([A-Z0-9]+)", group_code.text)[1])
    await ana_in_group.wait_for("este grupo está vinculado", timeout=15)

    # A monthly series, reviewed before it is saved: nobody hears of it until then.
    day = (datetime.now(LIMA) + timedelta(days=7)).date()
    await sec.press(btn("Nueva reunión"), message=await panel(sec))
    await sec.wait_for("¿Qué día será la reunión?")
    await sec.send(day.strftime("%d/%m/%Y"))
    await sec.wait_for("¿A qué hora?")
    await sec.send("15:30")
    await sec.wait_for("¿Dónde será?")
    await sec.send("Municipalidad de Luyando, sala 2")
    await sec.wait_for("¿Cuál es la agenda?")
    await sec.send("Balance y plan de trabajo")
    [ask] = await sec.wait_for("¿La reunión es solo esta vez")
    await sec.press(btn("Repetir"), message=ask)
    [review] = await sec.wait_for("Revisa las fechas antes de guardar: 12 reuniones")
    assert len([b for b in review.buttons() if b.startswith("✅")]) == 12
    await sec.press(lambda b: b["text"].startswith("✅"), message=review)  # a date left out...
    [review2] = await sec.wait_for("11 reuniones")
    await sec.press(lambda b: b["text"].startswith("⬜"), message=review2)  # ...and put back
    [review3] = await sec.wait_for("12 reuniones")
    assert not any("Nueva reunión" in (m.text or "") for p in members for m in api.bot_messages(p.chat_id))
    await sec.press(btn("Guardar 12 y avisar"), message=review3)
    await sec.wait_for("guardé 12 reuniones")
    announced = {}
    for p in members:
        [announced[p.id]] = await p.wait_for("Nueva reunión de la instancia")
        assert "Se repite" in announced[p.id].text

    # The digest: who comes, who not, who has not answered.
    await ana.press(btn("Asistiré"), message=announced[ana.id])
    await ana.wait_for("Anoté que asistirás")
    await beto.press(btn("No podré"), message=announced[beto.id])
    await beto.wait_for("Anoté que no podrás")
    digest = await rsvp_digest(sec)
    assert "Asistirán: Ana Ruiz (CEM)" in digest.text and "No podrán: Beto Salas (Comisaría)" in digest.text
    assert "Aún no responden (2): Carla Ponce (Centro de Salud), Rosa Tello (Municipalidad)" in digest.text

    # The first meeting is held: a vote through a Telegram poll in the group.
    await first_meeting_held(sqlite_url)
    await sec.press(btn("Votación"), message=await panel(sec))
    await sec.wait_for("¿Qué se vota?")
    await sec.send("¿Hacemos la campaña en el mercado el 8 de marzo?")
    await sec.wait_for("Escribe las opciones")
    await sec.send("Sí; No")
    [closing] = await sec.wait_for("¿Hasta cuándo se puede votar?")
    await sec.press(btn("10 minutos"), message=closing)
    [opened] = await sec.wait_for("Abrí la votación")
    [poll_message] = await ana_in_group.wait_for(lambda m: "poll" in m.data, timeout=15)
    poll = poll_message.data["poll"]
    assert poll["question"] == "¿Hacemos la campaña en el mercado el 8 de marzo?" and not poll["is_anonymous"]
    [call] = [c for c in api.calls_for("sendPoll") if c.chat_id == GROUP_ID]
    assert call.params["is_anonymous"] is False and 590 <= call.params["close_date"] - datetime.now(timezone.utc).timestamp() <= 600
    for person, option in ((ana, 0), (beto, 1), (carla, 0)):
        await person.vote(poll["id"], [option])
    await answers_recorded(sqlite_url, 3)  # answers make no message: read the record
    await sec.press(btn("Cerrar la votación ahora"), message=opened)
    [result] = await sec.wait_for("Resultado de «¿Hacemos la campaña")
    assert "Sí: 2; No: 1" in result.text and "CEM: Sí" in result.text and "Comisaría: No" in result.text
    await ana_in_group.wait_for("Resultado de «¿Hacemos la campaña", timeout=15)

    # The acta, from Telegram: attendance by seat, an agreement, notes; then the PDF for all.
    await sec.press(btn("Acta y asistencia"), message=await panel(sec))
    [which] = await sec.wait_for("¿De qué reunión")
    await sec.press(lambda b: b["text"].startswith("📅"), message=which)
    [sheet] = await sec.wait_for(has_button("Guardar asistencia"))
    for who in ("Rosa Tello", "Ana Ruiz"):
        await sec.press(btn(who), message=api.bot_messages(sec.chat_id)[-1])
        await sec.wait_for(has_button("Guardar asistencia"))
    for _ in range(2):
        await sec.press(btn("Carla Ponce"), message=api.bot_messages(sec.chat_id)[-1])
        await sec.wait_for(has_button("Guardar asistencia"))
    await sec.press(btn("Guardar asistencia"), message=api.bot_messages(sec.chat_id)[-1])
    [hub] = await sec.wait_for(has_button("Notas y cerrar el acta"))
    assert "Presentes (2): Municipalidad, CEM" in hub.text and "Sí: 2; No: 1" in hub.text
    await sec.press(btn("Nuevo acuerdo"), message=hub)
    await sec.wait_for("Escribe el acuerdo")
    await sec.send("Difundir la Línea 100 en la feria dominical")
    [which_seat] = await sec.wait_for("¿Qué institución es responsable?")
    await sec.press("🏢 CEM", message=which_seat)
    await sec.wait_for("¿Para cuándo debe cumplirse?")
    due = date.today() + timedelta(days=20)
    await sec.send(due.strftime("%d/%m/%Y"))
    [saved] = await sec.wait_for("guardé el acuerdo")
    await sec.press(btn("Seguir con el acta"), message=saved)
    [hub] = await sec.wait_for(has_button("Notas y cerrar el acta"))
    await sec.press(btn("Notas y cerrar el acta"), message=hub)
    await sec.wait_for("Escribe las notas")
    await sec.send("Se acordó coordinar con la UGEL.")
    [mine] = await sec.wait_for(is_document, timeout=15)
    await sec.wait_for("la envié a 3 integrantes y al grupo")
    content = api.files[mine.data["document"]["file_id"]].content
    text = pdf_text(content)
    assert "Presentes (2): Municipalidad, CEM" in text and "Justificaron (1): Centro de Salud" in text and "Ausentes (1): Comisaría" in text
    assert "Difundir la Línea 100 en la feria dominical — responsable: CEM" in text
    assert "Sí: 2; No: 1" in text and "Se acordó coordinar con la UGEL." in text
    for chat in (ana, beto, carla, ana_in_group):
        [doc] = await chat.wait_for(is_document, timeout=15)
        assert api.files[doc.data["document"]["file_id"]].content == content

    # Ana's constancia de asistencia.
    await ana.press(btn("Constancia de asistencia"), message=await panel(ana))
    [years] = await ana.wait_for("¿De qué año")
    await ana.press(btn(str(datetime.now(LIMA).year)), message=years)
    [constancia] = await ana.wait_for(is_document)
    assert "CEM, representada por Ana Ruiz, asistió a 1 de 1 reuniones" in pdf_text(api.files[constancia.data["document"]["file_id"]].content)

    # Ana is replaced: the seat stays, vacant; Dora, invited to it, gets its agreement and the acta.
    await sec.press(btn("Integrantes"), message=await panel(sec))
    [listing] = await sec.wait_for(has_button("Retirar a Ana Ruiz"))
    await sec.press(btn("Retirar a Ana Ruiz"), message=listing)
    [after] = await sec.wait_for(has_button("Código para el asiento de CEM"))
    assert "• CEM: vacante" in after.text
    await sec.press(btn("Código para el asiento de CEM"), message=after)
    [seat_code] = await sec.wait_for("asiento de CEM:")
    dora = api.user(6104, first_name="Dora")
    await dora.send_command("/start")
    await dora.wait_for("Línea 100", timeout=30)
    await dora.press(btn("Sí, estoy de acuerdo"))
    await dora.send_command("/instancia")
    [none] = await dora.wait_for("Todavía no eres integrante")
    await dora.press(btn("Unirme con un código"), message=none)
    await dora.wait_for("Escribe tu código")
    await dora.send(re.search(r"asiento de CEM: ([A-Z0-9]+)", seat_code.text)[1])
    await dora.wait_for("(asiento de CEM). ¿Cuál es tu nombre?")
    await dora.send("Dora Quispe")
    [handover] = await dora.wait_for("El asiento de CEM tiene 1 acuerdo pendiente", timeout=15)
    assert "Difundir la Línea 100 en la feria dominical" in handover.text
    [acta] = await dora.wait_for(is_document)
    assert api.files[acta.data["document"]["file_id"]].content == content

    # The bot removed from the group: unlinked, and the secretaría is told.
    await group.bot_removed(by=beto)
    await sec.wait_for("Me retiraron del grupo", timeout=15)
    assert not real_rejections(api), real_rejections(api)
