"""Issue 9 end to end: the bot as a process against the fake Bot API, and in the console. The
self-check to urgent, then her safety plan, then a prioritised request; a neutral first line and
protect_content on what reaches her unprompted; /salir hides the chat and her case stays open."""
from __future__ import annotations

import re

from sqlalchemy import select

from flows.orientation.selfcheck import questions
from storage.db import make_engine, make_sessionmaker
from storage.models.accompaniment import Case
from storage.models.safety import SafetySettings
from tests.e2e.botproc import BotProcess, ConsoleDriver, btn, real_rejections
from tests.e2e.test_accompaniment_process import YANACANCHA, cli_invite, db, has_button, join_staff, start_and_consent  # noqa: F401  (db: fixture)

NEUTRAL = "Tienes un mensaje nuevo."
PLAN = ("Estoy pensando en irme", "Sí", "Sí, tengo un lugar", "Sí", "Todavía no", "Entendido", "Entendido")


def exactly(label: str):
    return lambda b: b["text"] == label


async def test_urgent_self_check_plan_and_a_prioritised_request_on_telegram(api, bot, db, tmp_path, sqlite_url):
    await bot.start("run")
    rosa = await join_staff(api, 920000901, await cli_invite(tmp_path, sqlite_url, "mentora", YANACANCHA), "Rosaura")
    her = api.user(777900901, first_name="Yesenia")
    await start_and_consent(her)
    await her.press(btn("Orientación para mujeres"))
    await her.wait_for(has_button("Test"), timeout=20)

    # The self-check: only "¿Alguna vez te ha apretado el cuello...?" answered "Sí".
    await her.press(btn("Test"))
    await her.wait_for("no un diagnóstico", timeout=20)
    await her.press(btn("18 años o más"))
    for number, q in enumerate(questions(), start=1):
        [asked] = await her.wait_for(f"Pregunta {number} de {len(questions())}", timeout=20)
        await her.press(exactly("Sí" if q.id == "strangle" else "No"), message=asked)
    [result] = await her.wait_for("peligro grave", timeout=20)
    assert "105" in result.text and "Línea 100" in result.text
    assert {"🛡️ Mi plan de seguridad", "🤝 Hablar con una mentora ahora", "🆘 Emergencia"} <= set(result.buttons())

    # Her plan, step by step, kept encrypted because she chose it.
    await her.press(btn("Mi plan de seguridad"), message=result)
    for number, label in enumerate(PLAN, start=1):
        [step] = await her.wait_for(f"Paso {number} de 7", timeout=20)
        await her.press(exactly(label), message=step)
    [summary] = await her.wait_for("¿Quieres que lo guarde", timeout=20)
    assert "Piensas irte" in summary.text
    await her.press(btn("Sí, guárdalo"), message=summary)
    [saved] = await her.wait_for("guardé tu plan", timeout=20)
    async with db.sessions() as session:
        [stored] = (await session.execute(select(SafetySettings.plan_enc))).scalars().all()
    assert "leave" not in stored

    # A mentora now: the request is prioritaria; she is not asked her age again.
    await her.press(btn("Hablar con una mentora ahora"), message=saved)
    [asked] = await her.wait_for("¿en qué distrito estás?", timeout=20)
    assert "¿qué edad tienes?" not in asked.text
    await her.send("yanacansha pasco")
    await her.wait_for("¿Ya denunciaste", timeout=20)
    await her.press(btn("Sí, ya denuncié"))  # a mentora, as Rosaura is
    await her.wait_for("¿A qué hora es seguro escribirte?", timeout=20)
    await her.press(btn("Cualquier hora"))
    await her.wait_for("¿aceptas que", timeout=20)
    await her.press(btn("Sí, que me escriban aquí"))
    [created] = await her.wait_for(re.compile(r"Tu número de caso es el \d+"), timeout=20)
    case_id = int(re.search(r"caso es el (\d+)", created.text)[1])
    assert (await db.case(case_id)).priority is True
    [notice] = await rosa.wait_for("Nuevo pedido", timeout=20)
    assert "PRIORITARIO" in notice.text and "cuello" not in notice.text

    # What reaches her unprompted opens neutral; the relay is protected both ways.
    her.mark()
    await rosa.press(btn("Aceptar"), message=notice)
    [accepted] = await her.wait_for(NEUTRAL, timeout=20)
    assert accepted.text.split("\n")[0] == NEUTRAL
    await her.send("Hola")
    await rosa.wait_for(count=2, timeout=20)
    her.mark()
    await rosa.send("Hola, ¿cómo estás?")
    header, copied = await her.wait_for(count=2, timeout=20)
    assert header.text.split("\n")[0] == NEUTRAL and copied.text == "Hola, ¿cómo estás?"
    copies = api.calls_for("copyMessage")
    assert {c.chat_id for c in copies} == {her.chat_id, rosa.chat_id}
    assert all(c.params.get("protect_content") is True for c in copies)
    to_her = [c for c in api.calls_for("sendMessage") if c.chat_id == her.chat_id and c.params["text"].startswith(NEUTRAL)]
    assert len(to_her) == 2 and all(c.params.get("protect_content") is True for c in to_her)

    # /salir hides: her case stays open and Rosaura, told nothing, can still write.
    told = len(rosa.messages())
    await her.send_command("/salir")
    [done] = await her.wait_for("48 horas", timeout=20)
    assert "Eliminar chat" in done.text
    assert (await db.case(case_id)).status == "open"
    assert len(rosa.messages()) == told
    her.mark()
    await rosa.send("Sigo aquí")
    header, copied = await her.wait_for(count=2, timeout=20)
    assert header.text.split("\n")[0] == NEUTRAL and copied.text == "Sigo aquí"
    assert not real_rejections(api), real_rejections(api)


async def test_urgent_self_check_plan_and_a_prioritised_request_in_the_console(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'safety.sqlite3'}"
    proc = BotProcess(tmp_path / "console", url, DATA_KEY="")
    await proc.start("chat", stdin=True)
    chat = ConsoleDriver(proc)
    try:
        await chat.read()
        await chat.press("Sí, estoy de acuerdo")
        await chat.press("Orientación para mujeres")
        await chat.press("Test")
        out = await chat.press("18 años o más")
        for q in questions():
            assert "Pregunta" in out
            out = await chat.send("sí" if q.id == "weapon" else "no")
        assert "peligro grave" in out and "105" in out
        out = await chat.press("Mi plan de seguridad")
        for label in PLAN:
            choices = dict((lab, n) for n, lab in re.findall(r"^\s+(\d+)\) (.+)$", out, flags=re.M))
            out = await chat.send(choices[label])
        assert "Tu plan de seguridad" in out
        out = await chat.press("No lo guardes")
        assert "no quedó en ningún lado" in out
        out = await chat.press("Hablar con una mentora ahora")
        assert "¿en qué distrito estás?" in out
        await chat.send("yanacansha pasco")
        await chat.press("Todavía no")
        await chat.press("Cualquier hora")
        out = await chat.press("Sí, que me escriban aquí")
        assert "Tu número de caso" in out
    finally:
        await chat.close()
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            [case] = (await session.execute(select(Case))).scalars().all()
            assert case.priority is True
            assert (await session.execute(select(SafetySettings.plan_enc))).scalars().all() in ([], [None])
    finally:
        await engine.dispose()
