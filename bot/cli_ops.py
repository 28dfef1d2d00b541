"""The operator's commands (docs/OPERATIONS.md): `acompana health` (for a container's HEALTHCHECK or
a monitor), `acompana backup PATH`, `acompana rotate-key`; and the schema check the Telegram runners
make on PostgreSQL (migrations are `acompana migrate`'s, run once)."""
from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

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
    backup = subparsers.add_parser("backup", help="copia de la base de datos (SQLite; en PostgreSQL dice la línea de pg_dump)")
    backup.add_argument("path", help="archivo nuevo para la copia")
    backup.set_defaults(func=cmd_backup)
    subparsers.add_parser("rotate-key", help="cambia DATA_KEY: la nueva en DATA_KEY, la anterior en DATA_KEY_OLD; con el bot detenido").set_defaults(func=cmd_rotate_key)

# -- backup ----------------------------------------------------------------------------------------

def pg_dump_line(url: str, path: str) -> str:
    """The pg_dump command for this DATABASE_URL (the password left to PGPASSWORD or ~/.pgpass)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    parts = ["pg_dump", "--format=custom", f"--file={path}", f"--host={parsed.host}", f"--port={parsed.port or 5432}"]
    if parsed.username:
        parts.append(f"--username={parsed.username}")
    return " ".join(parts + [parsed.database])


def backup_sqlite(database: str, path: Path) -> None:
    """SQLite's online backup: a consistent copy while the bot keeps writing."""
    import sqlite3

    if path.exists():
        raise SettingsError(f"{path} ya existe: elige otro nombre (no sobrescribo una copia).")
    if not Path(database).is_file():
        raise SettingsError(f"No existe la base de datos {database}: revisa DATABASE_URL.")
    path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    target = sqlite3.connect(path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()
    path.chmod(0o600)  # as private as the database itself


def cmd_backup(settings: Settings, args) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite":
        print("En PostgreSQL la copia la hace pg_dump (con la clave en PGPASSWORD o ~/.pgpass):", file=sys.stderr)
        print(pg_dump_line(settings.database_url, args.path))
        sys.exit(2)
    backup_sqlite(url.database, Path(args.path))
    print(f"Copia guardada en {args.path}. Guarda también DATA_KEY aparte: sin ella la copia no se puede leer.")


# -- key rotation ----------------------------------------------------------------------------------

async def _rotate(settings: Settings):
    from bot.rekey import check_readable, rotate
    from storage.db import make_engine

    engine = make_engine(settings.database_url)
    try:
        done = await rotate(engine, settings.key(), settings.old_keys())
        return done, await check_readable(engine, settings.key())
    finally:
        await engine.dispose()


def cmd_rotate_key(settings: Settings, args) -> None:
    from bot.rekey import BotRunning

    if not settings.data_key or not settings.data_key_old:
        raise SettingsError("Para cambiar la clave: pon la nueva en DATA_KEY y la anterior en DATA_KEY_OLD (varias, separadas por comas).")
    if settings.old_keys() == (settings.key(),):
        raise SettingsError("DATA_KEY y DATA_KEY_OLD son la misma clave: DATA_KEY debe ser la nueva.")
    prepare_database(settings.database_url)
    try:
        done, unreadable = asyncio.run(_rotate(settings))
    except BotRunning:
        raise SettingsError("El bot está en marcha (tiene el turno del programador): detenlo, cambia la clave y vuelve a arrancarlo.") from None
    except ValueError:
        raise SettingsError("Hay datos que ni DATA_KEY ni DATA_KEY_OLD descifran: revisa que DATA_KEY_OLD tenga la clave anterior. No cambié nada.") from None
    print(f"Clave cambiada: {done.values} valores cifrados de nuevo y {done.hashes} claves de búsqueda recalculadas.")
    if done.lost.get("conversations"):
        print(f"{done.lost['conversations']} conversación(es) de personas sin más datos se borraron: empiezan de nuevo.")
    others = {name: n for name, n in done.lost.items() if name != "conversations"}
    if others:
        print("Sin recalcular (no queda el id del que salieron): " + ", ".join(f"{n} en {name}" for name, n in others.items()) + ".")
    if done.invites:
        print(f"{done.invites} código(s) de invitación sin usar dejan de valer: crea otros con `acompana staff invite`.")
    if unreadable:
        raise SettingsError(f"{unreadable} valor(es) siguen sin poder leerse con la nueva clave: no quites DATA_KEY_OLD todavía.")
    print("Ya puedes quitar DATA_KEY_OLD y arrancar el bot.")
