"""`acompana directory import [FILE]` and `acompana directory export`: staff keep the directory of
services up to date from a YAML or CSV file. The whole file is checked first; if any line is wrong,
every problem is reported with its line and the database is left as it was."""
from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path

from bot.settings import Settings
from flows.orientation.directory import Problem, format_of, read, to_csv, to_yaml
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
    parser = subparsers.add_parser("directory", help="directorio de servicios (importar, exportar)")
    sub = parser.add_subparsers(dest="directory_command", required=True)
    imp = sub.add_parser("import", help="reemplaza el directorio con un archivo YAML o CSV (revisa todo antes)")
    imp.add_argument("file", nargs="?", help="archivo .yaml o .csv; sin archivo, el directorio que viene con el bot")
    imp.set_defaults(func=cmd_import)
    exp = sub.add_parser("export", help="escribe el directorio actual en YAML o CSV")
    exp.add_argument("--format", choices=("yaml", "csv"), default="yaml")
    exp.add_argument("--output", "-o", help="archivo de salida (por defecto, la pantalla)")
    exp.set_defaults(func=cmd_export)
