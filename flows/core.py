"""The vocabulary every flow speaks: events in, state and effects out.

Nothing here knows about Telegram or a database. The Telegram adapter (handlers/) and the console
runner (bot/console.py) translate their inputs into these events and carry out these effects.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

# Telegram allows 1-64 bytes of callback data; our adapter spends a few on its prefix and separators.
MAX_ACTION_BYTES = 56


# ---------------------------------------------------------------------------------------------
# Events: what a person did
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Command:
    """A /command; `args` is the rest of the line."""

    name: str
    args: str = ""


@dataclass(frozen=True)
class Press:
    """A button was pressed: `action` names what to do, `arg` carries a short value (an id)."""

    action: str
    arg: str = ""


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Media:
    """Something that is not text: photo, voice, sticker, document, video, contact..."""

    kind: str
    caption: str = ""


@dataclass(frozen=True)
class Edited:
    """A message was edited after it was sent: only read for danger."""

    text: str


@dataclass(frozen=True)
class PollAnswer:
    """Someone answered a poll the bot sent (no options: she took her vote back)."""

    poll_id: str
    option_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class BotMembership:
    """The bot was added to (True) or removed from (False) the group chat this event comes from."""

    member: bool


Event = Text | Command | Press | Location | Media | Edited | PollAnswer | BotMembership


# ---------------------------------------------------------------------------------------------
# Effects: what the bot should do about it
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Button:
    label: str
    action: str
    arg: str = ""

    def __post_init__(self) -> None:
        size = len(self.action.encode()) + len(self.arg.encode()) + 1
        if size > MAX_ACTION_BYTES:
            raise ValueError(f"button data too long ({size} bytes): {self.action}:{self.arg}")
        if ":" in self.action or ":" in self.arg:
            raise ValueError("button data cannot contain ':' (the adapter's separator)")


# A button with this action copies its `arg` to her clipboard (Telegram's copy_text, e.g. a phone
# number) instead of coming back as a Press.
COPY = "copy"


def copy_button(label: str, text: str) -> Button:
    return Button(label, COPY, text)


Keyboard = tuple[tuple[Button, ...], ...]


def keyboard(*rows: list[Button] | tuple[Button, ...] | Button) -> Keyboard:
    """Rows of buttons; a lone Button is a row of one."""
    return tuple((row,) if isinstance(row, Button) else tuple(row) for row in rows)


@dataclass(frozen=True)
class Reply:
    """A message to the person who caused the event."""

    text: str
    buttons: Keyboard = ()
    ask_location: bool = False


@dataclass(frozen=True)
class Notify:
    """A message to another known person (staff, a member), by our internal user id.
    `not_before`: hold it until then (her safe hours)."""

    user_id: int
    text: str
    buttons: Keyboard = ()
    not_before: datetime | None = None
    silent: bool = False  # Telegram's disable_notification: no sound (she chose silent messages)
    protect: bool = False  # Telegram's protect_content: cannot be forwarded or saved


@dataclass(frozen=True)
class ClearChat:
    """Quick exit: remove every message of this conversation that can still be removed."""


@dataclass(frozen=True)
class CopyIncoming:
    """Pass the incoming message (any media) on to another person, with a header, hiding its origin."""

    user_id: int
    header: str
    not_before: datetime | None = None
    silent: bool = False
    protect: bool = False


@dataclass(frozen=True)
class Forget:
    """After /borrar: keep no conversation row for this chat (its key is derived from her id)."""


@dataclass(frozen=True)
class SendDocument:
    """A file for the person who caused the event (a meeting's calendar entry)."""

    filename: str
    content: bytes
    caption: str = ""


@dataclass(frozen=True)
class SendPhoto:
    """A picture (PNG) for the person who caused the event: a report's chart."""

    filename: str
    content: bytes
    caption: str = ""


@dataclass(frozen=True)
class SendPoll:
    """A Telegram poll (not anonymous) for this chat; `ref` names what it decides, for its answers."""

    question: str
    options: tuple[str, ...]
    closes_at: datetime
    ref: int


Effect = Reply | Notify | ClearChat | CopyIncoming | Forget | SendDocument | SendPhoto | SendPoll


# ---------------------------------------------------------------------------------------------
# State: where a person is in a conversation
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """The conversation state, stored between updates. `data` must stay JSON-serialisable."""

    flow: str = "menu"
    step: str = "start"
    data: dict[str, Any] = field(default_factory=dict)

    def go(self, flow: str, step: str = "start", **data: Any) -> "State":
        """Enter another flow or step; data starts fresh."""
        return State(flow=flow, step=step, data=dict(data))

    def at(self, step: str, **more: Any) -> "State":
        """Move to a step of the same flow, keeping and adding to data."""
        return replace(self, step=step, data={**self.data, **more})

    def to_json(self) -> dict[str, Any]:
        return {"flow": self.flow, "step": self.step, "data": self.data}

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> "State":
        if not raw:
            return cls()
        return cls(flow=raw.get("flow", "menu"), step=raw.get("step", "start"), data=raw.get("data") or {})


@dataclass
class Outcome:
    state: State
    effects: list[Effect] = field(default_factory=list)

    def reply(self, text: str, *rows: list[Button] | Button, ask_location: bool = False) -> "Outcome":
        self.effects.append(Reply(text, keyboard(*rows), ask_location))
        return self
