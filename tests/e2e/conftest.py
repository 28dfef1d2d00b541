"""Fixtures for the end-to-end tests: the fake Bot API server, and the bot as a process against it."""
import pytest

from tests.e2e.botproc import TOKEN, BotProcess
from tests.fakeapi import FakeBotAPI


@pytest.fixture
async def api():
    async with FakeBotAPI(token=TOKEN) as server:
        yield server


@pytest.fixture
async def bot(api, tmp_path, sqlite_url):
    proc = BotProcess(tmp_path / "bot", sqlite_url, api.base_url)
    yield proc
    await proc.stop()
