"""The bot as a real process (`acompana run`, `webhook` or `chat`), for end-to-end tests."""
from __future__ import annotations

import asyncio
import atexit
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import aiohttp

TOKEN = "123456:TEST-e2e-token"
DATA_KEY = "e2e-data-key-0123456789-abcdefghijklmnop"
MODEL_CACHE = Path(tempfile.gettempdir()) / "acompana-test-models"
# ACOMPANA_TEST_PACE of the `bot` fixture: sending this many times faster than Telegram's limits
# (1 a second in a chat), so conversations are not paced in tests.
FAST = "20"


def acompana() -> list[str]:
    script = Path(sys.executable).parent / "acompana"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


PIPE, DEVNULL, STDOUT = asyncio.subprocess.PIPE, asyncio.subprocess.DEVNULL, asyncio.subprocess.STDOUT
CLOSED = "closed"  # spawn's stdin: none at all, as `acompana chat <&-` (Python then has no sys.stdin)
ROOT = Path(__file__).resolve().parents[2]


class _Zygote:
    """The warm parent (tests/e2e/zygote.py), for the whole test run. Under pytest-xdist the run's
    controller starts it at once (start_shared(), from tests/conftest.py) and every worker forks
    its bots from that one (ZYGOTE_SOCKET names it): one warm-up of seconds for the run, done while
    the workers start; otherwise started at first use. ACOMPANA_TEST_ZYGOTE=0 turns it off (every
    start a plain subprocess)."""

    SHARED, SHARED_PID = "ACOMPANA_TEST_ZYGOTE_SOCKET", "ACOMPANA_TEST_ZYGOTE_PID"

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.path = ""
        self.failed = os.environ.get("ACOMPANA_TEST_ZYGOTE", "1") == "0" or not hasattr(os, "fork")

    def _start(self) -> None:
        self.path = str(Path(tempfile.mkdtemp(prefix="acompana-zygote-")) / "sock")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.zygote", self.path], cwd=ROOT,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        atexit.register(self.close)

    @property
    def pid(self) -> int | None:
        if self.proc is not None:
            return self.proc.pid
        return int(os.environ[self.SHARED_PID]) if os.environ.get(self.SHARED_PID) else None

    def start_shared(self) -> None:
        """In the run's controller: start the zygote now, for the workers it is about to start."""
        if not self.failed and self.proc is None:
            self._start()
            os.environ[self.SHARED] = self.path  # the workers inherit the controller's environment
            os.environ[self.SHARED_PID] = str(self.proc.pid)

    async def _shared(self, path: str) -> str | None:
        """A worker: the controller's zygote, once it accepts requests (it binds after its warm-up)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 180
        while loop.time() < deadline:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                try:
                    probe.connect(path)
                    probe.sendall(b"\n")  # an empty request: the zygote drops it
                    return path
                except OSError:
                    pass
            await asyncio.sleep(0.1)
        return None

    async def socket_path(self) -> str | None:
        if self.failed:
            return None
        if self.proc is None and not self.path and os.environ.get(self.SHARED):
            self.path = await self._shared(os.environ[self.SHARED]) or ""
            self.failed = not self.path
            return self.path or None
        if self.proc is None and self.path:
            return self.path  # the controller's
        if self.proc is None:
            self._start()
            line = await asyncio.to_thread(self.proc.stdout.readline)
            if line.strip() != b"ready":
                self.failed = True
                self.close()
                return None
        return self.path if self.proc.poll() is None else None

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


_zygote = _Zygote()


class ForkedProcess:
    """A child of the zygote with asyncio.subprocess.Process's interface (the part tests use)."""

    def __init__(self, pid: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, stdin, stdout, stderr) -> None:
        self.pid, self.returncode = pid, None
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr
        self._writer = writer  # kept: a StreamWriter closes its connection when collected
        self._exit = asyncio.ensure_future(self._watch(reader))

    async def _watch(self, reader: asyncio.StreamReader) -> int:
        line = await reader.readline()
        self.returncode = int(line) if line.strip() else -signal.SIGKILL  # the zygote died: so did we
        self._writer.close()
        return self.returncode

    async def wait(self) -> int:
        return await asyncio.shield(self._exit)

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    async def communicate(self, input: bytes | None = None) -> tuple[bytes | None, bytes | None]:
        async def feed() -> None:
            if self.stdin is not None:
                if input:
                    self.stdin.write(input)
                    await self.stdin.drain()
                self.stdin.close()

        async def read(stream) -> bytes | None:
            return None if stream is None else await stream.read()

        _, out, err = await asyncio.gather(feed(), read(self.stdout), read(self.stderr))
        await self.wait()
        return out, err


