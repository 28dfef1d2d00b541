"""The meeting cycle beyond the calendar: seats, the RSVP digest, the agenda, the acta (attendance
by seat, agreements, votes, notes, a PDF), the constancia de asistencia, the work plan, the law,
and the provincial report. These are steps of the instancia panel (flows.instancias.flow)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flows.app import command, menu_button, start_flow
from flows.core import Command, CopyIncoming, Notify, Outcome, Reply, SendDocument, State
from flows.instancias import report
from flows.instancias.common import (
    can_manage,
    members,
    my_seat,
    notify_all,
    meeting_ref,
    seats_with_holders,
    secretarias,
)
from flows.instancias.flow import ASKS, MEDIA, MEMBER_CODE_TTL, MEMBER_TYPED, MEMBER_VERBS, NAME, PRESSES, TYPED, b, panel_button
from flows.instancias.model import (
    ATTENDANCE,
    KIND_DIGEST,
    KIND_POST,
    KIND_VOTE,
    PROPOSALS_CLOSE,
    lima_to_utc,
    proposals_open,
    quarter_of,
    say_date,
    say_moment,
    seat_invite_scope,
    today_in_lima,
)
from flows.instancias.notices import post_ref, rsvp_digest
from flows.instancias.pdf import ActaData, acta_filename, acta_pdf, constancia_pdf, vote_result_text
from flows.ports import Ctx
from flows.roles import MIEMBRO
from flows.texts import t

MAX_TITLE, MAX_NOTES, MAX_QUESTION, MAX_OPTION = 300, 3000, 300, 100
VOTE_CLOSINGS = (600, 3600, 86400, 3 * 86400)  # seconds a vote stays open: 10 minutes to 3 days
DIGEST_HOURS = (24, 3, 1)


def _back_to(mid: int):
    return [b("instancia-button-back-meeting", f"m.{mid}"), panel_button()]


async def _meeting_of(ctx: Ctx, iid: int, arg: str):
    m = await ctx.ports.instancias.meeting(int(arg)) if arg.isdigit() else None
    return m if m is not None and m.instancia_id == iid else None


def _ask(state: State, step: str, text_id: str, **more) -> Outcome:
    return Outcome(state.at(step, **more)).reply(t(text_id), [panel_button(), menu_button()])


def _whole(text: str, low: int, high: int) -> int | None:
    digits = text.strip().rstrip("%").strip()
    return int(digits) if digits.isdigit() and low <= int(digits) <= high else None


# ---------------------------------------------------------------------------------------------
# Seats


async def p_seat_code(state, ctx, iid, arg):
    seat = await ctx.ports.instancias.seat(int(arg)) if arg.isdigit() else None
    if seat is None or seat.instancia_id != iid:
        return None
    code = await ctx.ports.roles.create_invite(MIEMBRO, seat_invite_scope(iid, seat.id), ctx.person.user_id, MEMBER_CODE_TTL, max_uses=1)
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.invite.seat", seat_invite_scope(iid, seat.id))
    return Outcome(state).reply(t("instancia-seat-code-made", institution=seat.institution, code=code, days=MEMBER_CODE_TTL.days), [panel_button()])


# ---------------------------------------------------------------------------------------------
# The RSVP digest: now, or at a moment before the meeting that she chooses.


async def p_digest(state, ctx, iid, arg):
    m = await _meeting_of(ctx, iid, arg)
    if m is None:
        return None
    return Outcome(state).reply(await rsvp_digest(ctx.ports, m), _back_to(m.id))


async def p_digest_at(state, ctx, iid, arg):
    mid, _, hours = arg.partition(".")
    m = await _meeting_of(ctx, iid, mid)
    if m is None:
        return None
    if not hours.isdigit():
        rows = [[b("instancia-digest-hours", f"digat.{m.id}.{h}", hours=h)] for h in DIGEST_HOURS if m.starts_at - timedelta(hours=h) > ctx.now]
        if not rows:
            return await p_digest(state, ctx, iid, mid)
        return Outcome(state).reply(t("instancia-digest-when"), *rows, _back_to(m.id))
    due = m.starts_at - timedelta(hours=int(hours))
    if due <= ctx.now:
        return await p_digest(state, ctx, iid, mid)
    await ctx.ports.reminders.schedule(KIND_DIGEST, meeting_ref(m), due, user_id=ctx.person.user_id)
    return Outcome(state).reply(t("instancia-digest-scheduled", when=say_moment(due)), _back_to(m.id))


# ---------------------------------------------------------------------------------------------
# The agenda: points with a responsible seat and a time; members propose until the deadline.


async def p_agenda(state, ctx, iid, arg):
    m = await _meeting_of(ctx, iid, arg)
    if m is None:
        return None
    items = await ctx.ports.instancias.items(m.id)
    seats = {s.id: s.institution for s in await ctx.ports.instancias.seats(iid)}
    manage = await can_manage(ctx, iid)
    accepted = [i for i in items if i.accepted]
    proposed = [i for i in items if not i.accepted]
    lines = [t("instancia-agenda-title", when=say_moment(m.starts_at))]
    lines += [f"{n}. " + t("instancia-agenda-line", title=i.title, institution=seats.get(i.seat_id, "none"), minutes=i.minutes or 0) for n, i in enumerate(accepted, 1)]
    if not accepted:
        lines.append(t("instancia-agenda-empty", agenda=m.agenda))
    if proposed:
        lines.append("\n" + t("instancia-agenda-proposed"))
        lines += [f"• {i.title} ({seats.get(i.seat_id, '—')})" for i in proposed]
    rows = []
    if manage:
        rows.append([b("instancia-agenda-add", f"aadd.{m.id}")])
        rows += [[b("instancia-agenda-accept", f"aok.{i.id}", title=i.title[:30]), b("instancia-agenda-drop", f"adrop.{i.id}")] for i in proposed]
    if proposals_open(m, ctx.now):
        rows.append([b("instancia-agenda-propose", f"apro.{m.id}")])
        lines.append("\n" + t("instancia-agenda-deadline", until=say_moment(m.starts_at - PROPOSALS_CLOSE)))
    rows.append(_back_to(m.id))
    return Outcome(state.at("agenda", mid=m.id)).reply("\n".join(lines), *rows)


async def p_agenda_propose(state, ctx, iid, arg):
    m = await _meeting_of(ctx, iid, arg)
    if m is None:
        return None
    if not proposals_open(m, ctx.now):
        return Outcome(state).reply(t("instancia-agenda-closed"), _back_to(m.id))
    return _ask(state, "agenda_propose", "instancia-agenda-ask-proposal", mid=m.id)


async def typed_proposal(state, ctx, iid, text):
    m = await _meeting_of(ctx, iid, str(state.data.get("mid")))
    if m is None or not proposals_open(m, ctx.now):
        return Outcome(state.at("agenda")).reply(t("instancia-agenda-closed"), [panel_button()])
    if not 3 <= len(text) <= MAX_TITLE:
        return Outcome(state).reply(t("instancia-too-long", max=MAX_TITLE), [panel_button()])
    seat = await my_seat(ctx, iid)
    await ctx.ports.instancias.add_item(m.id, text, seat.id if seat else None, None, False, ctx.person.user_id)
    outcome = Outcome(state.at("agenda")).reply(t("instancia-agenda-proposal-saved", until=say_moment(m.starts_at - PROPOSALS_CLOSE)), _back_to(m.id))
    news = t("instancia-agenda-proposal-news", institution=seat.institution if seat else "—", title=text, when=say_moment(m.starts_at))
    outcome.effects += notify_all(await secretarias(ctx, iid), news, but=ctx.person.user_id)
    return outcome


async def p_agenda_add(state, ctx, iid, arg):
    m = await _meeting_of(ctx, iid, arg)
    if m is None:
        return None
    return _ask(state, "agenda_title", "instancia-agenda-ask-title", mid=m.id)


async def typed_agenda_title(state, ctx, iid, text):
    if not 3 <= len(text) <= MAX_TITLE:
        return Outcome(state).reply(t("instancia-too-long", max=MAX_TITLE), [panel_button()])
    seats = await ctx.ports.instancias.seats(iid)
    rows = [[b("instancia-institution-item", f"aseat.{s.id}", institution=s.institution)] for s in seats[:20]]
    rows.append([b("instancia-agenda-no-seat", "aseat.0")])
    return Outcome(state.at("agenda_seat", title=text)).reply(t("instancia-agenda-ask-seat"), *rows, [panel_button()])


async def p_agenda_seat(state, ctx, iid, arg):
    if state.step != "agenda_seat" or not arg.isdigit():
        return None
    seat = await ctx.ports.instancias.seat(int(arg)) if arg != "0" else None
    if seat is not None and seat.instancia_id != iid:
        return None
    return _ask(state, "agenda_minutes", "instancia-agenda-ask-minutes", seat=seat.id if seat else None)


async def typed_agenda_minutes(state, ctx, iid, text):
    minutes = _whole(text, 1, 240)
    if minutes is None:
        return Outcome(state).reply(t("instancia-agenda-bad-minutes"), [panel_button()])
    mid = state.data["mid"]
    if state.step == "agenda_accept":
        item = next((i for i in await ctx.ports.instancias.items(mid) if i.id == state.data["item"]), None)
        if item is not None:
            await ctx.ports.instancias.accept_item(item.id, minutes)
    else:
        await ctx.ports.instancias.add_item(mid, state.data["title"], state.data.get("seat"), minutes, True, ctx.person.user_id)
    outcome = await p_agenda(state, ctx, iid, str(mid))
    outcome.effects.insert(0, Reply(t("instancia-agenda-saved")))
    return outcome


async def _proposal(ctx, iid, arg):
    """A proposed point of a meeting of this instancia."""
    if not arg.isdigit():
        return None, None
    for m in await ctx.ports.instancias.upcoming(iid, ctx.now, limit=50):
        for item in await ctx.ports.instancias.items(m.id):
            if item.id == int(arg) and not item.accepted:
                return m, item
    return None, None


async def p_agenda_accept(state, ctx, iid, arg):
    m, item = await _proposal(ctx, iid, arg)
    if item is None:
        return None
    return _ask(state, "agenda_accept", "instancia-agenda-ask-minutes", mid=m.id, item=item.id)


async def p_agenda_drop(state, ctx, iid, arg):
    m, item = await _proposal(ctx, iid, arg)
    if item is None:
        return None
    await ctx.ports.instancias.drop_item(item.id)
    return await p_agenda(state, ctx, iid, str(m.id))


# ---------------------------------------------------------------------------------------------
# The acta: attendance by seat, agreements, votes, notes; then a PDF for everyone, and kept.

MARKS = {"present": "✅", "excused": "🟨", "absent": "❌"}


async def p_attendance(state, ctx, iid, arg):
    recent = await ctx.ports.instancias.past(iid, ctx.now, limit=4)
    if not recent:
        return Outcome(state).reply(t("instancia-no-past"), [panel_button()])
    rows = [[b("instancia-meeting-item", f"attm.{m.id}", when=say_moment(m.starts_at))] for m in recent]
    return Outcome(state.at("att_pick")).reply(t("instancia-att-which"), *rows, [panel_button()])


async def p_attendance_meeting(state, ctx, iid, arg):
    m = await _meeting_of(ctx, iid, arg)
    if m is None or m.starts_at > ctx.now:
        return None
    recorded = await ctx.ports.instancias.seat_attendance(m.id)
    marks = {str(s.id): recorded.get(s.id, "absent") for s in await ctx.ports.instancias.seats(iid)}
    return await _attendance_sheet(state.at("att", mid=m.id, acta=True, marks=marks), ctx, iid)


async def _attendance_sheet(state, ctx, iid):
    m = await ctx.ports.instancias.meeting(state.data["mid"])
    marks = state.data["marks"]
    seats = [(s, holders) for s, holders in await seats_with_holders(ctx.ports, iid) if str(s.id) in marks]
    rows = [
        [b("instancia-att-item", f"tog.{s.id}", mark=MARKS[marks[str(s.id)]], who=s.institution, holders=", ".join(g.display_name or "—" for g in holders) or "none")]
        for s, holders in seats
    ]
    rows.append([b("instancia-att-save", "attsave")])
    rows.append([panel_button()])
    return Outcome(state).reply(t("instancia-att-sheet", when=say_moment(m.starts_at)), *rows)


async def p_toggle(state, ctx, iid, arg):
    marks = dict(state.data.get("marks") or {})
    if state.step != "att" or arg not in marks:
        return None
    marks[arg] = ATTENDANCE[(ATTENDANCE.index(marks[arg]) + 1) % len(ATTENDANCE)]  # present -> excused -> absent -> present
    return await _attendance_sheet(state.at("att", marks=marks), ctx, iid)


async def p_save_attendance(state, ctx, iid, arg):
    if state.step != "att":
        return None
    seats = {str(s.id): s for s in await ctx.ports.instancias.seats(iid)}
    rows = [(seats[k].id, seats[k].institution, v) for k, v in state.data["marks"].items() if k in seats]
    await ctx.ports.instancias.record_seat_attendance(state.data["mid"], rows)
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.attendance.recorded", f"meeting:{state.data['mid']}")
    outcome = await p_acta(state, ctx, iid, str(state.data["mid"]))
    here = sum(1 for _, _, v in rows if v == "present")
    outcome.effects.insert(0, Reply(t("instancia-att-saved", present=here, total=len(rows))))
    return outcome


async def p_acta(state, ctx, iid, arg):
    """The acta's hub: what is recorded so far, and the next steps."""
    m = await _meeting_of(ctx, iid, arg)
    if m is None:
        return None
    data = await acta_data(ctx.ports, iid, m, "")
    lines = [t("instancia-acta-head", when=say_moment(m.starts_at))]
    for status in ATTENDANCE:
        names = [i for i, s in data.attendance if s == status]
        lines.append(t("pdf-attendance-line", status=status, count=len(names), names=", ".join(names) or "—"))
    lines.append(t("instancia-acta-agreements", count=len(data.agreements)))
    lines += [f"• {text} ({institution}, {say_date(due)})" for text, institution, due in data.agreements]
    lines += [f"🗳️ {vote_result_text(r)}" for r in data.votes]
    rows = [
        [b("instancia-button-new-agreement", "agr"), b("instancia-button-vote", "vote")],
        [b("instancia-acta-attendance-again", f"attm.{m.id}")],
        [b("instancia-acta-notes", "actanotes")],
        [panel_button()],
    ]
    return Outcome(State(NAME, "acta", {"iid": iid, "mid": m.id, "acta": True})).reply("\n".join(lines), *rows)


