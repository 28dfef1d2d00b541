"""The `acompana` command line."""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from typing import TYPE_CHECKING

from bot.logs import configure as configure_logging, quiet_chatty_loggers  # noqa: F401  (the latter: tests)

if TYPE_CHECKING:  # imported inside main(), where a Ctrl+C during the imports is caught too
    from bot.settings import Settings

# Feature modules that add their own subcommands: each has `add_commands(subparsers)`.
EXTENSIONS: list[str] = ["bot.cli_directory", "bot.cli_staff", "bot.cli_instancia", "bot.cli_outbox", "bot.cli_ops"]


def cmd_migrate(settings: Settings, args) -> None:
    from storage.db import migrate

    migrate(settings.database_url)
    print("Base de datos al día.")


def check_content() -> None:
    """Every content file read and checked now: a mistake in an edited CONTENT_DIR stops the start
    (file, line, field), not someone's conversation later."""
    from flows.contentfiles import check_all

    check_all()


def cmd_run(settings: Settings, args) -> None:
    from bot.app import run_polling
    from bot.cli_ops import prepare_database

    settings.require_telegram()
    check_content()
    prepare_database(settings.database_url)
    asyncio.run(run_polling(settings))


def cmd_webhook(settings: Settings, args) -> None:
    from bot.app import run_webhook
    from bot.cli_ops import prepare_database

    settings.require_telegram()
    check_content()
    prepare_database(settings.database_url)
    asyncio.run(run_webhook(settings))


def cmd_chat(settings: Settings, args) -> None:
    """The console has its own database (CONSOLE_DATABASE_URL), never Telegram's: trying the bot
    must not mix test conversations into real people's data."""
    from bot.console import chat
    from storage.db import migrate

    check_content()
    migrate(settings.console_database_url)
    # The process's stdin as it is now (None when started with it closed), not as it was when
    # bot.console was imported: a warm parent that imported it and forks starts (tests) differs.
    asyncio.run(chat(settings.console_database_url, settings.console_data_key(), settings.tick_seconds, stdin=sys.stdin,
                     model_cache=settings.model_cache_dir))


def cmd_start(settings: Settings, args) -> None:
    """On Telegram when a token is set, otherwise the console chat."""
    if settings.bot_token:
        cmd_run(settings, args)
    else:
        print("No hay TELEGRAM_BOT_TOKEN: abro el chat de consola (base de datos local SQLite).")
        cmd_chat(settings, args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="acompana", description="Acompaña: bot de orientación y acompañamiento.")
    parser.add_argument("--env-file", default=".env", help="archivo de configuración (por defecto .env)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, fn, help_text in (
        ("start", cmd_start, "en Telegram si hay token; si no, el chat de consola"),
        ("run", cmd_run, "Telegram, con long polling"),
        ("webhook", cmd_webhook, "Telegram, con webhook (servidor aiohttp)"),
        ("chat", cmd_chat, "chat de consola"),
        ("migrate", cmd_migrate, "actualiza la base de datos"),
    ):
        sub.add_parser(name, help=help_text).set_defaults(func=fn)
    for module in EXTENSIONS:
        __import__(module, fromlist=["add_commands"]).add_commands(sub)
    return parser


def _say(message: str) -> None:
    for line in message.splitlines():
        print(f"acompana: {line}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Exit 0 when done, 2 for a wrong setting or content file, 1 when something the bot needs
    fails (the database, Telegram), 130 on Ctrl+C; always a line or two in Spanish, never a
    traceback. Imports happen inside, so a Ctrl+C while they load is caught as well."""
    settings = None
    try:
        from bot.settings import Settings
        from flows import texts

        args = build_parser().parse_args(argv)
        settings = Settings.load(args.env_file)
        from bot import clock

        clock.configure(settings)  # the one clock: the system's, or the one a test drives
        texts.use_content_dir(settings.content_dir)  # flows never read the environment
        configure_logging(settings.log_level, settings.log_format, quiet=args.command == "chat" or (args.command == "start" and not settings.bot_token))
        args.func(settings, args)
    except KeyboardInterrupt:
        _say("detenido (Ctrl+C).")
        return 130
    except Exception as exc:
        from bot.errors import explain, is_setting

        message = explain(exc, settings)
        if message is None:  # a bug: the detail goes to the log (LOG_LEVEL=DEBUG), not to the screen
            logging.getLogger("acompana").debug("unexpected error", exc_info=True)
            message = f"error inesperado ({type(exc).__name__}). Con LOG_LEVEL=DEBUG se ve el detalle."
        _say(message)
        return 2 if is_setting(exc) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
