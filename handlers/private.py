"""Private chats: every update becomes a flow event, handled by the runtime."""
from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.types import CallbackQuery, Message

from bot.runtime import Incoming, Runtime
from flows.core import Edited, Event, Location, Media, Press, Text
from handlers.callbacks import Act
from handlers.commands import parse_command
from handlers.filters import on_loop

log = logging.getLogger(__name__)

MEDIA_KINDS = ("photo", "voice", "sticker", "video", "video_note", "audio", "animation", "document", "contact")


def to_event(message: Message, username: str | None = None) -> Event:
    """`username`: this bot's, so `/cmd@another_bot` is read as text, not as our command."""
    if message.text is not None:
        return parse_command(message.text, username) or Text(message.text)
    if message.location is not None:
        return Location(message.location.latitude, message.location.longitude)
    kind = next((k for k in MEDIA_KINDS if getattr(message, k, None) is not None), "other")
    return Media(kind, message.caption or "")


async def on_message(message: Message, runtime: Runtime, bot_username: str | None = None) -> None:
    await runtime.process(Incoming(message.chat.id, to_event(message, bot_username), message.message_id))


async def on_edited(message: Message, runtime: Runtime) -> None:
    await runtime.process(Incoming(message.chat.id, Edited(message.text or message.caption or "")))


async def stop_spinner(query: CallbackQuery) -> None:
    """Answer the button press first, so its spinner stops; failing that, the press still counts."""
    try:
        await query.answer()
    except Exception as exc:  # too old (Telegram keeps them ~15 s), or Telegram away
        log.info("callback not answered: %s", type(exc).__name__)


async def on_button(query: CallbackQuery, callback_data: Act, runtime: Runtime) -> None:
    await stop_spinner(query)  # the answer follows as a message
    await runtime.process(Incoming(query.message.chat.id, Press(callback_data.action, callback_data.arg)))


async def on_unknown_button(query: CallbackQuery, runtime: Runtime) -> None:
    """Data we never made (forged, or from an older version): treated as a stale button."""
    await stop_spinner(query)
    if query.message is not None:
        await runtime.process(Incoming(query.message.chat.id, Press("unknown")))


def make_router() -> Router:
    """A new router each time: aiogram attaches a router to one dispatcher only."""
    router = Router(name="private")
    router.message.filter(on_loop(F.chat.type == "private"))
    router.edited_message.filter(on_loop(F.chat.type == "private"))
    router.callback_query.filter(on_loop(F.message.chat.type == "private"))
    router.message.register(on_message)
    router.edited_message.register(on_edited)
    router.callback_query.register(on_button, Act.filter())
    router.callback_query.register(on_unknown_button)
    return router


def _private(event) -> bool:
    return isinstance(event, dict) and isinstance(event.get("chat"), dict) and event["chat"].get("type") == "private"


async def direct(raw: dict, bot: Bot, runtime: Runtime, bot_username: str | None = None) -> bool:
    """A private chat's message, edit or button press run by the handler make_router() gives it,
    with the same filters, without the dispatcher's middlewares and routers (a few hundred µs of an
    update's cost). Only the object the handler reads is validated. False: anything else, which
    goes to the dispatcher. Keep it in step with make_router (tests/handlers run both ways)."""
    if (message := raw.get("message")) is not None and _private(message):
        await on_message(Message.model_validate(message, context={"bot": bot}), runtime, bot_username)
    elif (message := raw.get("edited_message")) is not None and _private(message):
        await on_edited(Message.model_validate(message, context={"bot": bot}), runtime)
    elif isinstance(query := raw.get("callback_query"), dict) and _private(query.get("message")):
        query = CallbackQuery.model_validate(query, context={"bot": bot})
        try:  # as Act.filter() reads it
            data = Act.unpack(query.data) if query.data else None
        except (TypeError, ValueError):
            data = None
        if data is None:
            await on_unknown_button(query, runtime)
        else:
            await on_button(query, data, runtime)
    else:
        return False
    return True
