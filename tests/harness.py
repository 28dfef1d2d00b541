"""Driving the bot in tests as a person would, at the level of flows + storage + outbox.

`Harness` runs the real Runtime on a real database with a transport that records every parcel,
so a test can send text, press buttons by their label and read what each person was sent.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bot.delivery import Blocked, TryLater
from bot.runtime import Incoming, Runtime
from flows.core import Command, Event, Location, Media, Press, Text

TEST_KEY = "test-data-key-0123456789-abcdefghijklmnop"


@dataclass
class Sent:
    message_id: int
    payload: dict

    @property
    def text(self) -> str:
        return self.payload.get("text") or self.payload.get("header") or self.payload.get("question") or self.payload.get("caption", "")

    @property
    def buttons(self) -> list[tuple[str, str, str]]:
        return [tuple(b) for row in self.payload.get("buttons") or [] for b in row]


@dataclass
class RecordingTransport:
    """Records parcels per chat; can be told to fail for a chat, as Telegram would."""

    sent: dict[str, list[Sent]] = field(default_factory=lambda: defaultdict(list))
    deleted: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    blocked: set[str] = field(default_factory=set)
    failing: set[str] = field(default_factory=set)
    next_id: int = 1000

    async def send(self, chat_id: str, payload: dict) -> list[int]:
        if chat_id in self.blocked:
            raise Blocked()
        if chat_id in self.failing:
            raise TryLater()
        self.next_id += 1
        if payload["type"] == "poll":
            payload["poll_id"] = f"poll-{self.next_id}"  # as Telegram names a poll it accepted
        self.sent[chat_id].append(Sent(self.next_id, payload))
        return [self.next_id]

    async def delete(self, chat_id: str, message_ids: list[int]) -> None:
        if chat_id in self.blocked:
            raise Blocked()
        self.deleted[chat_id].extend(message_ids)


class Person:
    def __init__(self, harness: "Harness", chat_id: int) -> None:
        self.harness = harness
        self.chat_id = chat_id
        self.sent_ids: list[int] = []  # ids of the messages this person sent
        self._mark = 0

    @property
    def inbox(self) -> list[Sent]:
        return self.harness.transport.sent[str(self.chat_id)]

    async def do(self, event: Event):
        self._mark = len(self.inbox)
        self.harness.transport.next_id += 1
        message_id = None if isinstance(event, Press) else self.harness.transport.next_id
        if message_id:
            self.sent_ids.append(message_id)
        return await self.harness.runtime.process(Incoming(self.chat_id, event, message_id))

    async def send(self, text: str):
        return await self.do(Text(text))

    async def agree(self):
        """Start the bot and accept its consent question, as most people do first."""
        await self.command("start")
        return await self.press("Sí, estoy de acuerdo")

    async def command(self, name: str, args: str = ""):
        return await self.do(Command(name, args))

    async def location(self, lat: float, lon: float):
        return await self.do(Location(lat, lon))

    async def media(self, kind: str, caption: str = ""):
        return await self.do(Media(kind, caption))

    async def press(self, label: str):
        """Press the button whose label contains `label`, in the latest message that has buttons."""
        for sent in reversed(self.inbox):
            if sent.buttons:
                for text, action, arg in sent.buttons:
                    if label.lower() in text.lower():
                        return await self.do(Press(action, arg))
                raise AssertionError(f"no button '{label}' in the latest keyboard: {[b[0] for b in sent.buttons]}")
        raise AssertionError("no message with buttons was sent to this person")

    def new(self) -> list[Sent]:
        """What the bot sent this person in answer to the last action."""
        return self.inbox[self._mark :]

    def new_text(self) -> str:
        return "\n".join(s.text for s in self.new())

    def last(self) -> Sent:
        assert self.inbox, "nothing was sent to this person"
        return self.inbox[-1]

    def labels(self) -> list[str]:
        for sent in reversed(self.inbox):
            if sent.buttons:
                return [b[0] for b in sent.buttons]
        return []

    async def state(self):
        return await self.harness.runtime.state_of(self.chat_id)


class Harness:
    def __init__(self, database_url: str) -> None:
        self.transport = RecordingTransport()
        self.runtime = Runtime.create(database_url, TEST_KEY, self.transport)

    def person(self, chat_id: int) -> Person:
        return Person(self, chat_id)

    async def restart(self) -> None:
        """A new Runtime on the same database and transport, as after a process restart."""
        url = self.runtime.engine.url.render_as_string(hide_password=False)
        await self.runtime.close()
        self.runtime = Runtime.create(url, TEST_KEY, self.transport)

    async def close(self) -> None:
        await self.runtime.close()
