"""The button that offers her the question about the services she was given (flows.observatorio.questions)."""
from __future__ import annotations

from flows import places
from flows.core import Button
from flows.ports import Ctx
from flows.texts import t


def offer(ctx: Ctx, district_code: str) -> list[list[Button]]:
    """Under a list of services; only to someone who gave consent (the pending question is stored
    with her user), and never to a minor (her data stays at the minimum)."""
    if not ctx.person.consented or ctx.person.user_id is None or ctx.person.minor or not places.district(district_code):
        return []
    # by UBIGEO: a district's code can exceed a button's 64 bytes
    return [[Button(t("fb-offer-button"), "fb-offer", places.district(district_code).ubigeo)]]
