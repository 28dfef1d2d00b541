"""Staff tools: joining with a code (/staff), the queue and one's cases (/casos), follow-up dates,
and, for admins, invites (/invitar) and revoking roles (/equipo). Every one checks the roles
stored in the database and writes what it did to the audit log."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta, timezone

from flows import app, places, reminders
from flows.accompaniment import casework, routing
from flows.accompaniment.ports import NO_CONTACT_DAYS, OPEN, WAITING, Case
from flows.accompaniment.relay import mycases_button, staff_buttons
from flows.core import Button, Command, Effect, Outcome, Press, Reply, State, keyboard
from flows.ports import Ctx, Ports
from flows.roles import ADMIN, COORDINADORA, STAFF_ROLES, Grant, district_scope
from flows.texts import t
from flows.ids import is_id

INVITE_HOURS = 72
FOLLOWUP = "case_followup"  # reminder kind
LIMA = timezone(timedelta(hours=-5))  # Peru keeps no daylight saving time
FOLLOWUP_HOUR = time(9)
NEXT_DAYS = (1, 3, 7)
MAX_LISTED = 10


async def staff_grants(ctx: Ctx) -> list[Grant]:
    if ctx.person.user_id is None:
        return []
    return [g for g in await ctx.ports.roles.grants(ctx.person.user_id) if g.role in STAFF_ROLES]


def _refuse(text_id: str, state: State) -> Outcome:
    return Outcome(state).reply(t(text_id), app.menu_button())


def scope_label(scope: str) -> str:
    kind, _, code = scope.partition(":")
    if kind == "district" and (d := places.district(code)):
        return d.label
    if kind == "province":
        for d in places.districts():
            if d.province_code == code:
                return f"{d.province_name} ({d.region_name})"
    return "none" if not scope else scope


def _district_name(code: str) -> str:
    d = places.district(code)
    return d.label if d else code


# ---------------------------------------------------------------------------------------------
# Joining


@app.command("staff")
async def join(cmd: Command, state: State, ctx: Ctx) -> Outcome:
    code, _, name = cmd.args.strip().partition(" ")
    if not code:
        return Outcome(state).reply(t("acc-staff-howto"))
    created = ctx.person.user_id is None
    user_id = await ctx.ports.people.consent(ctx.person)  # staff are users too: this is their sign-up
    grant = await ctx.ports.roles.redeem(code, user_id, display_name=name.strip()[:120] or None)
    if grant is None:
        if created:  # keep nothing about someone who only typed a wrong code
            await ctx.ports.people.erase(replace(ctx.person, user_id=user_id))
        return Outcome(state).reply(t("acc-staff-bad-code"))
    return Outcome(State()).reply(t("acc-staff-welcome", kind=grant.role, place=scope_label(grant.scope)), mycases_button())


# ---------------------------------------------------------------------------------------------
# The queue and one's cases


def _provinces_around(codes: list[str]) -> list[str]:
    provinces = {places.district(c).province_code for c in codes if places.district(c)}
    return [d.code for d in places.districts() if d.province_code in provinces]


def _stale(case: Case, now: datetime) -> bool:
    last = case.last_contact_at or case.accepted_at or case.created_at
    return now - last >= timedelta(days=NO_CONTACT_DAYS)


async def case_list(state: State, ctx: Ctx) -> Outcome:
    grants = await staff_grants(ctx)
    if not grants:
        return _refuse("acc-staff-only", state)
    me, ports = ctx.person.user_id, ctx.ports
    lines, rows = [t("acc-cases-title")], []
    mine = await ports.cases.of_staff(me)
    if mine:
        lines += ["", t("acc-cases-mine")]
        for c in mine:
            nxt = c.next_contact_at.astimezone(LIMA).strftime("%d/%m") if c.next_contact_at else "none"
            lines.append(t("acc-case-line", case=c.id, kind=c.kind, district=_district_name(c.district), next=nxt))
        rows += [Button(t("acc-button-open", case=c.id), "case_open", str(c.id)) for c in mine[:MAX_LISTED]]
    # Her queue: waiting cases she would be offered, around her districts (routing says who).
    nearby = _provinces_around(routing.area(grants, *STAFF_ROLES))
    queue = [
        c for c in await ports.cases.in_districts(nearby, (WAITING,)) if await routing.may_accept(ports.roles, me, c.kind, c.district)
    ]
    queue.sort(key=lambda c: not c.priority)  # prioritised requests first, then the oldest
    if queue:
        lines += ["", t("acc-cases-queue")]
        lines += [
            ("⚠️ " if c.priority else "") + t("acc-case-line", case=c.id, kind=c.kind, district=_district_name(c.district), next="none")
            for c in queue
        ]
        rows += [Button(f"{t('acc-button-accept')} {c.id}", "case_accept", str(c.id)) for c in queue[:MAX_LISTED]]
    team_area = routing.area(grants, COORDINADORA)
    team = [c for c in await ports.cases.in_districts(team_area, (OPEN,)) if c.staff_user_id != me]
    if team:
        lines += ["", t("acc-cases-team")]
        for c in team:
            stale = "yes" if _stale(c, ctx.now) else "no"
            staff = await routing.staff_name(ports, c.staff_user_id)
            lines.append(t("acc-case-team-line", case=c.id, kind=c.kind, district=_district_name(c.district), staff=staff, stale=stale, days=NO_CONTACT_DAYS))
        rows += [Button(t("team-button-notes-of", case=c.id), "case_notes", str(c.id)) for c in team[:MAX_LISTED]]
    if not (mine or queue or team):
        lines += ["", t("acc-cases-none")]
    return Outcome(state).reply("\n".join(lines), *rows, app.menu_button())


@app.command("casos")
async def cases_command(cmd: Command, state: State, ctx: Ctx) -> Outcome:
    return await case_list(state, ctx)


@app.action("case_list")
async def cases_button(press: Press, state: State, ctx: Ctx) -> Outcome:
    return await case_list(state, ctx)


# ---------------------------------------------------------------------------------------------
# Follow-up: the next contact date, reminded through the shared reminders


async def _own_open_case(press_arg: str, ctx: Ctx) -> Case | None:
    case = await ctx.ports.cases.get(int(press_arg)) if is_id(press_arg) and len(press_arg) < 10 else None
    if case and case.status == OPEN and case.staff_user_id is not None and case.staff_user_id == ctx.person.user_id:
        return case
    return None


@app.action("case_plan")
async def plan(press: Press, state: State, ctx: Ctx) -> Outcome:
    case = await _own_open_case(press.arg, ctx)
    if case is None:
        return _refuse("acc-not-yours", state)
    choices = [Button(t(f"acc-button-next-{d}"), "case_next", f"{case.id}-{d}") for d in NEXT_DAYS]
    return Outcome(state).reply(t("acc-ask-next", case=case.id), choices, mycases_button())


def followup_time(now: datetime, days: int) -> datetime:
    day = now.astimezone(LIMA).date() + timedelta(days=days)
    return datetime.combine(day, FOLLOWUP_HOUR, tzinfo=LIMA).astimezone(timezone.utc)


@app.action("case_next")
async def set_next(press: Press, state: State, ctx: Ctx) -> Outcome:
    case_arg, _, days = press.arg.partition("-")
    case = await _own_open_case(case_arg, ctx)
    if case is None or not is_id(days) or int(days) not in NEXT_DAYS:
        return _refuse("acc-not-yours", state)
    when = followup_time(ctx.now, int(days))
    await ctx.ports.cases.set_next_contact(case.id, when)
    await ctx.ports.reminders.cancel(FOLLOWUP, str(case.id))
    await ctx.ports.reminders.schedule(FOLLOWUP, str(case.id), when, user_id=ctx.person.user_id)
    await ctx.ports.roles.audit(ctx.person.user_id, "case.next_contact", f"case:{case.id}")
    date = when.astimezone(LIMA).strftime("%d/%m/%Y")
    return Outcome(state).reply(t("acc-next-set", case=case.id, date=date), *staff_buttons(case))


@reminders.renderer(FOLLOWUP)
async def followup_due(ref: str, ports: Ports, now: datetime, user_id: int | None) -> list[Effect]:
    case = await ports.cases.get(int(ref)) if is_id(ref) else None
    if case is None or case.status != OPEN or user_id is None or case.staff_user_id != user_id:
        return []  # closed or handed over since: nothing to remind
    return [Reply(t("acc-followup-due", case=case.id, hours=case.safe_hours), keyboard(Button(t("acc-button-open", case=case.id), "case_open", str(case.id))))]


# ---------------------------------------------------------------------------------------------
# Admins: invites and revoking from Telegram


async def _is_admin(ctx: Ctx) -> bool:
    return any(g.role == ADMIN for g in await staff_grants(ctx))


def parse_role(typed: str) -> str | None:
    role = places.fold(typed).replace(" ", "")
    aliases = {"psicologacomunitaria": "psicologa", "facilitadora": "facilitador", "coordinador": "coordinadora", "administrador": "admin"}
    role = aliases.get(role, role)
    return role if role in STAFF_ROLES else None


def scope_for(role: str, typed_district: str) -> str | None:
    """Admins hold their role everywhere; everyone else in one district."""
    if role == ADMIN:
        return ""
    found = places.find_district(typed_district) if typed_district.strip() else []
    return district_scope(found[0].code) if len(found) == 1 else None


@app.command("invitar")
async def invite(cmd: Command, state: State, ctx: Ctx) -> Outcome:
    if not await _is_admin(ctx):
        return _refuse("acc-staff-only", state)
    role_typed, _, place = cmd.args.strip().partition(" ")
    role = parse_role(role_typed)
    scope = scope_for(role, place) if role else None
    if role is None or scope is None:
        return Outcome(state).reply(t("acc-invite-howto"))
    code = await ctx.ports.roles.create_invite(role, scope, ctx.person.user_id, timedelta(hours=INVITE_HOURS))
    await ctx.ports.roles.audit(ctx.person.user_id, "invite.created", f"{role}@{scope}")
    return Outcome(state).reply(t("acc-invite-made", kind=role, place=scope_label(scope), code=code, hours=INVITE_HOURS))


async def _team(ports: Ports) -> list[Grant]:
    return await ports.roles.holders_of(STAFF_ROLES)


@app.command("equipo")
async def team(cmd: Command, state: State, ctx: Ctx) -> Outcome:
    if not await _is_admin(ctx):
        return _refuse("acc-staff-only", state)
    grants = await _team(ctx.ports)
    lines = [t("acc-team-title")] + [
        t("acc-team-line", grant=g.id, kind=g.role, scope=scope_label(g.scope), name=g.display_name or "none") for g in grants
    ]
    rows = [Button(t("acc-button-revoke", grant=g.id), "staff_revoke", str(g.id)) for g in grants if g.user_id != ctx.person.user_id]
    return Outcome(state).reply("\n".join(lines), *rows[:40], app.menu_button())


@app.action("staff_revoke")
async def revoke(press: Press, state: State, ctx: Ctx) -> Outcome:
    if not await _is_admin(ctx):
        await ctx.ports.roles.audit(ctx.person.user_id, "role.revoke_refused", f"grant:{press.arg[:20]}")
        return _refuse("acc-staff-only", state)
    grant = next((g for g in await _team(ctx.ports) if str(g.id) == press.arg), None)
    done = grant is not None and await ctx.ports.roles.revoke(grant.id)
    effects: list[Effect] = []
    if done:
        await ctx.ports.roles.audit(ctx.person.user_id, "role.revoked", f"grant:{press.arg}")
        effects = await casework.release(ctx.ports, grant.user_id, ctx.now)
    return Outcome(state, effects).reply(t("acc-revoked" if done else "acc-revoke-failed"), app.menu_button())