async def p_acta_notes(state, ctx, iid, arg):
    if not state.data.get("mid"):
        return None
    return Outcome(state.at("acta_notes")).reply(t("instancia-acta-ask-notes"), [b("instancia-acta-no-notes", "actaclose")], [panel_button()])


async def typed_notes(state, ctx, iid, text):
    if not 2 <= len(text) <= MAX_NOTES:
        return Outcome(state).reply(t("instancia-too-long", max=MAX_NOTES), [panel_button()])
    return await p_acta_close(state.at("acta_notes", notes=text), ctx, iid, "")


async def acta_data(ports, iid: int, m, notes: str) -> ActaData:
    inst = await ports.instancias.get(iid)
    seats = await ports.instancias.seats(iid)
    names = {s.id: s.institution for s in seats}
    recorded = await ports.instancias.seat_attendance(m.id)
    agenda = [(i.title, names.get(i.seat_id, ""), i.minutes) for i in await ports.instancias.items(m.id) if i.accepted]
    attendance = [(s.institution, recorded[s.id]) for s in seats if s.id in recorded]
    agreements = [(a.text, a.institution, a.due_on) for a in await ports.instancias.agreements([iid], pending_only=False) if a.meeting_id == m.id]
    votes = [await ports.instancias.vote_result(v.id) for v in await ports.instancias.votes(m.id)]
    return ActaData(inst, m, agenda, attendance, agreements, votes, notes)


