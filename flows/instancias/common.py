"""What the instancia screens share: who may do what (always from the stored roles), who hears of
a change, and scheduling reminders through the shared mechanism."""
from __future__ import annotations

from datetime import datetime, timedelta

from flows.core import Button, Notify
from flows.instancias.model import (
    KIND_AGREEMENT,
    KIND_MEETING,
    KIND_NEWS,
    Agreement,
    Instancia,
    Meeting,
    Seat,
    agreement_reminder_times,
    meeting_reminder_times,
    same_institution,
    say_moment,
)
from flows.ports import Ctx, Ports
from flows.roles import INSTANCIA_ROLES, SECRETARIA, Grant, has_role, instancia_scope
from flows.texts import t
from flows.ids import is_id

SCOPE_PREFIX = "instancia:"
GRACE_MEETING = timedelta(hours=1)  # a reminder that comes later than this is no longer useful


def scope_id(scope: str) -> int | None:
    if scope.startswith(SCOPE_PREFIX) and is_id(scope[len(SCOPE_PREFIX):]):
        return int(scope[len(SCOPE_PREFIX):])
    return None


async def my_grants(ctx: Ctx) -> list[Grant]:
    if ctx.person.user_id is None:
        return []
    return await ctx.ports.roles.grants(ctx.person.user_id)


async def my_instancia_ids(ctx: Ctx) -> list[int]:
    ids = []
    for g in await my_grants(ctx):
        iid = scope_id(g.scope)
        if iid is not None and g.role in INSTANCIA_ROLES and iid not in ids:
            ids.append(iid)
    return ids


async def is_member(ctx: Ctx, iid: int) -> bool:
    return iid in await my_instancia_ids(ctx)


async def can_manage(ctx: Ctx, iid: int) -> bool:
    """The secretaría técnica of this instancia, or an admin."""
    return has_role(await my_grants(ctx), SECRETARIA, scope=instancia_scope(iid))


async def can_manage_ports(ports: Ports, user_id: int, iid: int) -> bool:
    """can_manage, outside a conversation (a reminder for this user)."""
    return has_role(await ports.roles.grants(user_id), SECRETARIA, scope=instancia_scope(iid))


async def members(ctx: Ctx, iid: int) -> list[Grant]:
    return await members_of(ctx.ports, iid)


async def members_of(ports: Ports, iid: int) -> list[Grant]:
    """Active members, whatever their role (revoked grants stay in the table, for history)."""
    found: list[Grant] = []
    for role in INSTANCIA_ROLES:
        found += await ports.roles.holders(role, instancia_scope(iid))
    return sorted(found, key=lambda g: g.id)


async def secretarias(ctx: Ctx, iid: int) -> list[Grant]:
    return await ctx.ports.roles.holders(SECRETARIA, instancia_scope(iid))


# ---------------------------------------------------------------------------------------------
# Seats: a member holds the seat of her institution; a seat nobody holds is vacant.


async def seats_with_holders(ports: Ports, iid: int) -> list[tuple[Seat, list[Grant]]]:
    people = await members_of(ports, iid)
    return [(s, [g for g in people if same_institution(g.institution, s.institution)]) for s in await ports.instancias.seats(iid)]


async def vacant_seats(ports: Ports, iid: int) -> list[Seat]:
    return [s for s, holders in await seats_with_holders(ports, iid) if not holders]


async def my_seat(ctx: Ctx, iid: int) -> Seat | None:
    mine = next((g for g in await members(ctx, iid) if g.user_id == ctx.person.user_id and g.institution), None)
    return await ctx.ports.instancias.seat_for(iid, mine.institution) if mine else None


def member_label(g: Grant) -> str:
    return t("instancia-member", name=g.display_name or "—", institution=g.institution or "—")


def notify_all(grants: list[Grant], text: str, buttons=(), but: int | None = None) -> list[Notify]:
    """One message to each of these people (once, even if they hold two roles), except `but`."""
    seen: set[int] = set()
    out = []
    for g in grants:
        if g.user_id != but and g.user_id not in seen:
            seen.add(g.user_id)
            out.append(Notify(g.user_id, text, buttons))
    return out


