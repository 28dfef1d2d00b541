"""Turns outbox parcels into Bot API calls: text split to Telegram's limit, buttons as inline keyboards."""
from __future__ import annotations

import base64
import logging
from functools import lru_cache

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import (
    AnswerCallbackQuery,
    CopyMessage,
    DeleteMessages,
    DeleteWebhook,
    GetMe,
    GetUpdates,
    Response,
    SendDocument,
    SendMessage,
    SendPhoto,
    SendPoll,
    SetMyCommands,
    SetWebhook,
)
from aiogram.types import (
    BufferedInputFile,
    CopyTextButton,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputPollOption,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.delivery import Blocked, Refused, TryLater
from flows.core import COPY
from flows.texts import t
from handlers.callbacks import Act

log = logging.getLogger(__name__)

MAX_TEXT = 4096

# aiogram reads every Bot API answer as Response[T], a pydantic generic class that pydantic caches
# only weakly: the next garbage collection frees it and the next call builds it again (a few ms,
# more than the rest of a send). Kept alive here for the methods the bot calls.
_RESPONSES = [
    Response[method.__returning__]
    for method in (
        AnswerCallbackQuery, CopyMessage, DeleteMessages, DeleteWebhook, GetMe, GetUpdates, SendDocument,
        SendMessage, SendPhoto, SendPoll, SetMyCommands, SetWebhook,
    )
]


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces of at most `limit` characters, cut at a paragraph, a line or a space when possible."""
    text = text.strip() or "…"
    pieces = []
    while len(text) > limit:
        cut = max(text.rfind("\n\n", 0, limit), text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        if cut < limit // 2:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    pieces.append(text)
    return [p for p in pieces if p]


def inline_button(label: str, action: str, arg: str) -> InlineKeyboardButton:
    if action == COPY:  # copies `arg` (a phone number) to her clipboard; Telegram sends nothing back
        return InlineKeyboardButton(text=label, copy_text=CopyTextButton(text=arg))
    return InlineKeyboardButton(text=label, callback_data=Act(action=action, arg=arg).pack())


def inline_keyboard(rows: list) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return _keyboard(tuple(tuple(tuple(button) for button in row) for row in rows))


@lru_cache(maxsize=1024)
def _keyboard(rows: tuple) -> InlineKeyboardMarkup:
    """Built once per set of buttons (the menus are the same for everyone; building one is most
    of a message's cost); Telegram objects are only read once built."""
    return InlineKeyboardMarkup(inline_keyboard=[[inline_button(*button) for button in row] for row in rows])


def location_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=t("share-location"), request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def _flags(payload: dict) -> dict:
    """A parcel's discretion as Bot API parameters: no sound, no forwarding or saving."""
    flags = {}
    if payload.get("silent"):
        flags["disable_notification"] = True
    if payload.get("protect"):
        flags["protect_content"] = True
    return flags


class TelegramTransport:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: str, payload: dict) -> list[int]:
        try:
            if payload["type"] == "text":
                return await self._text(int(chat_id), payload)
            if payload["type"] == "copy":
                return await self._copy(int(chat_id), payload)
            if payload["type"] in ("document", "photo"):
                return await self._document(int(chat_id), payload)
            if payload["type"] == "poll":
                return await self._poll(int(chat_id), payload)
        except TelegramForbiddenError as exc:
            raise Blocked() from exc
        except TelegramRetryAfter as exc:
            raise TryLater(exc.retry_after) from exc
        except (TelegramNetworkError, TelegramServerError) as exc:
            raise TryLater() from exc
        except TelegramBadRequest as exc:
            if "chat not found" in exc.message.lower():
                raise Blocked() from exc
            log.error("Telegram refused a parcel of type %s: %s", payload["type"], exc.message)
            raise Refused(exc.message[:120]) from exc
        raise ValueError(f"unknown parcel type {payload['type']}")

    async def _text(self, chat_id: int, payload: dict) -> list[int]:
        pieces = split_text(payload["text"])
        ids = []
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            markup = None
            if last:
                markup = location_keyboard() if payload.get("ask_location") else inline_keyboard(payload["buttons"])
            message = await self.bot.send_message(chat_id, piece, reply_markup=markup, **_flags(payload))
            ids.append(message.message_id)
        if payload.get("ask_location") and payload["buttons"]:
            # A message holds one keyboard: the location request above, the choices here.
            message = await self.bot.send_message(chat_id, t("or-choose"), reply_markup=inline_keyboard(payload["buttons"]))
            ids.append(message.message_id)
        return ids

    async def _copy(self, chat_id: int, payload: dict) -> list[int]:
        # A copy carries no link to its origin: the other side never sees who sent it.
        header = await self.bot.send_message(chat_id, payload["header"], **_flags(payload))
        # The copy follows its header without a sound of its own: the lock screen shows the header.
        flags = _flags(payload) | {"disable_notification": True}
        copied = await self.bot.copy_message(chat_id, int(payload["from_chat_id"]), payload["message_id"], **flags)
        return [header.message_id, copied.message_id]

    async def _document(self, chat_id: int, payload: dict) -> list[int]:
        file = BufferedInputFile(base64.b64decode(payload["content"]), filename=payload["filename"])
        send = self.bot.send_photo if payload["type"] == "photo" else self.bot.send_document
        message = await send(chat_id, file, caption=payload.get("caption") or None)
        return [message.message_id]

    async def _poll(self, chat_id: int, payload: dict) -> list[int]:
        message = await self.bot.send_poll(
            chat_id,
            payload["question"],
            [InputPollOption(text=option) for option in payload["options"]],
            is_anonymous=False,  # answers must name who voted, for the record
            close_date=payload["close_date"],
        )
        payload["poll_id"] = message.poll.id  # kept by delivery's POLL_SENT hooks
        return [message.message_id]

    async def delete(self, chat_id: str, message_ids: list[int]) -> None:
        try:
            for start in range(0, len(message_ids), 100):  # deleteMessages takes 1-100 ids
                await self.bot.delete_messages(int(chat_id), message_ids[start : start + 100])
        except TelegramForbiddenError as exc:
            raise Blocked() from exc
        except TelegramRetryAfter as exc:
            raise TryLater(exc.retry_after) from exc
        except (TelegramNetworkError, TelegramServerError) as exc:
            raise TryLater() from exc
        except TelegramBadRequest as exc:
            log.warning("could not delete messages: %s", exc.message)
