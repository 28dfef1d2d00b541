"""Simulated Telegram users and groups that talk to the bot through FakeBotAPI."""

from __future__ import annotations

import asyncio
import copy
import re
import time
from typing import TYPE_CHECKING, Any, Callable, Union

if TYPE_CHECKING:
    from .server import FakeBotAPI, StoredMessage

Predicate = Union[None, str, "re.Pattern[str]", Callable[["StoredMessage"], bool]]
_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?")


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str) -> list[dict[str, Any]]:
    """bot_command entities as Telegram detects them (offsets in UTF-16 units)."""
    return [{"type": "bot_command", "offset": _utf16(text[:m.start()]), "length": _utf16(m.group())}
            for m in _COMMAND.finditer(text)]


def _as_predicate(predicate: Predicate) -> Callable[[StoredMessage], bool]:
    if predicate is None:
        return lambda m: True
    if isinstance(predicate, str):
        return lambda m: predicate in (m.text or "")
    if isinstance(predicate, re.Pattern):
        return lambda m: bool(predicate.search(m.text or ""))
    return predicate


class FakeUser:
    """A person writing to the bot, in their private chat or (via in_group) a group."""

    def __init__(self, api: FakeBotAPI, info: dict[str, Any], chat: dict[str, Any]):
        self.api, self.info, self.chat = api, info, chat
        self.id: int = info["id"]
        self.chat_id: int = chat["id"]

    def in_group(self, group: FakeGroup) -> FakeUser:
        """The same person acting inside a group chat."""
        return FakeUser(self.api, self.info, group.chat)

    def __repr__(self) -> str:
        return f"FakeUser(id={self.id}, chat_id={self.chat_id})"

    # -- actions -------------------------------------------------------------

    async def _send_message(self, content: dict[str, Any]) -> dict[str, Any]:
        self.mark()
        if self.chat["type"] == "private":
            self.api.started.add(self.chat_id)
        stored = self.api.store_message(self.chat_id, self.info, content)
        return await self._deliver("message", stored.data)

    async def _deliver(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        self.mark()
        # A snapshot: later edits of the stored message must not alter a sent update.
        update = self.api.new_update(kind, copy.deepcopy(payload))
        await self.api.deliver(update)
        return update

    async def send(self, text: str) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        if entities := command_entities(text):
            content["entities"] = entities
        return await self._send_message(content)

    async def send_command(self, command: str = "/start", args: str = "") -> dict[str, Any]:
        assert command.startswith("/"), f"commands start with '/': {command!r}"
        return await self.send(f"{command} {args}".strip())

    async def send_sticker(self, emoji: str = "🙂") -> dict[str, Any]:
        sticker = self.api.new_file("sticker", b"sticker", type="regular", width=512, height=512,
                                    is_animated=False, is_video=False, emoji=emoji)
        return await self._send_message({"sticker": sticker})

    async def send_photo(self, caption: str | None = None, content: bytes = b"\xff\xd8photo") -> dict:
        message: dict[str, Any] = {"photo": self.api.new_file("photo", content)}
        if caption:
            message["caption"] = caption
        return await self._send_message(message)

    async def send_voice(self, duration: int = 3, content: bytes = b"OggSvoice") -> dict[str, Any]:
        voice = self.api.new_file("voice", content, duration=duration, mime_type="audio/ogg")
        return await self._send_message({"voice": voice})

    async def send_document(self, file_name: str = "documento.pdf", content: bytes = b"%PDF-1.4",
                            mime_type: str = "application/pdf", caption: str | None = None) -> dict:
        document = self.api.new_file("document", content, file_name=file_name, mime_type=mime_type)
        message: dict[str, Any] = {"document": document}
        if caption:
            message["caption"] = caption
        return await self._send_message(message)

    async def send_location(self, latitude: float = -12.0464, longitude: float = -77.0428) -> dict:
        return await self._send_message({"location": {"latitude": latitude, "longitude": longitude}})

    async def send_contact(self, phone_number: str = "+51987654321", first_name: str | None = None,
                           user_id: int | None = None) -> dict[str, Any]:
        """Shares a contact; by default the user's own (as the request_contact button does)."""
        contact = {"phone_number": phone_number, "first_name": first_name or self.info["first_name"]}
        if first_name is None or user_id is not None:
            contact["user_id"] = user_id or self.id
        return await self._send_message({"contact": contact})

    async def edit_last(self, text: str) -> dict[str, Any]:
        """Edit this user's latest text message in the chat (an edited_message update)."""
        mine = [m for m in self.api.chat_messages(self.chat_id)
                if not m.from_bot and m.data["from"]["id"] == self.id and "text" in m.data]
        assert mine, f"{self} has no text message to edit"
        stored = mine[-1]
        stored.data["text"] = text
        stored.data["edit_date"] = int(time.time())
        stored.data.pop("entities", None)
        if entities := command_entities(text):
            stored.data["entities"] = entities
        return await self._deliver("edited_message", stored.data)

    async def press(self, button: str | Callable[[dict], bool],
                    message: StoredMessage | int | None = None) -> dict[str, Any]:
        """Press an inline button (by text or predicate on the button dict).

        Looks in `message`, or else the latest bot message in the chat with an inline keyboard.
        """
        if isinstance(message, int):
            message = self.api.message(self.chat_id, message)
        if message is None:
            with_keyboard = [m for m in self.api.bot_messages(self.chat_id) if m.inline_buttons]
            assert with_keyboard, f"no bot message with an inline keyboard in chat {self.chat_id}"
            message = with_keyboard[-1]
        assert not message.deleted, f"message {message.message_id} was deleted"
        found = message.button(button)
        assert "callback_data" in found, f"button {found['text']!r} has no callback_data: {found}"
        return await self.press_data(found["callback_data"], message.message_id)

    async def press_data(self, data: str, message_id: int | None = None) -> dict[str, Any]:
        """Send a callback_query with arbitrary (possibly forged) data."""
        if message_id is None:
            sent = self.api.bot_messages(self.chat_id)
            assert sent, f"no bot message in chat {self.chat_id} to attach the callback to"
            message_id = sent[-1].message_id
        stored = self.api.message(self.chat_id, message_id)
        if stored is not None and not stored.deleted:
            message = stored.data
        else:  # what Telegram sends for messages the bot can no longer see
            message = {"chat": self.chat, "message_id": message_id, "date": 0}
        query_id = str(next(self.api._callback_ids))
        self.api.callbacks[query_id] = {"time": asyncio.get_running_loop().time(), "answer": None,
                                        "data": data, "user_id": self.id}
        payload = {"id": query_id, "from": self.info, "message": message,
                   "chat_instance": str(-(abs(hash((self.api.bot_id, self.chat_id))) % 10**18)),
                   "data": data}
        return await self._deliver("callback_query", payload)

    async def block_bot(self) -> dict[str, Any]:
        """Block the bot: later sends fail with 403, and the bot gets a my_chat_member update."""
        self.api.block(self.chat_id)
        return await self._member_update("member", "kicked")

    async def unblock_bot(self) -> dict[str, Any]:
        self.api.unblock(self.chat_id)
        return await self._member_update("kicked", "member")

    async def _member_update(self, old: str, new: str) -> dict[str, Any]:
        def member(status: str) -> dict[str, Any]:
            return {"status": status, "user": self.api.bot_user,
                    **({"until_date": 0} if status == "kicked" else {})}
        payload = {"chat": self.chat, "from": self.info, "date": int(time.time()),
                   "old_chat_member": member(old), "new_chat_member": member(new)}
        return await self._deliver("my_chat_member", payload)

    async def vote(self, poll_id: str, option_ids: list[int]) -> dict[str, Any]:
        """Answer a (non-anonymous) poll the bot sent; [] takes the vote back."""
        sent = self.api.polls.get(poll_id)
        assert sent is not None, f"no poll {poll_id}"
        poll = sent["poll"]
        assert not poll["is_anonymous"], "answers to an anonymous poll name nobody: no poll_answer"
        assert not poll["is_closed"] and poll.get("close_date", float("inf")) > time.time(), "the poll is closed"
        sent["votes"][self.id] = list(option_ids)
        payload = {"poll_id": poll_id, "user": self.info, "option_ids": list(option_ids),
                   "option_persistent_ids": [str(i) for i in option_ids]}
        return await self._deliver("poll_answer", payload)

    # -- reading back -------------------------------------------------------------

    def mark(self) -> None:
        """From now on, wait_for only sees bot messages sent after this point."""
        self.api._marks[(self.id, self.chat_id)] = self.api._seq

    def messages(self) -> list[StoredMessage]:
        """Bot messages in this chat that are not deleted, oldest first."""
        return self.api.bot_messages(self.chat_id)

    def last(self) -> StoredMessage | None:
        sent = self.messages()
        return sent[-1] if sent else None

    def buttons(self, message: StoredMessage | None = None) -> list[str]:
        """Inline button texts of `message`, or of the latest bot message with an inline keyboard."""
        if message is None:
            message = next((m for m in reversed(self.messages()) if m.inline_buttons), None)
        return message.buttons() if message else []

    def reply_keyboard(self) -> list[str] | None:
        """Texts of the reply keyboard the client currently shows, if any."""
        for message in reversed(self.messages()):
            markup = message.markup or {}
            if "keyboard" in markup:
                return [b["text"] if isinstance(b, dict) else b for row in markup["keyboard"] for b in row]
            if markup.get("remove_keyboard"):
                return None
        return None

    async def wait_for(self, predicate: Predicate = None, timeout: float = 10, count: int = 1,
                       include_edits: bool = False) -> list[StoredMessage]:
        """Wait for `count` new bot messages in this chat matching `predicate`.

        "New" means sent (or, with include_edits, edited) after this user's last
        action or mark(). The mark then moves past the returned messages, so a
        second call waits for the next ones. predicate: substring, regex, or callable.
        """
        match = _as_predicate(predicate)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        key = (self.id, self.chat_id)

        def changed_at(m: StoredMessage) -> int:
            return max(m.seq, m.edited_seq) if include_edits else m.seq

        while True:
            mark = self.api._marks.get(key, 0)
            fresh = sorted((m for m in self.messages() if changed_at(m) > mark), key=changed_at)
            found = [m for m in fresh if match(m)]
            if len(found) >= count:
                self.api._marks[key] = changed_at(found[count - 1])
                return found[:count]
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = [c.method + ": " + str(c.response.get("description"))
                          for c in self.api.rejected[-5:]]
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {count} bot message(s) matching "
                    f"{predicate!r} in chat {self.chat_id}; new messages: "
                    f"{[m.text for m in fresh]}; recent rejected calls: {recent}"
                )
            await self.api.wait_change(remaining)


