"""Finding services: she types her district (typos welcome), picks it by region and province, or
shares her location; she gets the CEM that serves her first, then the rest, each with its source.
Unknown details are said to be unknown, with Línea 100 to confirm."""
from __future__ import annotations

from flows import places
from flows.app import Flow, register
from flows.core import Button, Event, Location, Outcome, Press, State, Text
from flows.observatorio.offer import offer
from flows.orientation import minors
from flows.orientation.directory import CEM_KINDS, DirectoryPort, Entry, nearest
from flows.orientation.ui import footer
from flows.places import District
from flows.ports import Ctx
from flows.texts import t

NAME = "services"
MAX_CHOICES = 12


def describe(entry: Entry, km: float | None = None) -> str:
    title = t("entry-title", name=entry.name, kind=t(f"kind-{entry.kind}"))
    if km is not None:
        title += " " + t("entry-distance", km=f"{km:.1f}".replace(".", ","))
    lines = [title]
    missing = []
    for field in ("address", "phone", "hours"):
        value = getattr(entry, field)
        if value:
            lines.append(t(f"entry-{field}", **{field: value}))
        else:
            missing.append(t(f"entry-missing-{field}"))
    if missing:
        text = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} {t('entry-and')} {missing[-1]}"
        lines.append(t("entry-unknown", missing=text[:1].upper() + text[1:]))
    lines.append(t("entry-source", source=entry.source, checked=entry.last_checked.strftime("%d/%m/%Y")))
    return "\n".join(lines)


async def cems_for(directory: DirectoryPort, district: District) -> tuple[list[Entry], bool]:
    """The CEM of her district or, when it has none, those of her province (a provincial CEM, such as
    Tingo María's for Leoncio Prado, serves every district). The flag says they are the province's."""
    own = [e for e in await directory.in_area(district.code) if e.kind in CEM_KINDS]
    if own:
        return own, False
    return [e for e in await directory.in_area(district.province_code) if e.kind in CEM_KINDS], True


def _minor(state: State, ctx: Ctx) -> bool:
    return bool(minors.known_minor(state, ctx))


def _for_her(entries: list[Entry], minor: bool) -> list[Entry]:
    if not minor:
        return entries
    # DEMUNA first for a girl; adult-only services are not offered at all.
    allowed = [e for e in entries if not e.adults_only]
    return sorted(allowed, key=lambda e: e.kind != "demuna")


# ---------------------------------------------------------------------------------------------


async def start(state: State, ctx: Ctx) -> Outcome:
    minor = _minor(state, ctx)
    if ctx.person.district and places.district(ctx.person.district):
        return await _results(places.district(ctx.person.district), minor, ctx)
    return _ask(minor)


def _ask(minor: bool, note: str | None = None) -> Outcome:
    outcome = Outcome(State(NAME, "ask", {"minor": minor}))
    text = t("services-ask") if note is None else f"{note}\n\n{t('services-ask')}"
    return outcome.reply(text, *_region_rows(), *footer(), ask_location=True)


def _region_rows() -> list[list[Button]]:
    return [[Button(name, "dir-r", code) for code, name in places.regions()]]


async def show(state: State, ctx: Ctx) -> Outcome:
    minor = bool(state.data.get("minor"))
    if state.step == "results" and places.district(state.data.get("district", "")):
        return await _results(places.district(state.data["district"]), minor, ctx, save=False)
    return _ask(minor)


async def on_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    minor = bool(state.data.get("minor"))
    match event:
        case Text(text=typed):
            found = places.find_district(typed)
            if len(found) == 1:
                return await _results(found[0], minor, ctx)
            if found:
                return _choose(state, t("services-did-you-mean"), found)
            return _ask(minor, note=t("services-not-found", typed=typed.strip()[:60]))
        case Location(latitude=lat, longitude=lon):
            return await _nearest(lat, lon, minor, ctx)
        case Press(action="dir-r", arg=region):
            return _pick_region(state, region)
        case Press(action="dir-p", arg=province):
            return _pick_province(state, province)
        case Press(action="dir-d", arg=code) if places.district(code):
            return await _results(places.district(code), minor, ctx)
        case Press(action="dir-ask"):
            return _ask(minor)
    return None


def _choose(state: State, text: str, found: list[District]) -> Outcome:
    rows = [[Button(d.label, "dir-d", d.code)] for d in found[:MAX_CHOICES]]
    return Outcome(State(NAME, "ask", {"minor": bool(state.data.get("minor"))})).reply(text, *rows, *footer())


def _pick_region(state: State, region: str) -> Outcome | None:
    districts = places.in_region(region)
    if not districts:
        return None
    provinces = {d.province_code: d.province_name for d in districts}
    if len(provinces) == 1:
        return _pick_province(state, next(iter(provinces)))
    rows = [[Button(name, "dir-p", code)] for code, name in provinces.items()]
    return Outcome(state).reply(t("services-choose-province", region=districts[0].region_name), *rows, *footer())


def _pick_province(state: State, province: str) -> Outcome | None:
    districts = [d for d in places.districts() if d.province_code == province]
    if not districts:
        return None
    rows = [[Button(d.name, "dir-d", d.code)] for d in districts]
    return Outcome(state).reply(t("services-choose-district", province=districts[0].province_name), *rows, *footer())


async def _results(district: District, minor: bool, ctx: Ctx, save: bool = True) -> Outcome:
    directory: DirectoryPort = ctx.ports.directory
    cems, from_province = await cems_for(directory, district)
    others = [e for e in await directory.in_area(district.code) if e.kind not in CEM_KINDS]
    parts = [t("services-header", district=district.label)]
    if minor:
        parts.append(t("minors-next"))
    cems, others = _for_her(cems, minor), _for_her(others, minor)
    if not cems:
        parts.append(t("services-no-cem", district=district.name))
    elif from_province:
        parts.append(t("services-province-cem", province=district.province_name))
    parts += [describe(e) for e in cems]
    parts += [describe(e) for e in others] or [t("services-none", district=district.name)]
    parts.append(t("services-refuge"))
    if save and ctx.person.consented and ctx.person.user_id is not None and ctx.person.district != district.code:
        await ctx.ports.people.set_profile(ctx.person.user_id, district=district.code)
        parts.append(t("services-saved"))
    outcome = Outcome(State(NAME, "results", {"district": district.code, "minor": minor}))
    return outcome.reply("\n\n".join(parts), Button(t("services-other"), "dir-ask"), *offer(ctx, district.code), *footer())


async def _nearest(lat: float, lon: float, minor: bool, ctx: Ctx) -> Outcome:
    found = nearest(_for_her(await ctx.ports.directory.located(), minor), lat, lon, limit=5)
    if not found:
        return _ask(minor, note=t("services-no-coordinates"))
    text = "\n\n".join([t("services-nearest")] + [describe(e, km) for e, km in found] + [t("services-refuge")])
    return Outcome(State(NAME, "ask", {"minor": minor})).reply(text, Button(t("services-other"), "dir-ask"), *footer())


register(Flow(NAME, start=start, show=show, on_event=on_event))
