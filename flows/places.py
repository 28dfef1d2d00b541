"""Every district of Peru (content/places.csv, derived from INEI's and RENIEC's UBIGEO lists), and
finding one from what a person types or from where she is.

For the menu, `place_in_text(text)` says whether a short message names a place ("comas", "soy de
huanuco", "en tingo maria donde voy") and which; `find_places(text)` ranks candidates for a text
that is known to be a place (she was asked for her district).
"""
from __future__ import annotations

from collections.abc import Collection

import csv
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from flows.contentfiles import ContentError
from flows.texts import content_dir


@dataclass(frozen=True)
class District:
    code: str  # "region/province/district", stable: stored in the database
    name: str
    province: str
    province_name: str
    region: str
    region_name: str
    aliases: tuple[str, ...] = ()
    ubigeo: str = ""  # INEI's six digits: short enough for a button
    capital: str = ""  # the capital town's name
    lat: float | None = None  # the capital's coordinates, never a service's
    lon: float | None = None

    @property
    def province_code(self) -> str:
        return f"{self.region}/{self.province}"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.province_name}, {self.region_name})"


@dataclass(frozen=True)
class Match:
    district: District
    score: float  # 0-100: 100 is the exact name, lower the further the typed text is from it
    via: str  # what matched: "district", "alias" or "capital" (the capital town's name)


