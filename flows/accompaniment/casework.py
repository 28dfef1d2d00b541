"""What staff do with a case besides talking: notes (encrypted, for the case's staff and the
coordinadora), handing it over with a summary, reporting the person's messages, and the
coordinadora's pause of that person's relay. Cases given up by staff who leave go back to the queue.

Every button re-reads the case and the roles from the database and writes to the audit log."""
from __future__ import annotations

from datetime import datetime, timedelta

from flows import app, places
from flows.accompaniment import routing
from flows.accompaniment.intake import RELAY
from flows.accompaniment.ports import OPEN, Case, hold_until
from flows.accompaniment.relay import mycases_button, staff_buttons
from flows.core import Button, Effect, Event, Notify, Outcome, Press, Reply, State, Text, keyboard
from flows.ports import Ctx, Ports
from flows.roles import ADMIN, COORDINADORA, FACILITADOR, MENTORA, PSICOLOGA, STAFF_ROLES
from flows.texts import t
from flows import when
from flows.ids import is_id

NOTE_FLOW = "case_note"
TRANSFER_FLOW = "case_transfer"
MAX_NOTE = 1000
MAX_SUMMARY = 600
MIN_SUMMARY = 10
SHOWN_NOTES = 10
KINDS = (MENTORA, PSICOLOGA, FACILITADOR)
REASONS = ("insults", "sexual", "threats", "other")
PAUSE_DAYS = (1, 7, 30)


def _ids(arg: str, parts: int) -> list[str] | None:
    found = arg.split(".")
    return found if len(found) == parts and is_id(found[0]) else None


def _refuse(text_id: str, state: State) -> Outcome:
    return Outcome(state).reply(t(text_id), app.menu_button())


async def _case(arg: str, ctx: Ctx) -> Case | None:
    return await ctx.ports.cases.get(int(arg)) if is_id(arg) and len(arg) < 10 else None


def _holds(case: Case | None, ctx: Ctx) -> bool:
    return bool(case and case.status == OPEN and ctx.person.user_id and case.staff_user_id == ctx.person.user_id)


async def coordinates(ctx: Ctx, case: Case) -> bool:
    """A coordinadora of the case's area, or an admin (checked against the stored roles)."""
    if ctx.person.user_id is None:
        return False
    grants = await ctx.ports.roles.grants(ctx.person.user_id)
    return any(g.role == ADMIN for g in grants) or case.district in routing.area(grants, COORDINADORA)


def _back(case: Case) -> Button:
    return Button(t("button-back"), "case_open", str(case.id))


# ---------------------------------------------------------------------------------------------
# Notes


async def _may_read_notes(case: Case | None, ctx: Ctx) -> bool:
    return bool(case) and (_holds(case, ctx) or await coordinates(ctx, case))


@app.action("case_notes")
async def show_notes(press: Press, state: State, ctx: Ctx) -> Outcome:
    case = await _case(press.arg, ctx)
    if not await _may_read_notes(case, ctx):
        await ctx.ports.roles.audit(ctx.person.user_id, "case.notes_refused", f"case:{press.arg[:12]}")
        return _refuse("acc-not-yours", state)
    notes = await ctx.ports.cases.notes(case.id)
    await ctx.ports.roles.audit(ctx.person.user_id, "case.notes_read", f"case:{case.id}")
    lines = [t("team-notes-title", case=case.id)]
    lines += [
        t("team-note-line", when=when.say_short(n.created_at), kind=n.kind, text=n.text) for n in notes[-SHOWN_NOTES:]
    ] or [t("team-notes-none")]
    return Outcome(state).reply("\n\n".join(lines), Button(t("team-button-add-note"), "case_note_add", str(case.id)), _back(case))


@app.action("case_note_add")
async def ask_note(press: Press, state: State, ctx: Ctx) -> Outcome:
    case = await _case(press.arg, ctx)
    if not await _may_read_notes(case, ctx):
        return _refuse("acc-not-yours", state)
    return Outcome(State(NOTE_FLOW, "write", {"case": case.id})).reply(t("team-note-ask", case=case.id, max=MAX_NOTE), _back(case))


