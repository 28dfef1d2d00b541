"""Typed settings from the environment and `.env` (see `.env.example` and README "Settings").

One field per setting: its environment name (`validation_alias`), its default and a description.
Everything is checked at start; each wrong value gives one line in Spanish with the name, what is
expected and what was given (never a secret's value). To add a setting, add a field with
`setting(...)`; give `expected=` when the type alone does not say what a person should write.
"""
from __future__ import annotations

import os
import re
import secrets
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal

from annotated_types import Ge, Gt, Le
from dotenv import load_dotenv
from pydantic import AfterValidator, BeforeValidator, Field, SecretStr, ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from flows.ports import FlowSettings
from flows.when import parse_hours, parse_time


class SettingsError(RuntimeError):
    """A setting is missing or wrong; the message (one line per problem) says what to do."""


DEFAULT_SQLITE = "sqlite+aiosqlite:///data/acompana.sqlite3"
CONSOLE_SQLITE = "sqlite+aiosqlite:///data/console.sqlite3"
DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg"}


def setting(default: Any, env: str, description: str, expected: str | None = None, **constraints: Any) -> Any:
    """A field read from the environment variable `env`. `expected` words what a right value looks
    like in the error line (derived from the type and bounds when not given)."""
    extra = {"expected": expected} if expected else None
    return Field(default, validation_alias=env, description=description, json_schema_extra=extra, **constraints)


# -- checks of single values (each raises ValueError with what is expected, in Spanish) ------------

def _database_url(value: str) -> str:
    """A SQLAlchemy URL on an async driver; `postgresql://` and `sqlite:///` get theirs."""
    expected = "una URL como sqlite+aiosqlite:///data/acompana.sqlite3 o postgresql+asyncpg://usuario:clave@host:5432/base"
    try:
        url = make_url(value.strip())
    except (ArgumentError, ValueError):
        raise ValueError(expected) from None
    backend, _, driver = url.drivername.partition("+")
    if backend not in DRIVERS or (driver and url.drivername != DRIVERS[backend]):
        raise ValueError(expected)
    if backend == "sqlite" and not url.database:
        raise ValueError(expected + " (falta el nombre del archivo)")
    if backend != "sqlite" and not (url.host and url.database):
        raise ValueError(expected + " (faltan el servidor o la base)")
    return url.set(drivername=DRIVERS[backend]).render_as_string(hide_password=False)


def _http_url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value.strip()):
        raise ValueError("una dirección que empiece por http:// o https://")
    return value.strip().rstrip("/")


def _token(value: SecretStr) -> SecretStr:
    if not re.fullmatch(r"\d+:[\w-]+", value.get_secret_value().strip()):
        raise ValueError("el token que da @BotFather: números, dos puntos y letras (123456:ABC-def...)")
    return SecretStr(value.get_secret_value().strip())


