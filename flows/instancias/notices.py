"""What reaches members outside a conversation: reminders worded when they fall due, the
"Asistiré" / "No podré" buttons, calendar files, agreements marked done, and the linked group."""
from __future__ import annotations

from datetime import datetime

from flows import reminders
from flows.app import action, command, on_event
from flows.core import BotMembership, Button, Command, Outcome, PollAnswer, Press, Reply, SendDocument, SendPoll, State
from flows.instancias import ics
from flows.instancias.common import (
    agenda_text,
    calendar_button,
    can_manage,
    is_member,
    meeting_text,
    members,
    members_of,
    my_instancia_ids,
    notify_all,
    rsvp_buttons,
    schedule_group_meeting,
    scope_id,
    secretarias,
)
from flows.instancias.model import (
    GROUP_ROLE,
    KIND_AGREEMENT,
    KIND_DIGEST,
    KIND_MEETING,
    KIND_NEWS,
    KIND_POST,
    KIND_VOTE,
    Agreement,
    same_institution,
    say_date,
    say_moment,
    today_in_lima,
)
from flows.ports import Ctx, Ports
from flows.roles import SECRETARIA, instancia_scope
from flows.texts import t

GROUP_CHATS = ("group", "supergroup")


def _ints(ref: str) -> tuple[list[int], int | None]:
    """"12.3" or "12.3.g2" -> ([12, 3], 2)"""
    parts = ref.split(".")
    group = int(parts[-1][1:]) if parts[-1].startswith("g") else None
    return [int(p) for p in parts if not p.startswith("g")], group


async def unreachable_note(ports: Ports, iid: int) -> str:
    """Members who blocked the bot: the secretaría hears of them instead of the bot retrying."""
    people = await members_of(ports, iid)
    lost = await ports.instancias.unreachable([g.user_id for g in people])
    names = sorted({f"{g.display_name} ({g.institution})" for g in people if g.user_id in lost})
    return t("instancia-unreachable", names=", ".join(names)) if names else ""


async def rsvp_digest(ports: Ports, m) -> str:
    """Who will come, who will not, who has not answered: one message instead of one per answer."""
    answers = await ports.instancias.rsvps(m.id)
    people = {g.user_id: g for g in await members_of(ports, m.instancia_id)}
    def names(pick) -> str:
        found = sorted({f"{g.display_name} ({g.institution})" for uid, g in people.items() if pick(answers.get(uid))})
        return ", ".join(found) if found else "—"
    return t(
        "instancia-digest", when=say_moment(m.starts_at),
        yes=names(lambda a: a is True), no=names(lambda a: a is False), pending=names(lambda a: a is None),
        pending_count=sum(1 for uid in people if uid not in answers),
    )


async def rsvp_summary(ports: Ports, meeting_id: int) -> str:
    yes, no = await ports.instancias.rsvp_counts(meeting_id)
    return t("instancia-rsvp-count", yes=yes, no=no)


# ---------------------------------------------------------------------------------------------
# Reminders


@reminders.renderer(KIND_MEETING)
async def render_meeting(ref: str, ports: Ports, now: datetime, user_id: int | None) -> list:
    (meeting_id, version), group = _ints(ref)
    m = await ports.instancias.meeting(meeting_id)
    if m is None or m.cancelled or m.version != version or m.starts_at <= now:
        return []
    inst = await ports.instancias.get(m.instancia_id)
    if inst is None:
        return []
    text = t("instancia-reminder", when=say_moment(m.starts_at)) + "\n\n" + meeting_text(inst, m) + await agenda_text(ports, m)
    if user_id is None:
        if not inst.has_group or inst.group_version != group:
            return []
        return [Reply(text)]
    grants = [g for g in await ports.roles.grants(user_id) if g.scope == instancia_scope(inst.id)]
    if not grants or await ports.instancias.unreachable([user_id]):
        return []  # she left, or blocked the bot (her secretaría is told, below)
    if any(g.role == SECRETARIA for g in grants):
        text += "\n\n" + await rsvp_digest(ports, m)
        note = await unreachable_note(ports, inst.id)
        if note:
            text += "\n" + note
    return [Reply(text, (tuple(rsvp_buttons(m)), (calendar_button(m),)))]


