"""The bot's one clock: everything in the bot that reads the time or waits goes through here, so the
end-to-end tests can drive it instead of waiting real time.

In production it is the system clock. Two test-only settings (refused unless ACOMPANA_TESTING=1):
ACOMPANA_TEST_CLOCK names a file holding a number of seconds added to the time (tests/fakeapi/
clock.py advances it while the bot runs: escalations, reminders and retries fall due at once);
ACOMPANA_TEST_PACE multiplies the sending rates (per chat, per group, overall) and divides the
bot's own waits (retry backoff), so conversations in tests are not paced at 1 message a second.
"""
from __future__ import annotations

import asyncio
import os
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.settings import Settings

_offset_file: Path | None = None
_offset = 0.0
_stamp: tuple[int, int] | None = None  # the offset file's (inode, mtime) when last read
_pace = 1.0


def configure(settings: Settings) -> None:
    """Called once at start (bot/cli.py). Raises SettingsError for a test setting outside tests."""
    global _offset_file, _offset, _stamp, _pace
    from bot.settings import SettingsError

    if (settings.test_clock is not None or settings.test_pace != 1) and not settings.testing:
        raise SettingsError("ACOMPANA_TEST_CLOCK y ACOMPANA_TEST_PACE son solo para las pruebas: quítalos (o pon ACOMPANA_TESTING=1 si es una prueba).")
    _offset_file, _offset, _stamp, _pace = settings.test_clock, 0.0, None, settings.test_pace


def offset() -> float:
    """Seconds the test has moved the clock forward (0 in production). Re-read when the file changes."""
    global _offset, _stamp
    if _offset_file is None:
        return 0.0
    try:
        info = os.stat(_offset_file)
        stamp = (info.st_ino, info.st_mtime_ns)  # the test replaces the file: a new inode each time
        if stamp != _stamp:
            _offset, _stamp = float(_offset_file.read_text().strip() or 0), stamp
    except (OSError, ValueError):  # not written yet, or caught mid-write: keep the last value
        pass
    return _offset


def now() -> datetime:
    """The current time, aware, in UTC."""
    moved = offset()
    current = datetime.now(timezone.utc)
    return current + timedelta(seconds=moved) if moved else current


def monotonic() -> float:
    return time.monotonic() + offset()


def pace() -> float:
    """How many times faster than Telegram's limits the bot may send (1 outside tests)."""
    return _pace


async def sleep(seconds: float) -> None:
    """A wait of the bot's own (a backoff), shortened by the test pace."""
    await asyncio.sleep(seconds / _pace)
