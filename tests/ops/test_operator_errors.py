"""An operator's mistake, or the world being away, gives one or two clear lines and a non-zero exit,
never a traceback: `acompana` run as a process, as an operator would run it."""
import asyncio
import os
import signal
import socket

import pytest

from tests.e2e.botproc import CLOSED, PIPE, TOKEN, BotProcess, spawn
from tests.fakeapi import FakeBotAPI


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then freed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def finish(proc: BotProcess, *command: str, timeout: float = 90) -> tuple[int, str]:
    await proc.start(*command)
    try:
        code = await asyncio.wait_for(proc.proc.wait(), timeout)
    except TimeoutError:
        await proc.kill()
        raise AssertionError(f"`acompana {' '.join(command)}` did not stop:\n{proc.output()[-2000:]}")
    return code, proc.output()[proc._started_at:]  # this run only


def said(output: str) -> list[str]:
    """What acompana itself printed (log lines from before the failure aside)."""
    assert "Traceback" not in output, output[-3000:]
    return [line for line in output.splitlines() if line.startswith("acompana: ")]


@pytest.fixture
async def api():
    async with FakeBotAPI(token=TOKEN) as server:
        yield server


@pytest.fixture
def proc(tmp_path, sqlite_url):
    def make(api_base: str | None = None, **env: str) -> BotProcess:
        return BotProcess(tmp_path / "bot", sqlite_url, api_base, **env)

    return make


async def test_malformed_database_url(proc, api):
    code, out = await finish(proc(api.base_url, DATABASE_URL="postgres//acompana@db"), "run")
    [line] = said(out)
    assert code == 2 and "DATABASE_URL: debe ser una URL" in line and "«postgres//acompana@db»" in line


async def test_unreachable_postgresql(proc, api):
    url = f"postgresql+asyncpg://acompana:pw@127.0.0.1:{closed_port()}/acompana"
    code, out = await finish(proc(api.base_url, DATABASE_URL=url), "run")
    lines = said(out)
    assert code == 1 and 1 <= len(lines) <= 2, out
    assert "No puedo conectar con PostgreSQL en 127.0.0.1" in lines[0] and "rechazada" in lines[0]
    assert "pw@" not in out