@reminders.renderer(KIND_NEWS)
async def render_news(ref: str, ports: Ports, now: datetime, user_id: int | None) -> list:
    what, rest = ref.split(".", 1)
    (meeting_id, version), group = _ints(rest)
    m = await ports.instancias.meeting(meeting_id)
    inst = await ports.instancias.get(m.instancia_id) if m else None
    if m is None or inst is None or not inst.has_group or inst.group_version != group:
        return []
    if what == "cnl":
        return [Reply(t("instancia-cancelled", name=inst.name, when=say_moment(m.starts_at)))] if m.cancelled else []
    if m.cancelled or m.version != version:
        return []  # a later change has its own post
    heading = t("instancia-new-meeting") if what == "new" else t("instancia-changed-meeting")
    return [Reply(heading + "\n\n" + meeting_text(inst, m))]


@reminders.renderer(KIND_AGREEMENT)
async def render_agreement(ref: str, ports: Ports, now: datetime, user_id: int | None) -> list:
    a = await ports.instancias.agreement(int(ref))
    if a is None or a.done or user_id is None:
        return []
    grants = [g for g in await ports.roles.grants(user_id) if g.scope == instancia_scope(a.instancia_id)]
    if not any(same_institution(g.institution, a.institution) for g in grants):
        return []  # she no longer answers for that institution
    inst = await ports.instancias.get(a.instancia_id)
    text = t("instancia-agreement-reminder", name=inst.name if inst else "", text=a.text, institution=a.institution, due=say_date(a.due_on))
    return [Reply(text, ((done_button(a),),))]


def done_button(a: Agreement) -> Button:
    return Button(t("instancia-agreement-done-button"), "iagr", str(a.id))


# ---------------------------------------------------------------------------------------------
# Buttons valid anywhere: on a reminder, an announcement, a list.


@action("irsvp")
async def on_rsvp(press: Press, state: State, ctx: Ctx) -> Outcome:
    meeting_id, _, answer = press.arg.partition(".")
    m = await ctx.ports.instancias.meeting(int(meeting_id)) if meeting_id.isdigit() else None
    if m is None or ctx.person.user_id is None or not await is_member(ctx, m.instancia_id):
        return Outcome(state).reply(t("instancia-not-for-you"))
    if m.cancelled or m.starts_at <= ctx.now:
        return Outcome(state).reply(t("instancia-rsvp-closed"))
    attending = answer == "1"
    await ctx.ports.instancias.seen(ctx.person.user_id)
    changed = await ctx.ports.instancias.rsvp(m.id, ctx.person.user_id, attending)
    outcome = Outcome(state).reply(t("instancia-rsvp-thanks", attending="yes" if attending else "no", changed="yes" if changed else "no"))
    # The secretaría is not told of each answer: she reads them together (digest) when she wants.
    if changed and await can_manage(ctx, m.instancia_id):
        outcome.reply(await rsvp_summary(ctx.ports, m.id))
    return outcome


@reminders.renderer(KIND_DIGEST)
async def render_digest(ref: str, ports: Ports, now: datetime, user_id: int | None) -> list:
    (meeting_id, version), _ = _ints(ref)
    m = await ports.instancias.meeting(meeting_id)
    if m is None or m.cancelled or m.version != version or user_id is None:
        return []
    if not any(g.role == SECRETARIA and g.scope == instancia_scope(m.instancia_id) for g in await ports.roles.grants(user_id)):
        return []
    return [Reply(await rsvp_digest(ports, m))]


@action("iics")
async def on_calendar(press: Press, state: State, ctx: Ctx) -> Outcome:
    m = await ctx.ports.instancias.meeting(int(press.arg)) if press.arg.isdigit() else None
    if m is None or not await is_member(ctx, m.instancia_id):
        return Outcome(state).reply(t("instancia-not-for-you"))
    inst = await ctx.ports.instancias.get(m.instancia_id)
    content = ics.meeting_ics(inst, m, ctx.now)
    return Outcome(state, [SendDocument(ics.filename(m), content, t("instancia-calendar-caption"))])