async def p_acta_close(state, ctx, iid, arg):
    m = await _meeting_of(ctx, iid, str(state.data.get("mid")))
    if m is None or state.step not in ("acta_notes",):
        return None
    if not await ctx.ports.instancias.seat_attendance(m.id):
        outcome = await p_attendance_meeting(state, ctx, iid, str(m.id))
        outcome.effects.insert(0, Reply(t("instancia-acta-needs-attendance")))
        return outcome
    notes = state.data.get("notes", "")
    pdf = acta_pdf(await acta_data(ctx.ports, iid, m, notes))
    await ctx.ports.instancias.save_acta(m.id, notes, pdf, ctx.person.user_id)
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.acta.saved", f"meeting:{m.id}")
    sent_to = 0
    for user_id in dict.fromkeys(g.user_id for g in await members(ctx, iid)):
        if user_id != ctx.person.user_id:
            await ctx.ports.reminders.schedule(KIND_POST, post_ref("acta", m.id), ctx.now, user_id=user_id)
            sent_to += 1
    inst = await ctx.ports.instancias.get(iid)
    address = await ctx.ports.instancias.group_address(iid)
    if address:
        await ctx.ports.reminders.schedule(KIND_POST, post_ref("acta", m.id, inst.group_version), ctx.now, address=address)
    caption = t("instancia-acta-caption", when=say_moment(m.starts_at))
    return Outcome(State(NAME, "panel", {"iid": iid}), [
        SendDocument(acta_filename(m), pdf, caption),
        Reply(t("instancia-acta-sent", members=sent_to, group="yes" if address else "no"), ((panel_button(), menu_button()),)),
    ])


