"""The settings object: every value checked at start, one Spanish line per wrong one (name, what is
expected, what was given, never a secret), `.env` read, and the docs listing every setting."""
import asyncio
import re
import subprocess
from datetime import time
from pathlib import Path

import pytest

from bot.settings import CONSOLE_SQLITE, DEFAULT_SQLITE, Settings, SettingsError, flow_settings
from tests.e2e.botproc import DEVNULL, PIPE, spawn

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:TEST-settings-token"
KEY = "settings-test-key-0123456789-abcdefghijkl"


def problems(env: dict) -> list[str]:
    with pytest.raises(SettingsError) as caught:
        Settings.read(env)
    return str(caught.value).splitlines()


def test_defaults_without_any_setting():
    s = Settings.read({})
    assert s.bot_token is None and s.data_key is None
    assert s.database_url == DEFAULT_SQLITE and s.console_database_url == CONSOLE_SQLITE
    assert (s.webhook_host, s.webhook_port, s.tick_seconds, s.log_level) == ("127.0.0.1", 8080, 5.0, "INFO")
    assert s.flow_settings() == flow_settings({})
    assert s.flow_settings().reflection_reminders == (24 * 60, 2 * 60) and s.flow_settings().agreement_hour == time(9, 0)


def test_values_are_typed_and_empty_means_unset():
    s = Settings.read({
        "TELEGRAM_BOT_TOKEN": TOKEN, "DATA_KEY": KEY, "WEBHOOK_PORT": "8443", "SCHEDULER_TICK_SECONDS": "0.5",
        "LOG_LEVEL": "debug", "DATABASE_URL": "", "ACCOMPANY_ESCALATE_MINUTES": "5", "REFLECTION_REMINDER_HOURS": "48, 3",
        "AGREEMENT_REMINDER_HOUR": "18:30",
    })
    assert s.token() == TOKEN and s.key() == KEY
    assert TOKEN not in repr(s) and KEY not in repr(s)  # secrets never in a log line or a traceback
    assert (s.webhook_port, s.tick_seconds, s.log_level, s.database_url) == (8443, 0.5, "DEBUG", DEFAULT_SQLITE)
    flow = s.flow_settings()
    assert (flow.escalate_minutes, flow.reflection_reminders, flow.agreement_hour) == (5, (48 * 60, 3 * 60), time(18, 30))


@pytest.mark.parametrize("given, expected", [
    ("postgresql://u:p@db:5432/acompana", "postgresql+asyncpg://u:p@db:5432/acompana"),
    ("postgres://u:p@db/acompana", "postgresql+asyncpg://u:p@db/acompana"),
    ("sqlite:///data/x.sqlite3", "sqlite+aiosqlite:///data/x.sqlite3"),
    ("sqlite+aiosqlite:////abs/x.sqlite3", "sqlite+aiosqlite:////abs/x.sqlite3"),
])
def test_database_urls_get_the_async_driver(given, expected):
    assert Settings.read({"DATABASE_URL": given}).database_url == expected


@pytest.mark.parametrize("name, value, expected", [
    ("WEBHOOK_PORT", "abc", "entre 1 y 65535"),
    ("WEBHOOK_PORT", "0", "entre 1 y 65535"),
    ("WEBHOOK_PORT", "70000", "entre 1 y 65535"),
    ("SCHEDULER_TICK_SECONDS", "-1", "mayor que 0"),
    ("SCHEDULER_TICK_SECONDS", "cinco", "mayor que 0"),
    ("LOG_LEVEL", "verbose", "DEBUG, INFO, WARNING, ERROR"),
    ("DATABASE_URL", "nonsense", "postgresql+asyncpg://"),
    ("DATABASE_URL", "mysql://u@h/db", "postgresql+asyncpg://"),
    ("DATABASE_URL", "postgresql+psycopg2://h/db", "postgresql+asyncpg://"),
    ("DATABASE_URL", "postgresql+asyncpg:///nohost", "falta"),
    ("CONSOLE_DATABASE_URL", "::", "sqlite+aiosqlite"),
    ("TELEGRAM_API_BASE", "localhost:8081", "http://"),
    ("WEBHOOK_URL", "bot.example.org/webhook", "https://"),
    ("CONTENT_DIR", "/no/such/folder", "carpeta que exista"),
    ("CASE_RETENTION_DAYS", "0", "días, 1 o más"),
    ("REFLECTION_RETENTION_DAYS", "²", "días, 1 o más"),
    ("ACCOMPANY_ESCALATE_MINUTES", "media hora", "minutos, 1 o más"),
    ("ACCOMPANY_PRIORITY_ESCALATE_MINUTES", "-5", "minutos, 1 o más"),
    ("REFLECTION_REMINDER_HOURS", "mucho", "horas separadas por comas"),
    ("AGREEMENT_REMINDER_HOUR", "25:00", "una hora como 09:00"),
    ("REMINDER_OFFSETS", "pronto", "2d, 2h"),
])
def test_a_wrong_value_is_one_line_with_name_expectation_and_value(name, value, expected):
    [line] = problems({name: value})
    assert line.startswith(f"{name}: debe ser ") and expected in line, line
    assert f"«{value}»" in line or value.upper() in line, line