async def _reader(fd: int) -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", 0))
    return reader


async def _writer(fd: int) -> asyncio.StreamWriter:
    loop = asyncio.get_running_loop()
    protocol = asyncio.StreamReaderProtocol(asyncio.StreamReader())
    transport, _ = await loop.connect_write_pipe(lambda: protocol, os.fdopen(fd, "wb", 0))
    return asyncio.StreamWriter(transport, protocol, None, loop)


async def spawn(*argv: str, cwd: Path, env: dict[str, str], stdin=DEVNULL, stdout=None, stderr=None):
    """`acompana ARGV...` as a process: forked by the zygote (warm), or a plain subprocess when it
    is not available. stdin, stdout, stderr: PIPE, DEVNULL, a file object, or None (inherit);
    stdin may be CLOSED, stderr may be STDOUT."""
    path = await _zygote.socket_path()
    if path is None:
        if stdin == CLOSED:
            return await asyncio.create_subprocess_exec(
                "bash", "-c", 'exec "$@" <&-', "bash", *acompana(), *argv, cwd=cwd, env=env, stdout=stdout, stderr=stderr)
        return await asyncio.create_subprocess_exec(
            *acompana(), *argv, cwd=cwd, env=env, stdin=stdin, stdout=stdout, stderr=stderr)
    closed, stdin = stdin == CLOSED, DEVNULL if stdin == CLOSED else stdin
    child_fds, ours, to_close = [], [], []
    for n, how in enumerate((stdin, stdout, stderr)):
        if how == PIPE:
            r, w = os.pipe()
            mine, theirs = (w, r) if n == 0 else (r, w)
            child_fds.append(theirs)
            to_close.append(theirs)
            ours.append(mine)
        elif how == STDOUT and n == 2:
            child_fds.append(child_fds[1])
            ours.append(None)
        else:
            if how == DEVNULL:
                fd = os.open(os.devnull, os.O_RDWR)
                to_close.append(fd)
            elif how is None:
                fd = n
            else:
                fd = how.fileno()
            child_fds.append(fd)
            ours.append(None)
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
        request = json.dumps({"argv": list(argv), "cwd": str(cwd), "env": env, "stdin_closed": closed}).encode() + b"\n"
        socket.send_fds(conn, [request], child_fds)
    finally:
        for fd in to_close:
            os.close(fd)
    conn.setblocking(False)
    reader, writer = await asyncio.open_unix_connection(sock=conn)
    line = await reader.readline()
    if not line.strip():
        raise AssertionError("the zygote did not fork the bot")
    streams = [
        None if fd is None else (await _writer(fd) if n == 0 else await _reader(fd))
        for n, fd in enumerate(ours)
    ]
    return ForkedProcess(int(line), reader, writer, *streams)


