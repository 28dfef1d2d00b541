"""The bot as a real process (`acompana run`, `webhook` or `chat`), for end-to-end tests."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
import tempfile
from pathlib import Path

TOKEN = "123456:TEST-e2e-token"
DATA_KEY = "e2e-data-key-0123456789-abcdefghijklmnop"
MODEL_CACHE = Path(tempfile.gettempdir()) / "acompana-test-models"


def acompana() -> list[str]:
    script = Path(sys.executable).parent / "acompana"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


class BotProcess:
    def __init__(self, workdir: Path, database_url: str, api_base: str | None = None, **extra_env: str) -> None:
        self.workdir = workdir
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "DATABASE_", "DATA_KEY"))},
            "DATABASE_URL": database_url,
            "DATA_KEY": DATA_KEY,
            "SCHEDULER_TICK_SECONDS": "0.5",
            "LOG_LEVEL": "INFO",
            "MODEL_CACHE_DIR": str(MODEL_CACHE),  # one cache for every start of the session
            **({"TELEGRAM_API_BASE": api_base, "TELEGRAM_BOT_TOKEN": TOKEN} if api_base else {}),
            **extra_env,
        }
        self.proc: asyncio.subprocess.Process | None = None
        self.log = workdir / "bot.log"

    async def start(self, *command: str, stdin: bool = False) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._started_at = len(self.output())
        logfile = open(self.log, "ab")
        self.proc = await asyncio.create_subprocess_exec(
            *acompana(), "--env-file", str(self.workdir / "no.env"), *command,
            cwd=self.workdir,
            env=self.env,
            stdin=asyncio.subprocess.PIPE if stdin else asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE if stdin else logfile,
            stderr=logfile,
        )
        logfile.close()

    async def ready(self, timeout: float = 60) -> None:
        """Wait until the runner says it is up (polling started, or the webhook listening)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not any(s in self.output()[self._started_at:] for s in ("polling started", "webhook listening")):
            if loop.time() > deadline or self.proc.returncode is not None:
                raise AssertionError(f"the bot did not start:\n{self.output()[-3000:]}")
            await asyncio.sleep(0.05)

    async def kill(self) -> None:
        """As a crash would: no goodbye."""
        if self.proc and self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()

    async def stop(self) -> None:
        if self.proc and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                await self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


class ConsoleDriver:
    """Drives `acompana chat` through its standard input as a person at a terminal would:
    type a line, read what the bot printed up to the next prompt, press buttons by their label."""

    PROMPT = b"> "

    def __init__(self, proc: BotProcess) -> None:
        self.proc = proc
        self.last = ""

    async def read(self, timeout: float = 30) -> str:
        out = self.proc.proc.stdout
        data = await asyncio.wait_for(out.readuntil(self.PROMPT), timeout)
        self.last = data.decode()
        return self.last

    async def send(self, line: str) -> str:
        self.proc.proc.stdin.write(line.encode() + b"\n")
        await self.proc.proc.stdin.drain()
        return await self.read()

    async def press(self, part: str) -> str:
        import re

        for number, label in re.findall(r"^\s+(\d+)\) (.+)$", self.last, flags=re.M):
            if part.lower() in label.lower():
                return await self.send(number)
        raise AssertionError(f"no choice '{part}' in:\n{self.last}")

    async def close(self) -> None:
        self.proc.proc.stdin.close()
        await asyncio.wait_for(self.proc.proc.wait(), 30)


def btn(part: str):
    """A button whose label contains `part` (labels carry emoji)."""
    return lambda b: part in b["text"]


def real_rejections(api) -> list:
    # A killed and restarted poller may see one 409 "terminated by other getUpdates": not a bot error.
    return [(c.method, c.response.get("description")) for c in api.rejected if c.method != "getUpdates"]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def webhook_env(port: int) -> dict[str, str]:
    return {"WEBHOOK_URL": f"http://127.0.0.1:{port}/webhook", "WEBHOOK_SECRET": "s3cret-token",
            "WEBHOOK_HOST": "127.0.0.1", "WEBHOOK_PORT": str(port)}

