"""Group chats (an instancia's group): the bot listens only to its own group commands, so it never
talks over the members, and to its own membership (added: it says how to link the group; removed:
the group is unlinked). Everything else in the group is ignored."""
from __future__ import annotations

from aiogram import F, Router
from aiogram.types import ChatMemberUpdated, Message

from bot.runtime import Incoming, Runtime
from flows.core import BotMembership
from handlers import polls
from handlers.commands import parse_command
from handlers.filters import on_loop

GROUP_COMMANDS = {"vincular", "desvincular"}
GROUP_TYPES = {"group", "supergroup"}
INSIDE = {"member", "administrator", "creator", "restricted"}


async def on_group_command(message: Message, runtime: Runtime, bot_username: str | None = None) -> None:
    event = parse_command(message.text or "", bot_username)  # None for another bot's command
    if event is None or event.name not in GROUP_COMMANDS:
        return
    await runtime.process(Incoming(message.chat.id, event, message.message_id, chat_type=message.chat.type))


async def on_membership(update: ChatMemberUpdated, runtime: Runtime) -> None:
    was, now = update.old_chat_member.status in INSIDE, update.new_chat_member.status in INSIDE
    if was != now:  # a change of rights inside the group is not news
        await runtime.process(Incoming(update.chat.id, BotMembership(now), chat_type=update.chat.type))


def make_router() -> Router:
    router = Router(name="group")
    router.message.filter(on_loop(F.chat.type.in_(GROUP_TYPES), F.text.startswith("/")))
    router.message.register(on_group_command)
    router.my_chat_member.filter(on_loop(F.chat.type.in_(GROUP_TYPES)))
    router.my_chat_member.register(on_membership)
    router.include_router(polls.make_router())
    return router
