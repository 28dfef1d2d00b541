"""/healthz and /metrics reflect a seeded outbox (real SQLite and PostgreSQL), and the polling bot
serves them on its own small server, as a process; `acompana health` says so in one line."""
import asyncio
from datetime import timedelta
from types import SimpleNamespace

import aiohttp
import pytest
from aiohttp import web
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import update

from bot.health import Health
from storage.crypto import Cipher
from storage.db import make_engine, make_sessionmaker
from storage.inbox import Inbox
from storage.models import OutboxMessage
from storage.models.base import utcnow
from storage.repos import Outbox
from tests.e2e.botproc import BotProcess, free_port
from tests.fakeapi import FakeBotAPI
from tests.e2e.botproc import TOKEN
from tests.harness import TEST_KEY
from tests.ops.test_operator_errors import finish, said


def samples(text: str) -> dict[str, float]:
    return {s.name: s.value for family in text_string_to_metric_families(text) for s in family.samples}


async def seed(sessions, cipher, pending: int, dead: int, inbox: int, age: timedelta) -> None:
    """`pending + dead` parcels, the first one `age` old; `inbox` stored updates not done."""
    async with sessions() as session:
        outbox = Outbox(session, cipher)
        ids = await outbox.put_many([(f"chat{i}", cipher.encrypt(100 + i), {"method": "send_message", "text": "hola"}, None, 0) for i in range(pending + dead)])
        await session.execute(update(OutboxMessage).where(OutboxMessage.id == ids[0]).values(created_at=utcnow() - age))
        if dead:
            await session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids[-dead:])).values(dead_at=utcnow(), attempts=12))
        await Inbox(session, cipher).store([(7000 + i, "chatX", {"update_id": 7000 + i}) for i in range(inbox)])
        await session.commit()


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http:
        async with http.get(url) as response:
            return response.status, await response.text()


@pytest.fixture
async def served(db_url):
    """A Health on the test database behind a real HTTP server; counters as a worker and sender keep them."""
    engine = make_engine(db_url)
    worker = SimpleNamespace(counters={"stored": 9, "done": 8})
    sender = SimpleNamespace(counters={"sent": 5, "rate_limited": 2, "retried": 3})
    health = Health(make_sessionmaker(engine), tick_seconds=1, outbox_max_age=120, worker=worker, sender=sender)
    runner = web.AppRunner(health.app())
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield health, f"http://127.0.0.1:{port}"
    await runner.cleanup()
    await engine.dispose()


async def test_metrics_reflect_a_seeded_outbox(served):
    health, base = served
    await seed(health.sessions, Cipher(TEST_KEY), pending=4, dead=2, inbox=3, age=timedelta(seconds=90))
    status, text = await get(base + "/metrics")
    assert status == 200
    got = samples(text)
    assert got["acompana_database_up"] == 1
    assert got["acompana_outbox_depth"] == 4
    assert got["acompana_dead_letters"] == 2
    assert got["acompana_inbox_depth"] == 3
    assert 89 <= got["acompana_outbox_oldest_seconds"] < 150
    assert got["acompana_updates_received_total"] == 9 and got["acompana_updates_done_total"] == 8
    assert got["acompana_messages_sent_total"] == 5 and got["acompana_telegram_429_total"] == 2
    assert "hola" not in text and "chat0" not in text  # counts and ages only


async def test_healthz_is_ok_with_a_young_outbox_and_503_with_an_old_parcel(served):
    health, base = served
    health.ticker = SimpleNamespace(last_tick=asyncio.get_running_loop().time())  # monotonic, as Ticker keeps it
    await seed(health.sessions, Cipher(TEST_KEY), pending=2, dead=0, inbox=0, age=timedelta(seconds=10))
    status, body = await get(base + "/healthz")
    assert status == 200 and '"status": "ok"' in body
    await seed(health.sessions, Cipher(TEST_KEY), pending=1, dead=0, inbox=0, age=timedelta(minutes=10))
    status, body = await get(base + "/healthz")
    assert status == 503 and '"outbox": {"ok": false' in body and '"database": {"ok": true' in body


async def test_healthz_503_when_the_scheduler_stopped_ticking(served):
    health, base = served
    health.ticker = SimpleNamespace(last_tick=asyncio.get_running_loop().time() - 3600)
    status, body = await get(base + "/healthz")
    assert status == 503 and '"scheduler": {"ok": false' in body


async def test_healthz_503_when_the_database_is_gone(tmp_path):
    engine = make_engine("postgresql+asyncpg://acompana:pw@127.0.0.1:1/acompana")  # nobody listens on port 1
    health = Health(make_sessionmaker(engine), tick_seconds=1, outbox_max_age=120)
    healthy, body = await health.check()
    await engine.dispose()
    assert not healthy and body["checks"]["database"]["ok"] is False and "pw" not in str(body)


async def test_the_polling_bot_serves_health_and_metrics_of_its_own(tmp_path, sqlite_url):
    port = free_port()
    async with FakeBotAPI(token=TOKEN) as api:
        bot = BotProcess(tmp_path / "bot", sqlite_url, api.base_url, METRICS_PORT=str(port))
        await bot.start("run")
        try:
            await bot.ready()
            ana = api.user(5301)
            await ana.send_command("/start")
            await ana.wait_for("Línea 100", timeout=20)
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):  # the first tick is at start; its time is kept when it ends
                status, body = await get(base + "/healthz")
                if '"last_tick_seconds": null' not in body:
                    break
                await asyncio.sleep(0.1)
            assert status == 200 and '"scheduler": {"ok": true' in body, body
            got = samples((await get(base + "/metrics"))[1])
            assert got["acompana_updates_received_total"] >= 1 and got["acompana_updates_done_total"] >= 1
            assert got["acompana_messages_sent_total"] >= 1 and got["acompana_outbox_depth"] == 0
            assert got["acompana_scheduler_ticks_total"] >= 1
            # `acompana health` asks the same server: healthy, one line, exit 0.
            checker = BotProcess(tmp_path / "health", sqlite_url, api.base_url, METRICS_PORT=str(port))
            code, out = await finish(checker, "health")
            lines = [line for line in out.splitlines() if line.strip()]
            assert code == 0 and len(lines) == 1 and lines[0].startswith("sano:"), out
        finally:
            await bot.stop()
        # The bot stopped: nobody answers /healthz any more.
        code, out = await finish(checker, "health")
        assert code == 1 and "no sano: el bot no responde" in out


async def test_acompana_health_with_the_database_unreachable_exits_1_with_one_line(tmp_path, sqlite_url):
    checker = BotProcess(tmp_path / "health", "postgresql+asyncpg://acompana:pw@127.0.0.1:1/acompana")
    code, out = await finish(checker, "health")
    lines = [line for line in out.splitlines() if line.strip()]
    assert "Traceback" not in out
    assert code == 1 and len(lines) == 1 and lines[0].startswith("no sano: No puedo conectar con PostgreSQL"), out
    assert "pw" not in out