def meeting_text(inst: Instancia, m: Meeting) -> str:
    return t("instancia-meeting-details", name=inst.name, when=say_moment(m.starts_at), place=m.place, agenda=m.agenda)


async def agenda_text(ports: Ports, m: Meeting) -> str:
    """The agenda's points (responsible seat, time) under a meeting's details; "" when it has none."""
    items = [i for i in await ports.instancias.items(m.id) if i.accepted]
    if not items:
        return ""
    seats = {s.id: s.institution for s in await ports.instancias.seats(m.instancia_id)}
    lines = [
        f"{n}. " + t("instancia-agenda-line", title=i.title, institution=seats.get(i.seat_id, "none"), minutes=i.minutes or 0)
        for n, i in enumerate(items, 1)
    ]
    return "\n\n" + t("instancia-agenda-head") + "\n" + "\n".join(lines)


def rsvp_buttons(m: Meeting) -> list[Button]:
    return [Button(t("instancia-yes"), "irsvp", f"{m.id}.1"), Button(t("instancia-no"), "irsvp", f"{m.id}.0")]


def calendar_button(m: Meeting) -> Button:
    return Button(t("instancia-calendar"), "iics", str(m.id))


# ---------------------------------------------------------------------------------------------
# Scheduling through flows.reminders. Refs carry the meeting's version (and the group link's),
# so a reminder made before a change says nothing when it falls due.


def meeting_ref(m: Meeting) -> str:
    return f"{m.id}.{m.version}"


async def schedule_meeting(ctx: Ctx, inst: Instancia, m: Meeting, only: Grant | None = None) -> None:
    times = meeting_reminder_times(m.starts_at, inst.offsets, ctx.now)
    people = [only] if only else await members(ctx, inst.id)
    for user_id in dict.fromkeys(g.user_id for g in people):
        for due in times:
            await ctx.ports.reminders.schedule(KIND_MEETING, meeting_ref(m), due, user_id=user_id, grace=GRACE_MEETING)
    if only is None:
        await schedule_group_meeting(ctx, inst, m, times)


async def schedule_group_meeting(ctx: Ctx, inst: Instancia, m: Meeting, times: list[datetime] | None = None) -> None:
    address = await ctx.ports.instancias.group_address(inst.id)
    if address is None:
        return
    for due in times if times is not None else meeting_reminder_times(m.starts_at, inst.offsets, ctx.now):
        await ctx.ports.reminders.schedule(KIND_MEETING, f"{meeting_ref(m)}.g{inst.group_version}", due, address=address, grace=GRACE_MEETING)


async def announce_to_group(ctx: Ctx, inst: Instancia, what: str, m: Meeting) -> None:
    """Group posts go through the reminder queue (due now), worded when sent, like reminders."""
    address = await ctx.ports.instancias.group_address(inst.id)
    if address is not None:
        await ctx.ports.reminders.schedule(KIND_NEWS, f"{what}.{meeting_ref(m)}.g{inst.group_version}", ctx.now, address=address)


async def schedule_agreement(ctx: Ctx, a: Agreement, only: Grant | None = None) -> list[Grant]:
    """Remind the members of the responsible institution; returns them."""
    responsible = [g for g in ([only] if only else await members(ctx, a.instancia_id)) if same_institution(g.institution, a.institution)]
    for user_id in dict.fromkeys(g.user_id for g in responsible):
        for due in agreement_reminder_times(a.due_on, ctx.now, ctx.settings.agreement_hour):
            await ctx.ports.reminders.schedule(KIND_AGREEMENT, str(a.id), due, user_id=user_id)
    return responsible


async def schedule_for_new_member(ctx: Ctx, iid: int, grant: Grant) -> None:
    """Someone joins (or replaces a colleague): the meetings ahead and her institution's agreements."""
    inst = await ctx.ports.instancias.get(iid)
    if inst is None:
        return
    for m in await ctx.ports.instancias.upcoming(iid, ctx.now, limit=50):
        await schedule_meeting(ctx, inst, m, only=grant)
    for a in await ctx.ports.instancias.agreements([iid]):
        await schedule_agreement(ctx, a, only=grant)
