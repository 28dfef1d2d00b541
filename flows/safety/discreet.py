"""What the bot sends her without her asking: a neutral first line (all a lock screen shows), no
sound if she chose silent messages, and never forwardable (protect_content). The relay's copies
are protected both ways, so neither side can forward or save the other's messages."""
from __future__ import annotations

from datetime import datetime

from flows.core import CopyIncoming, Keyboard, Notify
from flows.ports import Ports
from flows.texts import t


def neutral(text: str) -> str:
    return f"{t('discreet-first-line')}\n{text}"


async def _silent(ports: Ports, user_id: int) -> bool:
    return bool(ports.safety) and await ports.safety.silent(user_id)


async def to_her(ports: Ports, user_id: int, text: str, buttons: Keyboard = (), not_before: datetime | None = None) -> Notify:
    return Notify(user_id, neutral(text), buttons, not_before, silent=await _silent(ports, user_id), protect=True)


async def copy_to_her(ports: Ports, user_id: int, header: str, not_before: datetime | None = None) -> CopyIncoming:
    return CopyIncoming(user_id, neutral(header), not_before, silent=await _silent(ports, user_id), protect=True)


def copy_to_staff(user_id: int, header: str) -> CopyIncoming:
    return CopyIncoming(user_id, header, protect=True)
