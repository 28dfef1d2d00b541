"""Implements flows.roles.RolesPort on role_grants, invites and audit_log."""
from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.roles import Grant
from storage.crypto import Cipher
from storage.models import AuditEntry, Invite, RoleGrant
from storage.models.base import utcnow

# No 0/O, 1/I/L: codes are read aloud and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _grant(row: RoleGrant) -> Grant:
    return Grant(row.id, row.user_id, row.role, row.scope, row.display_name, row.institution)


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


class Roles:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session = session
        self.cipher = cipher

    async def create_invite(self, role: str, scope: str, created_by: int | None, ttl: timedelta, max_uses: int = 1) -> str:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        self.session.add(
            Invite(
                code_hash=self.cipher.key_of(code),
                role=role,
                scope=scope,
                created_by=created_by,
                expires_at=utcnow() + ttl,
                max_uses=max_uses,
                uses=0,
            )
        )
        await self.session.flush()
        return code

    async def redeem(self, code: str, user_id: int, display_name: str | None = None, institution: str | None = None) -> Grant | None:
        taken = await self.take(code)
        if taken is None:
            return None
        return await self.grant(user_id, taken[0], taken[1], display_name, institution)

    async def peek(self, code: str) -> tuple[str, str] | None:
        """What a code would give (role, scope), without using it; None when it would not work."""
        row = (
            await self.session.execute(
                select(Invite.role, Invite.scope).where(
                    Invite.code_hash == self.cipher.key_of(normalise_code(code)), Invite.uses < Invite.max_uses, Invite.expires_at > utcnow()
                )
            )
        ).first()
        return (row.role, row.scope) if row else None

    async def take(self, code: str) -> tuple[str, str] | None:
        """Use a code atomically without granting anything: (role, scope), or None."""
        now = utcnow()
        # One statement, so two people racing for the last use cannot both get it.
        used = await self.session.execute(
            update(Invite)
            .where(
                Invite.code_hash == self.cipher.key_of(normalise_code(code)),
                Invite.uses < Invite.max_uses,
                Invite.expires_at > now,
            )
            .values(uses=Invite.uses + 1)
            .returning(Invite.role, Invite.scope)
        )
        row = used.first()
        return (row.role, row.scope) if row else None

    async def grant(self, user_id: int, role: str, scope: str, display_name: str | None = None, institution: str | None = None) -> Grant:
        existing = (
            await self.session.execute(
                select(RoleGrant).where(
                    RoleGrant.user_id == user_id, RoleGrant.role == role, RoleGrant.scope == scope, RoleGrant.revoked_at.is_(None)
                )
            )
        ).scalar_one_or_none()
        if existing is not None:
            return _grant(existing)
        row = RoleGrant(user_id=user_id, role=role, scope=scope, display_name=display_name, institution=institution)
        self.session.add(row)
        await self.session.flush()
        await self.audit(user_id, "role.granted", f"{role}@{scope}")
        return _grant(row)

    async def grants(self, user_id: int) -> list[Grant]:
        rows = await self.session.execute(
            select(RoleGrant).where(RoleGrant.user_id == user_id, RoleGrant.revoked_at.is_(None)).order_by(RoleGrant.id)
        )
        return [_grant(r) for r in rows.scalars()]

    async def holders(self, role: str, scope: str) -> list[Grant]:
        rows = await self.session.execute(
            select(RoleGrant)
            .where(RoleGrant.role == role, RoleGrant.scope == scope, RoleGrant.revoked_at.is_(None))
            .order_by(RoleGrant.id)
        )
        return [_grant(r) for r in rows.scalars()]

    async def holders_of(self, roles: tuple[str, ...]) -> list[Grant]:
        rows = await self.session.execute(
            select(RoleGrant).where(RoleGrant.role.in_(roles), RoleGrant.revoked_at.is_(None)).order_by(RoleGrant.id)
        )
        return [_grant(r) for r in rows.scalars()]

    async def revoke(self, grant_id: int) -> bool:
        result = await self.session.execute(
            update(RoleGrant).where(RoleGrant.id == grant_id, RoleGrant.revoked_at.is_(None)).values(revoked_at=utcnow())
        )
        return result.rowcount == 1

    async def audit(self, actor_user_id: int | None, action: str, target: str = "") -> None:
        self.session.add(AuditEntry(actor_user_id=actor_user_id, action=action, target=target, at=utcnow()))
