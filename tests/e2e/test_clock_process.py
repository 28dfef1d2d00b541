"""The bot's one clock (bot/clock.py): a test moves it and sets the pace; outside tests both
settings are refused at start, in one line."""
import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from bot import clock
from bot.settings import Settings, SettingsError
from tests.e2e.botproc import BotProcess
from tests.fakeapi.clock import TestClock


@pytest.fixture
def restore_clock():
    yield
    clock.configure(Settings.read({}))


def test_the_clock_follows_the_test_and_paces_waits(tmp_path, restore_clock):
    test_clock = TestClock(tmp_path / "clock")
    clock.configure(Settings.read({**test_clock.env(), "ACOMPANA_TEST_PACE": "50"}))
    assert abs((clock.now() - datetime.now(timezone.utc)).total_seconds()) < 1
    before = clock.monotonic()
    test_clock.advance(1800)
    test_clock.advance(30)  # two changes in a moment: both seen
    assert abs((clock.now() - test_clock.now()).total_seconds()) < 1
    assert (clock.now() - datetime.now(timezone.utc)) > timedelta(minutes=30)
    assert clock.monotonic() - before >= 1830
    assert clock.pace() == 50

    async def paced() -> float:
        loop = asyncio.get_running_loop()
        start = loop.time()
        await clock.sleep(5)  # a 5 s backoff at pace 50: a tenth of a second
        return loop.time() - start

    assert asyncio.run(paced()) < 2.5

    clock.configure(Settings.read({}))  # production: the system clock, real pace
    assert abs((clock.now() - datetime.now(timezone.utc)).total_seconds()) < 1 and clock.pace() == 1


def test_test_settings_are_refused_outside_tests(tmp_path, restore_clock):
    for env in ({"ACOMPANA_TEST_PACE": "20"}, {"ACOMPANA_TEST_CLOCK": str(tmp_path / "clock")}):
        with pytest.raises(SettingsError, match="solo para las pruebas"):
            clock.configure(Settings.read(env))


async def test_the_bot_refuses_a_test_clock_without_testing_in_one_line(api, tmp_path, sqlite_url):
    proc = BotProcess(tmp_path / "bot", sqlite_url, api.base_url, ACOMPANA_TEST_PACE="20")
    await proc.start("run")
    code = await asyncio.wait_for(proc.proc.wait(), 60)
    lines = [line for line in proc.output().splitlines() if line.strip()]
    assert code == 2, proc.output()
    assert lines == ["acompana: ACOMPANA_TEST_CLOCK y ACOMPANA_TEST_PACE son solo para las pruebas: quítalos "
                     "(o pon ACOMPANA_TESTING=1 si es una prueba)."], lines
