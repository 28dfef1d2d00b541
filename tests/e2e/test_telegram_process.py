"""The bot as a process (`acompana run` / `acompana webhook`) against the fake Bot API server on
loopback, driven by a person pressing the buttons the bot sent."""
import asyncio
import socket

from tests.e2e.botproc import BotProcess, btn, real_rejections


async def test_a_new_user_reaches_the_menu_and_every_entry(api, bot):
    await bot.start("run")
    ana = api.user(5001, first_name="Ana")
    await ana.send_command("/start")
    [welcome] = await ana.wait_for("Línea 100", timeout=20)
    assert "Sí, estoy de acuerdo" in ana.buttons(welcome)
    await ana.press(btn("Sí, estoy de acuerdo"))
    [menu] = await ana.wait_for("¿En qué te puedo ayudar?")
    entries = ana.buttons(menu)
    assert len(entries) == 5
    for label in entries:
        await ana.press(label, message=menu)
        [answer] = await ana.wait_for()
        assert answer.text
    assert not real_rejections(api), real_rejections(api)
    assert api.calls_for("setMyCommands")
    # Every button press got its callback answered (no endless spinner). The last press's answer
    # may reach the API just after the message it led to (it is not ordered with it): waited for.
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while len(api.calls_for("answerCallbackQuery")) < len(entries) + 1 and loop.time() < deadline:
        await api.wait_change(0.2)
    assert len(api.calls_for("answerCallbackQuery")) == len(entries) + 1


async def test_a_restart_in_the_middle_of_a_flow_resumes_it(api, bot):
    await bot.start("run")
    ana = api.user(5002)
    await ana.send_command("/start")
    await ana.wait_for("Línea 100", timeout=20)
    await ana.press(btn("Sí, estoy de acuerdo"))
    await ana.wait_for("¿En qué te puedo ayudar?")
    await ana.press(btn("Privacidad"))
    await ana.wait_for("Tu privacidad")
    await ana.press(btn("Borrar mis datos"))
    await ana.wait_for("¿Quieres que borre")
    await bot.kill()
    await bot.start("run")
    await ana.send("¿sigues ahí?")
    await ana.wait_for("¿Quieres que borre", timeout=20)  # asked again, where she was
    await ana.press(btn("No, volver"))
    await ana.wait_for("No borré nada")
    assert not real_rejections(api), real_rejections(api)


async def test_quick_exit_deletes_both_sides_of_the_conversation(api, bot):
    await bot.start("run")
    ana = api.user(5003)
    await ana.send_command("/start")
    await ana.wait_for("Línea 100", timeout=20)
    await ana.send("hola")
    await ana.wait_for("No entendí")
    await ana.send_command("/salir")
    await ana.wait_for("Listo.")
    deleted = set(api.deleted_ids(ana.chat_id))
    everything = [m for m in api.chat_messages(ana.chat_id) if m.text not in ("Listo.",) and "Eliminar chat" not in (m.text or "")]
    assert {m.message_id for m in everything} <= deleted


async def test_a_message_that_hit_a_telegram_error_arrives_later(api, bot):
    await bot.start("run")
    ana = api.user(5004)
    api.fail_next("sendMessage", status=502, times=6)  # more than the immediate retries
    await ana.send_command("/start")
    [welcome] = await ana.wait_for("Línea 100", timeout=30)  # delivered from the outbox on a later tick
    assert welcome


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_webhook_mode_answers_updates_and_refuses_a_wrong_secret(api, tmp_path, sqlite_url):
    port = _free_port()
    proc = BotProcess(
        tmp_path / "hook", sqlite_url, api.base_url,
        WEBHOOK_URL=f"http://127.0.0.1:{port}/webhook", WEBHOOK_SECRET="s3cret-token", WEBHOOK_HOST="127.0.0.1", WEBHOOK_PORT=str(port),
    )
    await proc.start("webhook")
    try:
        for _ in range(100):
            if api.webhook and api.webhook.get("url"):
                break
            await asyncio.sleep(0.2)
        assert api.webhook["secret_token"] == "s3cret-token", proc.output()[-2000:]
        for _ in range(50):  # the server may still be binding its port
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            await asyncio.sleep(0.2)
        ana = api.user(5005)
        await ana.send_command("/start")
        await ana.wait_for("Línea 100", timeout=20)
        forged = api.new_update("message", {"message_id": 1, "date": 0, "chat": {"id": 5005, "type": "private"}, "text": "/start"})
        status, _ = await api.post_webhook(forged, secret_token="wrong")
        assert status in (401, 403)
        status, _ = await api.post_webhook(forged, secret_token=None)
        assert status in (401, 403)
    finally:
        await proc.stop()


async def test_telegram_mode_refuses_to_start_without_a_data_key(api, tmp_path, sqlite_url):
    proc = BotProcess(tmp_path / "nokey", sqlite_url, api.base_url, DATA_KEY="")
    await proc.start("run")
    code = await asyncio.wait_for(proc.proc.wait(), 30)
    assert code == 2
    assert "DATA_KEY" in proc.output()
