"""Who hears of a request: staff of the right role in her district; where there is none, in her
province; then the coordinadora (and, where no coordinadora is registered, an admin).

Of those, only who can take it now: not full (her most open cases), not away, within her hours.
When nobody can, it goes up to the coordinadora; when nobody is at work at all, everyone who could
take it is told, held until her own hours, and the woman is told honestly when it will be read.
A prioritised request goes to the whole province at once and escalates sooner."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flows import app, places
from flows.accompaniment.ports import Availability, Case, escalate_after
from flows.core import Button, Effect, Notify, Outcome, State, keyboard
from flows.places import District, district, districts
from flows.ports import Ctx, Ports
from flows.roles import ADMIN, COORDINADORA, Grant, RolesPort, district_scope, province_scope
from flows.texts import t
from flows import when


def _unique(grants: list[Grant]) -> list[int]:
    return list(dict.fromkeys(g.user_id for g in grants))


async def _province(roles: RolesPort, role: str, place: District) -> list[int]:
    found = await roles.holders(role, province_scope(place.province_code))
    for other in districts():
        if other.province_code == place.province_code:
            found += await roles.holders(role, district_scope(other.code))
    return _unique(found)


async def nearest(roles: RolesPort, role: str, place: District) -> list[int]:
    """Holders of `role` in her district or, where there is none, anywhere in her province."""
    here = await roles.holders(role, district_scope(place.code))
    return _unique(here) if here else await _province(roles, role, place)


async def coordinators(roles: RolesPort, district_code: str) -> list[int]:
    place = district(district_code)
    found = await nearest(roles, COORDINADORA, place) if place else []
    return found or _unique(await roles.holders(ADMIN, ""))


async def responders(roles: RolesPort, kind: str, district_code: str) -> list[int]:
    """Who may take a request: the role she needs anywhere in her province, or else the coordinadora."""
    place = district(district_code)
    found = await _province(roles, kind, place) if place else []
    return found or await coordinators(roles, district_code)


async def holds_role(roles: RolesPort, user_id: int, kind: str, district_code: str) -> bool:
    place = district(district_code)
    return bool(place) and user_id in await _province(roles, kind, place)


async def staff_name(ports: Ports, user_id: int | None) -> str:
    """The name a staff member gave when she joined (only staff see it), or her number."""
    if user_id is None:
        return "—"
    named = next((g.display_name for g in await ports.roles.grants(user_id) if g.display_name), None)
    return named or f"#{user_id}"


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


# ---------------------------------------------------------------------------------------------
# What staff are told of a request


def request_text(case: Case, template: str = "acc-new-request", **more) -> str:
    """What staff are told of a request: never a name, a username or an id."""
    place = places.district(case.district)
    reported = "unknown" if case.reported is None else ("yes" if case.reported else "no")
    priority = "yes" if case.priority else "no"
    return t(template, case=case.id, kind=case.kind, reported=reported, hours=case.safe_hours, district=place.label if place else case.district, priority=priority, **more)


def accept_button(case: Case) -> Button:
    return Button(t("acc-button-accept"), "case_accept", str(case.id))


# ---------------------------------------------------------------------------------------------
# Who is offered a request now


@dataclass
class Offer:
    """Who is told of a request, when each will see it, and what she is told."""

    level: str  # staff, coordinator, later, nobody
    told: dict[int, datetime | None] = field(default_factory=dict)  # user id -> held until (None: now)
    reads_at: datetime | None = None  # "later": when the first of them is back at work

    def effects(self, text: str, *rows) -> list[Effect]:
        return [Notify(uid, text, keyboard(*rows), not_before=held) for uid, held in self.told.items()]


async def ready(ports: Ports, user_ids: list[int], now: datetime, counted: bool = True) -> tuple[list[int], dict[int, Availability]]:
    """Of these, who can take a case now: not away, in her hours and (when counted) not full."""
    known = await ports.cases.availability(user_ids)
    counts = await ports.cases.open_counts(user_ids) if counted else {}
    free = [
        uid for uid in user_ids
        if not known[uid].away(now) and known[uid].in_hours(now)
        and not (counted and known[uid].max_cases is not None and counts[uid] >= known[uid].max_cases)
    ]
    return free, known


async def offer(ports: Ports, case: Case, now: datetime, exclude: int | None = None) -> Offer:
    place = district(case.district)
    roles = ports.roles
    if place is None:
        return Offer("nobody")
    tiers = [await _province(roles, case.kind, place)] if case.priority else [
        _unique(await roles.holders(case.kind, district_scope(place.code))),
        await _province(roles, case.kind, place),
    ]
    tiers = [[uid for uid in tier if uid != exclude] for tier in tiers]
    for tier in tiers:
        free, _ = await ready(ports, tier, now)
        if free:
            return Offer("staff", dict.fromkeys(free))
    coords = [uid for uid in await coordinators(roles, case.district) if uid != exclude]
    free, _ = await ready(ports, coords, now, counted=False)
    if free:
        return Offer("coordinator", dict.fromkeys(free))
    # Nobody at work: everyone who could take it (not full) and the coordinadora hear of it when
    # their hours begin; she is told when that will be.
    staff = tiers[-1]
    known = await ports.cases.availability(staff + coords)
    counts = await ports.cases.open_counts(staff)
    later = {uid: known[uid].next_start(now) for uid in staff if known[uid].max_cases is None or counts[uid] < known[uid].max_cases}
    later.update({uid: known[uid].next_start(now) for uid in coords if uid not in later})
    if not later:
        return Offer("nobody")
    return Offer("later", later, min(later.values()))


async def announce(ports: Ports, case: Case, now: datetime, exclude: int | None = None) -> tuple[list[Effect], str]:
    """A new (or handed back) request: the notices to staff, and what she is told happens now.
    `exclude`: the staff member giving it up."""
    found = await offer(ports, case, now, exclude)
    minutes = int(escalate_after(ports.settings, case.priority).total_seconds() // 60)
    effects = found.effects(request_text(case), accept_button(case))
    if found.level == "later":
        return effects, t("acc-next-later", kind=case.kind, hours=case.safe_hours, when=when.say_when(found.reads_at))
    text_id = {"staff": "acc-next-staff", "coordinator": "acc-next-coordinator"}.get(found.level, "acc-next-nobody")
    if found.level == "coordinator" and await _province(ports.roles, case.kind, district(case.district)):
        text_id = "acc-next-busy"  # there are staff of her kind, none free now
    return effects, t(text_id, kind=case.kind, hours=case.safe_hours, minutes=minutes)


async def held_for(ports: Ports, user_ids: list[int], now: datetime) -> dict[int, datetime | None]:
    """For a notice to these staff members: none now if at work, else held until their hours."""
    known = await ports.cases.availability(user_ids)
    return {uid: (None if not known[uid].away(now) and known[uid].in_hours(now) else known[uid].next_start(now)) for uid in user_ids}


async def paused_answer(state: State, ctx: Ctx) -> Outcome | None:
    """While the coordinadora paused her access to the relay, she is told so, kindly, with where
    help is meanwhile; the emergency answer and orientation never pause (they come before this)."""
    if ctx.ports.cases is None:
        return None
    until = await ctx.ports.cases.paused_until(ctx.person.key, ctx.now)
    if until is None:
        return None
    return Outcome(state).reply(t("acc-paused", until=when.say_when(until)), app.menu_button())
