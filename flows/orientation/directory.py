"""The directory of services: what an entry is, how a file of entries is checked, and distances.

The shipped directory is content/directory.yaml; staff load an edited one (YAML or CSV) with
`acompana directory import`, which runs `read` below and changes nothing unless every line is valid.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

import yaml

from flows import places, yamlread
from flows.places import distance_km, fold
from flows.contentfiles import ContentError
from flows.texts import content_dir

# Kinds of service; their labels are the Fluent texts "kind-<kind>".
KINDS = ("cem", "cem-comisaria", "comisaria", "salud", "csmc", "demuna", "alegra", "fiscalia", "municipal", "programa")
CEM_KINDS = ("cem", "cem-comisaria")
# Refuge addresses must never reach anyone: such an entry is refused, whatever its kind.
REFUGE_WORDS = ("refugio", "albergue", "casa de acogida")
# Peru's extent, with a margin: a point outside is a typo (a swapped sign, lat for lon).
LAT_RANGE = (-19.0, 0.5)
LON_RANGE = (-82.0, -68.0)
PHONE = re.compile(r"^[0-9 +()/-]{3,40}$")
# As precise as the source is: a year, a month or a day.
SOURCE_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Entry:
    kind: str
    name: str
    district: str  # "region/province/district" as in content/places.csv, or a province or region code
    # when the source does not say the district
    source: str  # the title of the document or page the facts come from
    source_date: str | None  # "2023", "2023-11" or "2023-11-22": the source's date, not ours
    source_publisher: str | None = None
    source_url: str | None = None  # the page's address; a seed document is named by its title
    source_note: str | None = None  # where in the source, for staff; never shown to her
    address: str | None = None
    phone: str | None = None
    hours: str | None = None
    lat: float | None = None  # the service's own coordinates, from its source; never a district's
    lon: float | None = None
    adults_only: bool = False  # hidden from someone who said she is under 18
    verified_by: str | None = None  # staff who checked it (name), with the day
    verified_on: date | None = None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None

    def in_area(self, area: str) -> bool:
        """`area` is a district, province or region code."""
        return self.district == area or self.district.startswith(area + "/")

    @property
    def source_day(self) -> str:
        """The source's date as people read it: 22/11/2023, 11/2023 or 2023."""
        return "/".join(reversed((self.source_date or "").split("-")))


# Column order of a directory file, as staff read it.
FIELDS = (
    "kind", "name", "district", "address", "phone", "hours", "lat", "lon", "adults_only",
    "source", "source_publisher", "source_url", "source_date", "source_note", "verified_by", "verified_on",
)
assert set(FIELDS) == {f.name for f in fields(Entry)}
REQUIRED = ("kind", "name", "district", "source", "source_date")


class DirectoryPort(Protocol):
    async def in_area(self, area: str) -> list[Entry]:
        """Entries of a district, province or region (by code)."""

    async def located(self) -> list[Entry]:
        """Entries that have coordinates."""

    async def verify_entry(self, entry: Entry, by: str, on: date) -> Entry | None:
        """Records that staff member `by` checked `entry` on `on`; None if it is no longer stored."""


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"línea {self.line}: {self.message}"


# ---------------------------------------------------------------------------------------------
# Reading and checking a directory file


