"""Espacios de reflexión Entre patas: a facilitador publishes a session, men register, get reminded
and can cancel; the facilitador sees how many are coming and can cancel the session.

Buttons that act on a session are global actions (they also come in reminders), so each one checks
again, in the database, that the session is open and that whoever pressed may do it.
"""
from __future__ import annotations

from datetime import date, datetime

from flows import app, places, reminders
from flows.core import Button, Event, Notify, Outcome, Press, Reply, State, Text, keyboard
from flows import when
from flows.entre_patas import commitments
from flows.entre_patas.ports import Space
from flows.observatorio import ports as stats
from flows.ports import Ctx, Ports
from flows.roles import ADMIN, FACILITADOR, district_scope, has_role
from flows.texts import t
from flows.ids import is_id, parse_id

FLOW = "reflection"
REMINDER = "reflection"
MAX_PLACE = 200
MAX_CAPACITY = 500


def _id(arg: str) -> int | None:
    return parse_id(arg)


def _district_name(code: str) -> str:
    found = places.district(code)
    return found.name if found else code


def _ref(space_id: int, user_id: int) -> str:
    return f"{space_id}.{user_id}"


def _describe(space: Space) -> str:
    if space.capacity is None:
        room = t("ep-room-open")
    else:
        room = t("ep-room", left=max(space.capacity - space.registered, 0))
    return t("ep-space", when=when.say_when(space.starts_at), place=space.place, district=_district_name(space.district), room=room)


def _nav(back: Button) -> list[Button]:
    return [back, app.menu_button()]


# ---------------------------------------------------------------------------------------------
# Who may manage sessions: checked against role_grants every time.


async def _grants(ctx: Ctx):
    return await ctx.ports.roles.grants(ctx.person.user_id) if ctx.person.user_id else []


async def _managed_districts(ctx: Ctx) -> list[str] | None:
    """The districts where this person may publish; [] for an admin (any, typed); None if none."""
    grants = await _grants(ctx)
    if any(g.role == ADMIN for g in grants):
        return []
    found = [g.scope.removeprefix("district:") for g in grants if g.role == FACILITADOR and g.scope.startswith("district:")]
    return found or None


async def _may_manage(ctx: Ctx, district: str) -> bool:
    return has_role(await _grants(ctx), FACILITADOR, scope=district_scope(district))


def _refused(state: State) -> Outcome:
    return Outcome(state).reply(t("ep-not-allowed"), app.menu_button())


# ---------------------------------------------------------------------------------------------
# What men see


async def show_list(state: State, ctx: Ctx) -> Outcome:
    port = ctx.ports.entre_patas
    # His own district first, then the soonest anywhere.
    own = await port.upcoming(ctx.now, [ctx.person.district], limit=8) if ctx.person.district else []
    spaces = own + [s for s in await port.upcoming(ctx.now, limit=8) if s not in own]
    spaces = spaces[:8]
    rows: list[list[Button] | Button] = [
        Button(t("ep-space-button", when=when.say_short(s.starts_at), district=_district_name(s.district)), "ep_view", str(s.id))
        for s in spaces
    ]
    if await _managed_districts(ctx) is not None:
        rows.append([Button(t("ep-button-new"), "ep_new"), Button(t("ep-button-mine"), "ep_mine")])
    rows.append(_nav(Button(t("button-back"), "nav", "men")))
    text = t("ep-list") if spaces else t("ep-list-empty")
    return Outcome(State(FLOW, "list")).reply(text, *rows)


async def _show_space(space: Space, state: State, ctx: Ctx, before: list[Reply] | None = None) -> Outcome:
    port = ctx.ports.entre_patas
    registered = bool(ctx.person.user_id) and await port.is_registered(space.id, ctx.person.user_id)
    rows: list[list[Button] | Button] = []
    open_ = not space.cancelled and space.starts_at > ctx.now
    if not open_:
        text = t("ep-space-closed")
    else:
        text = _describe(space) + ("\n\n" + t("ep-you-are-in") if registered else "")
        if registered:
            rows.append(Button(t("ep-button-leave"), "ep_leave", str(space.id)))
        elif not space.full:
            rows.append(Button(t("ep-button-join"), "ep_join", str(space.id)))
        else:
            text += "\n\n" + t("ep-full")
        if await _may_manage(ctx, space.district):
            text += "\n\n" + t("ep-count", count=space.registered)
            rows.append(Button(t("ep-button-cancel-space"), "ep_cancel", str(space.id)))
    rows.append(_nav(Button(t("button-back"), "ep_list")))
    outcome = Outcome(State(FLOW, "space", {"space": space.id}), list(before or []))
    return outcome.reply(text, *rows)