class BotProcess:
    def __init__(self, workdir: Path, database_url: str, api_base: str | None = None, **extra_env: str) -> None:
        self.workdir = workdir
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "DATABASE_", "CONSOLE_", "DATA_KEY"))},
            "DATABASE_URL": database_url,
            "CONSOLE_DATABASE_URL": database_url,  # `acompana chat` has its own setting
            "DATA_KEY": DATA_KEY,
            "SCHEDULER_TICK_SECONDS": "0.5",
            "LOG_LEVEL": "INFO",
            "MODEL_CACHE_DIR": str(MODEL_CACHE),  # one cache for every start of the session
            # Its own metrics port: bots of parallel test workers do not race for the default one.
            "METRICS_PORT": str(free_port()),
            **({"TELEGRAM_API_BASE": api_base, "TELEGRAM_BOT_TOKEN": TOKEN} if api_base else {}),
            **extra_env,
        }
        self.proc: asyncio.subprocess.Process | None = None
        self.log = workdir / "bot.log"
        self.command: tuple[str, ...] = ()

    async def start(self, *command: str, stdin: bool = False) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.command = command
        self._started_at = len(self.output())
        logfile = open(self.log, "ab")
        try:
            self.proc = await spawn(
                "--env-file", str(self.workdir / "no.env"), *command,
                cwd=self.workdir,
                env=self.env,
                stdin=PIPE if stdin else DEVNULL,
                stdout=PIPE if stdin else logfile,
                stderr=logfile,
            )
        finally:
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

    # A graceful stop takes well under a second; one that takes longer is a bug of the bot's (it
    # shows as a warning of the test run, with the bot's asyncio tasks in its log), not worth ten.
    STOP_GRACE = 5

    async def stop(self) -> None:
        if self.proc and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(self.proc.wait(), self.STOP_GRACE)
            except TimeoutError:
                if isinstance(self.proc, ForkedProcess):  # what it still waits on, into its log (tests/e2e/zygote.py)
                    self.proc.send_signal(signal.SIGUSR2)
                    await asyncio.sleep(0.2)
                warnings.warn(f"the bot did not stop within {self.STOP_GRACE} s of Ctrl+C; killed (its log: {self.log})", stacklevel=2)
                await self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    async def metrics(self) -> dict[str, float]:
        """The running bot's /metrics: on the webhook server, or in polling mode on its own port."""
        from prometheus_client.parser import text_string_to_metric_families

        port = self.env["WEBHOOK_PORT"] if "webhook" in self.command else self.env["METRICS_PORT"]
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/metrics") as response:
                text = await response.text()
        return {s.name: s.value for family in text_string_to_metric_families(text) for s in family.samples}

    async def settled(self, ticks: int = 2, within: float = 2.0, timeout: float = 30) -> None:
        """Waits until the bot has finished `ticks` more scheduler ticks (its /metrics) and owes
        nothing now: every update stored is done, and no parcel is due in the outbox within
        `within` seconds of its clock (a parcel stays there until Telegram accepted it: what the bot
        had to send is at the fake server by then). What a tick does (a reminder, an escalation) was
        done by a tick that started after this call. A check that nothing arrives later follows
        this instead of a fixed sleep: as strong, and over as soon as it is proven (a tick is half
        a second here). Parcels held for later (a staff member's hours) are not waited for."""
        from datetime import datetime, timedelta, timezone

        from sqlalchemy import func, select

        from storage.db import make_engine
        from storage.models import InboxUpdate, OutboxMessage

        def clock_now() -> datetime:
            moved = 0.0
            if self.env.get("ACOMPANA_TEST_CLOCK"):
                try:
                    moved = float(Path(self.env["ACOMPANA_TEST_CLOCK"]).read_text() or 0)
                except (OSError, ValueError):
                    pass
            return datetime.now(timezone.utc) + timedelta(seconds=moved)

        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        first = got = None
        engine = make_engine(self.env["DATABASE_URL"])
        try:
            while True:
                try:
                    done = (await self.metrics()).get("acompana_scheduler_ticks_total", 0)
                except (OSError, aiohttp.ClientError, ValueError):  # starting, or restarting: not listening yet
                    done = None
                if done is not None:
                    if first is None or done < first:  # a restarted process counts from 0
                        first = done
                    if done >= first + ticks:
                        async with engine.connect() as conn:
                            owed = await conn.scalar(select(func.count()).select_from(OutboxMessage).where(
                                OutboxMessage.dead_at.is_(None), OutboxMessage.next_try_at <= clock_now() + timedelta(seconds=within)))
                            stored = await conn.scalar(select(func.count()).select_from(InboxUpdate).where(InboxUpdate.done_at.is_(None)))
                        got = {"ticks": done - first, "parcels due": owed, "updates not done": stored}
                        if not owed and not stored:
                            return
                if loop.time() > deadline or (self.proc is not None and self.proc.returncode is not None):
                    raise AssertionError(f"the bot did not settle in {timeout} s: {got}\n{self.output()[-2000:]}")
                await asyncio.sleep(0.05)
        finally:
            await engine.dispose()


class ConsoleDriver:
    """Drives `acompana chat` through its standard input as a person at a terminal would:
    type a line, read what the bot printed up to the next prompt, press buttons by their label."""

    PROMPT = b"> "

    def __init__(self, proc: BotProcess) -> None:
        self.proc = proc
        self.last = ""

    QUIET = 0.2  # seconds without output after the prompt: the answer is all there

    async def read(self, timeout: float = 30) -> str:
        out = self.proc.proc.stdout
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        data = await asyncio.wait_for(out.readuntil(self.PROMPT), timeout)
        # A part of the answer the sender delivers a moment later (a busy machine) comes after the
        # prompt: take it too, and where the prompt came alone, wait for the answer itself.
        while True:
            alone = not data.rstrip().rstrip(b">").strip()
            wait = deadline - loop.time() if alone else self.QUIET
            try:
                chunk = await asyncio.wait_for(out.read(65536), max(wait, 0.01))
            except TimeoutError:
                break
            if not chunk:
                break
            data += chunk
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

