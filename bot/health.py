"""`/healthz` and `/metrics`: on the webhook server, and in polling mode on a small server of its own
(METRICS_HOST:METRICS_PORT). What is state (inbox and outbox depth, oldest parcel, dead letters) is
read from the database at scrape time, so every worker reports the deployment's truth; what is an
event (updates in and done, sends, 429s) is counted in the process. No identifier or text is ever
exposed: counts and ages only.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import text

from storage.inbox import Inbox
from storage.repos import Outbox

log = logging.getLogger(__name__)

# A scheduler that has not ticked for this many tick intervals (and at least this long) is stuck.
TICK_INTERVALS = 10
TICK_MIN_SECONDS = 60.0


@dataclass
class DatabaseState:
    reachable: bool
    error: str = ""
    exc: BaseException | None = field(default=None, repr=False)  # for the operator's one line
    inbox_depth: int = 0
    outbox_depth: int = 0
    oldest_seconds: float = 0.0
    dead_letters: int = 0


async def database_state(sessions) -> DatabaseState:
    """The database's part of health and metrics; an unreachable database is a state, not an error."""
    try:
        async with sessions() as session:
            await session.execute(text("SELECT 1"))
            stats = await Outbox(session, None).stats()  # no decryption: counts and ages only
            depth = await Inbox(session, None).depth()
    except Exception as exc:
        return DatabaseState(False, type(exc).__name__, exc=exc)
    return DatabaseState(True, inbox_depth=depth, outbox_depth=stats["pending"], oldest_seconds=stats["oldest_seconds"], dead_letters=stats["dead"])


@dataclass
class Health:
    """Everything /healthz and /metrics look at in one process. `ticker` is set when it runs."""

    sessions: object
    tick_seconds: float
    outbox_max_age: float
    worker: object = None  # bot.inbox.Worker: counters of updates stored and done
    sender: object = None  # bot.delivery.Sender: counters of sends and 429s
    ticker: object = None  # bot.scheduler.Ticker: when it last ticked
    registry: CollectorRegistry = field(default_factory=lambda: CollectorRegistry(auto_describe=False))

    def __post_init__(self) -> None:
        self.collector = _Collector(self)
        self.registry.register(self.collector)

    def tick_age(self) -> float | None:
        last = getattr(self.ticker, "last_tick", None)
        return None if last is None else time.monotonic() - last

    def tick_limit(self) -> float:
        return max(TICK_INTERVALS * self.tick_seconds, TICK_MIN_SECONDS)

    async def check(self) -> tuple[bool, dict]:
        """(healthy, the JSON body of /healthz)."""
        db = await database_state(self.sessions)
        age = self.tick_age()
        checks = {
            "database": {"ok": db.reachable, **({"error": db.error} if db.error else {})},
            # Not ticked yet: the first tick is due at start; a slow start is not a failure.
            "scheduler": {"ok": age is None or age < self.tick_limit(), "last_tick_seconds": None if age is None else round(age, 1)},
            "outbox": {"ok": db.reachable and db.oldest_seconds < self.outbox_max_age,
                       "oldest_seconds": round(db.oldest_seconds, 1), "depth": db.outbox_depth, "dead_letters": db.dead_letters},
        }
        healthy = all(c["ok"] for c in checks.values())
        return healthy, {"status": "ok" if healthy else "unhealthy", "checks": checks}

    async def on_healthz(self, request: web.Request) -> web.Response:
        healthy, body = await self.check()
        return web.json_response(body, status=200 if healthy else 503)

    async def on_metrics(self, request: web.Request) -> web.Response:
        self.collector.state = await database_state(self.sessions)
        return web.Response(body=generate_latest(self.registry), headers={"Content-Type": CONTENT_TYPE_LATEST})

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/healthz", self.on_healthz)
        app.router.add_get("/metrics", self.on_metrics)

    def app(self) -> web.Application:
        app = web.Application()
        self.add_routes(app)
        return app


class _Collector(Collector):
    """Yields the state read just before (on_metrics) and the process's counters."""

    def __init__(self, health: Health) -> None:
        self.health = health
        self.state = DatabaseState(False)

    def collect(self):
        s, worker, sender = self.state, self.health.worker, self.health.sender
        yield _gauge("acompana_database_up", "1 if the database answered at this scrape", int(s.reachable))
        yield _gauge("acompana_inbox_depth", "updates stored and not done yet", s.inbox_depth)
        yield _gauge("acompana_outbox_depth", "parcels owed (dead letters not counted)", s.outbox_depth)
        yield _gauge("acompana_outbox_oldest_seconds", "age of the oldest parcel owed", s.oldest_seconds)
        yield _gauge("acompana_dead_letters", "parcels that kept failing (acompana outbox)", s.dead_letters)
        age = self.health.tick_age()
        if age is not None:
            yield _gauge("acompana_scheduler_last_tick_seconds", "seconds since the scheduler last ticked", age)
        yield _counter("acompana_scheduler_ticks", "scheduler ticks this process finished", getattr(self.health.ticker, "ticks", 0))
        worker_counts = getattr(worker, "counters", {})
        sender_counts = getattr(sender, "counters", {})
        yield _counter("acompana_updates_received", "updates stored by this process", worker_counts.get("stored", 0))
        yield _counter("acompana_updates_done", "updates done by this process", worker_counts.get("done", 0))
        yield _counter("acompana_messages_sent", "parcels Telegram accepted from this process (rate(): sends per second)", sender_counts.get("sent", 0))
        yield _counter("acompana_telegram_429", "429 Too Many Requests answers Telegram gave this process", sender_counts.get("rate_limited", 0))
        yield _counter("acompana_send_retries", "sends to try again later (429s and passing errors)", sender_counts.get("retried", 0))


def _gauge(name: str, doc: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, doc, value=value)


def _counter(name: str, doc: str, value: float) -> CounterMetricFamily:
    return CounterMetricFamily(name, doc, value=value)


async def serve(health: Health, host: str, port: int) -> web.AppRunner | None:
    """Polling mode's own small server. A port in use costs the metrics, not the bot: logged."""
    runner = web.AppRunner(health.app(), access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        log.warning("metrics server not started on %s:%s (%s): set METRICS_PORT (0 = off)", host, port, exc.strerror or type(exc).__name__)
        await runner.cleanup()
        return None
    log.info("health and metrics on http://%s:%s/healthz and /metrics", host, port)
    return runner