async def _note_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    if not isinstance(event, Text):
        return None
    case = await ctx.ports.cases.get(int(state.data.get("case", 0)))
    if not await _may_read_notes(case, ctx):
        return _refuse("acc-not-yours", State())
    text = event.text.strip()
    if not text or len(text) > MAX_NOTE:
        return Outcome(state).reply(t("team-note-too-long", max=MAX_NOTE), _back(case))
    await ctx.ports.cases.add_note(case.id, ctx.person.user_id, text)
    await ctx.ports.roles.audit(ctx.person.user_id, "case.note_added", f"case:{case.id}")  # that, never what
    rows = staff_buttons(case) if _holds(case, ctx) else [mycases_button()]
    return Outcome(State(RELAY, "case", {"case": case.id})).reply(t("team-note-saved", case=case.id), *rows)


async def _note_show(state: State, ctx: Ctx) -> Outcome:
    case_id = state.data.get("case")
    return Outcome(state).reply(t("team-note-ask", case=case_id, max=MAX_NOTE), Button(t("button-back"), "case_open", str(case_id)))


app.register(app.Flow(NOTE_FLOW, start=_note_show, show=_note_show, on_event=_note_event, staff_writing=True))


# ---------------------------------------------------------------------------------------------
# Handing over


async def _colleagues(ctx: Ctx, case: Case) -> list[tuple[int, str, str]]:
    """Staff of each kind around her district who could take it now: (user id, kind, name)."""
    place = places.district(case.district)
    found: list[tuple[int, str, str]] = []
    for kind in KINDS:
        people = await routing.nearest(ctx.ports.roles, kind, place) if place else []
        ready, _ = await routing.ready(ctx.ports, [u for u in people if u != ctx.person.user_id], ctx.now)
        for uid in ready:
            found.append((uid, kind, await routing.staff_name(ctx.ports, uid)))
    return found[:8]


@app.action("case_transfer")
async def transfer(press: Press, state: State, ctx: Ctx) -> Outcome:
    case = await _case(press.arg, ctx)
    if not _holds(case, ctx):
        return _refuse("acc-not-yours", state)
    rows: list = [
        Button(t("team-button-to-person", name=name, kind=kind), "case_transfer_to", f"{case.id}.{kind}.{uid}")
        for uid, kind, name in await _colleagues(ctx, case)
    ]
    rows += [Button(t("team-button-to-queue", kind=kind), "case_transfer_to", f"{case.id}.{kind}.0") for kind in KINDS]
    rows.append(_back(case))
    return Outcome(state).reply(t("team-transfer-ask", case=case.id), *rows)


@app.action("case_transfer_to")
async def transfer_to(press: Press, state: State, ctx: Ctx) -> Outcome:
    parts = _ids(press.arg, 3)
    case = await _case(parts[0], ctx) if parts else None
    if not parts or not _holds(case, ctx) or parts[1] not in KINDS or not is_id(parts[2]):
        return _refuse("acc-not-yours", state)
    data = {"case": case.id, "kind": parts[1], "to": int(parts[2]) or None}
    return Outcome(State(TRANSFER_FLOW, "summary", data)).reply(t("team-transfer-summary-ask", max=MAX_SUMMARY), _back(case))


async def _transfer_show(state: State, ctx: Ctx) -> Outcome:
    return Outcome(state).reply(t("team-transfer-summary-ask", max=MAX_SUMMARY), Button(t("button-back"), "case_open", str(state.data.get("case"))))


async def _transfer_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    if not isinstance(event, Text):
        return None
    data = state.data
    case = await ctx.ports.cases.get(int(data.get("case", 0)))
    if not _holds(case, ctx):
        return _refuse("acc-not-yours", State())
    summary = " ".join(event.text.split())
    if not MIN_SUMMARY <= len(summary) <= MAX_SUMMARY:
        return Outcome(state).reply(t("team-transfer-summary-length", min=MIN_SUMMARY, max=MAX_SUMMARY), _back(case))
    to, kind, me = data.get("to"), data["kind"], ctx.person.user_id
    if to is not None and not (await routing.holds_role(ctx.ports.roles, to, kind, case.district) and to != me):
        return _refuse("team-transfer-gone", State())
    await ctx.ports.cases.add_note(case.id, me, summary, kind="handover")
    if kind == case.kind:  # the same kind of accompaniment: she is told
        effects = await _hand_over(ctx.ports, case, me, to, kind, ctx.now)
        if effects is None:
            return _refuse("acc-not-yours", State())
        return Outcome(State(), effects).reply(t("team-transfer-done", case=case.id, kind=kind), mycases_button(), app.menu_button())
    # Another kind (a mentora for a psychologist, say): she is asked first; meanwhile it stays here.
    await ctx.ports.roles.audit(me, "case.handover_asked", f"case:{case.id}")
    effects: list[Effect] = []
    if case.user_id is not None:
        answer = f"{case.id}.{kind}.{to or 0}.{me}"
        buttons = [Button(t("team-button-handover-yes"), "case_handover", answer), Button(t("team-button-handover-no", kind=case.kind), "case_handover_no", f"{case.id}.{me}")]
        ask = t("team-transfer-ask-user", case=case.id, kind=kind, current=case.kind)
        effects.append(Notify(case.user_id, ask, keyboard(buttons), not_before=hold_until(case.safe_hours, ctx.now)))
    return Outcome(State(), effects).reply(t("team-transfer-asked", case=case.id, kind=kind), *staff_buttons(case))


