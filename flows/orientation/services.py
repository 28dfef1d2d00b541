"""Finding services: she types her district (typos welcome), picks it by region and province, or
shares her location (the nearest district capital, said to be an approximation). The answer fits a
phone: the CEM that serves her first, the other services as buttons with their details behind them.
Every detail shown comes from a cited source; what is unknown is said to be, with Línea 100."""
from __future__ import annotations

from dataclasses import dataclass

from flows import places
from flows.app import Flow, register
from flows.core import Button, Event, Location, Outcome, Press, State, Text, copy_button
from flows.observatorio.offer import offer
from flows.orientation import minors
from flows.orientation.directory import CEM_KINDS, LAT_RANGE, LON_RANGE, DirectoryPort, Entry, nearest
from flows.orientation.ui import footer
from flows.places import District
from flows.ports import Ctx
from flows.roles import ADMIN, COORDINADORA
from flows.texts import t
from flows.ids import is_id
from flows.when import today_in_lima

NAME = "services"
MAX_CHOICES = 12  # districts offered for a name that several share, or for a typo
MAX_CEMS = 2  # CEMs written out in the answer
MAX_BUTTONS = 8  # other services, each a button
MAX_LABEL = 64
FAR_KM = 80.0  # a shared point farther than this from every district capital is not in Peru
NEAR_SERVICE_KM = 30.0  # services with their own verified coordinates, named with their distance
LINE_100 = "100"


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def _kind(entry: Entry) -> str:
    return t(f"kind-{entry.kind}")


def source_label(entry: Entry) -> str:
    """The source as people read it: who published it and when (the page's address is for staff)."""
    return t("entry-source", source=entry.source_publisher or entry.source, date=entry.source_day or "s/f")


def _known(entry: Entry) -> list[str]:
    return [t(f"entry-{field}", **{field: getattr(entry, field)}) for field in ("address", "phone", "hours") if getattr(entry, field)]


def describe(entry: Entry, km: float | None = None) -> str:
    """Everything known about one service, with its source; what is unknown points to Línea 100."""
    title = t("entry-title", name=entry.name, kind=_kind(entry))
    if km is not None:
        title += " " + t("entry-distance", km=f"{km:.1f}".replace(".", ","))
    missing = [t(f"entry-missing-{field}") for field in ("address", "phone", "hours") if not getattr(entry, field)]
    unknown = []
    if missing:
        text = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} {t('entry-and')} {missing[-1]}"
        unknown = [t("entry-unknown", missing=text[:1].upper() + text[1:])]
    return _block(title, entry, unknown, where=True)


def _cem_block(entry: Entry, here: District) -> str:
    """A CEM in the answer itself: name, what is known, where if not in her district, the source."""
    return _block(t("entry-title", name=entry.name, kind=_kind(entry)), entry, [], where=entry.district != here.code)


def _block(title: str, entry: Entry, unknown: list[str], where: bool) -> str:
    lines = [title]
    if where and (place := places.area_name(entry.district)) and place not in entry.name:
        lines.append(t("entry-where", place=place))
    lines += _known(entry) + unknown + [source_label(entry)]
    if entry.verified_on:
        lines.append(t("entry-verified", date=entry.verified_on.strftime("%d/%m/%Y")))
    return "\n".join(lines)


@dataclass
class Found:
    """The services around a district, nearest level first."""

    own: list[Entry]  # in her district
    province: list[Entry]  # elsewhere in her province, or for the province as a whole
    region: list[Entry]  # elsewhere in her region

    @property
    def all(self) -> list[Entry]:
        return self.own + self.province + self.region


async def around(directory: DirectoryPort, district: District) -> Found:
    own = await directory.in_area(district.code)
    province = [e for e in await directory.in_area(district.province_code) if e.district != district.code]
    region = [e for e in await directory.in_area(district.region) if not e.in_area(district.province_code)]
    return Found(own, province, region)


async def cems_for(directory: DirectoryPort, district: District) -> tuple[list[Entry], str | None]:
    """The CEMs nearest to her district: its own, else her province's, else her region's; and which
    level they come from ("district", "province", "region", or None when none is known)."""
    found = await around(directory, district)
    for level, entries in (("district", found.own), ("province", found.province), ("region", found.region)):
        cems = [e for e in entries if e.kind in CEM_KINDS]
        if cems:
            return cems, level
    return [], None


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
    if ctx.person.district and (known := places.district(ctx.person.district)):
        return await _results(known, minor, ctx)
    return _ask(minor)


