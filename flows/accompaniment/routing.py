"""Who hears of a request: staff of the right role in her district; where there is none, in her
province; then the coordinadora (and, where no coordinadora is registered, an admin)."""
from __future__ import annotations

from flows.places import District, district, districts
from flows.roles import ADMIN, COORDINADORA, Grant, RolesPort, district_scope, province_scope


def _unique(grants: list[Grant]) -> list[int]:
    return list(dict.fromkeys(g.user_id for g in grants))


async def nearest(roles: RolesPort, role: str, place: District) -> list[int]:
    """Holders of `role` in her district or, where there is none, anywhere in her province."""
    here = await roles.holders(role, district_scope(place.code))
    if here:
        return _unique(here)
    around = await roles.holders(role, province_scope(place.province_code))
    for other in districts():
        if other.province_code == place.province_code and other.code != place.code:
            around += await roles.holders(role, district_scope(other.code))
    return _unique(around)


async def coordinators(roles: RolesPort, district_code: str) -> list[int]:
    place = district(district_code)
    found = await nearest(roles, COORDINADORA, place) if place else []
    return found or _unique(await roles.holders(ADMIN, ""))


async def responders(roles: RolesPort, kind: str, district_code: str) -> list[int]:
    """Who is offered a new request: the role she needs, or else the coordinadora."""
    place = district(district_code)
    found = await nearest(roles, kind, place) if place else []
    return found or await coordinators(roles, district_code)


async def may_accept(roles: RolesPort, user_id: int, kind: str, district_code: str) -> bool:
    """Checked against the roles stored now, whatever the button said."""
    return user_id in await responders(roles, kind, district_code) or user_id in await coordinators(roles, district_code)


def area(grants: list[Grant], *roles: str) -> list[str]:
    """The district codes these grants of these roles cover (an admin: all)."""
    codes: list[str] = []
    for g in grants:
        if g.role == ADMIN:
            return [d.code for d in districts()]
        if g.role not in roles:
            continue
        for d in districts():
            if g.scope in (district_scope(d.code), province_scope(d.province_code)) and d.code not in codes:
                codes.append(d.code)
    return codes