async def _hand_over(ports: Ports, case: Case, me: int, to: int | None, kind: str, now: datetime) -> list[Effect] | None:
    """Pass the case on (to a person, or to the queue of a kind); the notices it needs, to the
    receiver(s); None if it is no longer hers to give. The woman's notice is left to the caller."""
    moved = await ports.cases.hand_over(case.id, me, to, kind)
    if moved is None:
        return None
    await ports.roles.audit(me, "case.handed_over", f"case:{case.id}")
    summary = next((n.text for n in reversed(await ports.cases.notes(case.id)) if n.kind == "handover"), "")
    if to is not None:
        received = t("team-transfer-received", case=case.id, kind=kind, hours=case.safe_hours, summary=summary)
        effects: list[Effect] = [Notify(to, received, keyboard(*staff_buttons(moved)))]
        told = t("team-transfer-user", case=case.id, kind=kind)
    else:
        effects, _ = await routing.announce(ports, moved, now, exclude=me)
        told = t("team-transfer-user-queue", case=case.id, kind=kind)
    if case.user_id is not None:
        effects.append(Notify(case.user_id, told, keyboard(app.menu_button()), not_before=hold_until(case.safe_hours, now)))
    return effects


async def _asked_case(ctx: Ctx, case_arg: str, from_arg: str) -> Case | None:
    """The case her answer is about, only while it is hers and still with who asked."""
    case = await _case(case_arg, ctx)
    ok = case and case.status == OPEN and ctx.person.user_id and case.user_id == ctx.person.user_id and str(case.staff_user_id) == from_arg
    return case if ok else None


@app.action("case_handover")
async def handover_yes(press: Press, state: State, ctx: Ctx) -> Outcome:
    parts = press.arg.split(".")
    case = await _asked_case(ctx, parts[0], parts[3]) if len(parts) == 4 and is_id(parts[2]) else None
    to = int(parts[2]) or None if case else None
    if case is None or parts[1] not in KINDS or (to and not await routing.holds_role(ctx.ports.roles, to, parts[1], case.district)):
        return _refuse("team-handover-stale", state)
    effects = await _hand_over(ctx.ports, case, case.staff_user_id, to, parts[1], ctx.now)
    if effects is None:
        return _refuse("team-handover-stale", state)
    effects.append(Notify(int(parts[3]), t("team-transfer-agreed", case=case.id, kind=parts[1]), keyboard(mycases_button())))
    return Outcome(state, effects)


@app.action("case_handover_no")
async def handover_no(press: Press, state: State, ctx: Ctx) -> Outcome:
    parts = press.arg.split(".")
    case = await _asked_case(ctx, parts[0], parts[1]) if len(parts) == 2 else None
    if case is None:
        return _refuse("team-handover-stale", state)
    await ctx.ports.roles.audit(None, "case.handover_declined", f"case:{case.id}")
    notice = Notify(case.staff_user_id, t("team-transfer-declined", case=case.id), keyboard(*staff_buttons(case)))
    return Outcome(state, [notice]).reply(t("team-handover-kept", case=case.id, kind=case.kind), app.menu_button())


app.register(app.Flow(TRANSFER_FLOW, start=_transfer_show, show=_transfer_show, on_event=_transfer_event, staff_writing=True))


