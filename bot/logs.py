"""Logging for `acompana`: plain lines, or one JSON object a line (LOG_FORMAT=json) for a log
collector. Either way the bot logs no names, ids or message text: only kinds, counts and error
types. Libraries whose debug logs would print SQL parameters or update contents stay at WARNING."""
from __future__ import annotations

import logging

CHATTY_LOGGERS = ("aiosqlite", "asyncpg", "sqlalchemy.engine", "aiogram.event", "aiohttp.access")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def quiet_chatty_loggers() -> None:
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def formatter(log_format: str) -> logging.Formatter:
    if log_format == "json":
        from pythonjsonlogger.json import JsonFormatter

        return JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                             rename_fields={"asctime": "time", "levelname": "level", "name": "logger"})
    return logging.Formatter(TEXT_FORMAT)


def configure(level: str, log_format: str = "text", quiet: bool = False) -> None:
    """`quiet`: the console chat, where log lines would mix with the conversation."""
    handler = logging.StreamHandler()
    handler.setFormatter(formatter(log_format))
    logging.basicConfig(level=logging.WARNING if quiet else getattr(logging, level.upper(), logging.INFO), handlers=[handler])
    quiet_chatty_loggers()
