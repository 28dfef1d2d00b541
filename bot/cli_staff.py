"""`acompana staff ...`: invite programme staff with one-time codes, and list who holds a role."""
from __future__ import annotations

import asyncio
import sys
from datetime import timedelta

from bot.settings import Settings
from flows.accompaniment.staff import INVITE_HOURS, parse_role, scope_for, scope_label
from flows.roles import STAFF_ROLES
from storage.crypto import Cipher
from storage.db import make_engine, make_sessionmaker, migrate


async def create_invite(database_url: str, data_key: str, role: str, scope: str, hours: int) -> str:
    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            from storage.roles import Roles

            roles = Roles(session, Cipher(data_key))
            code = await roles.create_invite(role, scope, None, timedelta(hours=hours))
            await roles.audit(None, "invite.created", f"{role}@{scope}")
            await session.commit()
            return code
    finally:
        await engine.dispose()


async def list_staff(database_url: str) -> list[tuple]:
    from sqlalchemy import select

    from storage.models import RoleGrant

    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = await session.execute(
                select(RoleGrant.id, RoleGrant.role, RoleGrant.scope, RoleGrant.display_name, RoleGrant.user_id)
                .where(RoleGrant.revoked_at.is_(None), RoleGrant.role.in_(STAFF_ROLES))
                .order_by(RoleGrant.id)
            )
            return list(rows)
    finally:
        await engine.dispose()


def cmd_invite(settings: Settings, args) -> None:
    role = parse_role(args.role)
    if role is None:
        sys.exit(f"acompana: rol desconocido '{args.role}'. Roles: {', '.join(STAFF_ROLES)}")
    scope = scope_for(role, args.district or "")
    if scope is None:
        sys.exit(f"acompana: no encuentro el distrito '{args.district or ''}' (ver flows/content/places.csv)")
    if args.hours < 1:
        sys.exit("acompana: --hours debe ser al menos 1")
    migrate(settings.database_url)
    code = asyncio.run(create_invite(settings.database_url, settings.console_data_key(), role, scope, args.hours))
    where = scope_label(scope)
    print(f"Código para {role}{'' if where == 'none' else ' en ' + where}: {code}")
    print(f"Sirve una vez y vence en {args.hours} horas. En el bot: /staff {code}")


def cmd_list(settings: Settings, args) -> None:
    migrate(settings.database_url)
    rows = asyncio.run(list_staff(settings.database_url))
    if not rows:
        print("No hay personas del equipo con roles activos.")
    for grant_id, role, scope, name, user_id in rows:
        where = scope_label(scope)
        print(f"{grant_id}\t{role}\t{'todo' if where == 'none' else where}\t{name or '-'}\tusuario {user_id}")


def add_commands(subparsers) -> None:
    staff = subparsers.add_parser("staff", help="equipo: códigos de invitación y lista de roles")
    sub = staff.add_subparsers(dest="staff_command", required=True)
    invite = sub.add_parser("invite", help="crea un código de un solo uso para un rol en un distrito")
    invite.add_argument("--role", required=True, help=", ".join(STAFF_ROLES))
    invite.add_argument("--district", help="nombre o código del distrito (no hace falta para admin)")
    invite.add_argument("--hours", type=int, default=INVITE_HOURS, help=f"horas de validez (por defecto {INVITE_HOURS})")
    invite.set_defaults(func=cmd_invite)
    sub.add_parser("list", help="personas del equipo con roles activos").set_defaults(func=cmd_list)
