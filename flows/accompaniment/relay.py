"""The anonymous relay: once a case is accepted, each message passes to the other side under the
case number, copied (never forwarded) so staff never see who she is. Every press is checked
against the case as stored, never against what the button says."""
from __future__ import annotations

from datetime import datetime

from flows import app
from flows.places import district
from flows.accompaniment import routing
from flows.accompaniment.intake import RELAY
from flows.accompaniment.ports import CLOSED, OPEN, WAITING, Case, escalate_after, hold_until
from flows.accompaniment.routing import accept_button, request_text
from flows.observatorio import ports as stats
from flows.core import Button, Effect, Event, Location, Media, Notify, Outcome, Press, Reply, State, Text, keyboard
from flows.ports import Ctx, Ports
from flows.safety.discreet import copy_to_her, copy_to_staff, to_her
from flows.texts import t
from flows.ids import parse_id

# What may pass: a contact or a location would reveal who or where she is; stickers and the rest
# are refused with a word on why.
PASSING_MEDIA = ("photo", "voice", "audio", "document")


def side(case: Case, ctx: Ctx) -> str | None:
    me = ctx.person.user_id
    if me is None:
        return None
    if case.user_id == me:
        return "user"
    if case.staff_user_id == me:
        return "staff"
    return None


def _arg_id(press: Press) -> int | None:
    return parse_id(press.arg)


def mycases_button() -> Button:
    return Button(t("acc-button-mycases"), "case_list")


def staff_buttons(case: Case) -> list:
    return [
        [Button(t("acc-button-next"), "case_plan", str(case.id)), Button(t("acc-button-close"), "case_close", str(case.id))],
        [Button(t("team-button-notes"), "case_notes", str(case.id)), Button(t("team-button-transfer"), "case_transfer", str(case.id))],
        [Button(t("team-button-report"), "case_report", str(case.id))],
        [mycases_button(), app.menu_button()],
    ]


def _user_view(case: Case) -> Outcome:
    state = State(RELAY, "case", {"case": case.id})
    if case.status == WAITING:
        return Outcome(state).reply(
            t("acc-waiting", case=case.id), Button(t("acc-button-cancel"), "case_close", str(case.id)), app.menu_button()
        )
    return Outcome(state).reply(
        t("acc-relay-user", case=case.id, kind=case.kind), Button(t("acc-button-close"), "case_close", str(case.id)), app.menu_button()
    )


def _staff_view(case: Case) -> Outcome:
    place = district(case.district)
    text = t("acc-relay-staff", case=case.id, kind=case.kind, district=place.label if place else case.district, hours=case.safe_hours)
    return Outcome(State(RELAY, "case", {"case": case.id})).reply(text, *staff_buttons(case))


async def _pressed_case(press: Press, ctx: Ctx) -> Case | None:
    """The case a button names, read from the database (never trusted from the button)."""
    case_id = _arg_id(press)
    return await ctx.ports.cases.get(case_id) if case_id else None


def _refuse(text_id: str, state: State) -> Outcome:
    """A refused press changes nothing (her state stays as it was) but is answered."""
    return Outcome(state).reply(t(text_id), app.menu_button())


async def _load(state: State, ctx: Ctx) -> tuple[Case | None, str | None]:
    case_id = state.data.get("case")
    case = await ctx.ports.cases.get(int(case_id)) if isinstance(case_id, int) else None
    return case, (side(case, ctx) if case else None)


async def _show(state: State, ctx: Ctx) -> Outcome:
    case, who = await _load(state, ctx)
    if case is None or who is None or case.status == CLOSED:
        return app.show_screen("menu")
    return _user_view(case) if who == "user" else _staff_view(case)