class FakeGroup:
    """A group or supergroup the bot is a member of."""

    def __init__(self, api: FakeBotAPI, chat: dict[str, Any]):
        self.api, self.chat = api, chat
        self.id: int = chat["id"]

    def member(self, user: FakeUser) -> FakeUser:
        return user.in_group(self)

    async def bot_added(self, by: FakeUser) -> dict[str, Any]:
        """Someone adds the bot to this group: the bot gets a my_chat_member update."""
        self.api.left.discard(self.id)
        return await self._bot_membership(by, "left", "member")

    async def bot_removed(self, by: FakeUser) -> dict[str, Any]:
        self.api.left.add(self.id)
        return await self._bot_membership(by, "member", "left")

    async def _bot_membership(self, by: FakeUser, old: str, new: str) -> dict[str, Any]:
        payload = {"chat": self.chat, "from": by.info, "date": int(time.time()),
                   "old_chat_member": {"status": old, "user": self.api.bot_user},
                   "new_chat_member": {"status": new, "user": self.api.bot_user}}
        update = self.api.new_update("my_chat_member", payload)
        await self.api.deliver(update)
        return update

    def messages(self) -> list[StoredMessage]:
        return self.api.bot_messages(self.id)

    def __repr__(self) -> str:
        return f"FakeGroup(id={self.id}, title={self.chat.get('title')!r})"
