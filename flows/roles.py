"""Roles and invite codes: one mechanism for programme staff and instancia members.

A role is held within a scope: "" (everywhere, for admins), "district:<code>", "province:<code>",
or "instancia:<id>". Every staff action is checked against the roles stored here, never against
what a button says, and written to the audit log.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

ADMIN = "admin"
COORDINADORA = "coordinadora"
MENTORA = "mentora"
PSICOLOGA = "psicologa"
FACILITADOR = "facilitador"
STAFF_ROLES = (ADMIN, COORDINADORA, MENTORA, PSICOLOGA, FACILITADOR)

PRESIDENCIA = "presidencia"
SECRETARIA = "secretaria"
MIEMBRO = "miembro"
INSTANCIA_ROLES = (PRESIDENCIA, SECRETARIA, MIEMBRO)


def district_scope(code: str) -> str:
    return f"district:{code}"


def province_scope(code: str) -> str:
    return f"province:{code}"


def instancia_scope(instancia_id: int) -> str:
    return f"instancia:{instancia_id}"


@dataclass(frozen=True)
class Grant:
    id: int
    user_id: int
    role: str
    scope: str
    display_name: str | None = None
    institution: str | None = None


class RolesPort(Protocol):
    async def create_invite(
        self, role: str, scope: str, created_by: int | None, ttl: timedelta, max_uses: int = 1
    ) -> str:
        """A new code (shown once; only its hash is kept)."""

    async def redeem(
        self, code: str, user_id: int, display_name: str | None = None, institution: str | None = None
    ) -> Grant | None:
        """Use a code atomically: None when unknown, expired or used up."""

    async def peek(self, code: str) -> tuple[str, str] | None:
        """What a code would give, without using it (so a person hears at once that it does not work)."""

    async def take(self, code: str) -> tuple[str, str] | None:
        """Use a code atomically without granting a role to anyone (linking a group): (role, scope)."""

    async def grant(self, user_id: int, role: str, scope: str, display_name: str | None = None, institution: str | None = None) -> Grant: ...

    async def grants(self, user_id: int) -> list[Grant]:
        """The user's active grants."""

    async def holders(self, role: str, scope: str) -> list[Grant]:
        """Active grants of a role in exactly this scope."""

    async def holders_of(self, roles: tuple[str, ...]) -> list[Grant]:
        """Active grants of these roles, in any scope, oldest first (the admins' team list)."""

    async def revoke(self, grant_id: int) -> bool: ...

    async def audit(self, actor_user_id: int | None, action: str, target: str = "") -> None: ...


def has_role(grants: list[Grant], *roles: str, scope: str | None = None) -> bool:
    """Admins may do everything; otherwise the role must be held in the scope (or anywhere if None)."""
    for g in grants:
        if g.role == ADMIN:
            return True
        if g.role in roles and (scope is None or g.scope == scope):
            return True
    return False