async def _on_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    if isinstance(event, Press):
        return None
    case, who = await _load(state, ctx)
    if case is None or who is None or case.status == CLOSED:
        outcome = app.show_screen("menu")
        outcome.effects.insert(0, Reply(t("acc-closed-already" if who == "staff" else "acc-relay-closed")))
        return outcome
    if case.status == WAITING:
        outcome = _user_view(case)
        outcome.effects.insert(0, Reply(t("acc-not-kept")))
        return outcome
    if isinstance(event, Location):
        return Outcome(state).reply(t("acc-cannot-pass", kind="location"))
    if isinstance(event, Media) and event.kind not in PASSING_MEDIA:
        return Outcome(state).reply(t("acc-cannot-pass", kind=event.kind if event.kind == "contact" else "other"))
    if not isinstance(event, Text | Media):
        return None
    other = case.staff_user_id if who == "user" else case.user_id
    if other is None:
        return Outcome(state).reply(t("acc-gone"), app.menu_button())
    if who == "user":
        if paused := await routing.paused_answer(state, ctx):
            return paused  # not passed on; the emergency answer, if any, already went out
        return Outcome(state, [copy_to_staff(other, t("acc-from-user", case=case.id))])
    await ctx.ports.cases.touch(case.id)
    await ctx.ports.roles.audit(ctx.person.user_id, "case.message", f"case:{case.id}")  # that she wrote, never what
    held = hold_until(case.safe_hours, ctx.now)
    outcome = Outcome(state, [await copy_to_her(ctx.ports, other, t("acc-from-staff", case=case.id, kind=case.kind), not_before=held)])
    if held:
        outcome.reply(t("acc-held", case=case.id, hours=case.safe_hours))
    if len(await ctx.ports.cases.of_staff(case.staff_user_id)) > 1:
        # With several cases open, say where it went, so no one answers the wrong person.
        outcome.reply(t("acc-sent-to", case=case.id), mycases_button())
    return outcome


app.register(app.Flow(RELAY, start=_show, show=_show, on_event=_on_event, hears_danger=True))


# ---------------------------------------------------------------------------------------------
# Buttons valid in any state: each re-reads the case and the roles from the database.


@app.action("case_accept")
async def accept(press: Press, state: State, ctx: Ctx) -> Outcome:
    case = await _pressed_case(press, ctx)
    me = ctx.person.user_id
    if me is None:
        return _refuse("acc-staff-only", state)
    if case is None:
        return _refuse("acc-unknown-case", state)
    if not await routing.may_accept(ctx.ports.roles, me, case.kind, case.district):
        await ctx.ports.roles.audit(me, "case.accept_refused", f"case:{case.id}")
        return _refuse("acc-not-yours", state)
    if case.status == CLOSED:
        return _refuse("acc-closed-already", state)
    if case.staff_user_id == me:
        return _staff_view(case)
    if not await ctx.ports.cases.accept(case.id, me):
        now = await ctx.ports.cases.get(case.id)  # withdrawn at this moment, or taken by someone else
        return _refuse("acc-closed-already" if now and now.status == CLOSED else "acc-taken", state)
    await ctx.ports.roles.audit(me, "case.accepted", f"case:{case.id}")
    await ctx.ports.stats.count(stats.FIRST_ANSWER, case.district, ctx.now, dim=stats.bucket((ctx.now - case.created_at).total_seconds() / 60))
    outcome = _staff_view(case)
    handed = [n for n in await ctx.ports.cases.notes(case.id) if n.kind == "handover"]
    if handed:  # it was handed back to the queue: the summary goes to whoever takes it
        outcome.effects.insert(0, Reply(t("team-handover-summary", case=case.id, summary=handed[-1].text)))
    outcome.effects.insert(0, Reply(t("acc-accepted-staff", case=case.id, hours=case.safe_hours)))
    if case.user_id is not None:
        outcome.effects.append(
            await to_her(
                ctx.ports,
                case.user_id,
                t("acc-accepted-user", case=case.id, kind=case.kind, hours=case.safe_hours),
                keyboard(Button(t("acc-button-write", kind=case.kind), "case_open", str(case.id))),
                not_before=hold_until(case.safe_hours, ctx.now),
            )
        )
    return outcome


