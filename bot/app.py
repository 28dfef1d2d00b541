"""Building the Telegram side: the bot (with a custom Bot API server if set), the dispatcher, the runners.

Both runners store each update in the inbox before acknowledging it (bot.inbox): long polling asks
for the next batch only after the last one is committed; the webhook answers 200 only then.
"""
from __future__ import annotations

import asyncio
import hmac
import logging
import signal

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import BotCommand
import aiohttp
from aiohttp import web

from bot.delivery import Limits
from bot.errors import port_error
from bot.health import Health, serve
from bot.inbox import Worker
from bot.runtime import Runtime
from bot.scheduler import Ticker
from bot.settings import Settings
from handlers import group, private
from handlers.limits import Retry
from handlers.transport import TelegramTransport

log = logging.getLogger(__name__)

COMMANDS = [
    ("start", "Empezar"),
    ("menu", "Menú principal"),
    ("emergencia", "Números de emergencia"),
    ("salir", "Salir rápido y borrar esta conversación"),
    ("borrar", "Borrar mis datos"),
    ("privacidad", "Cómo cuido tus datos"),
    ("ayuda", "Qué puedo hacer"),
]

POLL_TIMEOUT = 25  # seconds a getUpdates call waits for news
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def build_bot(settings: Settings) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.api_base)) if settings.api_base else AiohttpSession()
    session.middleware(Retry())
    return Bot(settings.token(), session=session)


def build_dispatcher(runtime: Runtime) -> Dispatcher:
    dp = Dispatcher(runtime=runtime)
    dp.include_router(private.make_router())
    dp.include_router(group.make_router())
    return dp


def build_runtime(settings: Settings, bot: Bot) -> Runtime:
    return Runtime.create(settings.database_url, settings.key(), TelegramTransport(bot), settings.model_cache_dir, limits=Limits(), inline=False)


async def _introduce(bot: Bot, dp: Dispatcher) -> None:
    """getMe first: a wrong token or no network stops the start here, with a clear line (bot.errors);
    the username lets handlers tell `/cmd@this_bot` from another bot's commands."""
    dp["bot_username"] = (await bot.me()).username


async def _prepare(bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(command=c, description=d) for c, d in COMMANDS])


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def get_updates(bot: Bot, offset: int | None, allowed_updates: list[str]) -> list[dict]:
    """getUpdates as raw JSON: the updates are stored exactly as Telegram sent them."""
    http = await bot.session.create_session()
    params = {"timeout": POLL_TIMEOUT, "allowed_updates": allowed_updates, **({"offset": offset} if offset else {})}
    async with http.post(bot.session.api.api_url(bot.token, "getUpdates"), json=params,
                         timeout=aiohttp.ClientTimeout(total=POLL_TIMEOUT + 10)) as response:
        body = await response.json(content_type=None)
    if not body.get("ok"):
        raise RuntimeError(f"getUpdates: {body.get('error_code')} {body.get('description', '')[:80]}")
    return [u for u in body["result"] if isinstance(u, dict) and isinstance(u.get("update_id"), int)]


async def poll(bot: Bot, worker: Worker, allowed_updates: list[str]) -> None:
    """Long polling: a batch is confirmed (the next offset asked for) only once it is stored."""
    offset, backoff = None, 1.0
    while True:
        try:
            updates = await get_updates(bot, offset, allowed_updates)
            if updates:
                await worker.take(updates)
                offset = max(u["update_id"] for u in updates) + 1
            backoff = 1.0
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # Telegram or the database away for a moment: the batch comes again
            log.warning("polling: %s; retrying in %ss", exc if isinstance(exc, RuntimeError) else type(exc).__name__, backoff)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 30.0)


def build_health(settings: Settings, runtime: Runtime, worker: Worker) -> Health:
    return Health(runtime.sessions, settings.tick_seconds, settings.health_outbox_max_age, worker, runtime.delivery)


async def _serve(settings: Settings, runtime: Runtime, worker: Worker, health: Health, until: asyncio.Event) -> None:
    ticker = health.ticker = Ticker(runtime, settings.tick_seconds, worker)
    try:
        await worker.recover()  # stored before a crash, not done yet
        ticker.start()
        await until.wait()
    finally:
        ticker.stop()
        await worker.idle(timeout=5)
        await ticker.aclose()


async def run_polling(settings: Settings) -> None:
    bot = build_bot(settings)
    runtime = build_runtime(settings, bot)
    dp = build_dispatcher(runtime)
    worker = Worker(runtime, dp, bot)
    health = build_health(settings, runtime, worker)
    stop = _stop_on_signals()
    poller = metrics = None
    try:
        await _introduce(bot, dp)
        await bot.delete_webhook(drop_pending_updates=False)
        await _prepare(bot)
        poller = asyncio.create_task(poll(bot, worker, dp.resolve_used_update_types()))
        poller.add_done_callback(lambda _t: stop.set())
        if settings.metrics_port:
            metrics = await serve(health, settings.metrics_host, settings.metrics_port)
        log.info("polling started")
        await _serve(settings, runtime, worker, health, stop)
    finally:
        if poller is not None:
            poller.cancel()
        if metrics is not None:
            await metrics.cleanup()
        await runtime.close()
        await bot.session.close()


def webhook_app(worker: Worker, secret: str, health: Health | None = None) -> web.Application:
    """POST /webhook: a wrong or missing secret token gets 401; an update is answered 200 once stored.
    GET /healthz and /metrics (bot.health) on the same server."""
    expected = secret.encode()

    async def on_update(request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), expected):
            return web.Response(status=401)
        try:
            raw = await request.json()
        except ValueError:
            return web.Response(status=400)
        if not isinstance(raw, dict) or not isinstance(raw.get("update_id"), int):
            return web.Response(status=400)
        try:
            await worker.take([raw])
        except Exception as exc:  # not stored: Telegram sends it again
            log.warning("webhook: update not stored: %s", type(exc).__name__)
            return web.Response(status=503)
        return web.Response()

    app = web.Application()
    app.router.add_post("/webhook", on_update)
    if health is not None:
        health.add_routes(app)
    return app


async def run_webhook(settings: Settings) -> None:
    """An aiohttp server Telegram posts updates to."""
    if not settings.webhook_url or not settings.webhook_secret:
        from bot.settings import SettingsError

        raise SettingsError("El modo webhook necesita WEBHOOK_URL y WEBHOOK_SECRET en .env.")
    bot = build_bot(settings)
    runtime = build_runtime(settings, bot)
    dp = build_dispatcher(runtime)
    worker = Worker(runtime, dp, bot)
    health = build_health(settings, runtime, worker)
    stop = _stop_on_signals()
    runner = web.AppRunner(webhook_app(worker, settings.webhook_secret.get_secret_value(), health), access_log=None)
    try:
        await _introduce(bot, dp)
        await bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret.get_secret_value(), allowed_updates=dp.resolve_used_update_types())
        await _prepare(bot)
        await runner.setup()
        try:
            await web.TCPSite(runner, settings.webhook_host, settings.webhook_port).start()
        except OSError as exc:
            raise port_error(exc, settings) from None
        log.info("webhook listening on %s:%s", settings.webhook_host, settings.webhook_port)
        await _serve(settings, runtime, worker, health, stop)
    finally:
        await runner.cleanup()
        await runtime.close()
        await bot.session.close()
