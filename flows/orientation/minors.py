"""Under-18s: asked only where the answer changes what the bot offers (the self-check outcome, the
directory). A minor is pointed to Línea 100 and the DEMUNA and is not offered adult-only services."""
from __future__ import annotations

import re

from flows.core import Button, Event, Press, State, Text
from flows.places import fold
from flows.ports import Ctx
from flows.texts import t


def known_minor(state: State, ctx: Ctx) -> bool | None:
    """True or False once she said it (stored, or earlier in this conversation); None if never asked.
    An adult who said so is not asked again."""
    if ctx.person.minor:
        return True
    if ctx.person.adult:
        return False
    value = state.data.get("minor")
    return value if isinstance(value, bool) else None


def age_buttons(action: str) -> list[Button]:
    return [Button(t("age-adult"), action, "adult"), Button(t("age-minor"), action, "minor")]


# A number is an age only alone or followed by "años" ("30", "tengo 30 años"): in "tengo 2 hijos,
# 30 años" the 2 counts children. Several candidate ages, or none, is unclear: she is asked again.
_NUMBER = re.compile(r"\b(\d{1,3})\b(?:\s+([a-z]+))?")
_YEARS = ("anos", "ano", "anitos")


def age_answer(event: Event, action: str) -> bool | None:
    """Her answer to the age question, from her button or what she typed ("tengo 15", "soy menor",
    "30 años"). None if unclear. Only ever called for the answer to that question."""
    if isinstance(event, Press) and event.action == action:
        return event.arg == "minor" if event.arg in ("adult", "minor") else None
    if not isinstance(event, Text):
        return None
    typed = fold(event.text)
    found = _NUMBER.findall(typed)
    ages = {int(n) for n, after in found if not after or after in _YEARS}
    if found:
        return next(iter(ages)) < 18 if len(ages) == 1 else None
    if "menor" in typed:
        return True
    if "mayor" in typed:
        return False
    return None


def is_correction(event: Event) -> bool:
    """"me equivoqué", "corregir mi edad": she wants to answer the age question again."""
    return isinstance(event, Text) and any(w in fold(event.text) for w in ("equivoq", "corregir", "correg"))


async def remember(ctx: Ctx, minor: bool) -> None:
    """Kept in her profile only if she agreed to storage; otherwise only in this conversation's state."""
    if ctx.person.consented and ctx.person.user_id is not None:
        await ctx.ports.people.set_profile(ctx.person.user_id, minor=minor)
