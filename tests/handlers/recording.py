"""A bot session that records every Bot API method object instead of sending it (after aiogram's
own tests/mocked_bot.py), answers as Telegram would, and can be told to fail like Telegram does."""
from __future__ import annotations

import json
import time
from collections import defaultdict
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import (
    AnswerCallbackQuery,
    CopyMessage,
    DeleteMessages,
    SendDocument,
    SendMessage,
    SetMyCommands,
    TelegramMethod,
)

BOT_ID = 4242


class RecordingSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[TelegramMethod] = []
        self.failures: dict[type, list[dict]] = defaultdict(list)
        self.message_ids: dict[int, int] = defaultdict(lambda: 500)

    def fail(self, method: type, status: int, description: str, retry_after: int | None = None, times: int = 1) -> None:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        self.failures[method] += [{"status": status, "body": body}] * times

    def _message(self, chat_id: int, text: str | None = None) -> dict:
        self.message_ids[chat_id] += 1
        message = {
            "message_id": self.message_ids[chat_id],
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Acompaña"},
        }
        if text is not None:
            message["text"] = text
        return message

    def _result(self, method: TelegramMethod) -> Any:
        if isinstance(method, SendMessage):
            return self._message(int(method.chat_id), method.text)
        if isinstance(method, SendDocument):
            return self._message(int(method.chat_id))
        if isinstance(method, CopyMessage):
            self.message_ids[int(method.chat_id)] += 1
            return {"message_id": self.message_ids[int(method.chat_id)]}
        if isinstance(method, AnswerCallbackQuery | DeleteMessages | SetMyCommands):
            return True
        return True

    async def make_request(self, bot: Bot, method: TelegramMethod, timeout: int | None = None):
        self.calls.append(method)
        queued = self.failures.get(type(method))
        if queued:
            failure = queued.pop(0)
            self.check_response(bot, method, failure["status"], json.dumps(failure["body"]))
        response = self.check_response(bot, method, 200, json.dumps({"ok": True, "result": self._result(method)}))
        return response.result

    async def stream_content(self, *args, **kwargs):
        # The bot relays media by copy and never downloads a file: a download is a bug to catch.
        raise AssertionError("the bot tried to download a file")
        yield b""

    async def close(self) -> None:
        pass

    def of(self, method: type) -> list:
        return [c for c in self.calls if isinstance(c, method)]
