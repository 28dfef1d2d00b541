"""Throughput and latency of the full stack against a bare aiogram echo bot, in one process.

The same few thousand raw updates (commands, button presses, free text, stickers from many users)
are fed to (a) the real dispatcher with flows and storage on a SQLite file, and (b) an aiogram
dispatcher whose only handler echoes text. Both talk to a recording session, not the network, so
the figures measure our code, not Telegram. Prints updates per second, the ratio, p50/p99 latency.

    .venv/bin/python bench/throughput.py [--updates 3000] [--users 300] [--concurrency 32]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiogram import Bot, Dispatcher, Router  # noqa: E402
from aiogram.types import Message  # noqa: E402

from bot.app import build_dispatcher  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from handlers.transport import TelegramTransport  # noqa: E402
from storage.db import migrate  # noqa: E402
from tests.handlers import updates  # noqa: E402
from tests.handlers.recording import RecordingSession  # noqa: E402

KEY = "bench-data-key-0123456789-abcdefghijklmnop"


def workload(n: int, users: int) -> list[dict]:
    script = [
        lambda u: updates.command(u, "/start"),
        lambda u: updates.callback(u, "a:consent:yes"),
        lambda u: updates.callback(u, "a:nav:women"),
        lambda u: updates.text(u, "hola, quisiera información"),
        lambda u: updates.callback(u, "a:nav:menu"),
        lambda u: updates.sticker(u),
        lambda u: updates.callback(u, "a:nav:privacy"),
        lambda u: updates.command(u, "/menu"),
    ]
    return [script[(i // users) % len(script)](10_000 + i % users) for i in range(n)]


async def run(dp: Dispatcher, bot: Bot, batch: list[dict], concurrency: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    gate = asyncio.Semaphore(concurrency)

    async def one(update: dict) -> None:
        async with gate:
            start = time.perf_counter()
            await dp.feed_raw_update(bot, update)
            latencies.append(time.perf_counter() - start)

    start = time.perf_counter()
    await asyncio.gather(*(one(u) for u in batch))
    return time.perf_counter() - start, latencies


def echo_dispatcher() -> Dispatcher:
    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "…")

    @router.callback_query()
    async def press(query) -> None:
        await query.answer()

    dp = Dispatcher()
    dp.include_router(router)
    return dp


def report(name: str, elapsed: float, latencies: list[float]) -> float:
    ups = len(latencies) / elapsed
    q = statistics.quantiles(latencies, n=100)
    print(f"{name:<28} {ups:9.0f} updates/s   p50 {q[49] * 1000:7.2f} ms   p99 {q[98] * 1000:7.2f} ms")
    return ups


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    batch = workload(args.updates, args.users)

    echo_bot = Bot("1:BENCH", session=RecordingSession())
    echo_elapsed, echo_lat = await run(echo_dispatcher(), echo_bot, batch, args.concurrency)

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{os.path.join(tmp, 'bench.sqlite3')}"
        await asyncio.to_thread(migrate, url)
        bot = Bot("1:BENCH", session=RecordingSession())
        runtime = Runtime.create(url, KEY, TelegramTransport(bot))
        full_elapsed, full_lat = await run(build_dispatcher(runtime), bot, batch, args.concurrency)
        calls = len(bot.session.calls)
        await runtime.close()

    print(f"{args.updates} updates from {args.users} users, concurrency {args.concurrency}")
    echo_ups = report("bare aiogram echo", echo_elapsed, echo_lat)
    full_ups = report("full stack (SQLite)", full_elapsed, full_lat)
    print(f"ratio full/echo: {full_ups / echo_ups:.3f}   Bot API calls made by the full stack: {calls}")


if __name__ == "__main__":
    asyncio.run(main())
