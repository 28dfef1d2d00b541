"""A woman asks to be accompanied, a man asks to talk with a facilitator: a short intake, then a case
offered to the staff of her district (see routing)."""
from __future__ import annotations

from flows import app, places
from flows.accompaniment import routing
from flows.accompaniment.ports import SAFE_HOURS, WAITING
from flows.accompaniment.routing import accept_button, request_text  # noqa: F401  (relay's and staff's names for them)
from flows.core import Button, Event, Outcome, Press, Reply, State, Text
from flows.observatorio import ports as stats
from flows.orientation import minors
from flows.ports import Ctx
from flows.roles import FACILITADOR, MENTORA, PSICOLOGA
from flows.texts import t

ACCOMPANY = "accompany"
TALK = "talk_facilitator"
RELAY = "case_relay"  # the conversation a case leads to (relay.py)


def _intro(flow: str) -> str:
    return t("acc-intro" if flow == ACCOMPANY else "talk-intro")


def _district_buttons(ctx: Ctx) -> list:
    known = places.district(ctx.person.district or "")
    rows = [Button(known.name, "acc_district", known.ubigeo)] if known else []  # codes can exceed a button's 64 bytes
    return [*rows, app.menu_button()]


async def _start(flow: str, state: State, ctx: Ctx) -> Outcome:
    if paused := await routing.paused_answer(state, ctx):
        return paused
    for case in await ctx.ports.cases.of_user(ctx.person.user_id):
        if (case.kind == FACILITADOR) == (flow == TALK):
            # Ending it stays one explicit press away (after /salir, this is how she finds it again).
            end = Button(t("acc-button-cancel" if case.status == WAITING else "acc-button-close"), "case_close", str(case.id))
            return Outcome(State(RELAY, "case", {"case": case.id})).reply(t("acc-already", case=case.id, kind=case.kind), end, app.menu_button())
    # Asked right after a self-check with a red flag (or the plan that followed it): prioritaria.
    data = {"priority": True} if state.data.get("urgent") and flow == ACCOMPANY else {}
    if flow == ACCOMPANY:
        # Mentoras and community psychologists accompany adult women; a girl is pointed elsewhere.
        minor = minors.known_minor(state, ctx)
        if minor is None:
            return _age_question(State(flow, "age", data))
        if minor:
            return _minor_referral(State(flow, "minor", data))
    return _district_question(State(flow, "district", data), ctx, intro=True)


def _age_question(state: State, before: str = "") -> Outcome:
    """The age question alone: the district comes after it, in a message of its own."""
    text = "\n\n".join(p for p in (before, _intro(ACCOMPANY), t("age-ask")) if p)
    return Outcome(state).reply(text, minors.age_buttons("acc_age"), app.menu_button())


def _district_question(state: State, ctx: Ctx, intro: bool = False) -> Outcome:
    ask = t("acc-ask-district") if state.flow == ACCOMPANY else ""
    text = "\n\n".join(p for p in (_intro(state.flow) if intro else "", ask) if p)
    rows = _district_buttons(ctx)
    if state.flow == ACCOMPANY:
        rows.insert(-1, _fix_age_button())
    return Outcome(state).reply(text, *rows)


def _fix_age_button() -> Button:
    return Button(t("acc-button-fix-age"), "acc_age_fix")


def _minor_referral(state: State) -> Outcome:
    """Pointed to Línea 100 and the DEMUNA; she can say she chose the wrong age."""
    return Outcome(state).reply(t("minors-next"), _fix_age_button(), app.menu_button())


def _hours_question(flow: str, state: State, kind: str) -> Outcome:
    buttons = [Button(t(f"acc-button-hours-{h}"), "acc_hours", h) for h in SAFE_HOURS]
    text = t("acc-ask-hours") if flow == ACCOMPANY else t("talk-ask-hours")
    if flow == ACCOMPANY:
        text = t("acc-matched", kind=kind) + "\n\n" + text
    return Outcome(state.at("hours", kind=kind)).reply(text, buttons[:2], buttons[2:], app.menu_button())