async def _space_or_gone(press: Press, state: State, ctx: Ctx) -> Space | Outcome:
    space_id = _id(press.arg)
    space = await ctx.ports.entre_patas.space(space_id) if space_id else None
    if space is None:
        outcome = await show_list(state, ctx)
        outcome.effects.insert(0, Reply(t("ep-space-unknown")))
        return outcome
    return space


def in_place(fn):
    """For buttons that may come from an old message (a reminder): answer them, but leave a person
    who is in another conversation (a relay with a facilitador, a question) where they are."""

    async def wrapper(press: Press, state: State, ctx: Ctx) -> Outcome:
        outcome = await fn(press, state, ctx)
        if state.flow not in (FLOW, "menu") and outcome.state.flow == FLOW:
            outcome.state = state
        return outcome

    return wrapper


@app.action("ep_list")
@in_place
async def _on_list(press: Press, state: State, ctx: Ctx) -> Outcome:
    return await show_list(state, ctx)


@app.action("ep_view")
@in_place
async def _on_view(press: Press, state: State, ctx: Ctx) -> Outcome:
    found = await _space_or_gone(press, state, ctx)
    return found if isinstance(found, Outcome) else await _show_space(found, state, ctx)


@app.action("ep_join")
@in_place
async def _on_join(press: Press, state: State, ctx: Ctx) -> Outcome:
    if not ctx.person.consented or not ctx.person.user_id:
        return app.ask_consent(state, then=FLOW)
    found = await _space_or_gone(press, state, ctx)
    if isinstance(found, Outcome):
        return found
    port = ctx.ports.entre_patas
    result = await port.join(found.id, ctx.person.user_id, ctx.now)
    note = {"already": "ep-already", "full": "ep-full", "closed": "ep-space-closed"}.get(result)
    if result == "joined":
        await ctx.ports.stats.count(stats.REFLECTION, found.district, ctx.now, dim="registered")
        due = when.reminder_times(found.starts_at, found.remind_before, ctx.now)
        for at in due:
            await ctx.ports.reminders.schedule(REMINDER, _ref(found.id, ctx.person.user_id), at, user_id=ctx.person.user_id)
        await commitments.schedule_offer(ctx, found)
        note = "ep-joined" if due else "ep-joined-no-reminder"
    space = await port.space(found.id) or found
    return await _show_space(space, state, ctx, [Reply(t(note))])


@app.action("ep_leave")
@in_place
async def _on_leave(press: Press, state: State, ctx: Ctx) -> Outcome:
    space_id = _id(press.arg)
    user_id = ctx.person.user_id
    port = ctx.ports.entre_patas
    if not space_id or not user_id or not await port.leave(space_id, user_id):
        return Outcome(state).reply(t("ep-not-registered"), Button(t("ep-button-list"), "ep_list"), app.menu_button())
    await ctx.ports.reminders.cancel(REMINDER, _ref(space_id, user_id))
    await commitments.cancel_offer(ctx.ports, space_id, user_id)
    space = await port.space(space_id)
    return await _show_space(space, state, ctx, [Reply(t("ep-left"))])


# ---------------------------------------------------------------------------------------------
# What a facilitador does


@app.action("ep_mine")
@in_place
async def _on_mine(press: Press, state: State, ctx: Ctx) -> Outcome:
    districts = await _managed_districts(ctx)
    if districts is None:
        return _refused(state)
    spaces = await ctx.ports.entre_patas.upcoming(ctx.now, districts or None, limit=20)
    lines = [t("ep-mine-line", when=when.say_short(s.starts_at), district=_district_name(s.district), count=s.registered) for s in spaces]
    text = t("ep-mine") + "\n\n" + "\n".join(lines) if spaces else t("ep-mine-empty")
    rows: list[list[Button] | Button] = [
        Button(t("ep-space-button", when=when.say_short(s.starts_at), district=_district_name(s.district)), "ep_view", str(s.id))
        for s in spaces
    ]
    rows += [Button(t("ep-button-new"), "ep_new"), _nav(Button(t("button-back"), "ep_list"))]
    return Outcome(State(FLOW, "mine")).reply(text, *rows)