def _data_key(value: SecretStr) -> SecretStr:
    if len(value.get_secret_value()) < 32:
        raise ValueError(
            "una clave de al menos 32 caracteres; genera una con "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
    return value


def _old_keys(value: SecretStr) -> SecretStr:
    keys = [k.strip() for k in value.get_secret_value().split(",") if k.strip()]
    if not keys or any(len(k) < 32 for k in keys):
        raise ValueError("las claves anteriores de DATA_KEY, separadas por comas (cada una de al menos 32 caracteres)")
    return SecretStr(",".join(keys))


def _webhook_secret(value: SecretStr) -> SecretStr:
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
        raise ValueError("de 1 a 256 caracteres: letras sin tildes, números, _ o -")
    return value


def _parsed(parse, kind: type, expected: str):
    """A before-validator from one of the flows' parsers (None: not understood)."""
    def check(value: Any) -> Any:
        if isinstance(value, kind):
            return value
        parsed = parse(str(value))
        if parsed is None:
            raise ValueError(expected)
        return parsed

    return check


def _offsets(value: str) -> str:
    from flows.instancias.model import parse_offsets

    if parse_offsets(value) is None:
        raise ValueError('plazos como "2d, 2h" o "90s" (d días, h horas, m minutos, s segundos), hasta cinco')
    return value


def _directory(value: Path) -> Path:
    if not value.is_dir():
        raise ValueError("una carpeta que exista (una copia editada de flows/content)")
    return value


def _upper(value: Any) -> Any:
    return value.upper().strip() if isinstance(value, str) else value


def _optional(check):
    return lambda value: None if value is None else check(value)


Minutes = Annotated[int, Ge(1)]
Days = Annotated[int, Ge(1)]


class _Base(BaseSettings):
    # Empty values (`NAME=` in .env) mean "not set": the default applies.
    model_config = SettingsConfigDict(env_ignore_empty=True, extra="ignore", populate_by_name=True, frozen=True)

    @classmethod
    def read(cls, env: dict[str, str] | None = None):
        """From the environment, or from `env` only (tests). Raises SettingsError, every problem listed."""
        try:
            return cls() if env is None else cls.model_validate({k: v for k, v in env.items() if v != ""})
        except ValidationError as exc:
            raise SettingsError("\n".join(_problem(cls, error) for error in exc.errors())) from None


class ConversationSettings(_Base):
    """What conversations use (FlowSettings, reaching flows through ctx)."""

    escalate_minutes: Minutes = setting(30, "ACCOMPANY_ESCALATE_MINUTES", "minutos que una solicitud de acompañamiento espera un «Aceptar» antes de subir a la coordinadora", expected="un número de minutos, 1 o más")
    priority_escalate_minutes: Minutes = setting(10, "ACCOMPANY_PRIORITY_ESCALATE_MINUTES", "lo mismo para una solicitud prioritaria", expected="un número de minutos, 1 o más")
    reflection_reminder_hours: Annotated[tuple[int, ...], NoDecode, BeforeValidator(_parsed(parse_hours, tuple, "horas separadas por comas, de 1 a 168, hasta tres (p. ej. 24,2)"))] = setting("24,2", "REFLECTION_REMINDER_HOURS", "horas antes de un espacio de reflexión de Entre patas en que se recuerda a los inscritos", validate_default=True)
    agreement_reminder_hour: Annotated[time, BeforeValidator(_parsed(parse_time, time, "una hora como 09:00"))] = setting("09:00", "AGREEMENT_REMINDER_HOUR", "hora (Lima) de los recordatorios de acuerdos", validate_default=True)

    def flow_settings(self) -> FlowSettings:
        return FlowSettings(
            escalate_minutes=self.escalate_minutes,
            priority_escalate_minutes=self.priority_escalate_minutes,
            reflection_reminders=self.reflection_reminder_hours,
            agreement_hour=self.agreement_reminder_hour,
        )


class Settings(ConversationSettings):
    """Every setting of the bot. Build it with `Settings.load()` at start."""

    bot_token: Annotated[SecretStr | None, AfterValidator(_optional(_token))] = setting(None, "TELEGRAM_BOT_TOKEN", "token del bot (@BotFather); sin él, la consola")
    data_key: Annotated[SecretStr | None, AfterValidator(_optional(_data_key))] = setting(None, "DATA_KEY", "clave que cifra los ids de Telegram y los mensajes en cola")
    data_key_old: Annotated[SecretStr | None, AfterValidator(_optional(_old_keys))] = setting(None, "DATA_KEY_OLD", "claves anteriores, separadas por comas, solo para `acompana rotate-key`", repr=False)
    database_url: Annotated[str, AfterValidator(_database_url)] = setting(DEFAULT_SQLITE, "DATABASE_URL", "base de datos de Telegram: SQLite o PostgreSQL")
    console_database_url: Annotated[str, AfterValidator(_database_url)] = setting(CONSOLE_SQLITE, "CONSOLE_DATABASE_URL", "base de datos del chat de consola, nunca la de Telegram")
    api_base: Annotated[str | None, AfterValidator(_optional(_http_url))] = setting(None, "TELEGRAM_API_BASE", "otro servidor de la Bot API")
    webhook_url: Annotated[str | None, AfterValidator(_optional(_http_url))] = setting(None, "WEBHOOK_URL", "dirección pública HTTPS a la que Telegram envía los mensajes")
    webhook_secret: Annotated[SecretStr | None, AfterValidator(_optional(_webhook_secret))] = setting(None, "WEBHOOK_SECRET", "secreto que Telegram devuelve en cada envío")
    webhook_host: str = setting("127.0.0.1", "WEBHOOK_HOST", "dónde escucha el servidor del webhook")
    webhook_port: Annotated[int, Ge(1), Le(65535)] = setting(8080, "WEBHOOK_PORT", "puerto del servidor del webhook", expected="un número de puerto entre 1 y 65535")
    tick_seconds: Annotated[float, Gt(0)] = setting(5.0, "SCHEDULER_TICK_SECONDS", "cada cuántos segundos se buscan recordatorios y mensajes pendientes", expected="un número de segundos mayor que 0 (p. ej. 5 o 0.5)")
    log_format: Annotated[Literal["text", "json"], BeforeValidator(lambda v: v.lower().strip() if isinstance(v, str) else v)] = setting("text", "LOG_FORMAT", "registros en líneas de texto o en JSON (uno por línea)")
    metrics_host: str = setting("127.0.0.1", "METRICS_HOST", "dónde escucha, en modo polling, el servidor de /healthz y /metrics")
    metrics_port: Annotated[int, Ge(0), Le(65535)] = setting(9464, "METRICS_PORT", "puerto de /healthz y /metrics en modo polling (0: apagado; en modo webhook van en el servidor del webhook)", expected="un número de puerto entre 1 y 65535, o 0 para apagarlo")
    health_outbox_max_age: Annotated[float, Gt(0)] = setting(300.0, "HEALTH_OUTBOX_MAX_AGE", "segundos que puede esperar el mensaje pendiente más antiguo antes de que /healthz diga que algo va mal", expected="un número de segundos mayor que 0")
    log_level: Annotated[Literal["DEBUG", "INFO", "WARNING", "ERROR"], BeforeValidator(_upper)] = setting("INFO", "LOG_LEVEL", "detalle de los registros")
    content_dir: Annotated[Path | None, AfterValidator(_optional(_directory))] = setting(None, "CONTENT_DIR", "carpeta con una copia editada de flows/content")
    case_retention_days: Days = setting(90, "CASE_RETENTION_DAYS", "días tras cerrar un caso en que se borran sus notas y su vínculo", expected="un número de días, 1 o más")
    reflection_retention_days: Days = setting(30, "REFLECTION_RETENTION_DAYS", "días tras una sesión de reflexión en que se borran sus inscripciones", expected="un número de días, 1 o más")
    inbox_retention_days: Days = setting(7, "INBOX_RETENTION_DAYS", "días tras atender un mensaje recibido en que se borra de la bandeja de entrada", expected="un número de días, 1 o más")
    audit_retention_days: Days = setting(730, "AUDIT_RETENTION_DAYS", "días que se guarda el registro de quién hizo qué", expected="un número de días, 1 o más")
    model_cache_dir: Path = setting(Path("data/cache"), "MODEL_CACHE_DIR", "carpeta donde se guardan los modelos de comprensión entre arranques")
    reminder_offsets: Annotated[str | None, AfterValidator(_optional(_offsets))] = setting(None, "REMINDER_OFFSETS", "recordatorios que `acompana instancia create` da a una instancia nueva")
    # Test-only (bot/clock.py): refused at start unless ACOMPANA_TESTING=1.
    testing: bool = setting(False, "ACOMPANA_TESTING", "solo pruebas: permite ACOMPANA_TEST_CLOCK y ACOMPANA_TEST_PACE", expected="1 o 0")
    test_clock: Path | None = setting(None, "ACOMPANA_TEST_CLOCK", "solo pruebas: archivo con los segundos que la prueba adelanta el reloj del bot")
    test_pace: Annotated[float, Gt(0)] = setting(1.0, "ACOMPANA_TEST_PACE", "solo pruebas: cuántas veces más rápido se envía y se espera", expected="un número mayor que 0 (1: el ritmo real)")

    @classmethod
    def load(cls, env_file: str | os.PathLike | None = ".env") -> "Settings":
        """`.env` goes into the environment first (what is set there already wins)."""
        if env_file and Path(env_file).is_file():
            load_dotenv(env_file, override=False)
        return cls.read()

    def token(self) -> str:
        return self.bot_token.get_secret_value() if self.bot_token else ""

    def key(self) -> str:
        return self.data_key.get_secret_value() if self.data_key else ""

    def old_keys(self) -> tuple[str, ...]:
        return tuple(self.data_key_old.get_secret_value().split(",")) if self.data_key_old else ()

    def require_telegram(self) -> None:
        """Telegram mode handles real people's identifiers: refuse to start without a key for them."""
        if not self.bot_token:
            raise SettingsError("Falta TELEGRAM_BOT_TOKEN: ponlo en .env o usa `acompana chat` para probar en consola.")
        if not self.data_key:
            raise SettingsError(
                "Falta DATA_KEY (al menos 32 caracteres). Genera una con "
                "`python3 -c 'import secrets; print(secrets.token_urlsafe(32))'` y guárdala en .env; "
                "sin ella no se pueden cifrar los datos de las personas."
            )

    def console_data_key(self, key_file: Path = Path("data/console.key")) -> str:
        """The console may make a local key so anyone can try the bot without setting one up."""
        if self.data_key:
            return self.key()
        if key_file.is_file():
            return key_file.read_text().strip()
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(32)
        key_file.write_text(key + "\n")
        key_file.chmod(0o600)
        return key


def flow_settings(env: dict[str, str] | None = None) -> FlowSettings:
    """What conversations use, read here so flows never read the environment."""
    return ConversationSettings.read(env).flow_settings()


# -- error lines -----------------------------------------------------------------------------------

def _expected(info: FieldInfo) -> str:
    """What a right value looks like, from the field's `expected` or its type and bounds."""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    if extra.get("expected"):
        return str(extra["expected"])
    bounds = {type(m).__name__: next(iter(vars(m).values())) for m in info.metadata if isinstance(m, (Ge, Gt, Le))}
    annotation = info.annotation
    if getattr(annotation, "__origin__", None) is Literal:
        return "uno de " + ", ".join(map(str, annotation.__args__))
    kind = "un número entero" if annotation is int else "un número" if annotation is float else "un valor válido"
    if "Ge" in bounds and "Le" in bounds:
        return f"{kind} entre {bounds['Ge']} y {bounds['Le']}"
    if "Ge" in bounds:
        return f"{kind}, {bounds['Ge']} o más"
    if "Gt" in bounds:
        return f"{kind} mayor que {bounds['Gt']}"
    return kind


def _problem(cls: type[BaseSettings], error: dict) -> str:
    name = str(error["loc"][0]) if error["loc"] else "?"
    field = next((f for n, f in cls.model_fields.items() if name in (n, f.validation_alias)), None)
    env = field.validation_alias if field is not None else name
    if error["type"] == "value_error":
        expected = str(error.get("ctx", {}).get("error", error["msg"]))
    else:
        expected = _expected(field) if field is not None else error["msg"]
    if field is not None and "SecretStr" in repr(field.annotation):
        return f"{env}: debe ser {expected}; el valor puesto no sirve (no lo muestro: es secreto)."
    given = re.sub(r"(://[^:/@\s]*:)[^@\s]*@", r"\1***@", str(error.get("input")))  # a URL's password
    return f"{env}: debe ser {expected}; ahora es «{given}»."
