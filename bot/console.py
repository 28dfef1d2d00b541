"""The console chat: the same flows and database as on Telegram, buttons shown as numbered choices."""
from __future__ import annotations

import asyncio
import contextlib
import re
import sys
import threading
from pathlib import Path
from typing import TextIO

from bot.runtime import Incoming, Runtime
from bot.scheduler import Ticker
from flows.core import COPY, Command, Event, Location, Press, Text
from flows.texts import t
from handlers.commands import parse_command

CONSOLE_CHAT_ID = 1  # one local person; her id is hashed and encrypted like anyone's
LOCATION = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
CLEAR_SCREEN = "\033[2J\033[H"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CHOICE = re.compile(r"[0-9]{1,3}")  # ASCII digits only: "²".isdigit() is True, int("²") fails


class ConsoleTransport:
    def __init__(self, out: TextIO = sys.stdout) -> None:
        self.out = out
        self.choices: list[tuple[str, str]] = []  # (action, arg) of the last numbered buttons
        self.next_id = 1

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    async def send(self, chat_id: str, payload: dict) -> list[int]:
        if chat_id != str(CONSOLE_CHAT_ID):
            # Someone else's message (a staff notice, a group reminder): shown, but not as hers.
            self.out.write(f"\n[{t('console-other-chat')}] {payload.get('text') or payload.get('header') or payload.get('filename', '')}\n")
            self.out.flush()
            return [self._id()]
        if payload["type"] == "copy":
            self.out.write(f"\n{payload['header']}\n(mensaje adjunto)\n")
            return [self._id()]
        if payload["type"] in ("document", "photo"):
            self.out.write(f"\n📎 {payload['filename']}\n{payload.get('caption') or ''}\n")
            return [self._id()]
        self.out.write("\n" + payload["text"] + "\n")
        rows = payload.get("buttons") or []
        if rows:
            self.choices = [(action, arg) for row in rows for _label, action, arg in row]
            labels = [label for row in rows for label, _a, _g in row]
            for number, label in enumerate(labels, 1):
                self.out.write(f"  {number}) {label}\n")
        if payload.get("ask_location"):
            self.out.write(t("console-location") + "\n")
        self.out.flush()
        return [self._id()]

    async def delete(self, chat_id: str, message_ids: list[int]) -> None:
        self.choices = []
        self.out.write(CLEAR_SCREEN)
        self.out.flush()

    def to_event(self, line: str) -> Event | None:
        line = CONTROL.sub("", line).strip()  # a terminal's stray escapes, pasted binary
        if not line:
            return None
        if CHOICE.fullmatch(line) and 1 <= int(line) <= len(self.choices):
            action, arg = self.choices[int(line) - 1]
            if action == COPY:  # on Telegram it copies to the clipboard; here it is shown to copy by hand
                self.out.write(f"{arg}\n")
                self.out.flush()
                return None
            return Press(action, arg)
        if command := parse_command(line):
            return command
        if match := LOCATION.match(line):
            return Location(float(match.group(1)), float(match.group(2)))
        return Text(line)


def _reader(stdin: TextIO | None) -> asyncio.Queue:
    """Lines from stdin, read in a daemon thread: a blocked read never keeps the process from
    ending (Ctrl+C), and bytes that are not UTF-8 arrive replaced, not as an error. None: the end."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    if stdin is None:  # started with stdin closed
        queue.put_nowait(None)
        return queue
    if hasattr(stdin, "reconfigure"):
        stdin.reconfigure(errors="replace")

    def read() -> None:
        try:
            for line in iter(stdin.readline, ""):
                loop.call_soon_threadsafe(queue.put_nowait, line)
        except (OSError, ValueError, RuntimeError):  # stdin closed under us, or the loop gone
            pass
        with contextlib.suppress(RuntimeError):  # the loop may be gone already
            loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=read, name="console-stdin", daemon=True).start()
    return queue


async def chat(database_url: str, data_key: str, tick_seconds: float, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout,
               model_cache: Path | None = None) -> None:
    transport = ConsoleTransport(out)
    runtime = Runtime.create(database_url, data_key, transport, model_cache)
    ticker = Ticker(runtime, tick_seconds)
    ticker.start()
    out.write(t("console-intro") + "\n")
    out.flush()
    lines = _reader(stdin)
    try:
        await runtime.process(Incoming(CONSOLE_CHAT_ID, Command("start")))
        while True:
            out.write("> ")
            out.flush()
            line = await lines.get()
            if line is None:  # end of input (Ctrl+D, a closed or unreadable stdin)
                out.write("\n")
                break
            event = transport.to_event(line)
            if event is not None:
                await runtime.process(Incoming(CONSOLE_CHAT_ID, event, transport._id()))
    finally:
        await ticker.aclose()
        await runtime.close()
