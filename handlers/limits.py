"""A request middleware on the bot's session: passing errors retried in place. Rate limits and
429s on sending are the sender's (bot.delivery): a 429 there becomes the parcel's next try, so one
chat's wait never holds up the others."""
from __future__ import annotations

import logging

from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates

from bot import clock

log = logging.getLogger(__name__)

SENDING = ("send", "copy", "forward", "delete")


class Retry(BaseRequestMiddleware):
    """Retry network and server errors a few times with backoff; obey a 429's retry_after on
    calls other than sending (setting commands, answering a button)."""

    def __init__(self, attempts: int = 3, max_wait: float = 10.0) -> None:
        self.attempts, self.max_wait = attempts, max_wait

    async def __call__(self, make_request, bot, method):
        if isinstance(method, GetUpdates):  # polling has its own backoff
            return await make_request(bot, method)
        sending = type(method).__name__.lower().startswith(SENDING)
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if sending or attempt == self.attempts or exc.retry_after > self.max_wait:
                    raise
                log.warning("429 from Telegram on %s: waiting %ss", type(method).__name__, exc.retry_after)
                await clock.sleep(exc.retry_after)
            except (TelegramNetworkError, TelegramServerError) as exc:
                if attempt == self.attempts:
                    raise
                log.warning("%s on %s, retrying", type(exc).__name__, type(method).__name__)
                await clock.sleep(0.5 * 2 ** (attempt - 1))
        raise AssertionError("unreachable")
