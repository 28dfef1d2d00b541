"""The bot as a real process (`acompana run`, `webhook` or `chat`), for end-to-end tests."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

TOKEN = "123456:TEST-e2e-token"
DATA_KEY = "e2e-data-key-0123456789-abcdefghijklmnop"


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
            **({"TELEGRAM_API_BASE": api_base, "TELEGRAM_BOT_TOKEN": TOKEN} if api_base else {}),
            **extra_env,
        }
        self.proc: asyncio.subprocess.Process | None = None
        self.log = workdir / "bot.log"

    async def start(self, *command: str, stdin: bool = False) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
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