def fold(text: str) -> str:
    """Lowercase, no accents, letters and digits only: how people type on a phone in a hurry."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9ñ]+", " ", text.replace("n\u0303", "ñ")).strip()


# Words that join a name's parts: "San Juan de Lurigancho" is found as "san juan lurigancho" too.
PARTICLES = {"de", "del", "la", "las", "los", "el", "y", "e"}


def _words(text: str) -> list[str]:
    return fold(text).replace("ñ", "n").split()


def _key(text: str) -> str:
    return " ".join(w for w in _words(text) if w not in PARTICLES)


COLUMNS = ("code", "district", "province", "region", "aliases", "ubigeo", "capital", "lat", "lon")


def _rows(path):
    """(line, row) of every district; comment lines (#) skipped, lines counted as in the file."""
    with path.open(encoding="utf-8", newline="") as f:
        kept = [(number, line) for number, line in enumerate(f, 1) if not line.startswith("#")]
    reader = csv.DictReader(line for _, line in kept)
    if missing := [c for c in COLUMNS if c not in (reader.fieldnames or [])]:
        raise ContentError([f"{path}:{kept[0][0] if kept else 1}: faltan las columnas {', '.join(missing)}"])
    for row in reader:
        yield kept[reader.line_num - 1][0], row


def _district(r: dict) -> District:
    region, province, _ = r["code"].split("/")
    return District(
        code=r["code"], name=r["district"], province=province, province_name=r["province"],
        region=region, region_name=r["region"], aliases=tuple(a for a in (r["aliases"] or "").split(";") if a),
        ubigeo=r["ubigeo"], capital=r["capital"],
        lat=float(r["lat"]) if r["lat"] else None, lon=float(r["lon"]) if r["lon"] else None,
    )


@dataclass(frozen=True)
class _Places:
    all: tuple[District, ...]
    by_code: dict[str, District]
    names: dict[str, tuple[tuple[District, str], ...]]  # key -> districts it names, and how
    spelled: dict[str, str]  # the name in full ("san juan de lurigancho") -> its key, for typos


@lru_cache(maxsize=2)
def _load(directory) -> _Places:
    found, problems = [], []
    path = directory / "places.csv"
    for line, r in _rows(path):
        try:
            found.append(_district(r))
        except (ValueError, AttributeError):  # a short row gives None for the missing columns
            problems.append(f"{path}:{line}: code debe ser región/provincia/distrito y lat, lon números ({r.get('code')!r})")
    if problems:
        raise ContentError(problems)
    by_code = {d.code: d for d in found} | {d.ubigeo: d for d in found}
    names: dict[str, list[tuple[District, str]]] = {}
    spelled: dict[str, str] = {}
    for d in found:
        for name, via in ((d.name, "district"), *((a, "alias") for a in d.aliases), (d.capital, "capital")):
            if name and not any(other is d for other, _ in names.get(_key(name), [])):
                names.setdefault(_key(name), []).append((d, via))
                spelled[" ".join(_words(name))] = _key(name)
    return _Places(tuple(found), by_code, {k: tuple(v) for k, v in names.items()}, spelled)


def _places() -> _Places:
    return _load(content_dir())


def spelled_names() -> Collection[str]:
    """Every place name in full as typed without accents ("san juan de lurigancho", "ate")."""
    return _places().spelled.keys()


def districts() -> tuple[District, ...]:
    return _places().all


def district(code: str) -> District | None:
    """By its code ("pasco/pasco/yanacancha") or its UBIGEO ("190113")."""
    return _places().by_code.get(code)


def area_name(code: str) -> str | None:
    """The name of a district, province ("pasco/oxapampa") or region ("pasco") code; None if unknown."""
    if found := district(code):
        return found.name
    for d in districts():
        if d.province_code == code:
            return d.province_name
        if d.region == code:
            return d.region_name
    return None


def regions() -> list[tuple[str, str]]:
    """(code, name) of the 25 regions, in alphabetical order."""
    seen: dict[str, str] = {}
    for d in districts():
        seen.setdefault(d.region, d.region_name)
    return sorted(seen.items(), key=lambda pair: fold(pair[1]))


def provinces(region: str) -> list[tuple[str, str]]:
    """(province code, name) of a region, in alphabetical order."""
    seen = {d.province_code: d.province_name for d in districts() if d.region == region}
    return sorted(seen.items(), key=lambda pair: fold(pair[1]))


def in_region(region: str) -> list[District]:
    return [d for d in districts() if d.region == region]


def in_province(province: str) -> list[District]:
    return sorted((d for d in districts() if d.province_code == province), key=lambda d: fold(d.name))


# ---------------------------------------------------------------------------------------------
# Finding a district from typed text


def _allowed_typos(key: str, strict: bool) -> int:
    letters = len(key.replace(" ", ""))
    if letters < 5:
        return 0 if strict else int(letters >= 3)  # "ica" or "ilo" with a typo could be anything
    return 1 if letters < 9 else 2 if letters < 15 else 3


def _candidates(window: list[str], strict: bool) -> list[Match]:
    """Districts whose name (or alias, or capital town) is the window of words, or within a few
    typos of it (a typo in "de" or "la" counts too)."""
    known = _places()
    key = " ".join(w for w in window if w not in PARTICLES)
    if key in known.names:
        return [Match(d, 100.0 if via != "capital" else 95.0, via) for d, via in known.names[key]]
    typed = " ".join(window)
    most = _allowed_typos(key, strict)
    if not most or not key:
        return []
    found = []
    for name, distance, _ in process.extract(typed, known.spelled.keys(), scorer=OSA.distance, score_cutoff=most, limit=40):
        score = 100.0 * (1 - distance / max(len(name), len(typed))) - 5
        found += [Match(d, score - (5 if via == "capital" else 0), via) for d, via in known.names[known.spelled[name]]]
    return found


CLEAR_LEAD = 8  # a candidate this far ahead of the next one comes alone


def _best(matches: list[Match], limit: int) -> list[Match]:
    best: dict[str, Match] = {}
    for m in matches:
        if m.district.code not in best or m.score > best[m.district.code].score:
            best[m.district.code] = m
    ranked = sorted(best.values(), key=lambda m: (-m.score, fold(m.district.label)))
    if ranked and ranked[0].score >= 95:  # an exact name: only the districts that carry it
        ranked = [m for m in ranked if m.score >= 95]
    if len(ranked) > 1 and ranked[0].score - ranked[1].score >= CLEAR_LEAD:
        ranked = ranked[:1]  # "chaupimarka": Chaupimarca, far ahead of Chapimarca
    return ranked[:limit]


# What people write around a place's name ("soy de...", "vivo en...", "¿dónde voy en...?").
FILLER = set(
    """a al ayuda ayudame aca aqui alla alli busco buscar cerca centro cem como cual cuales de del desde
    distrito donde el en es esta estoy favor hay hola la las lo los mi mis me necesito para por porfa
    porfavor provincia puedo que quiero region servicio servicios soy un una urgente vivo voy y ir
    ciudad pueblo zona sector barrio tengo""".split()
)
MIN_SCORE = 45.0  # below, a text hardly names a district ("nueva york" is not Nieva)
MAX_WORDS = 8  # a longer message tells a story; the lead's understanding reads it, not this
MAX_NAME_WORDS = 6


def _scan(text: str, strict: bool) -> list[Match]:
    """Every stretch of the text that names a district, scored by the name's closeness times the
    share of the message's meaningful words (neither filler nor "de", "la"...) that it covers."""
    words = _words(text)
    meaningful = [w not in FILLER and w not in PARTICLES for w in words]
    content = sum(meaningful)
    matches: list[Match] = []
    for size in range(min(len(words), MAX_NAME_WORDS), 0, -1):
        for start in range(0, len(words) - size + 1):
            inside = sum(meaningful[start : start + size])
            if not inside and content:
                continue
            outside = {w for i, w in enumerate(words) if meaningful[i] and not start <= i < start + size}
            for m in _candidates(words[start : start + size], strict):
                # "yanacancha pasco": a word naming her province or region counts for the match
                extra = len(outside & _area_words(m.district))
                coverage = min(1.0, (inside + extra) / content) if content else 1.0
                matches.append(Match(m.district, m.score * coverage, m.via))
    return matches


def _area_words(d: District) -> set[str]:
    return set(_words(f"{d.province_name} {d.region_name}"))


def find_places(text: str, limit: int = 12, min_score: float = MIN_SCORE) -> list[Match]:
    """Districts named by `text`, best first, when she was asked for a place: accents optional,
    typos tolerated ("yanacansha", "carabaillo"), words around the name dropped ("soy de comas"),
    her province or region used to choose ("yanacancha pasco"). An exact name gives only the
    districts of that name (two for "Yanacancha": ask which)."""
    return [m for m in _best(_scan(text, strict=False), limit) if m.score >= min_score]


def find_district(typed: str, limit: int = 12) -> list[District]:
    """The districts of `find_places`, without their scores."""
    return [m.district for m in find_places(typed, limit)]


def place_in_text(text: str, threshold: float = 75.0) -> list[Match]:
    """For a message typed at the menu: the districts it names if it is (nearly) only a place
    name, else []. "comas", "soy de huanuco", "en tingo maria donde voy" name a place; "hola",
    "me pegó mi pareja", "quiero ayuda" do not. A match's score is lowered by the words of the
    message that are neither the name nor the usual filler, so a story that mentions a district
    falls under `threshold`. Typos are tolerated only in names of 5 letters or more."""
    if len(fold(text).split()) > MAX_WORDS:
        return []
    return [m for m in _best(_scan(text, strict=True), 12) if m.score >= threshold]


# ---------------------------------------------------------------------------------------------
# From a shared location


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine); plenty precise for "which is closest"."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def nearest_district(lat: float, lon: float) -> tuple[District, float] | None:
    """The district whose capital is nearest: an approximation of where she is (district borders
    are not in the data), with the distance to that capital in km."""
    located = [(d, distance_km(lat, lon, d.lat, d.lon)) for d in districts() if d.lat is not None]
    return min(located, key=lambda pair: pair[1], default=None)
