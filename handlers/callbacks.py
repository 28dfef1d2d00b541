"""Callback data for every inline button: one factory, so nothing can exceed Telegram's 64 bytes."""
from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class Act(CallbackData, prefix="a"):
    action: str
    arg: str = ""
