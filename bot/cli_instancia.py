"""`acompana instancia ...`: create instancias (Leoncio Prado and its districts in one go) and make
the first codes, for the secretaría técnica who then runs everything from Telegram."""
from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import timedelta

from flows import places
from flows.instancias.model import DEFAULT_OFFSETS, LEVELS, format_offsets, parse_offsets
from flows.roles import INSTANCIA_ROLES, instancia_scope


def add_commands(subparsers) -> None:
    parser = subparsers.add_parser("instancia", help="instancias de concertación: crear, listar, códigos")
    sub = parser.add_subparsers(dest="instancia_command", required=True)

    create = sub.add_parser("create", help="crea una instancia")
    create.add_argument("--name", required=True, help='p. ej. "Instancia Provincial de Concertación de Leoncio Prado"')
    create.add_argument("--level", required=True, choices=LEVELS)
    where = create.add_mutually_exclusive_group(required=True)
    where.add_argument("--district", help="código de distrito (places.csv), p. ej. huanuco/leoncio-prado/luyando")
    where.add_argument("--province", help="código de provincia, p. ej. huanuco/leoncio-prado")
    where.add_argument("--region", help="código de región, p. ej. huanuco")
    create.add_argument("--parent", type=int, help="id de la instancia de la que depende")
    create.add_argument(
        "--offsets",
        help='recordatorios antes de cada reunión, p. ej. "2d, 2h" (por defecto REMINDER_OFFSETS, o 2d, 2h)',
    )
    create.add_argument("--with-districts", action="store_true", help="con una instancia distrital por cada distrito de la provincia")
    create.set_defaults(func=cmd_create)

    invite = sub.add_parser("invite", help="crea un código para unirse a una instancia")
    invite.add_argument("--id", type=int, required=True)
    invite.add_argument("--role", default="secretaria", choices=INSTANCIA_ROLES)
    invite.add_argument("--uses", type=int, default=1)
    invite.add_argument("--days", type=int, default=7)
    invite.set_defaults(func=cmd_invite)

    listing = sub.add_parser("list", help="lista las instancias")
    listing.set_defaults(func=cmd_list)


def _fail(message: str) -> None:
    print(f"acompana: {message}", file=sys.stderr)
    raise SystemExit(2)


def _place(args) -> str:
    if args.district:
        if places.district(args.district) is None:
            _fail(f"no conozco el distrito '{args.district}' (ver flows/content/places.csv)")
        return args.district
    if args.province:
        if not any(d.province_code == args.province for d in places.districts()):
            _fail(f"no conozco la provincia '{args.province}' (ver flows/content/places.csv)")
        return args.province
    if not any(d.region == args.region for d in places.districts()):
        _fail(f"no conozco la región '{args.region}' (ver flows/content/places.csv)")
    return args.region


async def _with_ports(settings, work):
    from storage.crypto import Cipher
    from storage.db import make_engine, make_sessionmaker
    from storage.instancias import Instancias
    from storage.roles import Roles

    engine = make_engine(settings.database_url)
    cipher = Cipher(settings.console_data_key())  # the bot's DATA_KEY: codes are found by keyed hash
    try:
        async with make_sessionmaker(engine)() as session:
            result = await work(Instancias(session, cipher), Roles(session, cipher))
            await session.commit()
            return result
    finally:
        await engine.dispose()


def cmd_create(settings, args) -> None:
    from storage.db import migrate

    typed = args.offsets or settings.reminder_offsets or format_offsets(DEFAULT_OFFSETS)
    offsets = parse_offsets(typed)
    if offsets is None:
        _fail(f"no entiendo los recordatorios '{typed}'; escribe por ejemplo \"2d, 2h\"")
    place = _place(args)
    if args.with_districts and not args.province:
        _fail("--with-districts va con --province")
    migrate(settings.database_url)

    async def work(instancias, roles):
        if args.parent is not None and await instancias.get(args.parent) is None:
            _fail(f"no existe la instancia {args.parent}")
        created = [(await instancias.create(args.name, args.level, place, args.parent, offsets), args.name)]
        if args.with_districts:
            for d in places.districts():
                if d.province_code == place:
                    name = f"Instancia Distrital de Concertación de {d.name}"
                    created.append((await instancias.create(name, "district", d.code, created[0][0], offsets), name))
        await roles.audit(None, "instancia.created", instancia_scope(created[0][0]))
        return created

    for iid, name in asyncio.run(_with_ports(settings, work)):
        print(f"{iid}\t{name}")


def cmd_invite(settings, args) -> None:
    from storage.db import migrate

    migrate(settings.database_url)

    async def work(instancias, roles):
        if await instancias.get(args.id) is None:
            _fail(f"no existe la instancia {args.id}")
        code = await roles.create_invite(args.role, instancia_scope(args.id), None, timedelta(days=args.days), max_uses=args.uses)
        await roles.audit(None, "instancia.invite.created", instancia_scope(args.id))
        return code

    code = asyncio.run(_with_ports(settings, work))
    print(code)
    print(f"(rol {args.role}, {args.uses} uso(s), vence en {args.days} días: en Telegram, /instancia → «Unirme con un código»)", file=sys.stderr)


def cmd_list(settings, args: argparse.Namespace) -> None:
    from storage.db import migrate

    migrate(settings.database_url)

    async def work(instancias, roles):
        return await instancias.all()

    for inst in asyncio.run(_with_ports(settings, work)):
        parent = f"\t(de {inst.parent_id})" if inst.parent_id else ""
        print(f"{inst.id}\t{inst.level}\t{inst.name}\t{format_offsets(inst.offsets)}{parent}")
