"""The console runner driven through its standard input, as a person trying the bot would."""
import asyncio

from tests.e2e.botproc import MODEL_CACHE, BotProcess


async def test_console_chat_walks_the_menu_and_resumes_after_a_restart(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'console.sqlite3'}"
    proc = BotProcess(tmp_path / "console", url, DATA_KEY="")
    await proc.start("chat", stdin=True)
    # 1: consent; 1: women's orientation; /menu; 5: privacy; then the erase question is left open.
    script = "1\n1\n/menu\n5\n3\n"
    out, _ = await asyncio.wait_for(proc.proc.communicate(script.encode()), 60)
    text = out.decode()
    assert "Línea 100" in text and "1) Sí, estoy de acuerdo" in text
    assert "Orientación para mujeres" in text and "Tu privacidad" in text
    assert "¿Quieres que borre" in text
    assert (tmp_path / "console" / "data" / "console.key").exists()  # a local key was made

    proc2 = BotProcess(tmp_path / "console", url, DATA_KEY="")
    await proc2.start("chat", stdin=True)
    out, _ = await asyncio.wait_for(proc2.proc.communicate("/salir\n".encode()), 60)
    text = out.decode()
    assert "\033[2J" in text and "Listo." in text


async def test_console_reaches_every_entry_of_the_menu(tmp_path):
    import re

    from tests.e2e.botproc import ConsoleDriver

    proc = BotProcess(tmp_path / "menu", f"sqlite+aiosqlite:///{tmp_path / 'm.sqlite3'}", DATA_KEY="")
    await proc.start("chat", stdin=True)
    chat = ConsoleDriver(proc)
    try:
        await chat.read()
        menu = await chat.press("Sí, estoy de acuerdo")
        entries = re.findall(r"^\s+\d+\) (.+)$", menu, flags=re.M)
        assert len(entries) == 5
        for label in entries:
            await chat.send("/menu")
            answer = await chat.press(label)
            assert re.search(r"^\s+1\) ", answer, flags=re.M), f"{label}: no choices offered"
    finally:
        await chat.close()


async def test_the_readme_start_command_opens_the_console_without_a_token(tmp_path):
    """`./start.sh` as the README gives it: no token, so the console chat on a SQLite file."""
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_", "CONSOLE_", "DATA_KEY", "VIRTUAL_ENV"))}
    env.update(CONSOLE_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'start.sqlite3'}", DATA_KEY="start-test-key-0123456789-abcdefghijkl",
               MODEL_CACHE_DIR=str(MODEL_CACHE))  # the run's models: not learned again (a minute) when the content changed
    proc = await asyncio.create_subprocess_exec(
        "bash", str(root / "start.sh"), "--env-file", str(tmp_path / "none.env"),
        env=env, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(b"1\n/salir\n"), 300)
    text = out.decode()
    assert proc.returncode == 0, text[-2000:]
    assert "No hay TELEGRAM_BOT_TOKEN" in text and "Línea 100" in text and "Listo." in text
    assert (tmp_path / "start.sqlite3").exists()
