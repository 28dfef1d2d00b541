"""Group chats (an instancia's group): the bot listens only to its own group commands, so it never
talks over the members; everything else in the group is ignored."""
from __future__ import annotations

from aiogram import F, Router
from aiogram.types import Message

from bot.runtime import Incoming, Runtime
from handlers.private import to_event

GROUP_COMMANDS = {"vincular", "desvincular"}


async def on_group_command(message: Message, runtime: Runtime) -> None:
    event = to_event(message)
    if getattr(event, "name", None) not in GROUP_COMMANDS:
        return
    await runtime.process(Incoming(message.chat.id, event, message.message_id, chat_type=message.chat.type))


def make_router() -> Router:
    router = Router(name="group")
    router.message.filter(F.chat.type.in_({"group", "supergroup"}), F.text.startswith("/"))
    router.message.register(on_group_command)
    return router
