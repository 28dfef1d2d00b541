"""Regions, provinces and districts (content/places.yaml), and finding one from what a person types."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import yaml
from rapidfuzz import fuzz, process

from flows.texts import content_dir


@dataclass(frozen=True)
class District:
    code: str  # "region/province/district"
    name: str
    province: str
    province_name: str
    region: str
    region_name: str
    aliases: tuple[str, ...] = ()

    @property
    def province_code(self) -> str:
        return f"{self.region}/{self.province}"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.province_name}, {self.region_name})"


def fold(text: str) -> str:
    """Lowercase, no accents, letters and digits only: how people type on a phone in a hurry."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9ñ]+", " ", text.replace("n\u0303", "ñ")).strip()


@lru_cache(maxsize=2)
def _load(directory) -> tuple[District, ...]:
    raw = yaml.safe_load((directory / "places.yaml").read_text(encoding="utf-8"))
    found = []
    for region in raw["regions"]:
        for province in region["provinces"]:
            for d in province["districts"]:
                found.append(
                    District(
                        code=f"{region['code']}/{province['code']}/{d['code']}",
                        name=d["name"],
                        province=province["code"],
                        province_name=province["name"],
                        region=region["code"],
                        region_name=region["name"],
                        aliases=tuple(d.get("aliases", ())),
                    )
                )
    return tuple(found)


def districts() -> tuple[District, ...]:
    return _load(content_dir())


def district(code: str) -> District | None:
    return next((d for d in districts() if d.code == code), None)


def regions() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for d in districts():
        seen.setdefault(d.region, d.region_name)
    return list(seen.items())


def in_region(region: str) -> list[District]:
    return [d for d in districts() if d.region == region]


def find_district(typed: str, limit: int = 3) -> list[District]:
    """Districts that match what was typed, best first, tolerating missing accents and typos
    ("simon bolivar", "yanacansha"). An exact match comes alone."""
    query = fold(typed)
    if not query:
        return []
    names: dict[str, District] = {}
    for d in districts():
        for name in (d.name, *d.aliases):
            names[fold(name)] = d
    if query in names:
        return [names[query]]
    scored = process.extract(query, list(names), scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=80)
    result: list[District] = []
    for name, _score, _ in scored:
        if names[name] not in result:
            result.append(names[name])
    return result[:limit]
