"""The operator's commands: `acompana health` (for a container's HEALTHCHECK or a monitor), and the
schema check the Telegram runners make on PostgreSQL (migrations are `acompana migrate`'s, once)."""
from __future__ import annotations

import asyncio
import json
import sys

import aiohttp

from bot.settings import Settings, SettingsError

BEHIND = ("La base de datos no está al día con esta versión del bot: ejecuta `acompana migrate` "
          "(una vez, antes de arrancar los workers).")


async def _revisions(url: str) -> set[str]:
    from sqlalchemy import inspect

    from storage.db import make_engine

    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            if not await conn.run_sync(lambda sync: inspect(sync).has_table("alembic_version")):
                return set()
            return set((await conn.exec_driver_sql("SELECT version_num FROM alembic_version")).scalars())
    finally:
        await engine.dispose()


def schema_at_head(url: str) -> bool:
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config

    return asyncio.run(_revisions(url)) == set(ScriptDirectory.from_config(alembic_config(url)).get_heads())


def prepare_database(url: str) -> None:
    """SQLite is one process: it migrates on start. On PostgreSQL several workers may start at once,
    so none migrates: a schema not at head is refused (run `acompana migrate` first)."""
    from sqlalchemy.engine import make_url

    from storage.db import migrate

    if make_url(url).get_backend_name() == "sqlite":
        migrate(url)
    elif not schema_at_head(url):
        raise SettingsError(BEHIND)


def health_url(settings: Settings) -> str | None:
    """Where the running bot answers /healthz: the webhook server, or polling mode's own one."""
    host, port = (settings.webhook_host, settings.webhook_port) if settings.webhook_url else (settings.metrics_host, settings.metrics_port)
    if not port:
        return None
    host = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host  # listening everywhere: ask loopback
    return f"http://{host}:{port}/healthz"


async def _ask(url: str) -> tuple[bool, dict | None]:
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:
            async with http.get(url) as response:
                return response.status == 200, await response.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError):
        return False, None


async def _health(settings: Settings, url: str | None) -> tuple[bool, str]:
    from bot.errors import explain
    from bot.health import database_state
    from storage.db import make_engine, make_sessionmaker

    engine = make_engine(settings.database_url)
    try:
        db = await database_state(make_sessionmaker(engine))
    finally:
        await engine.dispose()
    if not db.reachable:
        reason = (explain(db.exc, settings) or f"la base de datos no responde ({db.error})").splitlines()[0]
        return False, f"no sano: {reason}"
    if db.oldest_seconds >= settings.health_outbox_max_age:
        return False, f"no sano: el mensaje pendiente más antiguo espera hace {db.oldest_seconds:.0f} s (HEALTH_OUTBOX_MAX_AGE={settings.health_outbox_max_age:g})"
    summary = f"base de datos bien, {db.outbox_depth} mensaje(s) pendiente(s), {db.dead_letters} fallido(s)"
    if url is None:
        return True, f"sano: {summary} (METRICS_PORT=0: no pregunto al bot en marcha)"
    healthy, body = await _ask(url)
    if body is None:
        return False, f"no sano: el bot no responde en {url} (¿está en marcha?)"
    if not healthy:
        failing = ", ".join(name for name, check in body.get("checks", {}).items() if not check.get("ok"))
        return False, f"no sano: el bot en marcha dice que falla: {failing or json.dumps(body)[:120]}"
    return True, f"sano: {summary}; el bot responde en {url}"


def cmd_health(settings: Settings, args) -> None:
    """One line; exit 0 healthy, 1 not."""
    healthy, line = asyncio.run(_health(settings, args.url or health_url(settings)))
    print(line)
    if not healthy:
        sys.exit(1)


def add_commands(subparsers) -> None:
    health = subparsers.add_parser("health", help="¿está bien el bot? (base de datos, cola, el bot en marcha); sale con 0 o 1")
    health.add_argument("--url", help="dónde pregunto /healthz (por defecto, el servidor del webhook o METRICS_HOST:METRICS_PORT)")
    health.set_defaults(func=cmd_health)
