"""The instancia in a private chat: joining with a code, the panel, meetings, attendance,
agreements, members, codes, reminder settings and the provincial view.

Every step that changes something checks the person's role in the database again: a button is
only a wish, never a permission.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flows.app import Flow, command, menu_button, register, start_flow
from flows.core import Button, Command, Event, Media, Outcome, Press, Reply, SendDocument, State, Text
from flows.instancias.common import (
    announce_to_group,
    seats_with_holders,
    vacant_seats,
    calendar_button,
    can_manage,
    meeting_ref,
    meeting_text,
    member_label,
    members,
    my_instancia_ids,
    notify_all,
    rsvp_buttons,
    schedule_agreement,
    schedule_for_new_member,
    schedule_meeting,
    secretarias,
)
from flows.instancias.model import (
    GROUP_ROLE,
    KIND_MEETING,
    in_lima,
    lima_to_utc,
    monthly_rule,
    occurrences,
    parse_invite_scope,
    parse_offsets,
    say_date,
    say_moment,
    say_offsets,
    say_rule,
    today_in_lima,
)
from flows.when import parse_date, parse_time
from flows.instancias.notices import agreements_reply, done_button, rsvp_summary, unreachable_note
from flows.instancias.pdf import acta_filename
from flows.ports import Ctx
from flows.roles import INSTANCIA_ROLES, MIEMBRO, SECRETARIA, instancia_scope
from flows.texts import t

NAME = "instancia"
JOIN = "instancia_join"
MEMBER_CODE_TTL = timedelta(days=14)
MEMBER_CODE_USES = 40
GROUP_CODE_TTL = timedelta(days=2)
MAX_PLACE, MAX_AGENDA, MAX_AGREEMENT, MAX_NAME = 300, 1500, 600, 120


def b(label_id: str, arg: str, **args) -> Button:
    """A button of this flow: the arg names what to do, optionally with an id ("m.12")."""
    return Button(t(label_id, **args), "i", arg)


def panel_button() -> Button:
    return b("instancia-button-panel", "panel")


def _ask(state: State, step: str, text_id: str, **more) -> Outcome:
    return Outcome(state.at(step, **more)).reply(t(text_id), [panel_button(), menu_button()])


# ---------------------------------------------------------------------------------------------
# Joining with a code: the code first (checked, not yet used), then her name and, unless the code
# is for one seat, her institution. The secretaría técnica hears her own wording.


def _join_prompt(step: str, data: dict) -> str:
    if step == "code":
        return t("instancia-join-code")
    role = "secretaria" if data.get("role") == SECRETARIA else "miembro"
    if step == "name":
        return t("instancia-join-name", role=role, name=data.get("iname", ""), seat=data.get("seat_name") or "none")
    return t("instancia-join-institution", role=role)


async def join_start(state: State, ctx: Ctx) -> Outcome:
    return Outcome(State(JOIN, "code")).reply(t("instancia-join-code"), menu_button())


async def join_show(state: State, ctx: Ctx) -> Outcome:
    return Outcome(state).reply(_join_prompt(state.step, state.data), menu_button())


async def _peek(ctx: Ctx, code: str) -> tuple[str, int, int | None] | None:
    """(role, instancia id, seat id or None) that a member code would give; a staff or group code gives nothing here."""
    found = await ctx.ports.roles.peek(code)
    if not found or found[0] not in INSTANCIA_ROLES:
        return None
    iid, seat_id = parse_invite_scope(found[1])
    if iid is None or await ctx.ports.instancias.get(iid) is None:
        return None
    return found[0], iid, seat_id


async def join_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    if not isinstance(event, Text):
        return None
    text = " ".join(event.text.split())
    if state.step == "code":
        found = await _peek(ctx, text)
        if found is None:
            return Outcome(state).reply(t("instancia-join-bad-code"), menu_button())
        role, iid, seat_id = found
        inst = await ctx.ports.instancias.get(iid)
        seat = await ctx.ports.instancias.seat(seat_id) if seat_id else None
        data = {"code": text, "role": role, "iid": iid, "iname": inst.name, "seat_name": seat.institution if seat else None}
        return Outcome(State(JOIN, "name", data)).reply(_join_prompt("name", data), menu_button())
    if state.step == "name":
        if not 2 <= len(text) <= MAX_NAME:
            return Outcome(state).reply(_join_prompt("name", state.data), menu_button())
        if state.data.get("seat_name"):
            return await _join(state.at("name", name=text), ctx, state.data["seat_name"])
        return Outcome(state.at("institution", name=text)).reply(_join_prompt("institution", state.data), menu_button())
    if state.step == "institution":
        if not 2 <= len(text) <= 160:
            return Outcome(state).reply(_join_prompt("institution", state.data), menu_button())
        return await _join(state, ctx, text)
    return None


async def _join(state: State, ctx: Ctx, institution: str) -> Outcome:
    # Used only now, atomically: someone may have taken the last use meanwhile.
    taken = await ctx.ports.roles.take(state.data["code"])
    iid = parse_invite_scope(taken[1])[0] if taken and taken[0] in INSTANCIA_ROLES else None
    if iid is None or await ctx.ports.instancias.get(iid) is None:
        return Outcome(State(JOIN, "code")).reply(t("instancia-join-bad-code"), menu_button())
    seat = await ctx.ports.instancias.seat_for(iid, institution)
    grant = await ctx.ports.roles.grant(ctx.person.user_id, taken[0], instancia_scope(iid), state.data["name"], seat.institution)
    await ctx.ports.instancias.seen(ctx.person.user_id)
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.joined", f"{grant.role}@{grant.scope}")
    await schedule_for_new_member(ctx, iid, grant)
    outcome = await panel(State(NAME, "panel", {"iid": iid}), ctx, iid)
    inst = await ctx.ports.instancias.get(iid)
    outcome.effects[0:0] = [Reply(t("instancia-joined", name=inst.name, role=grant.role)), *await handover(ctx, iid, seat)]
    outcome.effects += notify_all(
        await secretarias(ctx, iid), t("instancia-joined-news", who=member_label(grant), role=grant.role), but=ctx.person.user_id
    )
    return outcome


async def handover(ctx: Ctx, iid: int, seat) -> list:
    """What the seat holds for whoever takes it: its pending agreements with their dates, and the last actas."""
    pending = [a for a in await ctx.ports.instancias.agreements([iid]) if a.seat_id == seat.id]
    effects = []
    if pending:
        lines = [t("instancia-agreement-line", text=a.text, institution=a.institution, due=say_date(a.due_on), overdue="yes" if a.due_on < today_in_lima(ctx.now) else "no") for a in pending]
        effects.append(Reply(t("instancia-seat-handover", institution=seat.institution, count=len(pending)) + "\n\n" + "\n".join(lines)))
    for acta in await ctx.ports.instancias.last_actas(iid):
        m = await ctx.ports.instancias.meeting(acta.meeting_id)
        effects.append(SendDocument(acta_filename(m), acta.pdf, t("instancia-acta-caption", when=say_moment(m.starts_at))))
    return effects


register(Flow(JOIN, start=join_start, show=join_show, on_event=join_event, needs_consent=True))


# ---------------------------------------------------------------------------------------------
# The panel


async def start(state: State, ctx: Ctx) -> Outcome:
    ids = await my_instancia_ids(ctx)
    if not ids:
        return Outcome(State(NAME, "none")).reply(t("instancia-none"), [Button(t("button-go-instancia_join"), "go", JOIN)], menu_button())
    if len(ids) == 1:
        return await panel(State(NAME, "panel", {"iid": ids[0]}), ctx, ids[0])
    rows = []
    for iid in ids:
        inst = await ctx.ports.instancias.get(iid)
        rows.append([b("instancia-pick", f"pick.{iid}", name=inst.name if inst else str(iid))])
    return Outcome(State(NAME, "pick")).reply(t("instancia-pick-which"), *rows, menu_button())


@command("instancia")
async def on_command(cmd: Command, state: State, ctx: Ctx) -> Outcome:
    return await start_flow(NAME, state, ctx)


async def panel(state: State, ctx: Ctx, iid: int) -> Outcome:
    inst = await ctx.ports.instancias.get(iid)
    if inst is None or iid not in await my_instancia_ids(ctx):
        return await start(State(), ctx)
    if ctx.person.user_id:
        await ctx.ports.instancias.seen(ctx.person.user_id)
    manage = await can_manage(ctx, iid)
    nxt = (await ctx.ports.instancias.upcoming(iid, ctx.now, limit=1) or [None])[0]
    lines = [t("instancia-panel", name=inst.name, level=inst.level)]
    if nxt:
        lines.append(t("instancia-panel-next", when=say_moment(nxt.starts_at), place=nxt.place))
        if manage:
            lines.append(await rsvp_summary(ctx.ports, nxt.id))
    else:
        lines.append(t("instancia-panel-no-next"))
    if manage:
        note = await unreachable_note(ctx.ports, iid)
        if note:
            lines.append(note)
        vacant = await vacant_seats(ctx.ports, iid)
        if vacant:
            lines.append(t("instancia-vacant-seats", seats=", ".join(s.institution for s in vacant)))
    rows = [
        [b("instancia-button-meetings", "meetings"), b("instancia-button-agreements", "agreements")],
        [b("instancia-button-plan", "plan"), b("instancia-button-constancia", "const")],
        [b("instancia-button-law", "law")],
    ]
    if manage:
        rows += [
            [b("instancia-button-new-meeting", "new"), b("instancia-button-vote", "vote")],
            [b("instancia-button-attendance", "att"), b("instancia-button-new-agreement", "agr")],
            [b("instancia-button-members", "members"), b("instancia-button-invite", "invite")],
            [b("instancia-button-group", "group"), b("instancia-button-offsets", "offsets")],
        ]
        if await ctx.ports.instancias.children(iid):
            rows.append([b("instancia-button-overview", "overview"), b("instancia-button-report", "report")])
    rows.append([b("instancia-button-leave", "leave")])
    rows.append([menu_button()])
    return Outcome(State(NAME, "panel", {"iid": iid})).reply("\n\n".join(lines), *rows)


async def show(state: State, ctx: Ctx) -> Outcome:
    iid = state.data.get("iid")
    if iid is None:
        return await start(state, ctx)
    if state.step in ASKS:
        return Outcome(state).reply(t(ASKS[state.step]), [panel_button(), menu_button()])
    return await panel(state, ctx, iid)


# Steps that wait for typed text, and what they ask.
ASKS = {
    "new_date": "instancia-ask-date",
    "new_time": "instancia-ask-time",
    "new_place": "instancia-ask-place",
    "new_agenda": "instancia-ask-agenda",
    "edit_date": "instancia-ask-date",
    "edit_time": "instancia-ask-time",
    "edit_place": "instancia-ask-place",
    "edit_agenda": "instancia-ask-agenda",
    "agr_text": "instancia-ask-agreement",
    "agr_inst": "instancia-ask-institution",
    "agr_due": "instancia-ask-due",
    "offsets": "instancia-ask-offsets",
}


async def on_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    iid = state.data.get("iid")
    if isinstance(event, Press) and event.action == "i":
        verb, _, arg = event.arg.partition(".")
        if verb == "pick" and arg.isdigit():
            return await panel(state, ctx, int(arg))
        if iid is None:
            return None
        if verb not in MEMBER_VERBS and not await can_manage(ctx, iid):
            return Outcome(state).reply(t("instancia-not-for-you"), [panel_button()])
        handler = PRESSES.get(verb)
        return await handler(state, ctx, iid, arg) if handler else None
    if isinstance(event, Media) and iid is not None and state.step in MEDIA:
        return await MEDIA[state.step](state, ctx, iid, event)
    if isinstance(event, Text) and iid is not None and state.step in TYPED:
        if state.step not in MEMBER_TYPED and not await can_manage(ctx, iid):
            return Outcome(state).reply(t("instancia-not-for-you"), [panel_button()])
        lines = [" ".join(line.split()) for line in event.text.splitlines() if line.strip()]
        # Options and notes keep their lines; everything else is one line.
        return await TYPED[state.step](state, ctx, iid, ("\n" if state.step in MULTILINE else " ").join(lines))
    return None


register(Flow(NAME, start=start, show=show, on_event=on_event, needs_consent=True))


# ---------------------------------------------------------------------------------------------
# Meetings: list, one meeting, create, change, cancel


async def p_panel(state, ctx, iid, arg):
    return await panel(state, ctx, iid)


async def p_meetings(state, ctx, iid, arg):
    ahead = await ctx.ports.instancias.upcoming(iid, ctx.now, limit=6)
    if not ahead:
        return Outcome(state.at("meetings")).reply(t("instancia-panel-no-next"), [panel_button(), menu_button()])
    rows = [[b("instancia-meeting-item", f"m.{m.id}", when=say_moment(m.starts_at))] for m in ahead]
    return Outcome(state.at("meetings")).reply(t("instancia-meetings-head"), *rows, [panel_button(), menu_button()])


async def p_meeting(state, ctx, iid, arg):
    m = await ctx.ports.instancias.meeting(int(arg)) if arg.isdigit() else None
    if m is None or m.instancia_id != iid:
        return None
    inst = await ctx.ports.instancias.get(iid)
    text = meeting_text(inst, m)
    if m.recurrence:
        text += "\n" + t("instancia-repeats", rule=say_rule(m.recurrence))
    rows = [rsvp_buttons(m), [calendar_button(m), b("instancia-button-agenda", f"agenda.{m.id}")]]
    if await can_manage(ctx, iid):
        text += "\n\n" + await rsvp_summary(ctx.ports, m.id)
        note = await unreachable_note(ctx.ports, iid)
        if note:
            text += "\n" + note
        rows += [
            [b("instancia-button-digest", f"dig.{m.id}"), b("instancia-button-digest-later", f"digat.{m.id}")],
            [b("instancia-button-edit-time", "edit.time"), b("instancia-button-edit-place", "edit.place")],
            [b("instancia-button-edit-agenda", "edit.agenda"), b("instancia-button-cancel-meeting", "cancel")],
        ]
    rows.append([b("instancia-button-meetings", "meetings"), panel_button()])
    return Outcome(state.at("meeting", mid=m.id)).reply(text, *rows)


async def p_new(state, ctx, iid, arg):
    return _ask(State(NAME, "new_date", {"iid": iid}), "new_date", "instancia-ask-date")


async def typed_date(state, ctx, iid, text):
    day = parse_date(text, today_in_lima(ctx.now))
    if day is None or day < today_in_lima(ctx.now):
        return Outcome(state).reply(t("instancia-bad-date"), [panel_button()])
    nxt = "new_time" if state.step == "new_date" else "edit_time"
    return _ask(state, nxt, "instancia-ask-time", day=day.isoformat())


async def typed_time(state, ctx, iid, text):
    at = parse_time(text)
    if at is None:
        return Outcome(state).reply(t("instancia-bad-time"), [panel_button()])
    starts = lima_to_utc(date.fromisoformat(state.data["day"]), at)
    if starts <= ctx.now:
        return Outcome(state.at("new_date" if state.step == "new_time" else "edit_date")).reply(t("instancia-past-time"), [panel_button()])
    if state.step == "edit_time":
        return await apply_change(state, ctx, iid, starts_at=starts)
    return _ask(state, "new_place", "instancia-ask-place", starts=starts.isoformat())


async def typed_place(state, ctx, iid, text):
    if not 2 <= len(text) <= MAX_PLACE:
        return Outcome(state).reply(t("instancia-too-long", max=MAX_PLACE), [panel_button()])
    if state.step == "edit_place":
        return await apply_change(state, ctx, iid, place=text)
    return _ask(state, "new_agenda", "instancia-ask-agenda", place=text)


async def typed_agenda(state, ctx, iid, text):
    if not 2 <= len(text) <= MAX_AGENDA:
        return Outcome(state).reply(t("instancia-too-long", max=MAX_AGENDA), [panel_button()])
    if state.step == "edit_agenda":
        return await apply_change(state, ctx, iid, agenda=text)
    day = date.fromisoformat(state.data["day"])
    return Outcome(state.at("new_repeat", agenda=text)).reply(
        t("instancia-ask-repeat"),
        [b("instancia-once", "repeat.once")],
        [b("instancia-monthly", "repeat.monthly", rule=say_rule(monthly_rule(day)))],
        [panel_button()],
    )


async def p_repeat(state, ctx, iid, arg):
    if state.step != "new_repeat" or arg not in ("once", "monthly"):
        return None
    if arg == "once":
        return await _save_meetings(state, ctx, iid, [state.data["day"]], None)
    first = date.fromisoformat(state.data["day"])
    days = [d.isoformat() for d in occurrences(first, monthly_rule(first))]
    return _series_review(state.at("series", days=days, skip=[]))


def _series_review(state: State) -> Outcome:
    """A monthly series is shown before anything is saved or announced; dates can be left out."""
    skip = set(state.data["skip"])
    starts = datetime.fromisoformat(state.data["starts"])
    rows = [
        [b("instancia-series-day", f"ser.{i}", mark="no" if i in skip else "yes", day=say_date(date.fromisoformat(d)))]
        for i, d in enumerate(state.data["days"])
    ]
    kept = len(state.data["days"]) - len(skip)
    text = t("instancia-series-review", count=kept, rule=say_rule(monthly_rule(date.fromisoformat(state.data["day"]))), time=f"{in_lima(starts):%H:%M}", place=state.data["place"])
    return Outcome(state).reply(text, *rows, [b("instancia-series-save", "sersave", count=kept)], [b("instancia-series-restart", "new"), panel_button()])


async def p_series_toggle(state, ctx, iid, arg):
    if state.step != "series" or not arg.isdigit() or int(arg) >= len(state.data["days"]):
        return None
    skip = set(state.data["skip"]) ^ {int(arg)}
    if len(skip) == len(state.data["days"]):
        skip.discard(int(arg))  # at least one meeting stays
    return _series_review(state.at("series", skip=sorted(skip)))


async def p_series_save(state, ctx, iid, arg):
    if state.step != "series":
        return None
    days = [d for i, d in enumerate(state.data["days"]) if i not in set(state.data["skip"])]
    return await _save_meetings(state, ctx, iid, days, monthly_rule(date.fromisoformat(state.data["day"])))


async def _save_meetings(state, ctx, iid, days: list[str], rule: str | None):
    inst = await ctx.ports.instancias.get(iid)
    lima_time = in_lima(datetime.fromisoformat(state.data["starts"])).time()
    place, agenda = state.data["place"], state.data["agenda"]
    created = []
    for day in days:
        starts = lima_to_utc(date.fromisoformat(day), lima_time)
        series = created[0].id if created else None
        created.append(await ctx.ports.instancias.add_meeting(iid, starts, place, agenda, ctx.person.user_id, series_id=series, recurrence=rule))
    first = created[0]
    for m in created:
        await schedule_meeting(ctx, inst, m)
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.meeting.created", f"meeting:{first.id}")
    await announce_to_group(ctx, inst, "new", first)
    text = t("instancia-new-meeting") + "\n\n" + meeting_text(inst, first)
    if rule:
        text += "\n" + t("instancia-repeats", rule=say_rule(rule)) + " " + t("instancia-series-count", count=len(created))
    outcome = await p_meeting(State(NAME, "meeting", {"iid": iid}), ctx, iid, str(first.id))
    outcome.effects.insert(0, Reply(t("instancia-meeting-saved", count=len(created), offsets=say_offsets(inst.offsets))))
    outcome.effects += notify_all(await members(ctx, iid), text, (tuple(rsvp_buttons(first)), (calendar_button(first),)), but=ctx.person.user_id)
    return outcome


async def p_edit(state, ctx, iid, arg):
    if "mid" not in state.data or arg not in ("time", "place", "agenda"):
        return None
    step = {"time": "edit_date", "place": "edit_place", "agenda": "edit_agenda"}[arg]
    return _ask(state, step, ASKS[step])


async def apply_change(state, ctx, iid, **change):
    before = await ctx.ports.instancias.meeting(state.data["mid"])
    if before is None or before.instancia_id != iid:
        return await panel(state, ctx, iid)
    m = await ctx.ports.instancias.change_meeting(before.id, **change)
    if m is None:
        return Outcome(state).reply(t("instancia-rsvp-closed"), [panel_button()])
    inst = await ctx.ports.instancias.get(iid)
    if m.version != before.version:
        await ctx.ports.reminders.cancel(KIND_MEETING, meeting_ref(before))
        await schedule_meeting(ctx, inst, m)
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.meeting.changed", f"meeting:{m.id}")
    await announce_to_group(ctx, inst, "chg", m)
    text = t("instancia-changed-meeting") + "\n\n" + meeting_text(inst, m)
    outcome = await p_meeting(state, ctx, iid, str(m.id))
    outcome.effects.insert(0, Reply(t("instancia-change-saved")))
    outcome.effects += notify_all(await members(ctx, iid), text, (tuple(rsvp_buttons(m)), (calendar_button(m),)), but=ctx.person.user_id)
    return outcome


async def p_cancel(state, ctx, iid, arg):
    m = await ctx.ports.instancias.meeting(state.data.get("mid", 0))
    if m is None or m.instancia_id != iid:
        return None
    if arg != "yes":
        return Outcome(state.at("cancel_confirm")).reply(
            t("instancia-cancel-confirm", when=say_moment(m.starts_at)),
            [b("instancia-cancel-yes", "cancel.yes"), b("instancia-cancel-no", f"m.{m.id}")],
        )
    inst = await ctx.ports.instancias.get(iid)
    if not await ctx.ports.instancias.cancel_meeting(m.id):
        return await panel(state, ctx, iid)
    await ctx.ports.reminders.cancel(KIND_MEETING, meeting_ref(m))
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.meeting.cancelled", f"meeting:{m.id}")
    await announce_to_group(ctx, inst, "cnl", m)
    text = t("instancia-cancelled", name=inst.name, when=say_moment(m.starts_at))
    outcome = await panel(state, ctx, iid)
    outcome.effects.insert(0, Reply(text))
    outcome.effects += notify_all(await members(ctx, iid), text, but=ctx.person.user_id)
    return outcome


# ---------------------------------------------------------------------------------------------
# After the meeting: attendance, agreements


async def p_agreement(state, ctx, iid, arg):
    data = {"iid": iid, "mid": state.data.get("mid"), "acta": state.data.get("acta")}
    return _ask(State(NAME, "agr_text", data), "agr_text", "instancia-ask-agreement")


async def typed_agreement(state, ctx, iid, text):
    if not 3 <= len(text) <= MAX_AGREEMENT:
        return Outcome(state).reply(t("instancia-too-long", max=MAX_AGREEMENT), [panel_button()])
    institutions = sorted({seat.institution for seat, _ in await seats_with_holders(ctx.ports, iid)}, key=str.lower)
    rows = [[b("instancia-institution-item", f"inst.{i}", institution=name)] for i, name in enumerate(institutions[:20])]
    return Outcome(state.at("agr_inst", text=text, institutions=institutions[:20])).reply(t("instancia-ask-institution"), *rows, [panel_button()])


async def p_institution(state, ctx, iid, arg):
    options = state.data.get("institutions") or []
    if state.step != "agr_inst" or not arg.isdigit() or int(arg) >= len(options):
        return None
    return await typed_institution(state, ctx, iid, options[int(arg)])


async def typed_institution(state, ctx, iid, text):
    if not 2 <= len(text) <= 160:
        return Outcome(state).reply(t("instancia-too-long", max=160), [panel_button()])
    return _ask(state, "agr_due", "instancia-ask-due", institution=text)


async def typed_due(state, ctx, iid, text):
    today = today_in_lima(ctx.now)
    due = parse_date(text, today)
    if due is None or due < today:
        return Outcome(state).reply(t("instancia-bad-date"), [panel_button()])
    mid = state.data.get("mid")
    if mid is None:  # by default, the agreement belongs to the latest meeting
        latest = await ctx.ports.instancias.past(iid, ctx.now, limit=1)
        mid = latest[0].id if latest else None
    a = await ctx.ports.instancias.add_agreement(iid, mid, state.data["text"], state.data["institution"], due, ctx.person.user_id)
    responsible = await schedule_agreement(ctx, a)
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.agreement.created", f"agreement:{a.id}")
    inst = await ctx.ports.instancias.get(iid)
    back = [b("instancia-acta-continue", f"acta.{mid}")] if state.data.get("acta") and mid else []
    # An agreement may serve an activity of this year's work plan.
    plan = [[b("instancia-plan-link", f"alink.{a.id}.{x.id}", title=x.title[:40])] for x in (await ctx.ports.instancias.activities(iid, today.year))[:6]]
    outcome = Outcome(State(NAME, "panel", {"iid": iid, "mid": mid, "acta": state.data.get("acta")})).reply(
        t("instancia-agreement-saved", text=a.text, institution=a.institution, due=say_date(a.due_on), responsible=len({g.user_id for g in responsible})),
        *plan,
        [b("instancia-another-agreement", "agr"), *back],
        [panel_button()],
    )
    news = t("instancia-agreement-news", name=inst.name, text=a.text, institution=a.institution, due=say_date(a.due_on))
    outcome.effects += notify_all(responsible, news, ((done_button(a),),), but=ctx.person.user_id)
    return outcome


async def p_agreements(state, ctx, iid, arg):
    reply = await agreements_reply(ctx, [iid])
    return Outcome(state.at("agreements"), [reply, _nav()])


def _nav() -> Reply:
    return Reply(t("instancia-what-next"), ((panel_button(), menu_button()),))


# ---------------------------------------------------------------------------------------------
# Members, codes, group, reminder settings, leaving, the provincial view


async def p_members(state, ctx, iid, arg):
    people = await members(ctx, iid)
    lost = await ctx.ports.instancias.unreachable([g.user_id for g in people])
    lines = [t("instancia-member-line", who=member_label(g), role=g.role, lost="yes" if g.user_id in lost else "no") for g in people]
    seats = await seats_with_holders(ctx.ports, iid)
    seat_lines = [t("instancia-seat-line", institution=s.institution, holders=", ".join(g.display_name or "—" for g in holders) or "none") for s, holders in seats]
    rows = [[b("instancia-remove", f"rm.{g.id}", name=g.display_name or "—")] for g in people if g.user_id != ctx.person.user_id]
    rows += [[b("instancia-seat-code", f"seatcode.{s.id}", institution=s.institution)] for s, holders in seats if not holders]
    text = t("instancia-members-head", count=len(people)) + "\n" + "\n".join(lines) + "\n\n" + t("instancia-seats-head") + "\n" + "\n".join(seat_lines)
    return Outcome(state.at("members")).reply(text, *rows, [panel_button()])


async def p_remove(state, ctx, iid, arg):
    g = next((g for g in await members(ctx, iid) if str(g.id) == arg), None)
    if g is None:
        return await p_members(state, ctx, iid, "")
    await ctx.ports.roles.revoke(g.id)
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.member.removed", f"grant:{g.id}")
    inst = await ctx.ports.instancias.get(iid)
    outcome = await p_members(state, ctx, iid, "")
    outcome.effects.insert(0, Reply(t("instancia-removed", who=member_label(g))))
    outcome.effects += notify_all([g], t("instancia-removed-you", name=inst.name))
    return outcome


async def p_invite(state, ctx, iid, arg):
    code = await ctx.ports.roles.create_invite(MIEMBRO, instancia_scope(iid), ctx.person.user_id, MEMBER_CODE_TTL, max_uses=MEMBER_CODE_USES)
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.invite.created", instancia_scope(iid))
    return Outcome(state).reply(t("instancia-invite-code", code=code, days=MEMBER_CODE_TTL.days, uses=MEMBER_CODE_USES), [panel_button()])


async def p_group(state, ctx, iid, arg):
    code = await ctx.ports.roles.create_invite(GROUP_ROLE, instancia_scope(iid), ctx.person.user_id, GROUP_CODE_TTL, max_uses=1)
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.group.code", instancia_scope(iid))
    return Outcome(state).reply(t("instancia-group-code", code=code), [panel_button()])


async def p_offsets(state, ctx, iid, arg):
    inst = await ctx.ports.instancias.get(iid)
    return Outcome(state.at("offsets")).reply(t("instancia-offsets-now", offsets=say_offsets(inst.offsets)) + "\n\n" + t("instancia-ask-offsets"), [panel_button()])


async def typed_offsets(state, ctx, iid, text):
    offsets = parse_offsets(text)
    if offsets is None:
        return Outcome(state).reply(t("instancia-bad-offsets"), [panel_button()])
    await ctx.ports.instancias.set_offsets(iid, offsets)
    inst = await ctx.ports.instancias.get(iid)
    for m in await ctx.ports.instancias.upcoming(iid, ctx.now, limit=50):
        # A new version makes the reminders at the old times fall silent.
        await ctx.ports.reminders.cancel(KIND_MEETING, meeting_ref(m))
        await schedule_meeting(ctx, inst, await ctx.ports.instancias.change_meeting(m.id, bump=True))
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.offsets.changed", instancia_scope(iid))
    outcome = await panel(state, ctx, iid)
    outcome.effects.insert(0, Reply(t("instancia-offsets-saved", offsets=say_offsets(offsets))))
    return outcome


async def p_leave(state, ctx, iid, arg):
    if arg != "yes":
        inst = await ctx.ports.instancias.get(iid)
        return Outcome(state.at("leave")).reply(t("instancia-leave-confirm", name=inst.name), [b("instancia-leave-yes", "leave.yes"), panel_button()])
    mine = [g for g in await members(ctx, iid) if g.user_id == ctx.person.user_id]
    for g in mine:
        await ctx.ports.roles.revoke(g.id)
        await ctx.ports.roles.audit(ctx.person.user_id, "instancia.left", f"grant:{g.id}")
    inst = await ctx.ports.instancias.get(iid)
    outcome = Outcome(State()).reply(t("instancia-left", name=inst.name), menu_button())
    for g in mine[:1]:
        outcome.effects += notify_all(await secretarias(ctx, iid), t("instancia-left-news", who=member_label(g)), but=ctx.person.user_id)
    return outcome


async def p_overview(state, ctx, iid, arg):
    rows = await ctx.ports.instancias.overview(iid, today_in_lima(ctx.now), ctx.now)
    if not rows:
        return Outcome(state).reply(t("instancia-overview-none"), [panel_button()])
    lines = []
    for r in rows:
        last = say_date(in_lima(r.last_meeting.starts_at).date()) if r.last_meeting else None
        lines.append(
            t(
                "instancia-overview-line",
                name=r.instancia.name,
                last=last or "none",
                present=r.present if r.present is not None else "none",
                recorded=r.recorded or 0,
                overdue=r.overdue,
            )
        )
    return Outcome(state.at("overview")).reply(t("instancia-overview-head") + "\n\n" + "\n".join(lines), [panel_button(), menu_button()])


MEMBER_VERBS = {"panel", "meetings", "m", "agreements", "leave"}
MEMBER_TYPED: set[str] = set()
MULTILINE = {"vote_opts", "acta_notes"}
MEDIA: dict = {}  # steps that take a photo (evidence of progress)
PRESSES = {
    "panel": p_panel,
    "meetings": p_meetings,
    "m": p_meeting,
    "new": p_new,
    "repeat": p_repeat,
    "edit": p_edit,
    "cancel": p_cancel,
    "ser": p_series_toggle,
    "sersave": p_series_save,
    "agr": p_agreement,
    "inst": p_institution,
    "agreements": p_agreements,
    "members": p_members,
    "rm": p_remove,
    "invite": p_invite,
    "group": p_group,
    "offsets": p_offsets,
    "leave": p_leave,
    "overview": p_overview,
}
TYPED = {
    "new_date": typed_date,
    "edit_date": typed_date,
    "new_time": typed_time,
    "edit_time": typed_time,
    "new_place": typed_place,
    "edit_place": typed_place,
    "new_agenda": typed_agenda,
    "edit_agenda": typed_agenda,
    "agr_text": typed_agreement,
    "agr_inst": typed_institution,
    "agr_due": typed_due,
    "offsets": typed_offsets,
}