@app.action("ep_cancel")
@in_place
async def _on_cancel(press: Press, state: State, ctx: Ctx) -> Outcome:
    found = await _space_or_gone(press, state, ctx)
    if isinstance(found, Outcome):
        return found
    if not await _may_manage(ctx, found.district):
        return _refused(state)
    if found.cancelled:
        return await _show_space(found, state, ctx)
    return Outcome(state).reply(
        t("ep-cancel-confirm", when=when.say_when(found.starts_at), count=found.registered),
        [Button(t("ep-button-cancel-yes"), "ep_cancel_yes", str(found.id)), Button(t("ep-button-cancel-no"), "ep_view", str(found.id))],
    )


@app.action("ep_cancel_yes")
@in_place
async def _on_cancel_yes(press: Press, state: State, ctx: Ctx) -> Outcome:
    found = await _space_or_gone(press, state, ctx)
    if isinstance(found, Outcome):
        return found
    if not await _may_manage(ctx, found.district):
        await ctx.ports.roles.audit(ctx.person.user_id, "reflection.cancel_refused", f"reflection:{found.id}")
        return _refused(state)
    port = ctx.ports.entre_patas
    if not await port.cancel(found.id, ctx.now):
        return await _show_space(found, state, ctx, [Reply(t("ep-already-cancelled"))])
    await ctx.ports.roles.audit(ctx.person.user_id, "reflection.cancelled", f"reflection:{found.id}")
    men = await port.registered_users(found.id)
    notices = []
    for user_id in men:
        await ctx.ports.reminders.cancel(REMINDER, _ref(found.id, user_id))
        await commitments.cancel_offer(ctx.ports, found.id, user_id)
        notices.append(Notify(user_id, t("ep-cancelled-notice", when=when.say_when(found.starts_at), place=found.place)))
    outcome = await _on_mine(press, state, ctx)
    outcome.effects[:0] = [*notices, Reply(t("ep-cancelled-done", count=len(men)))]
    return outcome


# Publishing: a few questions, one at a time; the answers wait in the conversation state.


@app.action("ep_new")
async def _on_new(press: Press, state: State, ctx: Ctx) -> Outcome:
    districts = await _managed_districts(ctx)
    if districts is None:
        return _refused(state)
    if len(districts) == 1:
        return _ask(ctx, State(FLOW, "date", {"district": districts[0]}))
    if districts:
        # by UBIGEO: a district's code can exceed a button's 64 bytes
        buttons = [Button(_district_name(d), "ep_district", places.district(d).ubigeo if places.district(d) else d) for d in districts]
        return Outcome(State(FLOW, "district")).reply(t("ep-ask-district-pick"), *buttons, _discard_row())
    return _ask(ctx, State(FLOW, "district"))


def _discard_row() -> list[Button]:
    return [Button(t("ep-button-discard"), "ep_list")]


