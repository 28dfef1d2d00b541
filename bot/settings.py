"""Typed settings from the environment and `.env` (see `.env.example`)."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from dotenv import load_dotenv

from flows.ports import FlowSettings
from flows.when import parse_hours, parse_time


class SettingsError(RuntimeError):
    """A setting is missing or wrong; the message says what to do."""


DEFAULT_SQLITE = "sqlite+aiosqlite:///data/acompana.sqlite3"


def _days(env, name: str, default: int) -> int:
    raw = env.get(name) or str(default)
    if not raw.isdigit() or int(raw) < 1:
        raise SettingsError(f"{name} debe ser un número de días, 1 o más (ahora: {raw!r}).")
    return int(raw)


def _minutes(env, name: str, default: int) -> int:
    raw = env.get(name) or str(default)
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise SettingsError(f"{name} debe ser un número de minutos, 1 o más (ahora: {raw!r}).")
    return int(raw)


def flow_settings(env=None) -> FlowSettings:
    """What conversations use, read here so flows never read the environment."""
    env = os.environ if env is None else env
    hours = parse_hours(env.get("REFLECTION_REMINDER_HOURS") or "24,2")
    if hours is None:
        raise SettingsError(f"REFLECTION_REMINDER_HOURS: horas separadas por comas, p. ej. 24,2 (ahora: {env.get('REFLECTION_REMINDER_HOURS')!r}).")
    raw_hour = env.get("AGREEMENT_REMINDER_HOUR") or ""
    hour = parse_time(raw_hour) if raw_hour else FlowSettings().agreement_hour
    if hour is None:
        raise SettingsError(f"AGREEMENT_REMINDER_HOUR: una hora como 09:00 (ahora: {raw_hour!r}).")
    return FlowSettings(
        escalate_minutes=_minutes(env, "ACCOMPANY_ESCALATE_MINUTES", 30),
        priority_escalate_minutes=_minutes(env, "ACCOMPANY_PRIORITY_ESCALATE_MINUTES", 10),
        reflection_reminders=hours,
        agreement_hour=hour,
    )


@dataclass(frozen=True)
class Settings:
    bot_token: str | None
    database_url: str
    data_key: str | None
    api_base: str | None
    webhook_url: str | None
    webhook_secret: str | None
    webhook_host: str
    webhook_port: int
    tick_seconds: float
    log_level: str
    case_retention_days: int = 90
    reflection_retention_days: int = 30

    @classmethod
    def load(cls, env_file: str | os.PathLike | None = ".env") -> "Settings":
        if env_file and Path(env_file).is_file():
            load_dotenv(env_file, override=False)
        env = os.environ
        return cls(
            bot_token=env.get("TELEGRAM_BOT_TOKEN") or None,
            database_url=env.get("DATABASE_URL") or DEFAULT_SQLITE,
            data_key=env.get("DATA_KEY") or None,
            api_base=env.get("TELEGRAM_API_BASE") or None,
            webhook_url=env.get("WEBHOOK_URL") or None,
            webhook_secret=env.get("WEBHOOK_SECRET") or None,
            webhook_host=env.get("WEBHOOK_HOST", "127.0.0.1"),
            webhook_port=int(env.get("WEBHOOK_PORT", "8080")),
            tick_seconds=float(env.get("SCHEDULER_TICK_SECONDS", "5")),
            log_level=env.get("LOG_LEVEL", "INFO"),
            case_retention_days=_days(env, "CASE_RETENTION_DAYS", 90),
            reflection_retention_days=_days(env, "REFLECTION_RETENTION_DAYS", 30),
        )

    def require_telegram(self) -> None:
        """Telegram mode handles real people's identifiers: refuse to start without a key for them."""
        if not self.bot_token:
            raise SettingsError("Falta TELEGRAM_BOT_TOKEN: ponlo en .env o usa `acompana chat` para probar en consola.")
        if not self.data_key or len(self.data_key) < 32:
            raise SettingsError(
                "Falta DATA_KEY (al menos 32 caracteres). Genera una con "
                "`python -c 'import secrets; print(secrets.token_urlsafe(32))'` y guárdala en .env; "
                "sin ella no se pueden cifrar los datos de las personas."
            )

    def console_data_key(self, key_file: Path = Path("data/console.key")) -> str:
        """The console may make a local key so anyone can try the bot without setting one up."""
        if self.data_key:
            return self.data_key
        if key_file.is_file():
            return key_file.read_text().strip()
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(32)
        key_file.write_text(key + "\n")
        key_file.chmod(0o600)
        return key


def model_cache_folder(env=None) -> Path:
    """MODEL_CACHE_DIR: where the understanding models built from the content are kept between
    starts (rebuilt when the content changes). Private to the bot, like the database."""
    env = os.environ if env is None else env
    return Path(env.get("MODEL_CACHE_DIR") or "data/cache")
