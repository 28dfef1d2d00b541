"""A 2,000-member announcement and 300 reminders due at once, against the fake Bot API.

The bot's own parts run in this process (inbox worker, sender with Telegram's limits, scheduler
ticks) on a SQLite file, talking HTTP to tests/fakeapi/server.py. Prints, for the announcement
(once as it is, once with Telegram answering 429s of 30 s in the middle of it): sends per second
(the most in any one second), members announced twice, members never announced, and how long a
bystander who writes meanwhile waits for her answer; for the reminders: lateness p50/p99/max from
each one's due time to Telegram receiving it, and how many arrived early (should be 0).

    .venv/bin/python bench/broadcast.py [--members 2000] [--reminders 300] [--small]
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiogram import Bot  # noqa: E402
from aiogram.client.session.aiohttp import AiohttpSession  # noqa: E402
from aiogram.client.telegram import TelegramAPIServer  # noqa: E402

from bot import settings as bot_settings  # noqa: E402
from bot.app import build_dispatcher  # noqa: E402
from bot.delivery import Limits  # noqa: E402
from bot.inbox import Worker  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from bot.scheduler import Ticker  # noqa: E402
from flows import reminders as flow_reminders  # noqa: E402
from flows.core import Notify, Reply  # noqa: E402
from flows.ports import Person  # noqa: E402
from handlers.transport import TelegramTransport  # noqa: E402
from storage.db import migrate  # noqa: E402
from storage.reminders import Reminders  # noqa: E402
from storage.repos import People  # noqa: E402
from tests.fakeapi import FakeBotAPI  # noqa: E402
from tests.handlers import updates  # noqa: E402

KEY = "bench-data-key-0123456789-abcdefghijklmnop"
TOKEN = "123456:BENCH-broadcast"
TEXT = "Nueva reunión de la instancia: jueves 10:00, Municipalidad"
SENDS = ("sendmessage", "copymessage", "senddocument", "sendphoto", "sendpoll")
BENCH_KIND = "bench.reminder"


@flow_reminders.renderer(BENCH_KIND)
async def _render(ref: str, ports, now: datetime, user_id: int | None) -> list:
    return [Reply(f"Recordatorio {ref}")]


def send_times(api: FakeBotAPI) -> list[float]:
    """When the bot asked to send anything, accepted by Telegram or not."""
    return sorted(c.time for c in api.calls + api.rejected if c.method.lower() in SENDS)


def most_in_one_second(times: list[float]) -> int:
    """The most sends in any window of one second (a sliding window, starting at each send)."""
    best, j = 0, 0
    for i, start in enumerate(times):
        while j < len(times) and times[j] < start + 1:
            j += 1
        best = max(best, j - i)
    return best


@dataclass
class Announced:
    members: int
    seconds: float
    max_per_second: int
    doubled: int
    lost: int
    bystander_seconds: float
    rate_limited: int

    def __str__(self) -> str:
        return (f"{self.members} members: all sent in {self.seconds:.1f} s; at most {self.max_per_second} sends in a second; "
                f"{self.doubled} doubled, {self.lost} lost; bystander answered in {self.bystander_seconds:.2f} s; "
                f"429s answered: {self.rate_limited}")


class Stack:
    """The bot's parts in this process, against the fake Bot API."""

    def __init__(self, api: FakeBotAPI, url: str, tick: float) -> None:
        self.api = api
        self.bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api.base_url)))
        self.runtime = Runtime.create(url, KEY, TelegramTransport(self.bot), limits=Limits(), inline=False)
        self.worker = Worker(self.runtime, build_dispatcher(self.runtime), self.bot)
        self.ticker = Ticker(self.runtime, tick, self.worker)

    async def start(self) -> None:
        self.runtime.delivery.start()
        self.ticker.start()

    async def close(self) -> None:
        self.ticker.stop()
        await asyncio.wait_for(self.ticker.aclose(), 10)  # bounded: a benchmark must end
        await asyncio.wait_for(self.runtime.close(), 10)
        await self.bot.session.close()

    async def people(self, chat_ids: list[int]) -> list[int]:
        async with self.runtime.sessions() as s:
            people = People(s, self.runtime.cipher)
            ids = [await people.consent(Person(key=self.runtime.cipher.key_of(c), address=str(c))) for c in chat_ids]
            await s.commit()
        return ids