@pytest.mark.parametrize("name, value", [
    ("TELEGRAM_BOT_TOKEN", "not-a-token-at-all"),
    ("TELEGRAM_BOT_TOKEN", "123:abc def"),
    ("DATA_KEY", "too-short-key"),
    ("WEBHOOK_SECRET", "with spaces and ñ"),
])
def test_a_wrong_secret_is_named_but_never_shown(name, value):
    [line] = problems({name: value})
    assert line.startswith(f"{name}: ") and "secreto" in line
    assert value not in line


def test_a_database_password_is_not_shown_in_the_error():
    [line] = problems({"DATABASE_URL": "mysql://acompana:s3cr3t-pw@db/acompana"})
    assert "s3cr3t-pw" not in line and "acompana:***@db" in line


def test_every_wrong_value_is_listed_at_once():
    lines = problems({"WEBHOOK_PORT": "x", "LOG_LEVEL": "y", "DATA_KEY": "z", "ACCOMPANY_ESCALATE_MINUTES": "0"})
    assert sorted(line.split(":")[0] for line in lines) == ["ACCOMPANY_ESCALATE_MINUTES", "DATA_KEY", "LOG_LEVEL", "WEBHOOK_PORT"]


def test_flow_settings_read_only_what_conversations_use():
    assert flow_settings({"ACCOMPANY_ESCALATE_MINUTES": "7", "WEBHOOK_PORT": "not checked here"}).escalate_minutes == 7
    with pytest.raises(SettingsError, match="AGREEMENT_REMINDER_HOUR"):
        flow_settings({"AGREEMENT_REMINDER_HOUR": "tarde"})


def test_telegram_needs_a_token_and_a_key():
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN"):
        Settings.read({"DATA_KEY": KEY}).require_telegram()
    with pytest.raises(SettingsError, match="DATA_KEY"):
        Settings.read({"TELEGRAM_BOT_TOKEN": TOKEN}).require_telegram()
    Settings.read({"TELEGRAM_BOT_TOKEN": TOKEN, "DATA_KEY": KEY}).require_telegram()


async def _run(tmp_path, *args, env_file=None, **env) -> subprocess.CompletedProcess:
    """`acompana ARGS` as its own process with only these variables in its environment (forked
    warm by tests/e2e/zygote.py: what is tested here starts after Python and the imports)."""
    import os

    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "PYTHONPATH")}
    argv = ["--env-file", str(env_file or tmp_path / "none.env"), *args]
    proc = await spawn(*argv, cwd=tmp_path, env={**base, **env}, stdin=DEVNULL, stdout=PIPE, stderr=PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    return subprocess.CompletedProcess(argv, proc.returncode, out.decode(), err.decode())


async def test_dot_env_is_read_and_the_environment_wins(tmp_path):
    env_file = tmp_path / "custom.env"
    env_file.write_text(f"DATABASE_URL=sqlite+aiosqlite:///{tmp_path}/from-env-file.sqlite3\nLOG_LEVEL=WARNING\n")
    done = await _run(tmp_path, "migrate", env_file=env_file)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "from-env-file.sqlite3").exists()
    done = await _run(tmp_path, "migrate", env_file=env_file, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/from-environment.sqlite3")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "from-environment.sqlite3").exists()


async def test_a_wrong_value_stops_the_start_with_its_line(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("WEBHOOK_PORT=ochenta\nDATA_KEY=corta\n")
    done = await _run(tmp_path, "run", env_file=env_file)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "acompana: DATA_KEY: " + problems({"DATA_KEY": "corta"})[0].split(": ", 1)[1],
        "acompana: WEBHOOK_PORT: debe ser un número de puerto entre 1 y 65535; ahora es «ochenta».",
    ]
    assert "corta" not in done.stderr.replace("«corta»", "")


def _names(text: str) -> set[str]:
    return set(re.findall(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b", text))


def test_readme_and_env_example_list_every_setting():
    names = {field.validation_alias for field in Settings.model_fields.values()}
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    assert names <= _names(table), names - _names(table)
    example = (ROOT / ".env.example").read_text()
    assert names <= set(re.findall(r"^([A-Z_]+)=", example, flags=re.M)), names - set(re.findall(r"^([A-Z_]+)=", example, flags=re.M))
    Settings.read(dict(re.findall(r"^([A-Z_]+)=(.*)$", example, flags=re.M)))  # the example itself is valid
