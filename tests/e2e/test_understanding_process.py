"""Issue 8 end to end: the bot as a process against the fake Bot API understands crises and typed
requests written in a person's own words, at the menu, inside a flow, in a caption and an edit."""
from tests.e2e.botproc import FAST, BotProcess, btn


async def test_crises_and_typed_requests_on_telegram(api, tmp_path, sqlite_url):
    bot = BotProcess(tmp_path / "bot", sqlite_url, api.base_url, ACOMPANA_TESTING="1", ACOMPANA_TEST_PACE=FAST)
    await bot.start("run")
    await bot.ready()  # the first start of a session learns the examples before it listens
    try:
        ana = api.user(6801, first_name="Ana")
        await ana.send_command("/start")
        await ana.wait_for("Línea 100", timeout=20)
        await ana.press(btn("Sí, estoy de acuerdo"))
        await ana.wait_for("¿En qué te puedo ayudar?")

        # Typed at the menu instead of pressing a button.
        await ana.send("q es la violencia economica")
        await ana.wait_for("económica")
        await ana.send("carabayllo")
        await ana.wait_for("Carabayllo")

        # Inside the self-check, violence told in her words: the danger answer comes first.
        await ana.send("menu")
        await ana.wait_for()
        await ana.press(btn("Orientación para mujeres"))
        await ana.wait_for()
        await ana.press(btn("Test"))
        await ana.wait_for("no un diagnóstico")
        await ana.send("anoche me agarro del cuello y no podia respirar")
        [first] = await ana.wait_for()
        assert len(first.text) <= 600 and "Línea 100" in first.text and "105" in first.text
        await ana.wait_for("Cuando puedas, aquí sigo")

        # Thoughts of suicide in a photo's caption, then in an edited message.
        await ana.send_photo(caption="ya no quiero seguir viviendo")
        [suicide] = await ana.wait_for("113")
        assert "opción 5" in suicide.text
        await ana.wait_for("Cuando puedas, aquí sigo")
        await ana.send("hola")
        await ana.wait_for()
        await ana.edit_last("mi esposo me quiere matar")
        [edited] = await ana.wait_for("105")
        assert "Línea 100" in edited.text

        # A man afraid of what he may do gets what to do now and a number, and Entre patas.
        beto = api.user(6802, first_name="Beto")
        await beto.send_command("/start")
        await beto.wait_for("Línea 100", timeout=20)
        await beto.send("siento q en cualquier momento le meto un combo a mi mujer")
        [men] = await beto.wait_for("Aléjate")
        assert "105" in men.text and "Línea 100" in men.text
    finally:
        await bot.stop()
