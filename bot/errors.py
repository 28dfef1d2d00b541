"""What an operator reads when the bot cannot start or stops: one or two lines in Spanish that say
what is wrong and what to check, never a traceback (`acompana` prints them; see bot/cli.py)."""
from __future__ import annotations

import errno
import socket
import sqlite3

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from bot.settings import Settings, SettingsError
from flows.contentfiles import ContentError


def _chain(exc: BaseException):
    """The exception and what caused it (SQLAlchemy wraps the driver's error in `orig`)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = getattr(exc, "orig", None) or exc.__cause__ or exc.__context__


def _where(database_url: str) -> str:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return f"el archivo SQLite {url.database}"
    return f"PostgreSQL en {url.host}:{url.port or 5432} (base {url.database})"


def _database(exc: BaseException, settings: Settings | None) -> str | None:
    where = _where(settings.database_url) if settings else "la base de datos"
    fix = "Revisa DATABASE_URL (o CONSOLE_DATABASE_URL para la consola) y que la base esté en marcha."
    for link in _chain(exc):
        name = type(link).__name__
        if isinstance(link, socket.gaierror):
            return f"No encuentro el servidor de {where}: el nombre no existe.\n{fix}"
        if isinstance(link, ConnectionRefusedError):
            return f"No puedo conectar con {where}: la conexión fue rechazada.\n{fix}"
        if isinstance(link, (TimeoutError, ConnectionError)):
            return f"No puedo conectar con {where}: no responde.\n{fix}"
        if name in ("InvalidPasswordError", "InvalidAuthorizationSpecificationError"):
            return f"{where} rechazó el usuario o la clave de DATABASE_URL.\n{fix}"
        if name == "InvalidCatalogNameError":
            return f"No existe la base de datos de {where}: créala (createdb) o corrige DATABASE_URL."
        if isinstance(link, sqlite3.OperationalError) and "unable to open" in str(link):
            return f"No puedo abrir {where}: ¿existe la carpeta y se puede escribir en ella?\n{fix}"
        if isinstance(link, sqlite3.DatabaseError) and "not a database" in str(link):
            return f"{where} no es una base de datos SQLite.\n{fix}"
    if isinstance(exc, (DBAPIError, SQLAlchemyError)):
        return f"La base de datos ({where}) dio un error: {type(exc).__name__}.\n{fix}"
    return None


def _telegram(exc: BaseException, settings: Settings | None) -> str | None:
    from aiogram.exceptions import ClientDecodeError, TelegramAPIError, TelegramNetworkError, TelegramNotFound, TelegramUnauthorizedError

    server = (settings.api_base if settings else None) or "api.telegram.org"
    if isinstance(exc, TelegramUnauthorizedError):
        return "Telegram no acepta TELEGRAM_BOT_TOKEN (401 Unauthorized): revisa el token con @BotFather."
    if isinstance(exc, TelegramNetworkError):
        return f"No puedo conectar con Telegram ({server}): ¿hay conexión a internet?\nSi usas otro servidor, revisa TELEGRAM_API_BASE."
    if isinstance(exc, (ClientDecodeError, TelegramNotFound)):
        return f"Lo que responde {server} no es la Bot API de Telegram: revisa TELEGRAM_API_BASE."
    if isinstance(exc, TelegramAPIError):
        return f"Telegram respondió con un error: {exc.message[:200]}"
    return None


def port_error(exc: OSError, settings: Settings) -> SettingsError:
    """The webhook server could not open its port: said as the setting to change."""
    where = f"{settings.webhook_host}:{settings.webhook_port}"
    if exc.errno == errno.EADDRINUSE:
        return SettingsError(f"El puerto de WEBHOOK_PORT ({where}) ya está en uso: cierra lo que lo ocupa o elige otro.")
    if exc.errno == errno.EACCES:
        return SettingsError(f"No tengo permiso para escuchar en {where}: usa un WEBHOOK_PORT de 1024 o más.")
    return SettingsError(f"No puedo escuchar en {where} ({exc.strerror or type(exc).__name__}): revisa WEBHOOK_HOST y WEBHOOK_PORT.")


def is_setting(exc: BaseException) -> bool:
    """A wrong setting or content file: the operator's to fix (exit 2), not the world's."""
    return isinstance(exc, (SettingsError, ContentError))


def explain(exc: BaseException, settings: Settings | None = None) -> str | None:
    """The operator's lines for a known failure, or None."""
    if is_setting(exc):
        return str(exc)
    return _telegram(exc, settings) or _database(exc, settings)
