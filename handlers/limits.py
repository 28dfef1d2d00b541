"""Request middlewares on the bot's session: Telegram's rate limits kept, 429s and passing errors retried."""
from __future__ import annotations

import asyncio
import logging
import time

from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates

log = logging.getLogger(__name__)


class TokenBucket:
    """`rate` tokens a second, bursts of up to `burst`."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.stamp = burst, time.monotonic()
        self.lock = asyncio.Lock()

    async def take(self) -> None:
        async with self.lock:
            now = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens < 1:
                await asyncio.sleep((1 - self.tokens) / self.rate)
                self.stamp = time.monotonic()
                self.tokens = 1
            self.tokens -= 1


class RateLimit(BaseRequestMiddleware):
    """About 30 messages a second overall, 1 a second in a chat (short bursts allowed), 20 a minute in a group."""

    SENDING = ("send", "copy", "forward")

    def __init__(self, per_second: float = 30, chat_per_second: float = 1, chat_burst: float = 4, group_per_minute: float = 20) -> None:
        self.overall = TokenBucket(per_second, per_second)
        self.chat_per_second, self.chat_burst = chat_per_second, chat_burst
        self.group_per_second = group_per_minute / 60
        self.chats: dict[int | str, TokenBucket] = {}

    def _bucket(self, chat_id: int | str) -> TokenBucket:
        bucket = self.chats.get(chat_id)
        if bucket is None:
            group = isinstance(chat_id, str) or int(chat_id) < 0  # groups have negative ids
            bucket = TokenBucket(self.group_per_second, 3) if group else TokenBucket(self.chat_per_second, self.chat_burst)
            if len(self.chats) > 10_000:
                self.chats.clear()
            self.chats[chat_id] = bucket
        return bucket

    async def __call__(self, make_request, bot, method):
        name = type(method).__name__.lower()
        chat_id = getattr(method, "chat_id", None)
        if chat_id is not None and name.startswith(self.SENDING):
            await self._bucket(chat_id).take()
            await self.overall.take()
        return await make_request(bot, method)


class Retry(BaseRequestMiddleware):
    """Obey a 429's retry_after and retry; retry network and server errors a few times with backoff."""

    def __init__(self, attempts: int = 4, max_wait: float = 60.0) -> None:
        self.attempts, self.max_wait = attempts, max_wait

    async def __call__(self, make_request, bot, method):
        if isinstance(method, GetUpdates):  # polling has its own backoff
            return await make_request(bot, method)
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt == self.attempts or exc.retry_after > self.max_wait:
                    raise
                log.warning("429 from Telegram on %s: waiting %ss", type(method).__name__, exc.retry_after)
                await asyncio.sleep(exc.retry_after)
            except (TelegramNetworkError, TelegramServerError) as exc:
                if attempt == self.attempts:
                    raise
                log.warning("%s on %s, retrying", type(exc).__name__, type(method).__name__)
                await asyncio.sleep(0.5 * 2 ** (attempt - 1))
        raise AssertionError("unreachable")
