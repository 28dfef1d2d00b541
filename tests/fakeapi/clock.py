"""The bot's clock, driven by a test: the bot (started with `env()`) adds the seconds this writes
to its time (bot/clock.py), so a test advances half an hour in a moment instead of waiting it."""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path


class TestClock:
    __test__ = False  # not a test class, for pytest

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.offset = 0.0
        self._write()

    def env(self) -> dict[str, str]:
        """What a BotProcess needs to run on this clock."""
        return {"ACOMPANA_TESTING": "1", "ACOMPANA_TEST_CLOCK": str(self.path)}

    def advance(self, seconds: float) -> None:
        """Move the bot's clock forward; it sees the new time at its next look (a tick at most)."""
        self.offset += seconds
        self._write()

    def now(self) -> datetime:
        """The bot's current time."""
        return datetime.now(timezone.utc) + timedelta(seconds=self.offset)

    def _write(self) -> None:
        # A new file each time (a new inode): the bot never reads half a number, and sees every
        # change even within the file system's timestamp granularity.
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(repr(self.offset))
        os.replace(tmp, self.path)