async def release(ports: Ports, staff_user_id: int, now: datetime, everything: bool = False) -> list[Effect]:
    """The open cases a staff member can no longer hold (a role revoked; all of them on her
    /borrar) go back to the queue: staff around are told as of a new request, each woman is told."""
    effects: list[Effect] = []
    for held in await ports.cases.of_staff(staff_user_id):
        if not everything and await routing.may_accept(ports.roles, staff_user_id, held.kind, held.district):
            continue
        case = await ports.cases.hand_over(held.id, staff_user_id, None, held.kind)
        if case is None:
            continue
        await ports.roles.audit(None, "case.requeued", f"case:{case.id}")
        notices, _ = await routing.announce(ports, case, now, exclude=staff_user_id)
        effects += notices
        if case.user_id is not None:
            text = t("team-requeued-user", case=case.id, kind=case.kind)
            effects.append(Notify(case.user_id, text, keyboard(app.menu_button()), not_before=hold_until(case.safe_hours, now)))
    return effects


async def _staff_erased(ctx: Ctx) -> list[Effect]:
    """A staff member's /borrar: her open cases go back to the queue before she is erased."""
    if ctx.person.user_id is None or ctx.ports.cases is None:
        return []
    if not any(g.role in STAFF_ROLES for g in await ctx.ports.roles.grants(ctx.person.user_id)):
        return []
    return await release(ctx.ports, ctx.person.user_id, ctx.now, everything=True)


async def _her_notes_erased(ctx: Ctx) -> list[Effect]:
    """A woman's (or a man's) /borrar: the notes on their cases go too (the exit hook then closes them)."""
    if ctx.person.user_id is None or ctx.ports.cases is None:
        return []
    for case in await ctx.ports.cases.of_user(ctx.person.user_id):
        await ctx.ports.cases.forget_notes(case.id)
    return []


# Her notes go before the relay's erase hook closes her cases (and with that loses who she was).
app.ERASE_HOOKS[:0] = [_her_notes_erased]
app.ERASE_HOOKS.append(_staff_erased)


# ---------------------------------------------------------------------------------------------
# Abuse control


@app.action("case_report")
async def report(press: Press, state: State, ctx: Ctx) -> Outcome:
    case = await _case(press.arg, ctx)
    if not _holds(case, ctx):
        return _refuse("acc-not-yours", state)
    rows = [Button(t("team-button-reason", reason=r), "case_report_do", f"{case.id}.{r}") for r in REASONS]
    return Outcome(state).reply(t("team-report-ask", case=case.id), *rows, _back(case))


@app.action("case_report_do")
async def report_do(press: Press, state: State, ctx: Ctx) -> Outcome:
    parts = _ids(press.arg, 2)
    case = await _case(parts[0], ctx) if parts else None
    if not parts or not _holds(case, ctx) or parts[1] not in REASONS:
        return _refuse("acc-not-yours", state)
    me, reason = ctx.person.user_id, parts[1]
    await ctx.ports.cases.report(case.id, me, reason)
    await ctx.ports.roles.audit(me, "case.reported", f"case:{case.id}")
    name = await routing.staff_name(ctx.ports, me)
    buttons = [Button(t("team-button-pause", days=d), "relay_pause", f"{case.id}.{d}") for d in PAUSE_DAYS]
    coords = await routing.held_for(ctx.ports, await routing.coordinators(ctx.ports.roles, case.district), ctx.now)
    effects: list[Effect] = [
        Notify(uid, t("team-report-notice", case=case.id, name=name, reason=reason), keyboard(buttons), not_before=later)
        for uid, later in coords.items() if uid != me
    ]
    return Outcome(state, effects).reply(t("team-report-done", case=case.id), *staff_buttons(case))


@app.action("relay_pause")
async def pause(press: Press, state: State, ctx: Ctx) -> Outcome:
    parts = _ids(press.arg, 2)
    case = await _case(parts[0], ctx) if parts else None
    if case is None or not await coordinates(ctx, case) or parts[1] not in [str(d) for d in PAUSE_DAYS]:
        await ctx.ports.roles.audit(ctx.person.user_id, "relay.pause_refused", f"case:{press.arg[:12]}")
        return _refuse("acc-not-yours", state)
    until = ctx.now + timedelta(days=int(parts[1]))
    if not await ctx.ports.cases.pause(case.id, until, ctx.person.user_id):
        return _refuse("team-pause-nobody", state)
    await ctx.ports.roles.audit(ctx.person.user_id, "relay.paused", f"case:{case.id}")
    return Outcome(state).reply(t("team-pause-done", case=case.id, until=when.say_when(until)), mycases_button(), app.menu_button())
