"""Answers to the polls the bot sent (an instancia's votes). Telegram names the voter, not the chat:
the answer is handled as an event of her private chat (a user's private chat id is her user id)."""
from __future__ import annotations

from aiogram import Router
from aiogram.types import PollAnswer as TelegramPollAnswer

from bot.runtime import Incoming, Runtime
from flows.core import PollAnswer


async def on_poll_answer(answer: TelegramPollAnswer, runtime: Runtime) -> None:
    if answer.user is None:  # an anonymous voter (a channel): not one of our members
        return
    await runtime.process(Incoming(answer.user.id, PollAnswer(answer.poll_id, tuple(answer.option_ids))))


def make_router() -> Router:
    router = Router(name="polls")
    router.poll_answer.register(on_poll_answer)
    return router
