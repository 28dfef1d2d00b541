"""Silent messages: what the bot sends her without her asking arrives without sound
(disable_notification). Her choice is kept with her data, so it needs her consent."""
from __future__ import annotations

from flows import app
from flows.core import Button, Event, Outcome, Press, Reply, State
from flows.ports import Ctx
from flows.screens import nav_row
from flows.texts import t

NAME = "silent"


async def start(state: State, ctx: Ctx) -> Outcome:
    return await show(State(NAME, "choose"), ctx)


async def show(state: State, ctx: Ctx) -> Outcome:
    now = await ctx.ports.safety.silent(ctx.person.user_id)
    return Outcome(State(NAME, "choose")).reply(
        t("silent-now", silent="yes" if now else "no"),
        [Button(t("silent-button-on"), "silent", "on"), Button(t("silent-button-off"), "silent", "off")],
        nav_row("safe-phone"),
    )


async def on_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    if not isinstance(event, Press) or event.action != "silent" or event.arg not in ("on", "off"):
        return None
    await ctx.ports.safety.set_silent(ctx.person.user_id, event.arg == "on")
    outcome = app.show_screen("safe-phone")
    outcome.effects.insert(0, Reply(t("silent-done", silent="yes" if event.arg == "on" else "no")))
    return outcome


app.register(app.Flow(NAME, start=start, show=show, on_event=on_event, needs_consent=True))
