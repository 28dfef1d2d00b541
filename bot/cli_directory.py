"""`acompana directory import [FILE]`, `export`, `verify ID` and `stale --months N`: staff keep the
directory of services up to date from a YAML or CSV file. The whole file is checked first; if any
line is wrong, every problem is reported with its line and the database is left as it was. Verifying
records who checked an entry and when; `stale` lists what nobody checked for N months."""
from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path

from bot.settings import Settings
from flows.orientation.directory import Problem, format_of, read, shipped, to_csv, to_yaml
from flows.texts import content_dir
from storage.db import make_engine, make_sessionmaker, migrate


def shipped_file() -> Path:
    return content_dir() / "directory.yaml"


async def import_text(database_url: str, text: str, fmt: str, today: date | None = None) -> tuple[int, list[Problem]]:
    """Replace the directory with the entries of `text`, or change nothing and return the problems."""
    entries, problems = read(text, fmt, today or date.today())
    if problems:
        return 0, problems
    from storage.directory import Directory
    from storage.models import AuditEntry

    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            await Directory(session).replace(entries)
            session.add(AuditEntry(actor_user_id=None, action="directory.imported", target=f"{len(entries)} entradas"))
            await session.commit()
    finally:
        await engine.dispose()
    return len(entries), []


async def export_text(database_url: str, fmt: str) -> str:
    from storage.directory import Directory

    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            entries = await Directory(session).all()
    finally:
        await engine.dispose()
    return to_csv(entries) if fmt == "csv" else to_yaml(entries)


async def _stored_directory(session):
    """The stored directory; while the table is empty, the shipped file is stored first, so that
    its entries have ids to verify."""
    from storage.directory import Directory

    directory = Directory(session)
    if not await directory.stored():
        await directory.replace(list(shipped()))
    return directory


async def verify_entry(database_url: str, entry_id: int, by: str, today: date | None = None):
    from storage.models import AuditEntry

    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            entry = await (await _stored_directory(session)).verify(entry_id, by, today or date.today())
            if entry is not None:
                session.add(AuditEntry(actor_user_id=None, action="directory.verified", target=f"{entry_id} por {by}"))
            await session.commit()
    finally:
        await engine.dispose()
    return entry


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when that day does not exist)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


async def stale_entries(database_url: str, months: int, today: date | None = None):
    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            found = await (await _stored_directory(session)).stale(months_before(today or date.today(), months))
            await session.commit()
    finally:
        await engine.dispose()
    return found


def cmd_verify(settings: Settings, args) -> None:
    migrate(settings.database_url)
    entry = asyncio.run(verify_entry(settings.database_url, args.id, args.by))
    if entry is None:
        sys.exit(f"acompana: no hay una entrada {args.id}; mira los números con `acompana directory stale --months 0`.")
    print(f"Verificada: {args.id} {entry.name} ({entry.district}), por {entry.verified_by} el {entry.verified_on:%d/%m/%Y}.")


def cmd_stale(settings: Settings, args) -> None:
    migrate(settings.database_url)
    found = asyncio.run(stale_entries(settings.database_url, args.months))
    for entry_id, e in found:
        when = f"verificada el {e.verified_on:%d/%m/%Y} por {e.verified_by}" if e.verified_on else "nunca verificada"
        print(f"{entry_id}\t{e.name}\t{e.district}\t{when}")
    print(f"{len(found)} entradas sin verificar en {args.months} meses.", file=sys.stderr)


def cmd_import(settings: Settings, args) -> None:
    path = Path(args.file) if args.file else shipped_file()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        sys.exit(f"acompana: no puedo leer {path}: {exc}")
    migrate(settings.database_url)
    count, problems = asyncio.run(import_text(settings.database_url, text, format_of(str(path))))
    if problems:
        for problem in problems:
            print(f"{path}: {problem}", file=sys.stderr)
        sys.exit(f"acompana: {len(problems)} error(es); no se cambió nada en el directorio.")
    print(f"Directorio actualizado: {count} entradas desde {path}.")


def cmd_export(settings: Settings, args) -> None:
    migrate(settings.database_url)
    text = asyncio.run(export_text(settings.database_url, args.format))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Directorio exportado a {args.output}.")
    else:
        sys.stdout.write(text)


def add_commands(subparsers) -> None:
    parser = subparsers.add_parser("directory", help="directorio de servicios (importar, exportar, verificar)")
    sub = parser.add_subparsers(dest="directory_command", required=True)
    imp = sub.add_parser("import", help="reemplaza el directorio con un archivo YAML o CSV (revisa todo antes)")
    imp.add_argument("file", nargs="?", help="archivo .yaml o .csv; sin archivo, el directorio que viene con el bot")
    imp.set_defaults(func=cmd_import)
    exp = sub.add_parser("export", help="escribe el directorio actual en YAML o CSV")
    exp.add_argument("--format", choices=("yaml", "csv"), default="yaml")
    exp.add_argument("--output", "-o", help="archivo de salida (por defecto, la pantalla)")
    exp.set_defaults(func=cmd_export)
    ver = sub.add_parser("verify", help="registra que alguien del equipo comprobó una entrada hoy")
    ver.add_argument("id", type=int, help="el número de la entrada (lo da `directory stale`)")
    ver.add_argument("--by", required=True, help="quién la comprobó (nombre)")
    ver.set_defaults(func=cmd_verify)
    old = sub.add_parser("stale", help="lista las entradas que nadie verificó en N meses")
    old.add_argument("--months", type=int, required=True, help="meses sin verificar (0: todas)")
    old.set_defaults(func=cmd_stale)
