"""Building the Telegram side: the bot (with a custom Bot API server if set), the dispatcher, the runners."""
from __future__ import annotations

import asyncio
import logging
import signal

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import BotCommand
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bot.runtime import Runtime
from bot.scheduler import Ticker
from bot.settings import Settings
from handlers import group, private
from handlers.limits import RateLimit, Retry
from handlers.transport import TelegramTransport

log = logging.getLogger(__name__)

COMMANDS = [
    ("start", "Empezar"),
    ("menu", "Menú principal"),
    ("emergencia", "Números de emergencia"),
    ("salir", "Salir rápido y borrar esta conversación"),
    ("borrar", "Borrar mis datos"),
    ("privacidad", "Cómo cuido tus datos"),
]


def build_bot(settings: Settings) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.api_base)) if settings.api_base else AiohttpSession()
    session.middleware(RateLimit())
    session.middleware(Retry())
    return Bot(settings.bot_token, session=session)


def build_dispatcher(runtime: Runtime) -> Dispatcher:
    dp = Dispatcher(runtime=runtime)
    dp.include_router(private.make_router())
    dp.include_router(group.make_router())
    return dp


def build_runtime(settings: Settings, bot: Bot) -> Runtime:
    return Runtime.create(settings.database_url, settings.data_key, TelegramTransport(bot))


async def _prepare(bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(command=c, description=d) for c, d in COMMANDS])


async def run_polling(settings: Settings) -> None:
    bot = build_bot(settings)
    runtime = build_runtime(settings, bot)
    dp = build_dispatcher(runtime)
    ticker = Ticker(runtime, settings.tick_seconds)
    try:
        await bot.delete_webhook(drop_pending_updates=False)
        await _prepare(bot)
        ticker.start()
        log.info("polling started")
        await dp.start_polling(bot, handle_signals=True, allowed_updates=dp.resolve_used_update_types())
    finally:
        await ticker.aclose()
        await runtime.close()
        await bot.session.close()


async def run_webhook(settings: Settings) -> None:
    """An aiohttp server: Telegram posts updates; a wrong or missing secret token gets 401."""
    if not settings.webhook_url or not settings.webhook_secret:
        from bot.settings import SettingsError

        raise SettingsError("El modo webhook necesita WEBHOOK_URL y WEBHOOK_SECRET en .env.")
    bot = build_bot(settings)
    runtime = build_runtime(settings, bot)
    dp = build_dispatcher(runtime)
    ticker = Ticker(runtime, settings.tick_seconds)
    web_app = web.Application()
    SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token=settings.webhook_secret, handle_in_background=False).register(
        web_app, path="/webhook"
    )
    await bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret, allowed_updates=dp.resolve_used_update_types())
    await _prepare(bot)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    ticker.start()
    log.info("webhook listening on %s:%s", settings.webhook_host, settings.webhook_port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await ticker.aclose()
        await runner.cleanup()
        await runtime.close()
        await bot.session.close()