def _ask(ctx: Ctx, state: State, before: str | None = None) -> Outcome:
    """The question of the current publishing step."""
    step, data = state.step, state.data
    outcome = Outcome(state, [Reply(before)] if before else [])
    if step == "district":
        return outcome.reply(t("ep-ask-district"), _discard_row())
    if step == "date":
        return outcome.reply(t("ep-ask-date", district=_district_name(data["district"])), _discard_row())
    if step == "time":
        return outcome.reply(t("ep-ask-time"), _discard_row())
    if step == "place":
        return outcome.reply(t("ep-ask-place"), _discard_row())
    if step == "capacity":
        return outcome.reply(t("ep-ask-capacity"), Button(t("ep-button-no-limit"), "ep_capacity", "0"), _discard_row())
    if step == "remind":
        default = ctx.settings.reflection_reminders
        return outcome.reply(
            t("ep-ask-remind"),
            Button(when.say_hours(default), "ep_remind", ",".join(str(m // 60) for m in default)),
            [Button(when.say_hours((1440,)), "ep_remind", "24"), Button(when.say_hours((120,)), "ep_remind", "2")],
            _discard_row(),
        )
    # confirm
    starts_at = datetime.fromisoformat(data["starts_at"])
    capacity = data.get("capacity")
    summary = t(
        "ep-confirm",
        when=when.say_when(starts_at),
        place=data["place"],
        district=_district_name(data["district"]),
        room=t("ep-room", left=capacity) if capacity else t("ep-room-open"),
        remind=when.say_hours(tuple(data["remind"])),
    )
    return outcome.reply(summary, [Button(t("ep-button-publish"), "ep_publish"), Button(t("ep-button-discard"), "ep_list")])


async def _publish_step(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    step, data = state.step, state.data
    match event:
        case Press(action="ep_district", arg=arg) if step == "district":
            code = places.district(arg).code if places.district(arg) else arg
            return _ask(ctx, state.go(FLOW, "date", district=code)) if await _may_manage(ctx, code) else _refused(state)
        case Text(text=typed) if step == "district":
            found = places.find_district(typed)
            if len(found) == 1:
                return _ask(ctx, state.go(FLOW, "date", district=found[0].code))
            if found:
                buttons = [Button(d.label, "ep_district", d.ubigeo) for d in found]
                return Outcome(state).reply(t("ep-ask-district-pick"), *buttons, _discard_row())
            return _ask(ctx, state, t("ep-district-unknown"))
        case Text(text=typed) if step == "date":
            day = when.parse_date(typed, when.today_in_lima(ctx.now))
            if day is None or day < when.today_in_lima(ctx.now):
                return _ask(ctx, state, t("ep-date-unclear"))
            return _ask(ctx, state.at("time", date=day.isoformat()))
        case Text(text=typed) if step == "time":
            at = when.parse_time(typed)
            if at is None:
                return _ask(ctx, state, t("ep-time-unclear"))
            starts_at = when.lima_to_utc(date.fromisoformat(data["date"]), at)
            if starts_at <= ctx.now:
                return _ask(ctx, state.at("date"), t("ep-time-past"))
            return _ask(ctx, state.at("place", starts_at=starts_at.isoformat()))
        case Text(text=typed) if step == "place":
            place = " ".join(typed.split())
            if not 3 <= len(place) <= MAX_PLACE:
                return _ask(ctx, state, t("ep-place-unclear", max=MAX_PLACE))
            return _ask(ctx, state.at("capacity", place=place))
        case Press(action="ep_capacity", arg="0") if step == "capacity":
            return _ask(ctx, state.at("remind", capacity=None))
        case Text(text=typed) if step == "capacity":
            number = typed.strip()
            if not is_id(number) or not 1 <= int(number) <= MAX_CAPACITY:
                return _ask(ctx, state, t("ep-capacity-unclear", max=MAX_CAPACITY))
            return _ask(ctx, state.at("remind", capacity=int(number)))
        case Press(action="ep_remind", arg=hours) | Text(text=hours) if step == "remind":
            minutes = when.parse_hours(hours)
            if minutes is None:
                return _ask(ctx, state, t("ep-remind-unclear"))
            return _ask(ctx, state.at("confirm", remind=list(minutes)))
        case Press(action="ep_publish") if step == "confirm":
            return await _publish(state, ctx)
    return None


async def _publish(state: State, ctx: Ctx) -> Outcome:
    data = state.data
    if not await _may_manage(ctx, data["district"]):
        return _refused(State())
    starts_at = datetime.fromisoformat(data["starts_at"])
    if starts_at <= ctx.now:
        return _ask(ctx, state.at("date"), t("ep-time-past"))
    space = await ctx.ports.entre_patas.publish(
        data["district"], starts_at, data["place"], data.get("capacity"), tuple(data["remind"]), ctx.person.user_id
    )
    await ctx.ports.roles.audit(ctx.person.user_id, "reflection.published", f"reflection:{space.id}")
    return await _show_space(space, state, ctx, [Reply(t("ep-published"))])


# ---------------------------------------------------------------------------------------------


async def _show(state: State, ctx: Ctx) -> Outcome:
    if state.step in ("district", "date", "time", "place", "capacity", "remind", "confirm"):
        return _ask(ctx, state)
    if state.step == "space" and (space := await ctx.ports.entre_patas.space(state.data.get("space", 0))):
        return await _show_space(space, state, ctx)
    return await show_list(state, ctx)


async def _on_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    return await _publish_step(event, state, ctx)


app.register(app.Flow(FLOW, start=show_list, show=_show, on_event=_on_event))


@app.command("espacios")
async def _espacios(cmd, state: State, ctx: Ctx) -> Outcome:
    return await show_list(state, ctx)


@reminders.renderer(REMINDER)
async def _remind(ref: str, ports: Ports, now: datetime, user_id: int | None) -> list:
    space_id, _, owner = ref.partition(".")
    space = await ports.entre_patas.space(int(space_id))
    # Made at sending time: a session cancelled, moved or left since is not announced.
    if space is None or space.cancelled or space.starts_at <= now or user_id is None:
        return []
    if str(user_id) != owner or not await ports.entre_patas.is_registered(space.id, user_id):
        return []
    text = t("ep-reminder", when=when.say_when(space.starts_at), place=space.place, district=_district_name(space.district))
    return [Reply(text, keyboard(Button(t("ep-button-leave"), "ep_leave", str(space.id))))]