async def _show(state: State, ctx: Ctx) -> Outcome:
    flow, data = state.flow, state.data
    match state.step:
        case "age":
            return _age_question(state)
        case "minor":
            return _minor_referral(state)
        case "reported":
            return Outcome(state).reply(
                t("acc-ask-reported"),
                [Button(t("acc-button-reported-yes"), "acc_reported", "yes"), Button(t("acc-button-reported-no"), "acc_reported", "no")],
                app.menu_button(),
            )
        case "hours":
            return _hours_question(flow, state, data["kind"])
        case "confirm":
            return Outcome(state).reply(
                t("acc-ask-consent", kind=data["kind"], hours=data["hours"]),
                [Button(t("acc-button-confirm"), "acc_confirm", "yes"), Button(t("acc-button-decline"), "acc_confirm", "no")],
            )
    return _district_question(State(flow, "district", {k: v for k, v in data.items() if k == "priority"}), ctx, intro=True)


async def _chose_district(code: str, state: State, ctx: Ctx) -> Outcome:
    if state.flow == TALK:
        return _hours_question(TALK, state.at("district", district=code), FACILITADOR)
    return await _show(state.at("reported", district=code), ctx)


async def _on_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    if state.flow == ACCOMPANY and state.step in ("age", "minor", "district"):
        if isinstance(event, Press) and event.action == "acc_age_fix" or minors.is_correction(event):
            return _age_question(state.at("age"))
    if state.step == "age":
        minor = minors.age_answer(event, "acc_age")
        if minor is None:
            # Anything else typed here (a district, "tengo 2 hijos") is not taken as her age.
            return _age_question(state, before=t("acc-age-unclear")) if isinstance(event, Text) else None
        await minors.remember(ctx, minor)
        if minor:
            return _minor_referral(state.at("minor", minor=True))
        return _district_question(state.at("district", minor=False), ctx)
    match event, state.step:
        case Text(text=typed), "district":
            found = places.find_district(typed)
            if len(found) == 1:
                return await _chose_district(found[0].code, state, ctx)
            if not found:
                return Outcome(state).reply(t("acc-district-unknown"), *_district_buttons(ctx))
            return Outcome(state).reply(
                t("acc-district-choose"), *[Button(d.label, "acc_district", d.ubigeo) for d in found], app.menu_button()
            )
        case Press(action="acc_district", arg=code), "district" if places.district(code):
            return await _chose_district(places.district(code).code, state, ctx)
        case Press(action="acc_reported", arg=answer), "reported" if answer in ("yes", "no"):
            return _hours_question(ACCOMPANY, state.at("reported", reported=answer == "yes"), MENTORA if answer == "yes" else PSICOLOGA)
        case Press(action="acc_hours", arg=hours), "hours" if hours in SAFE_HOURS:
            return await _show(state.at("confirm", hours=hours), ctx)
        case Press(action="acc_confirm", arg="yes"), "confirm":
            return await _open_case(state, ctx)
        case Press(action="acc_confirm", arg="no"), "confirm":
            outcome = app.show_screen("menu")
            outcome.effects.insert(0, Reply(t("acc-declined")))
            return outcome
    return None


async def _open_case(state: State, ctx: Ctx) -> Outcome:
    data = state.data
    cases, roles = ctx.ports.cases, ctx.ports.roles
    case = await cases.open(data["kind"], ctx.person.user_id, data["district"], data.get("reported"), data["hours"], priority=bool(data.get("priority")))
    await ctx.ports.stats.count(stats.REQUEST, case.district, ctx.now, dim=case.kind)
    await ctx.ports.people.set_profile(ctx.person.user_id, district=case.district)
    effects, next_text = await routing.announce(ctx.ports, case, ctx.now)
    await roles.audit(None, "case.opened", f"case:{case.id}")
    outcome = Outcome(State(RELAY, "case", {"case": case.id}), effects)
    outcome.reply(t("acc-created", case=case.id))
    outcome.reply(
        next_text + "\n\n" + t("acc-safety-note"),
        Button(t("acc-button-cancel"), "case_close", str(case.id)),
        Button(t("button-go-silent"), "go", "silent"),
        app.menu_button(),
    )
    return outcome


def _flow(name: str) -> app.Flow:
    async def start(state: State, ctx: Ctx) -> Outcome:
        return await _start(name, state, ctx)

    return app.Flow(name, start=start, show=_show, on_event=_on_event, needs_consent=True, carry=("urgent",))


app.register(_flow(ACCOMPANY))
app.register(_flow(TALK))
