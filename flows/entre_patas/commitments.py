"""Entre patas between sessions: after a reflection session a man may choose a small commitment
(compromiso) from the list the district's facilitador keeps (/compromisos); if he wants, he gets
one neutral prompt before the next session, in the part of the day he chose, and says whether he
kept it. The facilitador sees how many chose and kept each commitment, never who.

The prompt is a reminder (claimed once, atomically) whose grace ends with his window: a bot that
was down past it does not write to him at another hour."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flows import app, places, reminders, when
from flows.accompaniment.ports import SAFE_WINDOWS
from flows.core import Button, Command, Event, Outcome, Press, Reply, State, Text, keyboard
from flows.entre_patas.ports import Space
from flows.ports import Ctx, Ports
from flows.roles import FACILITADOR
from flows.texts import t
from flows.ids import is_id, parse_id

AFTER = "ep_after"  # reminder kind: the offer of a commitment, after the session
PROMPT = "ep_prompt"  # reminder kind: the one neutral prompt
AFTER_SESSION = timedelta(hours=3)  # from the start: sessions last about two hours
WINDOWS = ("morning", "afternoon", "evening")
DAYS_WITHOUT_NEXT = 7  # no next session published yet: a week after this one
FLOW = "ep_commitments"
MAX_TEXT = 200
MAX_LISTED = 12


def _id(arg: str) -> int | None:
    return parse_id(arg)


def _pair(arg: str) -> tuple[int, str] | None:
    first, _, second = arg.partition(".")
    return (int(first), second) if is_id(first) and second else None


async def schedule_offer(ctx: Ctx, space: Space) -> None:
    """On joining a session: the offer goes out once it is over (spaces.py calls this)."""
    ref = f"{space.id}.{ctx.person.user_id}"
    await ctx.ports.reminders.schedule(AFTER, ref, space.starts_at + AFTER_SESSION, user_id=ctx.person.user_id, grace=timedelta(hours=12))


async def cancel_offer(ports: Ports, space_id: int, user_id: int) -> None:
    await ports.reminders.cancel(AFTER, f"{space_id}.{user_id}")


@reminders.renderer(AFTER)
async def _offer(ref: str, ports: Ports, now: datetime, user_id: int | None) -> list:
    space_id, _, owner = ref.partition(".")
    space = await ports.entre_patas.space(int(space_id)) if is_id(space_id) else None
    if space is None or space.cancelled or user_id is None or str(user_id) != owner:
        return []
    if not await ports.entre_patas.is_registered(space.id, user_id):
        return []
    options = await ports.entre_patas.commitments(space.district)
    if not options:
        return []
    rows = [Button(_short(o.text), "ep_commit", f"{space.id}.{o.id}") for o in options[:MAX_LISTED]]
    return [Reply(t("ep-commit-offer"), keyboard(*rows, Button(t("ep-button-no-thanks"), "nav", "menu")))]


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


@app.action("ep_commit")
async def _chose(press: Press, state: State, ctx: Ctx) -> Outcome:
    pair = _pair(press.arg)
    user_id = ctx.person.user_id
    option = await ctx.ports.entre_patas.commitment(int(pair[1])) if pair and is_id(pair[1]) else None
    space = await ctx.ports.entre_patas.space(pair[0]) if pair else None
    if option is None or space is None or not option.active or option.district != space.district or user_id is None:
        return Outcome(state).reply(t("ep-commit-gone"), app.menu_button())
    choice_id = await ctx.ports.entre_patas.choose(option.id, space.id, user_id)
    await ctx.ports.reminders.cancel(PROMPT, str(choice_id))
    rows = [Button(t(f"acc-button-hours-{w}"), "ep_prompt", f"{choice_id}.{w}") for w in WINDOWS]
    return Outcome(state).reply(
        t("ep-commit-chosen", text=option.text), rows, Button(t("ep-button-no-prompt"), "ep_prompt", f"{choice_id}.none")
    )


def prompt_time(now: datetime, window: str, next_session: datetime | None) -> datetime:
    """The day before the next session (or a week on), never before tomorrow, an hour into his window."""
    today = when.today_in_lima(now)
    day = today + timedelta(days=DAYS_WITHOUT_NEXT)
    if next_session is not None:
        day = min(day, when.today_in_lima(next_session) - timedelta(days=1))
    day = max(day, today + timedelta(days=1))
    start, _ = SAFE_WINDOWS[window]
    return when.lima_to_utc(day, time(start.hour + 1))


@app.action("ep_prompt")
async def _prompt_choice(press: Press, state: State, ctx: Ctx) -> Outcome:
    pair = _pair(press.arg)
    port = ctx.ports.entre_patas
    choice = await port.choice(pair[0]) if pair else None
    if choice is None or choice.user_id is None or choice.user_id != ctx.person.user_id or pair[1] not in (*WINDOWS, "none"):
        return Outcome(state).reply(t("ep-commit-gone"), app.menu_button())
    await ctx.ports.reminders.cancel(PROMPT, str(choice.id))
    if pair[1] == "none":
        await port.set_prompt_window(choice.id, None)
        return Outcome(state).reply(t("ep-commit-no-prompt"), app.menu_button())
    space = await port.space(choice.space_id) if choice.space_id else None
    later = [s for s in await port.upcoming(ctx.now, [space.district] if space else None) if not space or s.id != space.id]
    at = prompt_time(ctx.now, pair[1], later[0].starts_at if later else None)
    _, end = SAFE_WINDOWS[pair[1]]
    grace = when.lima_to_utc(when.today_in_lima(at), end) - at  # within his window, or not at all
    await port.set_prompt_window(choice.id, pair[1])
    await ctx.ports.reminders.schedule(PROMPT, str(choice.id), at, user_id=ctx.person.user_id, grace=grace)
    return Outcome(state).reply(t("ep-commit-prompt-set", when=when.say_when(at)), app.menu_button())


@reminders.renderer(PROMPT)
async def _prompt(ref: str, ports: Ports, now: datetime, user_id: int | None) -> list:
    choice = await ports.entre_patas.choice(int(ref)) if is_id(ref) else None
    if choice is None or user_id is None or choice.user_id != user_id or choice.kept is not None or choice.prompt_window is None:
        return []
    # Neutral on a lock screen: it names no topic.
    yes, no = Button(t("ep-button-kept"), "ep_kept", f"{choice.id}.yes"), Button(t("ep-button-not-yet"), "ep_kept", f"{choice.id}.no")
    return [Reply(t("ep-commit-prompt"), keyboard([yes, no]))]


@app.action("ep_kept")
async def _kept(press: Press, state: State, ctx: Ctx) -> Outcome:
    pair = _pair(press.arg)
    choice = await ctx.ports.entre_patas.choice(pair[0]) if pair else None
    if choice is None or pair[1] not in ("yes", "no") or (choice.user_id is not None and choice.user_id != ctx.person.user_id):
        return Outcome(state).reply(t("ep-commit-gone"), app.menu_button())
    if choice.user_id is None or not await ctx.ports.entre_patas.answer(choice.id, pair[1] == "yes"):
        return Outcome(state).reply(t("ep-commit-answered"), app.menu_button())
    return Outcome(state).reply(t("ep-commit-kept" if pair[1] == "yes" else "ep-commit-not-yet"), app.menu_button())


# ---------------------------------------------------------------------------------------------
# The facilitador's list: /compromisos


async def _districts(ctx: Ctx) -> list[str]:
    if ctx.person.user_id is None:
        return []
    grants = await ctx.ports.roles.grants(ctx.person.user_id)
    return [g.scope.removeprefix("district:") for g in grants if g.role == FACILITADOR and g.scope.startswith("district:")]


def _name(code: str) -> str:
    found = places.district(code)
    return found.name if found else code


async def _list(district: str, ctx: Ctx, before: str | None = None) -> Outcome:
    counts = await ctx.ports.entre_patas.counts(district)
    lines = [t("ep-commit-list", district=_name(district))]
    lines += [t("ep-commit-line", text=c.text, taken=c.taken, kept=c.kept) for c in counts] or [t("ep-commit-list-empty")]
    rows: list = [Button(t("ep-button-remove", number=i + 1), "ep_commit_rm", str(c.commitment_id)) for i, c in enumerate(counts[:MAX_LISTED])]
    rows = [rows[i : i + 3] for i in range(0, len(rows), 3)]
    rows += [Button(t("ep-button-add-commitment"), "ep_commit_add", district), app.menu_button()]
    text = "\n".join(lines)
    return Outcome(State(FLOW, "list", {"district": district})).reply(f"{before}\n\n{text}" if before else text, *rows)


@app.command("compromisos")
async def _command(cmd: Command, state: State, ctx: Ctx) -> Outcome:
    districts = await _districts(ctx)
    if not districts:
        return Outcome(state).reply(t("ep-not-allowed"), app.menu_button())
    if len(districts) == 1:
        return await _list(districts[0], ctx)
    return Outcome(state).reply(t("ep-ask-district-pick"), *[Button(_name(d), "ep_commit_list", d) for d in districts])


@app.action("ep_commit_list")
async def _pick(press: Press, state: State, ctx: Ctx) -> Outcome:
    if press.arg not in await _districts(ctx):
        return Outcome(state).reply(t("ep-not-allowed"), app.menu_button())
    return await _list(press.arg, ctx)


@app.action("ep_commit_add")
async def _ask_add(press: Press, state: State, ctx: Ctx) -> Outcome:
    if press.arg not in await _districts(ctx):
        return Outcome(state).reply(t("ep-not-allowed"), app.menu_button())
    return Outcome(State(FLOW, "add", {"district": press.arg})).reply(
        t("ep-commit-ask", max=MAX_TEXT), Button(t("button-back"), "ep_commit_list", press.arg)
    )


@app.action("ep_commit_rm")
async def _remove(press: Press, state: State, ctx: Ctx) -> Outcome:
    option = await ctx.ports.entre_patas.commitment(_id(press.arg) or 0)
    if option is None or option.district not in await _districts(ctx):
        return Outcome(state).reply(t("ep-not-allowed"), app.menu_button())
    await ctx.ports.entre_patas.remove_commitment(option.id)
    await ctx.ports.roles.audit(ctx.person.user_id, "reflection.commitment_removed", f"commitment:{option.id}")
    return await _list(option.district, ctx, t("ep-commit-removed"))


async def _on_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    district = state.data.get("district", "")
    if state.step != "add" or not isinstance(event, Text):
        return None
    if district not in await _districts(ctx):
        return Outcome(State()).reply(t("ep-not-allowed"), app.menu_button())
    text = " ".join(event.text.split())
    if not 3 <= len(text) <= MAX_TEXT:
        return Outcome(state).reply(t("ep-commit-length", max=MAX_TEXT), Button(t("button-back"), "ep_commit_list", district))
    option = await ctx.ports.entre_patas.add_commitment(district, text, ctx.person.user_id)
    await ctx.ports.roles.audit(ctx.person.user_id, "reflection.commitment_added", f"commitment:{option.id}")
    return await _list(district, ctx, t("ep-commit-added"))


async def _show(state: State, ctx: Ctx) -> Outcome:
    district = state.data.get("district", "")
    if district in await _districts(ctx):
        return await _list(district, ctx)
    return app.show_screen("menu")


app.register(app.Flow(FLOW, start=_show, show=_show, on_event=_on_event, staff_writing=True))  # the facilitador writes the list
