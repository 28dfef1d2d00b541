"""Adds the CEM of her district to the emergency answer, when she told us her district: stored
(with consent), or only in this conversation (she looked up services without giving consent)."""
from __future__ import annotations

import logging

from flows import app, places
from flows.core import Effect, Reply, State
from flows.orientation.directory import Entry
from flows.orientation.services import cems_for
from flows.ports import Ctx
from flows.texts import t

log = logging.getLogger(__name__)


def _details(entry: Entry) -> str:
    if entry.address and entry.phone:
        return t("emergency-cem-details", address=entry.address, phone=entry.phone)
    return entry.address or entry.phone or t("emergency-cem-unconfirmed")


async def district_cem(ctx: Ctx, state: State) -> list[Effect]:
    district = places.district(ctx.person.district or state.data.get("district") or "")
    if district is None or ctx.ports.directory is None:
        return []
    try:
        cems, _ = await cems_for(ctx.ports.directory, district)
    except Exception as exc:  # the emergency numbers must go out even if the directory fails
        log.warning("emergency: directory unavailable: %s", type(exc).__name__)
        return []
    if not cems:
        return [Reply(t("emergency-cem-unknown", district=district.name))]
    return [Reply("\n".join(t("emergency-cem", name=_where(e, district), details=_details(e)) for e in cems[:2]))]


def _where(entry: Entry, district) -> str:
    """Her province's or region's CEM says where it is."""
    place = places.area_name(entry.district)
    if entry.district == district.code or not place or place in entry.name:
        return entry.name
    return f"{entry.name} ({t('entry-where', place=place)})"


app.EMERGENCY_EXTRAS.append(district_cem)
