"""`acompana outbox`: what the bot still owes, the dead letters (parcels that kept failing), and an
operator's retry of one or all of them. Shows no content and no one's identity."""
from __future__ import annotations

import asyncio
import sys

from bot.settings import Settings
from storage.db import make_engine, make_sessionmaker, migrate
from storage.repos import DeadLetter, Outbox


async def _outbox(database_url: str, retry: int | None, retry_all: bool) -> tuple[dict, list[DeadLetter], int]:
    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            outbox = Outbox(session, None)  # no decryption: ids, ages and errors only
            revived = 0
            if retry is not None or retry_all:
                revived = await outbox.revive(None if retry_all else retry)
                if revived and engine.dialect.name == "postgresql":  # wake the sender
                    from sqlalchemy import text

                    from bot.delivery import OUTBOX_CHANNEL

                    await session.execute(text("SELECT pg_notify(:c, '')"), {"c": OUTBOX_CHANNEL})
                await session.commit()
            return await outbox.stats(), await outbox.dead_letters(), revived
    finally:
        await engine.dispose()


def cmd_outbox(settings: Settings, args) -> None:
    migrate(settings.database_url)
    stats, dead, revived = asyncio.run(_outbox(settings.database_url, args.retry, args.retry_all))
    if args.retry is not None and not revived:
        sys.exit(f"acompana: no hay un mensaje fallido con id {args.retry}")
    if revived:
        print(f"{revived} mensaje(s) vuelven a la cola; el bot en marcha los envía ahora.")
    print(f"Pendientes: {stats['pending']} (el más antiguo hace {stats['oldest_seconds']:.0f} s). Fallidos: {stats['dead']}.")
    for letter in dead:
        print(f"{letter.id}\t{letter.created_at:%Y-%m-%d %H:%M} UTC\t{letter.attempts} intentos\t{letter.last_error or '-'}")
    if dead:
        print("Reintentar: acompana outbox --retry ID, o --retry-all")


def add_commands(subparsers) -> None:
    outbox = subparsers.add_parser("outbox", help="mensajes pendientes y fallidos; reintentar los fallidos")
    group = outbox.add_mutually_exclusive_group()
    group.add_argument("--retry", type=int, metavar="ID", help="vuelve a intentar este mensaje fallido")
    group.add_argument("--retry-all", action="store_true", help="vuelve a intentar todos los mensajes fallidos")
    outbox.set_defaults(func=cmd_outbox)