def read(text: str, fmt: str, today: date) -> tuple[list[Entry], list[Problem]]:
    """Every entry of a YAML or CSV file, and every problem found, each with its line."""
    try:
        rows = _yaml_rows(text) if fmt == "yaml" else _csv_rows(text)
    except (yaml.YAMLError, csv.Error, ValueError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1 or 1
        return [], [Problem(max(line, 1), f"el archivo no se puede leer: {exc}")]
    return check(rows, today)


def format_of(path: str) -> str:
    return "csv" if path.lower().endswith(".csv") else "yaml"


def _yaml_rows(text: str) -> list[tuple[int, Any]]:
    data = yamlread.load(text)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ValueError("se espera una lista 'entries:'")
    root = yamlread.compose(text)
    nodes = next(v for k, v in root.value if k.value == "entries").value
    return [(node.start_mark.line + 1, item) for node, item in zip(nodes, data["entries"])]


def _csv_rows(text: str) -> list[tuple[int, Any]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = reader.fieldnames or []
    unknown = [h for h in header if h not in FIELDS]
    missing = [h for h in REQUIRED if h not in header]
    if unknown or missing:
        raise ValueError(f"columnas desconocidas {unknown}, faltan {missing}; columnas válidas: {', '.join(FIELDS)}")
    rows = []
    for row in reader:
        rows.append((reader.line_num, row))
    return rows


def check(rows: list[tuple[int, Any]], today: date) -> tuple[list[Entry], list[Problem]]:
    entries: list[Entry] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str, str], int] = {}
    for line, raw in rows:
        entry, errors = _entry(raw, today)
        problems += [Problem(line, e) for e in errors]
        if entry is None:
            continue
        key = (entry.kind, fold(entry.name), entry.district)
        if key in seen:
            problems.append(Problem(line, f"repite la entrada de la línea {seen[key]}"))
            continue
        seen[key] = line
        entries.append(entry)
    return entries, problems


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _entry(raw: Any, today: date) -> tuple[Entry | None, list[str]]:
    if not isinstance(raw, dict):
        return None, ["cada entrada debe tener campos (kind, name, district...)"]
    errors: list[str] = []
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        errors.append(f"campos desconocidos: {', '.join(map(str, unknown))}")
    values = {name: _text(raw.get(name)) for name in FIELDS}
    for name in REQUIRED:
        if values[name] is None:
            errors.append(f"falta '{name}'")
    kind, name, district = values["kind"], values["name"], values["district"]
    if kind and kind not in KINDS:
        errors.append(f"tipo '{kind}' desconocido; tipos válidos: {', '.join(KINDS)}")
    if any(word in fold(f"{kind} {name}") for word in REFUGE_WORDS):
        errors.append("los hogares de refugio no se publican nunca")
    for field, most in (("name", 160), ("hours", 160)):  # the columns' sizes
        if values[field] and len(values[field]) > most:
            errors.append(f"'{field}' es muy largo (máximo {most} caracteres)")
    if district and places.area_name(district) is None:
        errors.append(
            f"distrito '{district}' desconocido; usa un código de places.csv: distrito (pasco/pasco/yanacancha),"
            " provincia (pasco/pasco) o región (pasco)"
        )
    if values["phone"] and not PHONE.match(values["phone"]):
        errors.append(f"teléfono '{values['phone']}' no válido (solo números, espacios, +, -, paréntesis)")
    lat, lon = _coordinate(raw.get("lat"), LAT_RANGE, "lat", errors), _coordinate(raw.get("lon"), LON_RANGE, "lon", errors)
    if (lat is None) != (lon is None):
        errors.append("lat y lon van juntas: las dos o ninguna")
    source_date = values["source_date"]
    if source_date and not SOURCE_DATE.match(source_date):
        errors.append(f"source_date '{source_date}' debe ser AAAA, AAAA-MM o AAAA-MM-DD (la fecha de la fuente)")
    elif source_date and source_date > today.isoformat()[: len(source_date)]:
        errors.append(f"source_date {source_date} está en el futuro")
    if values["source_url"] and not re.match(r"^https?://\S+$", values["source_url"]):
        errors.append(f"source_url '{values['source_url']}' debe ser la dirección de una página (https://...)")
    verified_on = _date(raw.get("verified_on"), today, errors)
    if (verified_on is None) != (values["verified_by"] is None):
        errors.append("verified_by y verified_on van juntos: quién verificó y cuándo")
    adults_only = _flag(raw.get("adults_only"), errors)
    if errors:
        return None, errors
    return Entry(**{**values, "lat": lat, "lon": lon, "adults_only": adults_only, "verified_on": verified_on}), []


def _coordinate(value: Any, bounds: tuple[float, float], name: str, errors: list[str]) -> float | None:
    if _text(value) is None:
        return None
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        errors.append(f"{name} '{value}' no es un número")
        return None
    if not bounds[0] <= number <= bounds[1]:
        errors.append(f"{name} {number} está fuera del Perú")
        return None
    return number


def _date(value: Any, today: date, errors: list[str]) -> date | None:
    if isinstance(value, date):
        checked = value
    elif _text(value) is None:
        return None
    else:
        try:
            checked = date.fromisoformat(str(value).strip())
        except ValueError:
            errors.append(f"verified_on '{value}' no es una fecha AAAA-MM-DD")
            return None
    if checked > today:
        errors.append(f"verified_on {checked} está en el futuro")
    return checked


def _flag(value: Any, errors: list[str]) -> bool:
    if isinstance(value, bool):
        return value
    text = fold(str(value or ""))
    if text in ("", "no", "false", "0"):
        return False
    if text in ("si", "sí", "yes", "true", "1"):
        return True
    errors.append(f"adults_only '{value}' debe ser sí o no")
    return False


# ---------------------------------------------------------------------------------------------
# Writing a directory file (export)


def to_yaml(entries: list[Entry]) -> str:
    rows = [{k: getattr(e, k) for k in FIELDS} for e in entries]
    return yaml.safe_dump({"entries": rows}, allow_unicode=True, sort_keys=False)


def to_csv(entries: list[Entry]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for e in entries:
        row = {k: getattr(e, k) for k in FIELDS}
        row["verified_on"] = e.verified_on.isoformat() if e.verified_on else None
        row["adults_only"] = "sí" if e.adults_only else "no"
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


@lru_cache(maxsize=2)
def _shipped(directory) -> tuple[Entry, ...]:
    path = directory / "directory.yaml"
    entries, problems = read(path.read_text(encoding="utf-8"), "yaml", date.max)
    if problems:
        raise ContentError(f"{path}:{p.line}: {p.message}" for p in problems)
    return tuple(entries)


def shipped() -> tuple[Entry, ...]:
    """The directory that comes with the bot, used while the database holds none."""
    return _shipped(content_dir())


# ---------------------------------------------------------------------------------------------
# Distances


def nearest(entries: list[Entry], lat: float, lon: float, limit: int = 5) -> list[tuple[Entry, float]]:
    """Entries with their own coordinates, nearest first, with the distance in km."""
    found = [(e, distance_km(lat, lon, e.lat, e.lon)) for e in entries if e.located]
    return sorted(found, key=lambda pair: pair[1])[:limit]
