"""Under-18s: asked only where the answer changes what the bot offers (the self-check outcome, the
directory). A minor is pointed to Línea 100 and the DEMUNA and is not offered adult-only services."""
from __future__ import annotations

import re

from flows.core import Button, Event, Press, State, Text
from flows.places import fold
from flows.ports import Ctx
from flows.texts import t


def known_minor(state: State, ctx: Ctx) -> bool | None:
    """True or False once she said it (stored, or earlier in this conversation); None if never asked."""
    if ctx.person.minor:
        return True
    value = state.data.get("minor")
    return value if isinstance(value, bool) else None


def age_buttons(action: str) -> list[Button]:
    return [Button(t("age-adult"), action, "adult"), Button(t("age-minor"), action, "minor")]


def age_answer(event: Event, action: str) -> bool | None:
    """Is she a minor, from her button or from what she typed ("tengo 15", "soy menor")? None if unclear."""
    if isinstance(event, Press) and event.action == action:
        return event.arg == "minor"
    if isinstance(event, Text):
        typed = fold(event.text)
        if match := re.search(r"\b(\d{1,2})\b", typed):
            return int(match.group(1)) < 18
        if "menor" in typed:
            return True
        if "mayor" in typed:
            return False
    return None


async def remember(ctx: Ctx, minor: bool) -> None:
    """Kept in her profile only if she agreed to storage; otherwise only in this conversation's state."""
    if ctx.person.consented and ctx.person.user_id is not None:
        await ctx.ports.people.set_profile(ctx.person.user_id, minor=minor)
