"""Under-18s: asked only where the answer changes what the bot offers (the self-check outcome, the
directory). A minor is pointed to Línea 100 and the DEMUNA and is not offered adult-only services."""
from __future__ import annotations

from flows.core import Button, State
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


async def remember(ctx: Ctx, minor: bool) -> None:
    """Kept in her profile only if she agreed to storage; otherwise only in this conversation's state."""
    if ctx.person.consented and ctx.person.user_id is not None:
        await ctx.ports.people.set_profile(ctx.person.user_id, minor=minor)