def _ask(minor: bool, note: str | None = None) -> Outcome:
    outcome = Outcome(State(NAME, "ask", {"minor": minor}))
    text = t("services-ask") if note is None else f"{note}\n\n{t('services-ask')}"
    return outcome.reply(text, *_region_rows(), *footer(), ask_location=True)


def _rows(buttons: list[Button], per_row: int) -> list[list[Button]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def _region_rows() -> list[list[Button]]:
    return _rows([Button(name, "dir-r", code) for code, name in places.regions()], 3)


async def show(state: State, ctx: Ctx) -> Outcome:
    minor = bool(state.data.get("minor"))
    if state.step == "results" and (known := places.district(state.data.get("district", ""))):
        return await _results(known, minor, ctx, save=False)
    return _ask(minor)


async def on_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    minor = bool(state.data.get("minor"))
    match event:
        case Text(text=typed):
            found = places.find_district(typed, MAX_CHOICES)
            if len(found) == 1:
                return await _results(found[0], minor, ctx)
            if found:
                same = len({places.fold(d.name) for d in found}) == 1
                return _choose(state, t("services-same-name" if same else "services-did-you-mean"), found)
            return _ask(minor, note=t("services-not-found", typed=typed.strip()[:60]))
        case Location(latitude=lat, longitude=lon):
            return await _located(lat, lon, minor, ctx)
        case Press(action="dir-r", arg=region):
            return _pick_region(state, region)
        case Press(action="dir-p", arg=province):
            return _pick_province(state, province)
        case Press(action="dir-d", arg=code) if places.district(code):
            return await _results(places.district(code), minor, ctx)
        case Press(action="dir-e", arg=which):
            return await _detail(state, which, minor, ctx)
        case Press(action="dir-v", arg=which):
            return await _verify(state, which, minor, ctx)
        case Press(action="dir-ask"):
            return _ask(minor)
    return None


def _choose(state: State, text: str, found: list[District]) -> Outcome:
    rows = [[Button(d.label, "dir-d", d.ubigeo)] for d in found[:MAX_CHOICES]]
    return Outcome(State(NAME, "ask", {"minor": bool(state.data.get("minor"))})).reply(text, *rows, *footer())


def _pick_region(state: State, region: str) -> Outcome | None:
    provinces = places.provinces(region)
    if not provinces:
        return None
    if len(provinces) == 1:
        return _pick_province(state, provinces[0][0])
    rows = _rows([Button(name, "dir-p", code) for code, name in provinces], 2)
    region_name = places.area_name(region)
    return Outcome(state).reply(t("services-choose-province", region=region_name), *rows, *footer())


def _pick_province(state: State, province: str) -> Outcome | None:
    districts = places.in_province(province)
    if not districts:
        return None
    rows = _rows([Button(_label(d.name), "dir-d", d.ubigeo) for d in districts], 2)
    return Outcome(state).reply(t("services-choose-district", province=districts[0].province_name), *rows, *footer())


def _listed(found: Found, minor: bool) -> tuple[list[Entry], list[Entry]]:
    """What the answer shows: (the CEMs written out, the other services as buttons)."""
    cems: list[Entry] = []
    for level in (found.own, found.province, found.region):
        cems = [e for e in _for_her(level, minor) if e.kind in CEM_KINDS][:MAX_CEMS]
        if cems:
            break
    own_others = [e for e in _for_her(found.own, minor) if e.kind not in CEM_KINDS]
    if own_others or found.own:
        return cems, own_others[:MAX_BUTTONS]
    nearby = [e for e in _for_her(found.province + found.region, minor) if e.kind not in CEM_KINDS]
    return cems, nearby[:MAX_BUTTONS]


async def _results(
    district: District, minor: bool, ctx: Ctx, save: bool = True, head: str | None = None, note: str | None = None
) -> Outcome:
    found = await around(ctx.ports.directory, district)
    cems, others = _listed(found, minor)
    parts = ([note] if note else []) + [head or t("services-header", district=district.label)]
    if minor:
        parts.append(t("minors-next"))
    if not cems:
        parts.append(t("services-no-cem", district=district.name))
    else:
        level = "own" if cems[0] in found.own else "province" if cems[0] in found.province else "region"
        if level != "own":
            parts.append(t(f"services-cem-{level}"))
        parts += [_cem_block(e, district) for e in cems]
    if others:
        parts.append(t("services-others") if found.own else t("services-nearby"))
    parts += [t("services-line100"), t("services-refuge")]
    if save and ctx.person.consented and ctx.person.user_id is not None and ctx.person.district != district.code:
        await ctx.ports.people.set_profile(ctx.person.user_id, district=district.code)
        parts.append(t("services-saved"))
    everything = _for_her(found.all, minor)
    detail_rows = [
        [Button(_label(f"ℹ️ {e.name}"), "dir-e", f"{district.ubigeo}.{everything.index(e)}")] for e in others
    ]
    copies = [copy_button(t("services-copy-phone", phone=e.phone), e.phone) for e in cems if e.phone]
    copies.append(copy_button(t("services-copy-line100"), LINE_100))
    outcome = Outcome(State(NAME, "results", {"district": district.code, "minor": minor}))
    return outcome.reply(
        "\n\n".join(parts), *detail_rows, *_rows(copies, 2), Button(t("services-other"), "dir-ask"),
        *offer(ctx, district.code), *footer(),
    )


async def _picked(which: str, minor: bool, ctx: Ctx) -> tuple[District | None, Entry | None]:
    """The district and the entry a detail button names ("150106.3"), or None where stale."""
    ubigeo, _, index = which.partition(".")
    district = places.district(ubigeo)
    if district is None:
        return None, None
    everything = _for_her((await around(ctx.ports.directory, district)).all, minor)
    if not is_id(index) or int(index) >= len(everything):
        return district, None
    return district, everything[int(index)]


async def _detail(state: State, which: str, minor: bool, ctx: Ctx, note: str | None = None) -> Outcome:
    """One service's details, from a button of the answer; a stale button gets the answer again."""
    district, entry = await _picked(which, minor, ctx)
    if district is None:
        return _ask(minor, note=t("services-stale"))
    if entry is None:
        return await _results(district, minor, ctx, save=False, note=t("services-stale"))
    rows: list[list[Button] | Button] = []
    if entry.phone:
        rows.append(copy_button(t("services-copy-phone", phone=entry.phone), entry.phone))
    if await _verifier(ctx):
        rows.append(Button(t("services-verify"), "dir-v", which))
    rows.append(Button(_label(t("services-back", district=district.name)), "dir-d", district.ubigeo))
    outcome = Outcome(State(NAME, "results", {"district": district.code, "minor": minor}))
    text = describe(entry) if note is None else f"{note}\n\n{describe(entry)}"
    return outcome.reply(text, *rows, *footer())


async def _verifier(ctx: Ctx) -> str | None:
    """Her name if she may record that an entry was checked (a coordinadora or an admin)."""
    if ctx.person.user_id is None or ctx.ports.roles is None:
        return None
    for grant in await ctx.ports.roles.grants(ctx.person.user_id):
        if grant.role in (ADMIN, COORDINADORA):
            return grant.display_name or t(f"services-verifier-{grant.role}")
    return None


async def _verify(state: State, which: str, minor: bool, ctx: Ctx) -> Outcome:
    """A coordinadora checked the entry (called it, visited it): recorded with her name and today."""
    by = await _verifier(ctx)
    district, entry = await _picked(which, minor, ctx)
    if by is None or entry is None:  # not hers to record, or a stale button: the details as they are
        return await _detail(state, which, minor, ctx)
    done = await ctx.ports.directory.verify_entry(entry, by, today_in_lima(ctx.now))
    return await _detail(state, which, minor, ctx, note=t("services-verified" if done else "services-stale"))


async def _located(lat: float, lon: float, minor: bool, ctx: Ctx) -> Outcome:
    """Her district from a shared location: the nearest district capital, said as an approximation.
    Distances are given only to services that have their own verified coordinates."""
    inside = LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]
    found = places.nearest_district(lat, lon) if inside else None
    if found is None or found[1] > FAR_KM:
        return _ask(minor, note=t("services-no-location"))
    district = found[0]
    head = t("services-header", district=district.label) + "\n" + t(
        "services-approximate", capital=district.capital or district.name, district=district.name
    )
    located = [(e, km) for e, km in nearest(_for_her(await ctx.ports.directory.located(), minor), lat, lon, 2)]
    close = [describe(e, km) for e, km in located if km <= NEAR_SERVICE_KM]
    if close:
        head += "\n\n" + "\n\n".join(close)
    return await _results(district, minor, ctx, head=head)


register(Flow(NAME, start=start, show=show, on_event=on_event))
