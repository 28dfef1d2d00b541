"""LOG_FORMAT=json gives one JSON object a line; in either format the bot's logs hold no one's id,
name or words (the bot as a process, a person talking to it through the fake Bot API)."""
import json

import pytest

from bot.settings import Settings, SettingsError
from tests.e2e.botproc import TOKEN, BotProcess
from tests.fakeapi import FakeBotAPI

PERSON_ID = 5417263
NAME = "Zoraida"
WORDS = "mi vecino Quispe me amenaza"


async def talk(tmp_path, sqlite_url, **env) -> str:
    async with FakeBotAPI(token=TOKEN) as api:
        bot = BotProcess(tmp_path / "bot", sqlite_url, api.base_url, METRICS_PORT="0", **env)
        await bot.start("run")
        try:
            person = api.user(PERSON_ID, first_name=NAME, username="zoraida_q")
            await person.send_command("/start")
            await person.wait_for("Línea 100", timeout=20)
            await person.send(WORDS)
            await person.wait_for(timeout=20)
        finally:
            await bot.stop()
    return bot.output()


def assert_nothing_personal(log: str) -> None:
    for secret in (str(PERSON_ID), NAME, "zoraida_q", "Quispe", "amenaza"):
        assert secret not in log, f"{secret!r} in the log:\n{log[-3000:]}"


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
async def test_json_logs_one_object_a_line_and_nothing_personal(tmp_path, sqlite_url, level):
    log = await talk(tmp_path, sqlite_url, LOG_FORMAT="json", LOG_LEVEL=level)
    records = [json.loads(line) for line in log.splitlines() if line.strip()]  # every line is JSON
    assert any(r["message"] == "polling started" for r in records)
    assert all({"time", "level", "logger", "message"} <= r.keys() for r in records)
    assert_nothing_personal(log)


async def test_text_logs_hold_nothing_personal_either(tmp_path, sqlite_url):
    log = await talk(tmp_path, sqlite_url, LOG_FORMAT="text")
    assert "INFO bot.app: polling started" in log
    assert_nothing_personal(log)


def test_a_wrong_log_format_is_one_clear_line():
    with pytest.raises(SettingsError) as err:
        Settings.read({"LOG_FORMAT": "xml"})
    assert str(err.value) == "LOG_FORMAT: debe ser uno de text, json; ahora es «xml»."
    assert Settings.read({"LOG_FORMAT": "JSON"}).log_format == "json"
