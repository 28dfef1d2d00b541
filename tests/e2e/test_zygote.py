"""Warm starts (tests/e2e/zygote.py): a forked bot is a real process of its own, killed for real,
with its exit code, its own descriptors and its own environment."""
import os
import signal

import pytest

from tests.e2e import botproc
from tests.e2e.botproc import PIPE, BotProcess, ForkedProcess, spawn


@pytest.fixture
def warm():
    if botproc._zygote.failed:
        pytest.skip("warm starts are off here (ACOMPANA_TEST_ZYGOTE=0 or no fork)")


async def test_a_forked_bot_is_its_own_process_and_dies_of_kill_9(warm, api, bot):
    await bot.start("run")
    await bot.ready()
    assert isinstance(bot.proc, ForkedProcess)
    assert bot.proc.pid not in (os.getpid(), botproc._zygote.pid)
    assert os.path.exists(f"/proc/{bot.proc.pid}")
    status = dict(line.split(":\t", 1) for line in open(f"/proc/{bot.proc.pid}/status").read().splitlines() if ":\t" in line)
    assert int(status["PPid"]) == botproc._zygote.pid and int(status["Tgid"]) == bot.proc.pid
    assert api.calls  # it talks to the fake API its environment names, not the zygote's
    await bot.kill()
    assert bot.proc.returncode == -signal.SIGKILL
    assert not os.path.exists(f"/proc/{bot.proc.pid}") or open(f"/proc/{bot.proc.pid}/stat").read().split()[2] == "Z"


async def test_a_forked_command_has_its_pipes_and_exit_code(warm, tmp_path):
    env = BotProcess(tmp_path, "sqlite+aiosqlite:///" + str(tmp_path / "x.sqlite3")).env
    proc = await spawn("--env-file", "no.env", "no-such-command", cwd=tmp_path, env=env, stdout=PIPE, stderr=PIPE)
    out, err = await proc.communicate()
    assert isinstance(proc, ForkedProcess) and proc.returncode == 2 and out == b""
    assert b"invalid choice" in err or "opción inválida".encode() in err, err
    proc = await spawn("--help", cwd=tmp_path, env=env, stdout=PIPE, stderr=PIPE)
    out, _ = await proc.communicate()
    assert proc.returncode == 0 and b"usage: acompana" in out