# ---------------------------------------------------------------------------------------------
# Votes: a question, its options and a closing time; a Telegram poll in the group (or to each
# member when there is no group); the result goes into the acta of its meeting.


async def p_vote(state, ctx, iid, arg):
    mid = state.data.get("mid") if state.data.get("acta") else None
    if mid is None:  # a vote belongs to the meeting held today, if any
        latest = (await ctx.ports.instancias.past(iid, ctx.now, limit=1) or [None])[0]
        mid = latest.id if latest and ctx.now - latest.starts_at < timedelta(hours=12) else None
    return _ask(State(NAME, "vote_q", {"iid": iid, "mid": mid, "acta": state.data.get("acta")}), "vote_q", "instancia-vote-ask-question")


async def typed_vote_question(state, ctx, iid, text):
    if not 3 <= len(text) <= MAX_QUESTION:
        return Outcome(state).reply(t("instancia-too-long", max=MAX_QUESTION), [panel_button()])
    return _ask(state, "vote_opts", "instancia-vote-ask-options", question=text)


async def typed_vote_options(state, ctx, iid, text):
    parts = [" ".join(p.split()) for p in text.replace("\n", ";").split(";")]
    options = list(dict.fromkeys(p for p in parts if p))
    if not 2 <= len(options) <= 10 or any(len(o) > MAX_OPTION for o in options):
        return Outcome(state).reply(t("instancia-vote-bad-options"), [panel_button()])
    rows = [[b("instancia-vote-closing", f"vclose.{s}", minutes=s // 60)] for s in VOTE_CLOSINGS]
    return Outcome(state.at("vote_close", options=options)).reply(t("instancia-vote-ask-closing"), *rows, [panel_button()])


async def p_vote_close(state, ctx, iid, arg):
    if state.step != "vote_close" or not arg.isdigit() or int(arg) not in VOTE_CLOSINGS:
        return None
    closes = ctx.now + timedelta(seconds=int(arg))
    vote = await ctx.ports.instancias.add_vote(iid, state.data.get("mid"), state.data["question"], tuple(state.data["options"]), closes, ctx.person.user_id)
    inst = await ctx.ports.instancias.get(iid)
    address = await ctx.ports.instancias.group_address(iid)
    if address:
        await ctx.ports.reminders.schedule(KIND_POST, post_ref("poll", vote.id, inst.group_version), ctx.now, address=address)
        await ctx.ports.reminders.schedule(KIND_VOTE, f"{vote.id}.g{inst.group_version}", closes, address=address)
    else:
        for user_id in dict.fromkeys(g.user_id for g in await members(ctx, iid)):
            await ctx.ports.reminders.schedule(KIND_POST, post_ref("poll", vote.id), ctx.now, user_id=user_id)
    for g in await secretarias(ctx, iid):
        await ctx.ports.reminders.schedule(KIND_VOTE, str(vote.id), closes, user_id=g.user_id)
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.vote.opened", f"vote:{vote.id}")
    rows = [[b("instancia-vote-end", f"vend.{vote.id}")]]
    if state.data.get("acta") and state.data.get("mid"):
        rows.append([b("instancia-acta-continue", f"acta.{state.data['mid']}")])
    rows.append([panel_button()])
    where = "group" if address else "members"
    return Outcome(state.at("voting", vote=vote.id)).reply(t("instancia-vote-open", question=vote.question, until=say_moment(closes), where=where), *rows)


async def p_vote_end(state, ctx, iid, arg):
    vote = await ctx.ports.instancias.vote(int(arg)) if arg.isdigit() else None
    if vote is None or vote.instancia_id != iid:
        return None
    if await ctx.ports.instancias.close_vote(vote.id):
        await ctx.ports.roles.audit(ctx.person.user_id, "instancia.vote.closed", f"vote:{vote.id}")
        await ctx.ports.reminders.cancel(KIND_VOTE, str(vote.id))
        inst = await ctx.ports.instancias.get(iid)
        address = await ctx.ports.instancias.group_address(iid)
        if address:  # the group hears the result now rather than at the closing time
            ref = f"{vote.id}.g{inst.group_version}"
            await ctx.ports.reminders.cancel(KIND_VOTE, ref)
            await ctx.ports.reminders.schedule(KIND_VOTE, ref, ctx.now, address=address)
    result = await ctx.ports.instancias.vote_result(vote.id)
    rows = [[b("instancia-acta-continue", f"acta.{vote.meeting_id}")]] if vote.meeting_id else []
    return Outcome(state).reply(vote_result_text(result), *rows, [panel_button()])


# ---------------------------------------------------------------------------------------------
# The constancia de asistencia: the meetings her seat attended in a period, as a PDF.


async def p_constancia(state, ctx, iid, arg):
    year = today_in_lima(ctx.now).year
    if arg not in ("this", "last"):
        return Outcome(state).reply(
            t("instancia-constancia-which"),
            [b("instancia-constancia-year", "const.this", year=str(year)), b("instancia-constancia-year", "const.last", year=str(year - 1))],
            [panel_button()],
        )
    year = year if arg == "this" else year - 1
    seat = await my_seat(ctx, iid)
    if seat is None:
        return Outcome(state).reply(t("instancia-not-for-you"), [panel_button()])
    rows = await ctx.ports.instancias.attended(seat.id, lima_to_utc(date(year, 1, 1), datetime.min.time()), lima_to_utc(date(year + 1, 1, 1), datetime.min.time()))
    if not rows:
        return Outcome(state).reply(t("instancia-constancia-none", year=str(year), institution=seat.institution), [panel_button()])
    me = next(g for g in await members(ctx, iid) if g.user_id == ctx.person.user_id)
    inst = await ctx.ports.instancias.get(iid)
    pdf = constancia_pdf(inst, seat.institution, me.display_name or "—", str(year), rows, today_in_lima(ctx.now))
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.constancia", f"seat:{seat.id}")
    return Outcome(state, [SendDocument(f"constancia-{year}.pdf", pdf, t("instancia-constancia-caption", year=str(year))), Reply(t("instancia-what-next"), ((panel_button(), menu_button()),))])


# ---------------------------------------------------------------------------------------------
# Ley N° 31439, with its source.


async def p_law(state, ctx, iid, arg):
    return Outcome(state).reply(t("instancia-law-31439"), [panel_button(), menu_button()])


# ---------------------------------------------------------------------------------------------
# The provincial report


async def p_report(state, ctx, iid, arg):
    if not await ctx.ports.instancias.children(iid):
        return None
    today = today_in_lima(ctx.now)
    if arg not in ("q", "y"):
        return Outcome(state).reply(
            t("instancia-report-which"),
            [b("instancia-report-quarter", "report.q", quarter=quarter_of(today), year=str(today.year)), b("instancia-report-year", "report.y", year=str(today.year))],
            [panel_button()],
        )
    period = report.Period(today.year, quarter_of(today) if arg == "q" else None)
    pdf = await report.build(ctx.ports, iid, period, ctx.now)
    await report.schedule_next(ctx.ports, iid, ctx.person.user_id, today)
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.report", f"instancia:{iid}")
    return Outcome(state, [SendDocument(report.filename(period), pdf, t("instancia-report-caption", period=period.label())), Reply(t("instancia-report-scheduled"), ((panel_button(), menu_button()),))])


# ---------------------------------------------------------------------------------------------
# The work plan: /plan


@command("plan")
async def on_plan(cmd: Command, state: State, ctx: Ctx) -> Outcome:
    from flows.instancias.common import my_instancia_ids

    ids = await my_instancia_ids(ctx)
    if len(ids) != 1:
        return await start_flow(NAME, state, ctx)
    return await p_plan(State(NAME, "panel", {"iid": ids[0]}), ctx, ids[0], "")


async def p_plan(state, ctx, iid, arg):
    year = today_in_lima(ctx.now).year
    activities = await ctx.ports.instancias.activities(iid, year)
    seats = {s.id: s.institution for s in await ctx.ports.instancias.seats(iid)}
    agreements = await ctx.ports.instancias.agreements([iid], pending_only=False)
    lines = [t("instancia-plan-head", year=str(year), count=len(activities))]
    mine = await my_seat(ctx, iid)
    manage = await can_manage(ctx, iid)
    rows = []
    for n, a in enumerate(activities, 1):
        linked = [x for x in agreements if x.activity_id == a.id]
        lines.append(f"{n}. " + t(
            "instancia-plan-line", title=a.title, institution=seats.get(a.seat_id, "none"), quarter=a.quarter,
            indicator=a.indicator, percent=a.percent, note=a.note or "none",
            agreements=len(linked), done=sum(1 for x in linked if x.done),
        ))
        if manage or (mine and mine.id == a.seat_id):
            rows.append([b("instancia-plan-progress", f"pprog.{a.id}", n=n)])
    if manage:
        rows.append([b("instancia-plan-new", "pnew")])
    rows.append([panel_button(), menu_button()])
    return Outcome(state.at("plan")).reply("\n".join(lines), *rows)


async def p_plan_new(state, ctx, iid, arg):
    return _ask(state, "plan_title", "instancia-plan-ask-title")


async def typed_plan_title(state, ctx, iid, text):
    if not 3 <= len(text) <= MAX_TITLE:
        return Outcome(state).reply(t("instancia-too-long", max=MAX_TITLE), [panel_button()])
    rows = [[b("instancia-institution-item", f"pseat.{s.id}", institution=s.institution)] for s in (await ctx.ports.instancias.seats(iid))[:20]]
    return Outcome(state.at("plan_seat", title=text)).reply(t("instancia-ask-institution"), *rows, [panel_button()])


async def p_plan_seat(state, ctx, iid, arg):
    seat = await ctx.ports.instancias.seat(int(arg)) if arg.isdigit() else None
    if state.step != "plan_seat" or seat is None or seat.instancia_id != iid:
        return None
    rows = [[b("instancia-plan-quarter", f"pq.{q}", quarter=q) for q in (1, 2, 3, 4)]]
    return Outcome(state.at("plan_quarter", seat=seat.id)).reply(t("instancia-plan-ask-quarter"), *rows, [panel_button()])


async def p_plan_quarter(state, ctx, iid, arg):
    if state.step != "plan_quarter" or arg not in ("1", "2", "3", "4"):
        return None
    return _ask(state, "plan_indicator", "instancia-plan-ask-indicator", quarter=int(arg))


async def typed_plan_indicator(state, ctx, iid, text):
    if not 2 <= len(text) <= MAX_TITLE:
        return Outcome(state).reply(t("instancia-too-long", max=MAX_TITLE), [panel_button()])
    year = today_in_lima(ctx.now).year
    await ctx.ports.instancias.add_activity(iid, year, state.data["title"], state.data["seat"], state.data["quarter"], text)
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.plan.activity", f"instancia:{iid}")
    outcome = await p_plan(state, ctx, iid, "")
    outcome.effects.insert(0, Reply(t("instancia-plan-saved")))
    return outcome


async def _may_mark(ctx, iid, activity) -> bool:
    if activity is None or activity.instancia_id != iid:
        return False
    mine = await my_seat(ctx, iid)
    return await can_manage(ctx, iid) or bool(mine and mine.id == activity.seat_id)


async def p_plan_link(state, ctx, iid, arg):
    agreement_id, _, activity_id = arg.partition(".")
    a = await ctx.ports.instancias.agreement(int(agreement_id)) if agreement_id.isdigit() else None
    activity = await ctx.ports.instancias.activity(int(activity_id)) if activity_id.isdigit() else None
    if a is None or activity is None or a.instancia_id != iid or activity.instancia_id != iid:
        return None
    await ctx.ports.instancias.link_agreement(a.id, activity.id)
    return Outcome(state).reply(t("instancia-plan-linked", text=a.text, title=activity.title), [b("instancia-button-plan", "plan"), panel_button()])


async def p_plan_progress(state, ctx, iid, arg):
    activity = await ctx.ports.instancias.activity(int(arg)) if arg.isdigit() else None
    if not await _may_mark(ctx, iid, activity):
        return Outcome(state).reply(t("instancia-not-for-you"), [panel_button()])
    return _ask(state, "plan_percent", "instancia-plan-ask-percent", activity=activity.id)


async def typed_plan_percent(state, ctx, iid, text):
    percent = _whole(text, 0, 100)
    if percent is None:
        return Outcome(state).reply(t("instancia-plan-bad-percent"), [panel_button()])
    return _ask(state, "plan_note", "instancia-plan-ask-note", percent=percent)


async def typed_plan_note(state, ctx, iid, text, photo: bool = False):
    activity = await ctx.ports.instancias.activity(state.data.get("activity") or 0)
    if not await _may_mark(ctx, iid, activity):
        return Outcome(state).reply(t("instancia-not-for-you"), [panel_button()])
    if not 2 <= len(text) <= MAX_TITLE:
        return Outcome(state).reply(t("instancia-plan-ask-note" if photo else "instancia-too-long", max=MAX_TITLE), [panel_button()])
    await ctx.ports.instancias.mark_progress(activity.id, state.data["percent"], text, None, ctx.person.user_id)
    outcome = await p_plan(state, ctx, iid, "")
    outcome.effects.insert(0, Reply(t("instancia-plan-progress-saved", percent=state.data["percent"])))
    news = t("instancia-plan-progress-news", title=activity.title, percent=state.data["percent"], note=text)
    for g in await secretarias(ctx, iid):
        if g.user_id != ctx.person.user_id:
            # The photo is passed on as evidence, not kept: the secretaría has it in her chat.
            outcome.effects.append(CopyIncoming(g.user_id, news) if photo else Notify(g.user_id, news))
    return outcome


async def photo_plan_note(state, ctx, iid, event):
    """A photo as evidence, its caption the note."""
    if event.kind != "photo":
        return Outcome(state).reply(t("instancia-plan-ask-note"), [panel_button()])
    return await typed_plan_note(state, ctx, iid, " ".join(event.caption.split()), photo=True)


# ---------------------------------------------------------------------------------------------

MEMBER_VERBS |= {"agenda", "apro", "const", "law", "plan", "pprog"}
MEMBER_TYPED |= {"agenda_propose", "plan_percent", "plan_note"}
PRESSES.update({
    "seatcode": p_seat_code,
    "dig": p_digest,
    "digat": p_digest_at,
    "agenda": p_agenda,
    "apro": p_agenda_propose,
    "aadd": p_agenda_add,
    "aseat": p_agenda_seat,
    "aok": p_agenda_accept,
    "adrop": p_agenda_drop,
    "att": p_attendance,
    "attm": p_attendance_meeting,
    "tog": p_toggle,
    "attsave": p_save_attendance,
    "acta": p_acta,
    "actanotes": p_acta_notes,
    "actaclose": p_acta_close,
    "vote": p_vote,
    "vclose": p_vote_close,
    "vend": p_vote_end,
    "const": p_constancia,
    "law": p_law,
    "report": p_report,
    "plan": p_plan,
    "pnew": p_plan_new,
    "pseat": p_plan_seat,
    "pq": p_plan_quarter,
    "pprog": p_plan_progress,
    "alink": p_plan_link,
})
TYPED.update({
    "agenda_propose": typed_proposal,
    "agenda_title": typed_agenda_title,
    "agenda_minutes": typed_agenda_minutes,
    "agenda_accept": typed_agenda_minutes,
    "acta_notes": typed_notes,
    "vote_q": typed_vote_question,
    "vote_opts": typed_vote_options,
    "plan_title": typed_plan_title,
    "plan_indicator": typed_plan_indicator,
    "plan_percent": typed_plan_percent,
    "plan_note": typed_plan_note,
})
MEDIA["plan_note"] = photo_plan_note
ASKS.update({
    "agenda_propose": "instancia-agenda-ask-proposal",
    "agenda_title": "instancia-agenda-ask-title",
    "agenda_minutes": "instancia-agenda-ask-minutes",
    "agenda_accept": "instancia-agenda-ask-minutes",
    "acta_notes": "instancia-acta-ask-notes",
    "vote_q": "instancia-vote-ask-question",
    "vote_opts": "instancia-vote-ask-options",
    "plan_title": "instancia-plan-ask-title",
    "plan_indicator": "instancia-plan-ask-indicator",
    "plan_percent": "instancia-plan-ask-percent",
    "plan_note": "instancia-plan-ask-note",
})
