"""Raw Telegram update JSON, as Telegram sends it (after RapidPro courier's channel test fixtures)."""
from __future__ import annotations

import itertools
import time

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


def _user(user_id: int) -> dict:
    return {"id": user_id, "is_bot": False, "first_name": "Rosa", "last_name": "Quispe", "username": "rosa_q", "language_code": "es"}


def _chat(chat_id: int) -> dict:
    return {"id": chat_id, "type": "private", "first_name": "Rosa", "last_name": "Quispe", "username": "rosa_q"}


def message(user_id: int, **content) -> dict:
    return {
        "update_id": next(_update_ids),
        "message": {"message_id": next(_message_ids), "from": _user(user_id), "chat": _chat(user_id), "date": int(time.time()), **content},
    }


def text(user_id: int, body: str) -> dict:
    return message(user_id, text=body)


def command(user_id: int, body: str) -> dict:
    name = body.split()[0]
    return message(user_id, text=body, entities=[{"type": "bot_command", "offset": 0, "length": len(name)}])


def sticker(user_id: int) -> dict:
    return message(user_id, sticker={
        "file_id": "CAACAgIAAxkBAAIBZ2", "file_unique_id": "AgADZ2", "type": "regular",
        "width": 512, "height": 512, "is_animated": False, "is_video": False, "emoji": "😢",
    })


def photo(user_id: int, caption: str | None = None) -> dict:
    sizes = [{"file_id": "AgACAgEAAxkBAAIB", "file_unique_id": "AQADs", "width": 90, "height": 90, "file_size": 1200}]
    return message(user_id, photo=sizes, **({"caption": caption} if caption else {}))


def voice(user_id: int) -> dict:
    return message(user_id, voice={"file_id": "AwACAgEAAxkBAAIB", "file_unique_id": "AgADv", "duration": 4, "mime_type": "audio/ogg"})


def location(user_id: int, lat: float, lon: float) -> dict:
    return message(user_id, location={"latitude": lat, "longitude": lon})


def contact(user_id: int) -> dict:
    return message(user_id, contact={"phone_number": "+51999999999", "first_name": "Rosa", "user_id": user_id})


def edited(user_id: int, body: str) -> dict:
    return {
        "update_id": next(_update_ids),
        "edited_message": {
            "message_id": next(_message_ids), "from": _user(user_id), "chat": _chat(user_id),
            "date": int(time.time()) - 30, "edit_date": int(time.time()), "text": body,
        },
    }


def callback(user_id: int, data: str, message_id: int = 1) -> dict:
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids) * 7919),
            "from": _user(user_id),
            "chat_instance": "-81234",
            "data": data,
            "message": {
                "message_id": message_id, "date": int(time.time()), "chat": _chat(user_id),
                "from": {"id": 4242, "is_bot": True, "first_name": "Acompaña"}, "text": "…",
            },
        },
    }
