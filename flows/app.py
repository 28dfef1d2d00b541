"""One entry point for every event: safety first, then global commands and buttons, then the flow
the person is in. Adapters call `handle` and carry out the effects it returns.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from flows import screens
from flows import places
from flows.core import Button, ClearChat, Command, Edited, Effect, Event, Forget, Location, Media, Outcome, Press, Reply, State, Text, keyboard
from flows.observatorio import ports as stats
from flows.roles import STAFF_ROLES, has_role
from flows.understanding import intents
from flows.understanding.crisis import Crisis, read as read_crisis
from flows.ports import Ctx
from flows.texts import t

FlowStart = Callable[[State, Ctx], Awaitable[Outcome]]
FlowEvent = Callable[[Event, State, Ctx], Awaitable[Outcome | None]]
Hook = Callable[[Ctx], Awaitable[list[Effect]]]
CommandHandler = Callable[[Command, State, Ctx], Awaitable[Outcome]]
ActionHandler = Callable[[Press, State, Ctx], Awaitable[Outcome]]
Extra = Callable[[Ctx, State], Awaitable[list[Effect]]]


@dataclass(frozen=True)
class Flow:
    """A conversation with steps. `show` re-renders the current step (after an emergency, a
    misunderstanding or a stale button); `on_event` returns None for what it does not handle.
    `needs_consent` flows store personal data, so they ask first."""

    name: str
    start: FlowStart
    show: FlowStart
    on_event: FlowEvent
    needs_consent: bool = False
    hears_danger: bool = False  # also gets a danger message after the emergency answer (the relay passes it on)
    staff_writing: bool = False  # staff write here about a case or for others (a note, a commitment): no crisis answer to them
    carry: tuple[str, ...] = ()  # keys of the previous state's data its start reads, kept across the consent question


FLOWS: dict[str, Flow] = {}
COMMANDS: dict[str, CommandHandler] = {}
ACTIONS: dict[str, ActionHandler] = {}  # buttons valid in any state, e.g. a staff member's "Aceptar"
EXIT_HOOKS: list[Hook] = []  # run on /salir and /borrar
ERASE_HOOKS: list[Hook] = []  # run on /borrar only, before the erasure: /salir hides the chat and ends nothing (her case stays open)
CLOSE_HOOKS: list[Hook] = []  # run on /borrar after ERASE_HOOKS, which may still need her cases: ending her relay
EMERGENCY_EXTRAS: list[Extra] = []  # more for the emergency answer (the CEM of her district)
EVENTS: dict[type, FlowEvent] = {}  # events that are not a person typing or pressing (a poll answer, the bot added to a group)


def register(flow: Flow) -> Flow:
    FLOWS[flow.name] = flow
    return flow


def command(name: str) -> Callable[[CommandHandler], CommandHandler]:
    def deco(fn: CommandHandler) -> CommandHandler:
        COMMANDS[name] = fn
        return fn

    return deco


def on_event(kind: type) -> Callable[[FlowEvent], FlowEvent]:
    def deco(fn: FlowEvent) -> FlowEvent:
        EVENTS[kind] = fn
        return fn

    return deco


def action(name: str) -> Callable[[ActionHandler], ActionHandler]:
    def deco(fn: ActionHandler) -> ActionHandler:
        ACTIONS[name] = fn
        return fn

    return deco


# ---------------------------------------------------------------------------------------------


async def handle(event: Event, state: State, ctx: Ctx) -> Outcome:
    if type(event) in EVENTS:
        return await EVENTS[type(event)](event, state, ctx) or Outcome(state)
    flow = FLOWS.get(state.flow)
    crisis = None if flow and flow.staff_writing and isinstance(event, Text) else _crisis(event)
    if crisis:
        for kind in sorted(crisis.kinds) if crisis is not EMERGENCY else ["command"]:
            await ctx.ports.stats.count(stats.EMERGENCY, ctx.person.district, ctx.now, dim=kind)
        outcome = Outcome(state, await crisis_effects(crisis, ctx, state))
        if isinstance(event, Text | Media) and flow and flow.hears_danger:
            more = await flow.on_event(event, state, ctx)
            if more:
                outcome.state = more.state
                outcome.effects += more.effects
            return outcome
        return outcome.reply(t("emergency-after"), *_after_crisis())
    if isinstance(event, Command):
        return await _on_command(event, state, ctx)
    if isinstance(event, Press):
        return await _on_press(event, state, ctx)
    if isinstance(event, Edited):
        return Outcome(state).reply(t("edited-ignored"))
    return await _in_flow(event, state, ctx)


EMERGENCY = Crisis(frozenset({"danger"}))  # /emergencia and the 🆘 button


def _crisis(event: Event) -> Crisis:
    match event:
        case Command(name="emergencia"):
            return EMERGENCY
        case Press(action="do", arg="emergency"):
            return EMERGENCY
        case Text(text=text) | Media(caption=text) | Edited(text=text):
            return read_crisis(text)
    return Crisis(frozenset())


async def crisis_effects(crisis: Crisis, ctx: Ctx, state: State) -> list[Effect]:
    """The answer to each kind of crisis, most urgent first: one short message each, then her CEM."""
    effects: list[Effect] = []
    if "men_risk" in crisis.kinds:  # he is the one who may hurt: what to do now comes first
        effects.append(Reply(t("crisis-men-risk"), keyboard(Button(t("crisis-button-men"), "go", "talk_facilitator"))))
    if "others" in crisis.kinds:
        effects.append(Reply(t("crisis-others")))
    elif crisis.danger:
        effects.append(Reply(t("crisis-danger")))
    if "suicide" in crisis.kinds:
        effects.append(Reply(t("crisis-suicide"), keyboard(Button(t("crisis-button-team"), "go", "accompany"))))
    if crisis.danger:
        for extra in EMERGENCY_EXTRAS:
            effects += await extra(ctx, state)
    if "sexual" in crisis.kinds:
        effects.append(Reply(t("emergency-sexual")))
    return effects


def _after_crisis() -> list[list[Button]]:
    return [[Button(t("button-continue"), "resume"), Button(t("button-menu"), "nav", "menu")]]


async def show_current(state: State, ctx: Ctx) -> Outcome:
    flow = FLOWS.get(state.flow)
    if flow is None:
        return show_screen("menu")
    return await flow.show(state, ctx)


def show_screen(name: str) -> Outcome:
    return Outcome(State("menu", name), [screens.render(name)])


async def start_flow(name: str, state: State, ctx: Ctx) -> Outcome:
    flow = FLOWS[name]
    if flow.needs_consent and not ctx.person.consented:
        return ask_consent(state, then=name, carry={k: state.data[k] for k in flow.carry if k in state.data})
    return await flow.start(state, ctx)


def ask_consent(state: State, then: str, carry: dict | None = None) -> Outcome:
    data = {"then": then, "carry": carry} if carry else {"then": then}
    return Outcome(state.go("consent", "ask", **data)).reply(
        t("consent-needed"), [Button(t("consent-yes"), "consent", "yes"), Button(t("consent-no"), "consent", "no")]
    )


async def quick_exit(ctx: Ctx) -> Outcome:
    """Hide, do not abandon: delete what Telegram lets a bot delete (48 hours), leave one neutral
    line, and keep everything else as it was; nobody is told (her mentora is not)."""
    effects: list[Effect] = []
    for hook in EXIT_HOOKS:
        effects += await hook(ctx)
    effects += [ClearChat(), Reply(t("exit-done")), Reply(t("exit-howto"))]
    return Outcome(State(), effects)


async def _on_command(cmd: Command, state: State, ctx: Ctx) -> Outcome:
    if cmd.name == "start":
        if ctx.person.consented or state.data.get("welcomed"):
            return show_screen("menu")
        return Outcome(State("consent", "ask", {"then": "", "welcomed": True})).reply(
            t("welcome"), [Button(t("consent-yes"), "consent", "yes"), Button(t("consent-no"), "consent", "no")]
        )
    if cmd.name == "menu":
        return show_screen("menu")
    if cmd.name == "salir":
        return await quick_exit(ctx)
    if cmd.name == "borrar":
        return await start_flow("erase", state, ctx)
    if cmd.name == "privacidad":
        return show_screen("privacy")
    if cmd.name in ("ayuda", "help"):
        return await show_help(state, ctx)
    if cmd.name in COMMANDS:
        return await COMMANDS[cmd.name](cmd, state, ctx)
    shown = await show_help(state, ctx)
    shown.effects.insert(0, Reply(t("unknown-command")))
    return shown


async def _on_press(press: Press, state: State, ctx: Ctx) -> Outcome:
    match press:
        case Press(action="nav", arg=name) if screens.exists(name):
            await ctx.ports.stats.count(stats.ORIENTATION, ctx.person.district, ctx.now, dim=name)
            return show_screen(name)
        case Press(action="go", arg=name) if name in FLOWS:
            return await start_flow(name, state, ctx)
        case Press(action="do", arg="exit"):
            return await quick_exit(ctx)
        case Press(action="do", arg="help"):
            return await show_help(state, ctx)
        case Press(action="do", arg="back"):
            return go_back(state)
        case Press(action="consent", arg=answer) if state.flow == "consent":
            return await _on_consent(answer, state, ctx)
        case Press(action="resume"):
            return await show_current(state, ctx)
    if press.action in ACTIONS:
        return await ACTIONS[press.action](press, state, ctx)
    flow = FLOWS.get(state.flow)
    if flow:
        outcome = await flow.on_event(press, state, ctx)
        if outcome is not None:
            return outcome
    shown = await show_current(state, ctx)
    shown.effects.insert(0, Reply(t("stale-button")))
    return shown


async def _on_consent(answer: str, state: State, ctx: Ctx) -> Outcome:
    then = state.data.get("then") or ""
    if answer != "yes":
        outcome = show_screen("menu")
        outcome.state = State("menu", "menu", {"welcomed": True})
        outcome.effects.insert(0, Reply(t("consent-skipped")))
        return outcome
    user_id = await ctx.ports.people.consent(ctx.person)
    ctx.person = replace(ctx.person, user_id=user_id, consented=True)
    if then in FLOWS:
        outcome = await FLOWS[then].start(State(data=dict(state.data.get("carry") or {})), ctx)
    else:
        outcome = show_screen("menu")
    outcome.effects.insert(0, Reply(t("consent-thanks")))
    return outcome


async def _in_flow(event: Event, state: State, ctx: Ctx) -> Outcome:
    flow = FLOWS.get(state.flow)
    reading = None
    short = isinstance(event, Text) and len(places.fold(event.text).split()) <= MAX_NAVIGATION_WORDS
    if short and not (flow and flow.hears_danger):
        # "menú", "volver", "ayuda" typed alone act as their buttons, even where a flow awaits text.
        reading = intents.read(event.text)
        if reading.best and reading.best.name in NAVIGATION and intents.model().says_only(event.text, reading.best.name):
            return await follow(reading.best, state, ctx)
    if flow:
        outcome = await flow.on_event(event, state, ctx)
        if outcome is not None:
            if isinstance(event, Text) and outcome.state == state and not (flow.hears_danger or flow.staff_writing):
                # The step did not take the text (it asks again): a request in the intent's own
                # words goes where its button would have gone ("mejor dime qué es la violencia económica").
                reading = reading or intents.read(event.text)
                if reading.best is not None and reading.best.name in reading.worded:
                    return await follow(reading.best, state, ctx)
            return outcome
    if isinstance(event, Text):
        return await understand_request(event.text, state, ctx, reading)
    shown = await show_current(state, ctx)
    if isinstance(event, Media | Location):
        kind = "location" if isinstance(event, Location) else event.kind
        shown.effects.insert(0, Reply(t("fallback-media", kind=kind)))
    else:
        shown.effects.insert(0, Reply(t("fallback")))
    return shown


# ---------------------------------------------------------------------------------------------
# Typed requests: a place goes to its services, a request where its button would have gone, and
# when unsure the closest choices are offered as buttons, never a bare "no entendí".

NAVIGATION = ("menu", "back", "help", "exit")
MAX_NAVIGATION_WORDS = 3


async def understand_request(text: str, state: State, ctx: Ctx, reading: intents.Reading | None = None) -> Outcome:
    if places.place_in_text(text) and "services" in FLOWS:
        services = FLOWS["services"]
        asked = await services.on_event(Text(text), State("services", "ask", {"minor": bool(ctx.person.minor)}), ctx)
        if asked is not None:
            return asked
    reading = reading or intents.read(text)
    if reading.best is not None:
        return await follow(reading.best, state, ctx)
    choices = [_button(i) for i in reading.choices if _available(i)]
    if state.flow != "menu" and state.flow in FLOWS:
        # Inside a conversation: ask again where she is, with the closest choices if any.
        shown = await show_current(state, ctx)
        shown.effects.insert(0, Reply(t("fallback"), keyboard(*[[b] for b in choices]) if choices else ()))
        return shown
    if choices:
        return Outcome(state).reply(t("understood-maybe"), *[[b] for b in choices], [menu_button()])
    return Outcome(state).reply(
        t("understood-not"),
        [Button(t("button-women"), "nav", "women")],
        [Button(t("button-men"), "nav", "men")],
        [Button(t("button-instancia"), "nav", "instancia")],
        [Button(t("button-do-help"), "do", "help")],
    )


def _available(intent: intents.Intent) -> bool:
    return (intent.kind == "nav" and screens.exists(intent.target)) or (intent.kind == "go" and intent.target in FLOWS) or intent.kind == "do"


def _button(intent: intents.Intent) -> Button:
    if intent.kind == "do" and intent.target in ("menu", "back"):
        return Button(t(f"button-{intent.target}"), "nav", "menu") if intent.target == "menu" else Button(t("button-back"), "do", "back")
    return screens.button({intent.kind: intent.target})


async def follow(intent: intents.Intent, state: State, ctx: Ctx) -> Outcome:
    """Do what the button of this intent would have done."""
    if intent.kind == "nav" and screens.exists(intent.target):
        return show_screen(intent.target)
    if intent.kind == "go" and intent.target in FLOWS:
        return await start_flow(intent.target, state, ctx)
    if intent.target == "exit":
        return Outcome(state).reply(t("understood-exit"), [Button(t("button-do-exit"), "do", "exit")], [menu_button()])
    if intent.target == "help":
        return await show_help(state, ctx)
    if intent.target == "back":
        return go_back(state)
    return show_screen("menu")


def go_back(state: State) -> Outcome:
    if state.flow == "menu" and screens.exists(state.step):
        parent = screens.tree()[state.step].get("parent")
        return show_screen(parent if parent and screens.exists(parent) else "menu")
    return show_screen("menu")


async def show_help(state: State, ctx: Ctx) -> Outcome:
    """/ayuda: every command a person can use; staff commands only to staff."""
    text = t("help-people")
    if ctx.person.user_id is not None:
        grants = await ctx.ports.roles.grants(ctx.person.user_id)
        if has_role(grants, *STAFF_ROLES):
            text += "\n\n" + t("help-staff")
    return Outcome(state).reply(text, [menu_button()])


# ---------------------------------------------------------------------------------------------
# Built-in flows: browsing screens, the consent question, and erasure.


async def _menu_show(state: State, ctx: Ctx) -> Outcome:
    return show_screen(state.step if screens.exists(state.step) else "menu")


async def _no_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    return None


register(Flow("menu", start=lambda s, c: _menu_show(State(), c), show=_menu_show, on_event=_no_event))


async def _consent_show(state: State, ctx: Ctx) -> Outcome:
    return ask_consent(state, then=state.data.get("then") or "", carry=state.data.get("carry"))


register(Flow("consent", start=_consent_show, show=_consent_show, on_event=_no_event))


async def _erase_start(state: State, ctx: Ctx) -> Outcome:
    return Outcome(State("erase", "confirm")).reply(
        t("erase-confirm"), [Button(t("erase-yes"), "erase", "yes"), Button(t("erase-no"), "erase", "no")]
    )


async def _erase_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    if not isinstance(event, Press) or event.action != "erase":
        return None
    if event.arg != "yes":
        outcome = show_screen("menu")
        outcome.effects.insert(0, Reply(t("erase-cancelled")))
        return outcome
    effects: list[Effect] = []
    for hook in ERASE_HOOKS + EXIT_HOOKS + CLOSE_HOOKS:
        effects += await hook(ctx)
    await ctx.ports.people.erase(ctx.person)
    return Outcome(State(), effects + [Reply(t("erase-done")), Forget()])


register(Flow("erase", start=_erase_start, show=_erase_start, on_event=_erase_event))


def menu_button() -> Button:
    return Button(t("button-menu"), "nav", "menu")

