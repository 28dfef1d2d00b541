"""Issue 3's scenario, as a new user would live it: a woman in Yanacancha, on the fake Telegram
server with the bot as a process, and in the console."""

from flows.orientation.selfcheck import questions
from tests.e2e.botproc import FAST, BotProcess, ConsoleDriver
from tests.e2e.botproc import btn, real_rejections


async def test_woman_in_yanacancha_on_telegram(api, tmp_path, sqlite_url):
    bot = BotProcess(tmp_path / "bot", sqlite_url, api.base_url, ACOMPANA_TESTING="1", ACOMPANA_TEST_PACE=FAST)
    await bot.start("run")
    try:
        ana = api.user(6001, first_name="Ana")
        await ana.send_command("/start")
        await ana.wait_for("Línea 100", timeout=20)
        await ana.press(btn("Sí, estoy de acuerdo"))
        await ana.wait_for("¿En qué te puedo ayudar?")
        await ana.press(btn("Orientación para mujeres"))
        await ana.wait_for()

        # The types of violence.
        await ana.press(btn("Tipos de violencia"))
        await ana.wait_for("Ley N° 30364")
        await ana.press(btn("Psicológica"))
        await ana.wait_for("celular")
        await ana.press(btn("Volver"))
        await ana.wait_for()

        # The self-check, interrupted by a danger phrase.
        await ana.press(btn("Volver"))
        await ana.wait_for()
        await ana.press(btn("Test"))
        await ana.wait_for("no un diagnóstico")
        await ana.press(btn("18 años o más"))
        await ana.wait_for(f"Pregunta 1 de {len(questions())}")
        await ana.press(btn("Sí"))
        await ana.wait_for(f"Pregunta 2 de {len(questions())}")
        await ana.send("me esta pegando, auxilio")
        [first] = await ana.wait_for()
        assert "Línea 100" in first.text and "105" in first.text  # the very first answer
        await ana.wait_for("Cuando puedas, aquí sigo")
        await ana.press(btn("Seguir donde estaba"))
        await ana.wait_for(f"Pregunta 2 de {len(questions())}")
        for question in range(2, len(questions()) + 1):
            await ana.press(btn("No"))
            await ana.wait_for()
        # Services: her district typed with a typo.
        await ana.press(btn("Servicios cerca"))
        await ana.wait_for()
        await ana.send("yanacansha pasco")
        [services] = await ana.wait_for("Yanacancha")
        assert "Línea 100" in services.text

        # Quick exit: every message of the conversation, hers and the bot's, gets deleted.
        await ana.send_command("/salir")
        await ana.wait_for("Listo.")
        deleted = set(api.deleted_ids(ana.chat_id))
        before_exit = [m for m in api.chat_messages(ana.chat_id) if m.text != "Listo." and "Eliminar chat" not in (m.text or "")]
        missing = [(m.message_id, m.from_bot, (m.text or "")[:30]) for m in before_exit if m.message_id not in deleted]
        assert not missing, missing
        assert not real_rejections(api), real_rejections(api)
    finally:
        await bot.stop()


async def test_woman_in_yanacancha_in_the_console(tmp_path):
    proc = BotProcess(tmp_path / "console", f"sqlite+aiosqlite:///{tmp_path / 'c.sqlite3'}", DATA_KEY="")
    await proc.start("chat", stdin=True)
    chat = ConsoleDriver(proc)
    try:
        assert "Línea 100" in await chat.read()
        await chat.press("Sí, estoy de acuerdo")
        await chat.press("Orientación para mujeres")
        assert "Ley N° 30364" in await chat.press("Tipos de violencia")
        await chat.press("Volver")
        assert "no un diagnóstico" in await chat.press("Test")
        assert f"Pregunta 1 de {len(questions())}" in await chat.press("18 años o más")
        await chat.press("Sí")
        out = await chat.send("tengo miedo de que me mate")
        assert out.index("Línea 100") < out.index("Seguir donde estaba")
        assert f"Pregunta 2 de {len(questions())}" in await chat.press("Seguir donde estaba")
        for _ in range(len(questions()) - 1):
            out = await chat.press("No")
        out = await chat.press("Servicios cerca")
        out = await chat.send("yanacansha pasco")
        assert "Yanacancha" in out
        out = await chat.send("/salir")
        assert "\033[2J" in out and "Listo." in out
    finally:
        await chat.close()