@action("iagr")
async def on_agreement_done(press: Press, state: State, ctx: Ctx) -> Outcome:
    a = await ctx.ports.instancias.agreement(int(press.arg)) if press.arg.isdigit() else None
    if a is None or not await may_close(ctx, a):
        return Outcome(state).reply(t("instancia-not-for-you"))
    if not await ctx.ports.instancias.mark_done(a.id, ctx.person.user_id):
        return Outcome(state).reply(t("instancia-agreement-already"))
    await ctx.ports.roles.audit(ctx.person.user_id, "instancia.agreement.done", f"agreement:{a.id}")
    await ctx.ports.reminders.cancel(KIND_AGREEMENT, str(a.id))
    outcome = Outcome(state).reply(t("instancia-agreement-marked", text=a.text))
    outcome.effects += notify_all(
        await secretarias(ctx, a.instancia_id), t("instancia-agreement-marked-news", text=a.text, institution=a.institution), but=ctx.person.user_id
    )
    return outcome


async def may_close(ctx: Ctx, a: Agreement) -> bool:
    """A member of the responsible institution, or the secretaría."""
    if await can_manage(ctx, a.instancia_id):
        return True
    scope = instancia_scope(a.instancia_id)
    return any(g.scope == scope and same_institution(g.institution, a.institution) for g in await ctx.ports.roles.grants(ctx.person.user_id or 0))


# ---------------------------------------------------------------------------------------------
# /acuerdos


@command("acuerdos")
async def on_acuerdos(cmd: Command, state: State, ctx: Ctx) -> Outcome:
    return Outcome(state, [await agreements_reply(ctx, await my_instancia_ids(ctx))])


async def agreements_reply(ctx: Ctx, instancia_ids: list[int]) -> Reply:
    if not instancia_ids:
        return Reply(t("instancia-none"), ((Button(t("button-go-instancia_join"), "go", "instancia_join"),),))
    today = today_in_lima(ctx.now)
    pending = await ctx.ports.instancias.agreements(instancia_ids)
    if not pending:
        return Reply(t("instancia-agreements-none"))
    lines, buttons = [], []
    for a in pending:
        overdue = a.due_on < today
        lines.append(t("instancia-agreement-line", text=a.text, institution=a.institution, due=say_date(a.due_on), overdue="yes" if overdue else "no"))
        if await may_close(ctx, a):
            buttons.append((Button(t("instancia-agreement-done-short", n=len(lines)), "iagr", str(a.id)),))
    overdue_n = sum(1 for a in pending if a.due_on < today)
    head = t("instancia-agreements-head", pending=len(pending) - overdue_n, overdue=overdue_n)
    numbered = [f"{i}. {line}" for i, line in enumerate(lines, 1)]
    return Reply(head + "\n\n" + "\n".join(numbered), tuple(buttons))


# ---------------------------------------------------------------------------------------------
# The instancia's Telegram group: /vincular CODE and /desvincular, typed in the group.


@command("vincular")
async def on_link(cmd: Command, state: State, ctx: Ctx) -> Outcome:
    if ctx.person.chat_type not in GROUP_CHATS:
        return Outcome(state).reply(t("instancia-link-in-group"))
    taken = await ctx.ports.roles.take(cmd.args.strip()) if cmd.args.strip() else None
    iid = scope_id(taken[1]) if taken and taken[0] == GROUP_ROLE else None
    inst = await ctx.ports.instancias.get(iid) if iid is not None else None
    if inst is None:
        return Outcome(state).reply(t("instancia-link-bad-code"))
    await ctx.ports.instancias.link_group(inst.id, ctx.person.address)
    inst = await ctx.ports.instancias.get(inst.id)
    await ctx.ports.roles.audit(None, "instancia.group.linked", instancia_scope(inst.id))
    for m in await ctx.ports.instancias.upcoming(inst.id, ctx.now, limit=50):
        await schedule_group_meeting(ctx, inst, m)
    outcome = Outcome(state).reply(t("instancia-linked", name=inst.name))
    outcome.effects += notify_all(await secretarias(ctx, inst.id), t("instancia-linked-news", name=inst.name))
    return outcome


@command("desvincular")
async def on_unlink(cmd: Command, state: State, ctx: Ctx) -> Outcome:
    if ctx.person.chat_type not in GROUP_CHATS:
        return Outcome(state).reply(t("instancia-link-in-group"))
    inst = await ctx.ports.instancias.unlink_group(ctx.person.address)
    if inst is None:
        return Outcome(state).reply(t("instancia-not-linked"))
    await ctx.ports.roles.audit(None, "instancia.group.unlinked", instancia_scope(inst.id))
    outcome = Outcome(state).reply(t("instancia-unlinked", name=inst.name))
    outcome.effects += notify_all(await secretarias(ctx, inst.id), t("instancia-unlinked-news", name=inst.name))
    return outcome


