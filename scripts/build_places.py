"""Builds flows/content/places.csv (every district of Peru) from the ubigeo data set.

    python scripts/build_places.py /work/shared/data/ubigeo/ubigeo_distrito.csv

Source: jmcastagnetto/ubigeo-peru-aumentado (MIT licence, Copyright (c) 2021 Jesus M. Castagnetto);
its notice is kept in flows/content/places.LICENSE. Names come in capitals without some accents:
accents are taken from the accented capital-town names of the same data set, word by word; codes
are "region/province/district" slugs, kept as they were for the districts already in use.
"""
from __future__ import annotations

import collections
import csv
import re
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "flows" / "content" / "places.csv"
# Accented words the capitals' names do not teach (names of people and regions, mostly).
EXTRA = ("Áncash Apurímac Simón Dámaso Beraún Convención Rodríguez Asís Piérola Fermín Carrión Marañón "
         "Sánchez Chimú Huamalíes Román Víctor Purús Martín José María Andrés Ramón Jesús Perú Río Unión "
         "García Pérez Gonzáles González Fernández Núñez Ángel Tomás Nicolás Bolívar Cáceres Hernández Ñ").split()
LOWER = {"de", "del", "la", "las", "los", "y", "e", "el", "en", "a"}
# Districts whose name in the data set has a typo, or that people know by another name.
NAMES = {"100602": "Daniel Alomía Robles"}
ALIASES = {"150132": ["SJL"], "100601": ["Tingo María"]}
# Codes in use before this file existed: kept unchanged (stored in the database).
CODES = {"100602": "huanuco/leoncio-prado/daniel-alomia-robles"}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch) or ch == "\u0303")


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def accents(rows) -> dict[str, str]:
    """Folded word -> its most frequent accented spelling in the capitals' names."""
    seen: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for row in rows:
        for word in re.findall(r"[^\W\d_]+", row["capital"].replace("NA", "")):
            if word.lower() != slug(word).replace("-", "") or "ñ" in word.lower():
                seen[slug(word)][word.lower()] += 1
    found = {k: c.most_common(1)[0][0] for k, c in seen.items()}
    return found | {slug(word): word.lower() for word in EXTRA}


def nice(name: str, accented: dict[str, str]) -> str:
    words = []
    for i, word in enumerate(re.split(r"(\W+)", name.strip())):
        if not word or not word[0].isalpha():
            words.append(word)
            continue
        lower = accented.get(slug(word), word.lower())
        words.append(lower if i and lower in LOWER else lower[:1].upper() + lower[1:])
    return "".join(words)


def main(source: str) -> None:
    with open(source, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    accented = accents(rows)
    out = []
    for r in rows:
        region, province = nice(r["departamento"], accented), nice(r["provincia"], accented)
        district = NAMES.get(r["inei"]) or nice(r["distrito"], accented)
        code = CODES.get(r["inei"]) or "/".join(slug(x) for x in (r["departamento"], r["provincia"], r["distrito"]))
        capital = "" if r["capital"] == "NA" else " ".join(r["capital"].split())
        located = r["latitude"] not in ("", "NA")  # a few new districts have no capital in the data
        out.append({
            "ubigeo": r["inei"], "reniec": r["reniec"], "code": code, "region": region, "province": province,
            "district": district, "capital": capital,
            "lat": f"{float(r['latitude']):.5f}" if located else "", "lon": f"{float(r['longitude']):.5f}" if located else "",
            "aliases": ";".join(ALIASES.get(r["inei"], [])),
        })
    assert len({o["code"] for o in out}) == len(out), "duplicate codes"
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write("# Every district of Peru. Derived from jmcastagnetto/ubigeo-peru-aumentado (MIT licence,\n")
        f.write("# Copyright (c) 2021 Jesus M. Castagnetto; see places.LICENSE) by scripts/build_places.py.\n")
        f.write("# lat/lon are the district capital's, never a service's. Keep codes unchanged once in use.\n")
        writer = csv.DictWriter(f, fieldnames=list(out[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)
    print(f"{len(out)} districts -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/ubigeo/ubigeo_distrito.csv")