@app.action("case_open")
async def open_case(press: Press, state: State, ctx: Ctx) -> Outcome:
    case = await _pressed_case(press, ctx)
    if case is None:
        return _refuse("acc-unknown-case", state)
    who = side(case, ctx)
    if who is None:
        return _refuse("acc-not-yours", state)
    if case.status == CLOSED:
        return _refuse("acc-closed-already", state)
    return _user_view(case) if who == "user" else _staff_view(case)


@app.action("case_close")
async def close(press: Press, state: State, ctx: Ctx) -> Outcome:
    case = await _pressed_case(press, ctx)
    if case is None:
        return _refuse("acc-unknown-case", state)
    who = side(case, ctx)
    if who is None:
        await ctx.ports.roles.audit(ctx.person.user_id, "case.close_refused", f"case:{case.id}")
        return _refuse("acc-not-yours", state)
    case = await ctx.ports.cases.close(case.id, who)
    if case is None:
        return _refuse("acc-closed-already", state)
    await ctx.ports.stats.count(stats.CASE_CLOSED, case.district, ctx.now)
    effects: list[Effect] = []
    if who == "staff":
        await ctx.ports.roles.audit(ctx.person.user_id, "case.closed", f"case:{case.id}")
        if case.user_id is not None:
            closed_text = t("acc-closed-user-side", case=case.id, kind=case.kind)
            effects.append(await to_her(ctx.ports, case.user_id, closed_text, keyboard(app.menu_button()), hold_until(case.safe_hours, ctx.now)))
        return Outcome(State(), effects).reply(t("acc-closed-by-you", case=case.id), mycases_button(), app.menu_button())
    await ctx.ports.roles.audit(None, "case.closed_by_user", f"case:{case.id}")
    if case.status == OPEN and case.staff_user_id is not None:
        effects.append(Notify(case.staff_user_id, t("acc-closed-staff-side", case=case.id), keyboard(mycases_button())))
    text = t("acc-request-withdrawn", case=case.id) if case.status == WAITING else t("acc-closed-by-you", case=case.id)
    outcome = app.show_screen("menu")
    outcome.effects = effects + [Reply(text)] + outcome.effects
    return outcome


async def _end_relay(ctx: Ctx) -> list[Effect]:
    """/borrar: close her cases at once, so nothing more reaches this phone. (/salir only hides
    the chat: her cases stay open and her mentora can still write.)"""
    if ctx.person.user_id is None or ctx.ports.cases is None:
        return []
    effects: list[Effect] = []
    for listed in await ctx.ports.cases.of_user(ctx.person.user_id):
        if case := await ctx.ports.cases.close(listed.id, "exit"):
            await ctx.ports.roles.audit(None, "case.closed_by_exit", f"case:{case.id}")
            await ctx.ports.stats.count(stats.CASE_CLOSED, case.district, ctx.now)
            if case.status == OPEN and case.staff_user_id is not None:
                effects.append(Notify(case.staff_user_id, t("acc-closed-exit", case=case.id)))
    return effects


app.CLOSE_HOOKS.append(_end_relay)


async def escalation_effects(case: Case, ports: Ports, now: datetime) -> list[Effect]:
    """A request nobody took in time goes up to the coordinadora (the periodic job calls this),
    held until her hours if she is not at work now."""
    minutes = int(escalate_after(ports.settings, case.priority).total_seconds() // 60)
    await ports.roles.audit(None, "case.escalated", f"case:{case.id}")
    held = await routing.held_for(ports, await routing.coordinators(ports.roles, case.district), now)
    return [
        Notify(uid, request_text(case, "acc-escalated", minutes=minutes), keyboard(accept_button(case)), not_before=later)
        for uid, later in held.items()
    ]