async def test_unreadable_sqlite_file(proc, api, tmp_path):
    (tmp_path / "not-a-db.sqlite3").write_bytes(b"this is not sqlite" * 100)
    code, out = await finish(proc(api.base_url, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/not-a-db.sqlite3"), "run")
    lines = said(out)
    assert code == 1 and "no es una base de datos SQLite" in lines[0], out


async def test_bad_token(proc, api):
    code, out = await finish(proc(api.base_url, TELEGRAM_BOT_TOKEN="999999:WRONG-token"), "run")
    [line] = said(out)
    assert code == 1 and "TELEGRAM_BOT_TOKEN" in line and "401" in line
    assert "WRONG-token" not in out


async def test_bad_token_in_webhook_mode(proc, api):
    env = dict(TELEGRAM_BOT_TOKEN="999999:WRONG-token", WEBHOOK_URL="https://bot.example.org/webhook",
               WEBHOOK_SECRET="s3cret", WEBHOOK_PORT=str(closed_port()))
    code, out = await finish(proc(api.base_url, **env), "webhook")
    [line] = said(out)
    assert code == 1 and "401" in line


async def test_no_network(proc):
    code, out = await finish(proc(f"http://127.0.0.1:{closed_port()}"), "run")
    lines = said(out)
    assert code == 1 and 1 <= len(lines) <= 2
    assert "No puedo conectar con Telegram" in lines[0] and "TELEGRAM_API_BASE" in lines[-1]


@pytest.mark.parametrize("port", ["ocho mil", "0", "65536", "-1"])
async def test_bad_webhook_port(proc, api, port):
    env = dict(WEBHOOK_URL="https://bot.example.org/webhook", WEBHOOK_SECRET="s3cret", WEBHOOK_PORT=port)
    code, out = await finish(proc(api.base_url, **env), "webhook")
    [line] = said(out)
    assert code == 2 and line.startswith("acompana: WEBHOOK_PORT: debe ser un número de puerto entre 1 y 65535")


async def test_webhook_port_in_use(proc, api):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = dict(WEBHOOK_URL="https://bot.example.org/webhook", WEBHOOK_SECRET="s3cret", WEBHOOK_PORT=str(port))
        code, out = await finish(proc(api.base_url, **env), "webhook")
    [line] = said(out)
    assert code == 2 and f"127.0.0.1:{port}" in line and "ya está en uso" in line


async def console(proc: BotProcess, feed: bytes | None) -> tuple[int, str, str]:
    """`acompana chat` fed `feed` on stdin, or with stdin closed altogether (None)."""
    proc.workdir.mkdir(parents=True, exist_ok=True)
    # Forked warm (tests/e2e/zygote.py): the same `acompana chat`, without seconds of imports; with
    # stdin closed, the child has no descriptor 0 and no sys.stdin, as Python started that way.
    process = await spawn("--env-file", "no.env", "chat", cwd=proc.workdir, env=proc.env,
                          stdin=CLOSED if feed is None else PIPE, stdout=PIPE, stderr=PIPE)
    out, err = await asyncio.wait_for(process.communicate(feed), 90)
    return process.returncode, out.decode(errors="replace"), err.decode(errors="replace")


@pytest.mark.parametrize("feed", [None, b""], ids=["stdin-closed", "ctrl-d"])
async def test_console_ends_quietly_at_the_end_of_input(proc, feed):
    # The scheduler at its own pace (not the tests' half second): on a busy machine a tick that
    # overran the next one is a warning of APScheduler's on stderr, which must be empty here.
    code, out, err = await console(proc(DATA_KEY="", SCHEDULER_TICK_SECONDS="5"), feed)
    assert code == 0 and "Traceback" not in out + err and err.strip() == "", err
    assert "Línea 100" in out  # it greeted her before the input ended


async def test_console_takes_binary_junk_and_goes_on(proc):
    junk = bytes(range(256)) * 4 + b"\xff\xfe\xc3(\n\x00\x00\n\x1b[A\x1b[B\n\xe2\x82\n\xb2\n" + "²\n".encode() + b"9" * 5000 + b"\n"
    code, out, err = await console(proc(DATA_KEY=""), b"1\n" + junk + b"/salir\n")
    assert code == 0 and "Traceback" not in out + err, err[-3000:]
    assert "Listo." in out  # /salir after the junk was still understood


async def test_ctrl_c_during_start_and_while_running(proc, api):
    for delay in (0.5, 1.5, 3.0):  # while importing, migrating, starting
        bot = proc(api.base_url)
        await bot.start("run")
        await asyncio.sleep(delay)
        if bot.proc.returncode is None:
            bot.proc.send_signal(signal.SIGINT)
        code = await asyncio.wait_for(bot.proc.wait(), 60)
        lines = said(bot.output())
        assert code in (0, 130), (delay, code, bot.output()[-2000:])
        assert len(lines) <= 1 and all("Ctrl+C" in line for line in lines), lines
        bot.log.unlink()
    bot = proc(api.base_url)
    await bot.start("run")
    await bot.ready()
    bot.proc.send_signal(signal.SIGINT)
    assert await asyncio.wait_for(bot.proc.wait(), 60) == 0
    assert said(bot.output()) == []


async def test_postgresql_without_that_database_or_that_user(proc, api, pg_admin_url):
    base = pg_admin_url.rsplit("/", 1)[0]
    code, out = await finish(proc(api.base_url, DATABASE_URL=base + "/no_such_database"), "migrate")
    [line] = said(out)
    assert code == 1 and "No existe la base de datos" in line and "no_such_database" in line
    code, out = await finish(proc(api.base_url, DATABASE_URL=base.replace("postgres@", "nadie@") + "/postgres"), "migrate")
    lines = said(out)
    assert code == 1 and "rechazó el usuario o la clave" in lines[0]


async def test_an_api_base_that_is_not_the_bot_api(proc, api):
    code, out = await finish(proc(api.base_url + "/otra/cosa"), "run")
    [line] = said(out)
    assert code == 1 and "no es la Bot API de Telegram" in line and "TELEGRAM_API_BASE" in line
