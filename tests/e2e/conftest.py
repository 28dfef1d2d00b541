"""Fixtures for the end-to-end tests: the fake Bot API server, the bot's clock, and the bot as a
process against both."""
import pytest

from tests.e2e.botproc import FAST, TOKEN, BotProcess
from tests.fakeapi import FakeBotAPI
from tests.fakeapi.clock import TestClock

@pytest.fixture
async def api():
    async with FakeBotAPI(token=TOKEN) as server:
        yield server


@pytest.fixture
def clock(tmp_path):
    """The bot's clock for this test: `clock.advance(seconds)` instead of waiting."""
    return TestClock(tmp_path / "clock")


@pytest.fixture
async def bot(api, tmp_path, sqlite_url, clock):
    """The bot on the test's clock, at FAST pace (tests of pacing build their own at real pace)."""
    proc = BotProcess(tmp_path / "bot", sqlite_url, api.base_url, **clock.env(), ACOMPANA_TEST_PACE=FAST)
    yield proc
    await proc.stop()