# ---------------------------------------------------------------------------------------------
# The bot added to a group, or removed from it.


@on_event(BotMembership)
async def on_membership(event: BotMembership, state: State, ctx: Ctx) -> Outcome:
    if ctx.person.chat_type not in GROUP_CHATS:
        return Outcome(state)
    if event.member:
        return Outcome(state).reply(t("instancia-group-hello"))
    inst = await ctx.ports.instancias.unlink_group(ctx.person.address)
    if inst is None:
        return Outcome(state)
    await ctx.ports.roles.audit(None, "instancia.group.removed", instancia_scope(inst.id))
    # Nothing can be posted in a group that removed the bot: only the secretaría hears of it.
    return Outcome(state, notify_all(await secretarias(ctx, inst.id), t("instancia-group-removed-news", name=inst.name)))


# ---------------------------------------------------------------------------------------------
# Documents and polls that go out through the reminder queue (to members and to the group).


def post_ref(what: str, thing_id: int, group_version: int | None = None) -> str:
    return f"{what}.{thing_id}" + (f".g{group_version}" if group_version is not None else "")


@reminders.renderer(KIND_POST)
async def render_post(ref: str, ports: Ports, now: datetime, user_id: int | None) -> list:
    what, rest = ref.split(".", 1)
    (thing_id,), group = _ints(rest)
    if what == "acta":
        acta = await ports.instancias.acta(thing_id)
        m = await ports.instancias.meeting(thing_id)
        if acta is None or m is None or not await _still_for(ports, m.instancia_id, user_id, group):
            return []
        from flows.instancias.pdf import acta_filename

        return [SendDocument(acta_filename(m), acta.pdf, t("instancia-acta-caption", when=say_moment(m.starts_at)))]
    if what == "poll":
        vote = await ports.instancias.vote(thing_id)
        if vote is None or vote.closed or vote.closes_at <= now or not await _still_for(ports, vote.instancia_id, user_id, group):
            return []
        return [SendPoll(vote.question, vote.options, vote.closes_at, vote.id)]
    return []


async def _still_for(ports: Ports, iid: int, user_id: int | None, group: int | None) -> bool:
    """The member is still a member; the group is still the linked one."""
    if user_id is None:
        inst = await ports.instancias.get(iid)
        return bool(inst and inst.has_group and inst.group_version == group)
    return any(g.scope == instancia_scope(iid) for g in await ports.roles.grants(user_id))


# ---------------------------------------------------------------------------------------------
# Votes: each answer to the poll is recorded for the voter's seat; at the closing time the result
# is counted once and told to the secretaría and the group.


@on_event(PollAnswer)
async def on_poll_answer(event: PollAnswer, state: State, ctx: Ctx) -> Outcome:
    vote = await ctx.ports.instancias.vote_of_poll(event.poll_id)
    if vote is None or vote.closed or ctx.person.user_id is None:
        return Outcome(state)  # not ours, closed, or someone who never used the bot: nothing to keep
    mine = next((g for g in await members(ctx, vote.instancia_id) if g.user_id == ctx.person.user_id), None)
    if mine is None:
        return Outcome(state)  # not a member: her answer does not count for the instancia
    seat = await ctx.ports.instancias.seat_for(vote.instancia_id, mine.institution) if mine.institution else None
    await ctx.ports.instancias.answer_vote(vote.id, ctx.person.user_id, seat.id if seat else None, event.option_ids)
    return Outcome(state)


@reminders.renderer(KIND_VOTE)
async def render_vote(ref: str, ports: Ports, now: datetime, user_id: int | None) -> list:
    (vote_id,), group = _ints(ref)
    vote = await ports.instancias.vote(vote_id)
    if vote is None:
        return []
    await ports.instancias.close_vote(vote.id)  # the first of these reminders closes it; the others only tell
    if not await _still_for(ports, vote.instancia_id, user_id, group):
        return []
    from flows.instancias.pdf import vote_result_text

    return [Reply(vote_result_text(await ports.instancias.vote_result(vote.id)))]
