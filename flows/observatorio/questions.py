"""Her word on the services (vigilancia ciudadana): once, some days after the bot gave her services,
in her safe hours and only if she said yes, one question: "¿Pudiste ir? ¿Cómo te atendieron?".

The pending question is a reminder (deleted as it is answered); the answer adds one to the
service's counter for the month and nothing else is kept, so it is never linked to her.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from flows import app, places
from flows.accompaniment.ports import SAFE_HOURS, SAFE_WINDOWS, hold_until
from flows.app import Flow, register
from flows.core import Button, Effect, Event, Outcome, Press, Reply, State, keyboard
from flows.observatorio import ports as m
from flows.observatorio.offer import offer
from flows.orientation.directory import CEM_KINDS, Entry
from flows.orientation.services import cems_for
from flows.places import District
from flows.ports import Ctx, Ports
from flows.reminders import renderer
from flows.texts import t
from flows.when import LIMA

NAME = "feedback"
KIND_QUESTION = "observatorio.question"
ASK_AFTER = timedelta(days=3)
GRACE = timedelta(hours=1)  # a question that cannot go out in her hours is dropped, not sent later
MAX_SERVICES = 6
# One tap each; the first is asked before a service is chosen.
NOT_GONE = "not_gone"
OUTCOMES = ("helped", "no_answer", "closed", "money", "refused", "mistreated")


def service_key(entry: Entry) -> str:
    return f"{entry.kind}|{entry.name}"


def _short(key: str) -> str:
    """A service in a button: 8 hex characters of its name's hash (the name may be long)."""
    return hashlib.sha256(key.encode()).hexdigest()[:8]


async def services_of(ports: Ports, district: District) -> list[Entry]:
    """What she was given for this district: its CEM (or the province's) first, then the rest."""
    cems, _ = await cems_for(ports.directory, district)
    others = [e for e in await ports.directory.in_area(district.code) if e.kind not in CEM_KINDS]
    return (cems + others)[:MAX_SERVICES]


async def _emergency_offer(ctx: Ctx, state: State) -> list[Effect]:
    district = places.district(ctx.person.district or state.data.get("district") or "")
    rows = offer(ctx, district.code) if district else []
    if not rows or ctx.ports.stats is None or await ctx.ports.stats.pending_question(ctx.person.user_id, ctx.now):
        return []
    return [Reply(t("fb-offer-emergency"), keyboard(*rows))]


app.EMERGENCY_EXTRAS.append(_emergency_offer)


@app.action("fb-offer")
async def _offered(press: Press, state: State, ctx: Ctx) -> Outcome:
    if not offer(ctx, press.arg):
        shown = await app.show_current(state, ctx)
        shown.effects.insert(0, Reply(t("stale-button")))
        return shown
    if await ctx.ports.stats.pending_question(ctx.person.user_id, ctx.now):
        return Outcome(state).reply(t("fb-already"), app.menu_button())
    return await _show(State(NAME, "when", {"district": places.district(press.arg).code}), ctx)


async def _show(state: State, ctx: Ctx) -> Outcome:
    buttons = [Button(t(f"acc-button-hours-{h}"), "fb-when", h) for h in SAFE_HOURS]
    return Outcome(state).reply(t("fb-when"), buttons[:2], buttons[2:], [Button(t("fb-no"), "fb-when", "no")])


async def _on_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    if not isinstance(event, Press) or event.action != "fb-when" or state.step != "when":
        return None
    if event.arg not in SAFE_HOURS:
        return Outcome(State()).reply(t("fb-declined"), app.menu_button())
    due = when_to_ask(event.arg, ctx.now)
    ref = f"{event.arg}|{state.data['district']}|{secrets.token_hex(4)}"
    await ctx.ports.reminders.schedule(KIND_QUESTION, ref, due, user_id=ctx.person.user_id, grace=GRACE)
    return Outcome(State()).reply(t("fb-scheduled", hours=event.arg), app.menu_button())


def when_to_ask(hours: str, now: datetime) -> datetime:
    """Some days later, at the start of her safe hours that day (a moment she can foresee, and never
    near their end, where a late tick would push it out of them); with no hours given, at this hour."""
    due = now + ASK_AFTER
    window = SAFE_WINDOWS.get(hours)
    if window is None:
        return due
    return datetime.combine(due.astimezone(LIMA).date(), window[0], tzinfo=LIMA).astimezone(timezone.utc)


register(Flow(NAME, start=_show, show=_show, on_event=_on_event))


@renderer(KIND_QUESTION)
async def _question(ref: str, ports: Ports, now: datetime, user_id: int | None) -> list[Effect]:
    hours, code, token = ref.split("|")
    district = places.district(code)
    if hold_until(hours, now) is not None or district is None:  # never outside her hours
        return []
    entries = await services_of(ports, district)
    if not entries:
        return []
    rows = [[Button(e.name[:60], "fb-s", f"{token}.{_short(service_key(e))}")] for e in entries]
    rows.append([Button(t(f"fb-outcome-{NOT_GONE}"), "fb-o", f"{token}..{NOT_GONE}")])
    return [Reply(t("fb-question"), keyboard(*rows))]


@app.action("fb-s")
async def _chose_service(press: Press, state: State, ctx: Ctx) -> Outcome:
    token, _, short = press.arg.partition(".")
    rows = [[Button(t(f"fb-outcome-{o}"), "fb-o", f"{token}.{short}.{o}")] for o in OUTCOMES]
    return Outcome(state).reply(t("fb-how"), *rows)


@app.action("fb-o")
async def _answered(press: Press, state: State, ctx: Ctx) -> Outcome:
    token, short, outcome = (press.arg.split(".") + ["", ""])[:3]
    if outcome not in OUTCOMES + (NOT_GONE,) or ctx.person.user_id is None:
        return Outcome(state).reply(t("stale-button"), app.menu_button())
    ref = await ctx.ports.stats.take_question(ctx.person.user_id, token)
    if ref is None:  # answered already, or erased: a second tap counts nothing
        return Outcome(state).reply(t("fb-answered"), app.menu_button())
    district = places.district(ref.split("|")[1])
    entry = None
    if short and district:
        entry = next((e for e in await services_of(ctx.ports, district) if _short(service_key(e)) == short), None)
    where = entry.district if entry else (district.code if district else "")
    await ctx.ports.stats.count(m.FEEDBACK, where, ctx.now, dim=outcome, service=service_key(entry) if entry else "")
    return Outcome(state).reply(t("fb-thanks" if outcome in ("helped", NOT_GONE) else "fb-thanks-problem"), app.menu_button())
