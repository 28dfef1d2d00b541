"""Throughput and latency of the full stack against a bare aiogram echo bot, in one process.

The same few thousand raw updates (commands, button presses, free text, stickers from many users)
are fed to (a) the real dispatcher with flows and storage on a SQLite file, and (b) an aiogram
dispatcher whose only handler echoes text. Both talk to a recording session, not the network, so
the figures measure our code, not Telegram. Prints updates per second, the ratio, p50/p99 latency,
and the SQL statements and commits per update (counted by SQLAlchemy event hooks and storage.fast, the sender's
included). `--profile FILE` writes a pyinstrument profile of the SQLite run at the last concurrency.

    .venv/bin/python bench/throughput.py [--updates 3000] [--users 300] [--concurrency 1 32]
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
from sqlalchemy import event  # noqa: E402

from bot.app import build_dispatcher  # noqa: E402
from bot.inbox import Worker  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from handlers.transport import TelegramTransport  # noqa: E402
from storage import fast  # noqa: E402
from storage.db import migrate  # noqa: E402
from storage.repos import Outbox  # noqa: E402
from tests.handlers import updates  # noqa: E402
from tests.handlers.recording import RecordingSession  # noqa: E402
from tests.pg import TempPostgres, find_bindir  # noqa: E402

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


class SqlCounter:
    """Statements and commits on an engine (the runtime's, which the sender shares): those run by
    SQLAlchemy, and the hot path's run on the driver's connection (storage.fast)."""

    def __init__(self, engine) -> None:
        self.through_sqlalchemy = self.commits = 0
        self._fast_before = sum(fast.COUNTS.values())
        self.cpu = 0.0
        event.listen(engine.sync_engine, "before_cursor_execute", self._statement)
        event.listen(engine.sync_engine, "commit", self._commit)

    @property
    def statements(self) -> int:
        return self.through_sqlalchemy + sum(fast.COUNTS.values()) - self._fast_before

    def _statement(self, *_args) -> None:
        self.through_sqlalchemy += 1

    def _commit(self, *_args) -> None:
        self.commits += 1


async def run_inbox(url: str, batch: list[dict], concurrency: int, profile: str | None = None) -> tuple[float, list[float], int, SqlCounter]:
    """The production path: each update stored in the inbox (the acknowledgement point), then done
    by the worker (flow, state, parcels and "done" in one transaction); the sender delivers alongside,
    without Telegram's pacing (the recording session answers at once). Latency: stored -> done."""
    bot = Bot("1:BENCH", session=RecordingSession())
    runtime = Runtime.create(url, KEY, TelegramTransport(bot), inline=False)
    counter = SqlCounter(runtime.engine)
    worker = Worker(runtime, build_dispatcher(runtime), bot, concurrency=concurrency)
    runtime.delivery.start()
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []

    async def one(update: dict) -> None:
        async with gate:
            begin = time.perf_counter()
            await worker.take([update])
            task = worker._chats.get(worker.key_of(update))
            if task is not None:
                await asyncio.shield(task)
            latencies.append(time.perf_counter() - begin)

    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(async_mode="disabled")
        profiler.start()
    begin, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one(u) for u in batch))
    elapsed = time.perf_counter() - begin
    counter.cpu = time.process_time() - cpu  # what the run cost this process, whatever else the machine ran
    if profiler is not None:
        profiler.stop()
        Path(profile).write_text(profiler.output_text(unicode=True, show_all=False))
    for _ in range(600):  # let the sender finish what is owed
        async with runtime.sessions() as s:
            if not await Outbox(s, runtime.cipher).pending():
                break
        await asyncio.sleep(0.05)
    calls = len(bot.session.calls)
    await runtime.close()
    return elapsed, latencies, calls, counter


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 32])
    parser.add_argument("--pg-url", help="a PostgreSQL database to use (default: a throwaway server if installed)")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--profile", help="write a pyinstrument profile of the last SQLite run here")
    args = parser.parse_args()
    batch = workload(args.updates, args.users)

    pg = None
    urls = {}
    with tempfile.TemporaryDirectory() as tmp:
        urls["SQLite"] = f"sqlite+aiosqlite:///{os.path.join(tmp, 'bench.sqlite3')}"
        if args.pg_url:
            urls["PostgreSQL"] = args.pg_url
        elif not args.no_pg and (bindir := find_bindir()) is not None:
            pg = TempPostgres(bindir)
            urls["PostgreSQL"] = pg.start()
        try:
            for concurrency in args.concurrency:
                print(f"{args.updates} updates from {args.users} users, concurrency {concurrency}")
                echo_bot = Bot("1:BENCH", session=RecordingSession())
                echo_elapsed, echo_lat = await run(echo_dispatcher(), echo_bot, batch, concurrency)
                echo_ups = report("bare aiogram echo", echo_elapsed, echo_lat)
                for name, url in urls.items():
                    await asyncio.to_thread(migrate, url)
                    await _empty(url)
                    profile = args.profile if name == "SQLite" and concurrency == args.concurrency[-1] else None
                    elapsed, latencies, calls, sql = await run_inbox(url, batch, concurrency, profile)
                    ups = report(f"full stack ({name})", elapsed, latencies)
                    n = len(batch)
                    print(f"{'':<28} ratio to echo {ups / echo_ups:.3f}, Bot API calls {calls}, "
                          f"per update {sql.statements / n:.1f} statements, {sql.commits / n:.2f} commits, "
                          f"{sql.cpu / n * 1000:.1f} ms CPU")
        finally:
            if pg is not None:
                pg.stop()


async def _empty(url: str) -> None:
    """Each run starts from an empty database (same people, same first messages)."""
    from sqlalchemy import text

    from storage.db import make_engine
    from storage.models import Base

    engine = make_engine(url)
    async with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            await conn.execute(text(f"DELETE FROM {table.name}"))
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