async def announcement(url: str, members: int, with_429s: bool, tick: float) -> Announced:
    async with FakeBotAPI(token=TOKEN) as api:
        users = [api.user(9_100_000 + n) for n in range(members)]
        api.started.update(u.chat_id for u in users)
        bystander = api.user(9_000_001)
        api.started.add(bystander.chat_id)
        stack = Stack(api, url, tick)
        await stack.start()
        try:
            ids = await stack.people([u.chat_id for u in users])
            begin = time.monotonic()
            async with stack.runtime.sessions() as s:  # as a flow writes it: one notice each, one transaction
                await stack.runtime.enqueue(s, "", "", [Notify(uid, TEXT) for uid in ids])
                await s.commit()
            await stack.runtime.outbox_written()

            def announced() -> int:
                return sum(1 for c in api.calls if c.method.lower() == "sendmessage" and TEXT in (c.result or {}).get("text", ""))

            while announced() < members // 4:
                await api.wait_change(0.2)
            if with_429s:  # Telegram: slow down, for 30 s; she writes while those parcels wait
                api.fail_next("sendMessage", status=429, retry_after=30, times=30)
                while sum(1 for c in api.rejected if c.response.get("error_code") == 429) < 30:
                    await api.wait_change(0.2)
            asked = time.monotonic()
            await stack.worker.take([updates.command(bystander.chat_id, "/menu")])
            while not api.bot_messages(bystander.chat_id):
                await api.wait_change(0.05)
            answered = time.monotonic() - asked
            deadline = time.monotonic() + 60 + members / 20
            while announced() < members and time.monotonic() < deadline:
                await api.wait_change(0.5)
            seconds = time.monotonic() - begin
            await asyncio.sleep(2)  # a late double would show up now
            counts = [sum(1 for m in api.bot_messages(u.chat_id, include_deleted=True) if TEXT in (m.text or "")) for u in users]
            return Announced(
                members, seconds, most_in_one_second(send_times(api)), sum(1 for n in counts if n > 1), sum(1 for n in counts if n == 0),
                answered, sum(1 for c in api.rejected if c.response.get("error_code") == 429),
            )
        finally:
            await stack.close()


async def reminders_at_once(url: str, count: int, tick: float, lead: float = 3.0) -> dict:
    async with FakeBotAPI(token=TOKEN) as api:
        users = [api.user(9_200_000 + n) for n in range(count)]
        api.started.update(u.chat_id for u in users)
        stack = Stack(api, url, tick)
        due = datetime.now(timezone.utc) + timedelta(seconds=lead)
        async with stack.runtime.sessions() as s:
            port = Reminders(s, stack.runtime.cipher)
            for u in users:
                await port.schedule(BENCH_KIND, str(u.chat_id), due, address=str(u.chat_id))
            await s.commit()
        await stack.start()
        try:
            deadline = time.monotonic() + lead + 60
            while len(api.calls_for("sendMessage")) < count and time.monotonic() < deadline:
                await api.wait_change(0.5)
            late = sorted(c.time - due.timestamp() for c in api.calls_for("sendMessage"))  # the fake keeps wall-clock times
        finally:
            await stack.close()
    q = statistics.quantiles(late, n=100) if len(late) > 1 else late * 99
    return {"sent": len(late), "p50": q[49], "p99": q[98], "max": max(late, default=0.0), "early": sum(1 for x in late if x < 0),
            "max_per_second": most_in_one_second(send_times(api))}


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--reminders", type=int, default=300)
    parser.add_argument("--small", action="store_true", help="a quick run: 200 members, 60 reminders")
    parser.add_argument("--tick", type=float, default=bot_settings.Settings.model_fields["tick_seconds"].default,
                        help="scheduler tick in seconds (default: the bot's)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the 429s' "postponed" lines would drown the figures
    members, count = (200, 60) if args.small else (args.members, args.reminders)
    with tempfile.TemporaryDirectory() as tmp:
        for n, with_429s in enumerate((False, True)):
            url = f"sqlite+aiosqlite:///{os.path.join(tmp, f'a{n}.sqlite3')}"
            await asyncio.to_thread(migrate, url)
            result = await announcement(url, members, with_429s, args.tick)
            print(f"announcement{' with 429s of 30 s' if with_429s else ''}: {result}")
        url = f"sqlite+aiosqlite:///{os.path.join(tmp, 'r.sqlite3')}"
        await asyncio.to_thread(migrate, url)
        r = await reminders_at_once(url, count, args.tick)
        print(f"{count} reminders due at once (tick {args.tick} s): {r['sent']} sent; lateness p50 {r['p50']:.2f} s, "
              f"p99 {r['p99']:.2f} s, max {r['max']:.2f} s; {r['early']} early; at most {r['max_per_second']} sends in a second")


if __name__ == "__main__":
    asyncio.run(main())
