"""The directory: the shipped file, checking a staff file line by line, and finding services by
typing (with typos), by buttons and by location."""
from datetime import date

import pytest
from sqlalchemy import select

from flows import places
from flows.orientation.selfcheck import questions
from flows.orientation.directory import Entry, distance_km, nearest, read, shipped, to_csv, to_yaml
from storage.models import User

TODAY = date(2026, 11, 23)
UNKNOWN = "Llama a la Línea 100 para confirmar la dirección"


def test_shipped_directory_has_a_source_and_a_date_for_every_entry_and_no_refuge():
    entries = shipped()
    assert entries
    for e in entries:
        assert e.source.strip() and e.last_checked <= date.today(), e
        assert "refugio" not in e.name.lower()
        assert places.district(e.district), e.district


def test_shipped_directory_records_what_the_seeds_say():
    names = {(e.district, e.name) for e in shipped()}
    carabayllo = [n for d, n in names if d == "lima/lima/carabayllo"]
    for expected in ("San Pedro", "El Progreso", "Santa Isabel", "ALEGRA", "DEMUNA", "Salud Mental Comunitario"):
        assert any(expected in n for n in carabayllo), expected
    kinds = {e.kind for e in shipped() if e.district == "lima/lima/carabayllo"}
    assert {"cem", "cem-comisaria", "comisaria", "alegra", "demuna", "csmc"} <= kinds
    assert ("huanuco/leoncio-prado/rupa-rupa", "Centro Emergencia Mujer (CEM) Tingo María") in names


def _yaml(body: str) -> str:
    return "# comentario\nentries:\n" + body


GOOD = """  - kind: cem
    name: CEM de prueba
    district: pasco/pasco/yanacancha
    phone: "01 234 5678"
    lat: -10.66
    lon: -76.25
    source: documento de prueba, p. 3
    last_checked: 2026-01-10
"""


def test_a_valid_yaml_file_is_read():
    entries, problems = read(_yaml(GOOD), "yaml", TODAY)
    assert problems == []
    assert entries == [
        Entry(kind="cem", name="CEM de prueba", district="pasco/pasco/yanacancha", source="documento de prueba, p. 3",
              last_checked=date(2026, 1, 10), phone="01 234 5678", lat=-10.66, lon=-76.25)
    ]


def test_yaml_problems_are_reported_each_with_its_line():
    bad = GOOD + """  - kind: hogar
    name: Hogar de Refugio Temporal
    district: lima/lima/carabayllo
    address: Av. Siempre Viva 123
    source: x
    last_checked: 2026-01-01
  - kind: cem
    name: CEM de prueba
    district: pasco/pasco/yanacancha
    source: repetida
    last_checked: 2026-01-01
  - kind: comisaria
    name: Sin fuente
    district: lima/lima/nowhere
    lat: 10
    last_checked: 2027-01-01
"""
    entries, problems = read(_yaml(bad), "yaml", TODAY)
    by_line = {}
    for p in problems:
        by_line.setdefault(p.line, []).append(p.message)
    assert set(by_line) == {11, 17, 22}
    assert any("refugio" in m for m in by_line[11])
    assert any("repite la entrada de la línea 3" in m for m in by_line[17])
    messages = " | ".join(by_line[22])
    for expected in ("falta 'source'", "distrito 'lima/lima/nowhere'", "fuera del Perú", "futuro"):
        assert expected in messages


def test_csv_problems_are_reported_with_their_line():
    text = (
        "kind,name,district,address,phone,hours,lat,lon,adults_only,source,last_checked\n"
        "cem,CEM A,pasco/pasco/yanacancha,,,,,,no,doc,2026-01-01\n"
        "dmuna,DEMUNA,pasco/pasco/yanacancha,,,,,,no,doc,2026-01-01\n"
        'cem,"CEM B, con coma",pasco/pasco/chaupimarca,,abc,,-10.6,,tal vez,doc,ayer\n'
    )
    entries, problems = read(text, "csv", TODAY)
    assert [p.line for p in problems if "dmuna" in p.message] == [3]
    line4 = " | ".join(p.message for p in problems if p.line == 4)
    for expected in ("teléfono 'abc'", "lat y lon", "adults_only", "last_checked 'ayer'"):
        assert expected in line4
    assert {p.line for p in problems} == {3, 4}
    assert str(problems[0]).startswith("línea 3:")


def test_a_csv_with_wrong_columns_is_refused_at_line_one():
    entries, problems = read("tipo,nombre\ncem,x\n", "csv", TODAY)
    assert entries == [] and problems[0].line == 1 and "columnas" in problems[0].message


def test_export_reads_back_the_same_entries():
    entries = list(shipped())
    assert read(to_yaml(entries), "yaml", TODAY) == (entries, [])
    assert read(to_csv(entries), "csv", TODAY) == (entries, [])


def test_distances_and_nearest():
    assert distance_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.05)
    a = Entry("cem", "A", "pasco/pasco/yanacancha", "s", TODAY, lat=-10.66, lon=-76.25)
    b = Entry("cem", "B", "lima/lima/carabayllo", "s", TODAY, lat=-11.85, lon=-77.03)
    c = Entry("cem", "C", "lima/lima/carabayllo", "s", TODAY)
    found = nearest([b, c, a], -10.68, -76.26)
    assert [e.name for e, _ in found] == ["A", "B"]
    assert found[0][1] < 5 < found[1][1]


# ---------------------------------------------------------------------------------------------
# Finding services in the bot


async def _to_services(person, consent=True):
    await person.command("start")
    await person.press("Sí, estoy de acuerdo" if consent else "Prefiero no dar datos")
    await person.press("Orientación para mujeres")
    await person.press("Servicios cerca")


@pytest.mark.parametrize("typed,district", [
    ("simon bolivar", "Simón Bolívar"), ("yanacansha", "Yanacancha"), ("CHAUPIMARKA", "Chaupimarca"),
    ("carabaillo", "Carabayllo"), ("SJL", "San Juan de Lurigancho"), ("tingo maria", "Rupa-Rupa"),
])
async def test_she_finds_her_district_by_typing_even_with_typos(harness, typed, district):
    ana = harness.person(401)
    await _to_services(ana, consent=False)
    await ana.send(typed)
    assert f"Servicios en {district}" in ana.new_text()


async def test_every_district_gets_an_answer_with_services_or_the_way_to_line_100(harness):
    ana = harness.person(402)
    await _to_services(ana, consent=False)
    for d in places.districts():
        await ana.send(d.name)
        text = ana.new_text()
        assert f"Servicios en {d.name}" in text
        assert "🏢" in text and "Línea 100" in text


async def test_a_district_without_its_own_cem_gets_the_province_cem(harness):
    ana = harness.person(403)
    await _to_services(ana, consent=False)
    await ana.send("luyando")
    text = ana.new_text()
    assert "atiende a toda la provincia de Leoncio Prado" in text
    assert "CEM) Tingo María" in text


async def test_unverified_details_are_said_to_be_unknown(harness):
    ana = harness.person(404)
    await _to_services(ana, consent=False)
    await ana.send("carabayllo")
    text = ana.new_text()
    assert "Comisaría San Pedro" in text and "ALEGRA" in text
    assert text.count(UNKNOWN) >= 9
    assert "Fuente: [Carabayllo]" in text and "Revisado: 23/11/2026" in text
    assert "no se publican" in text  # the refuge exists but its address is never given


async def test_she_finds_her_district_by_buttons(harness):
    ana = harness.person(405)
    await _to_services(ana, consent=False)
    assert ana.last().payload["ask_location"] is True
    await ana.press("Pasco")
    assert ana.labels()[:2] == ["Pasco", "Oxapampa"]  # two provinces
    await ana.press("Pasco")
    await ana.press("Simón Bolívar")
    assert "Servicios en Simón Bolívar" in ana.new_text()
    await ana.press("Buscar otro distrito")
    await ana.press("Lima")  # one province: straight to its districts
    assert "Carabayllo" in ana.labels()
    await ana.press("Carabayllo")
    assert "Servicios en Carabayllo" in ana.new_text()


async def test_several_matches_are_offered_as_buttons_and_nonsense_is_said(harness):
    ana = harness.person(406)
    await _to_services(ana, consent=False)
    await ana.send("xqzwv")
    assert "No encontré el distrito «xqzwv»" in ana.new_text()
    assert "Lima" in ana.labels()


async def test_location_without_any_located_entry_says_so_and_offers_other_ways(harness):
    ana = harness.person(407)
    await _to_services(ana, consent=False)
    await ana.location(-10.68, -76.26)
    text = ana.new_text()
    assert "Todavía no tengo servicios con ubicación verificada" in text
    assert {"Lima", "Pasco", "Huánuco"} <= set(ana.labels())


async def test_her_district_is_kept_only_with_her_consent(harness):
    ana = harness.person(408)
    await _to_services(ana, consent=True)
    await ana.send("yanacansha")
    assert "Guardé tu distrito" in ana.new_text()
    bea = harness.person(409)
    await _to_services(bea, consent=False)
    await bea.send("yanacansha")
    assert "Guardé tu distrito" not in bea.new_text()
    async with harness.runtime.sessions() as session:
        users = (await session.execute(select(User))).scalars().all()
    assert [u.district for u in users] == ["pasco/pasco/yanacancha"]
    # Next time, her district's services come straight away.
    await ana.command("menu")
    await ana.press("Orientación para mujeres")
    await ana.press("Servicios cerca")
    assert "Servicios en Yanacancha" in ana.new_text()


async def test_a_minor_gets_demuna_first_and_no_adult_only_service(harness):
    ana = harness.person(410)
    await ana.command("start")
    await ana.press("Prefiero no dar datos")
    await ana.press("Orientación para mujeres")
    await ana.press("Test")
    await ana.press("Menos de 18")
    for _ in range(len(questions())):
        await ana.press("No")
    await ana.press("Servicios cerca")
    await ana.send("yanacancha")
    text = ana.new_text()
    assert "menos de 18" in text and "DEMUNA" in text
    assert "Mujeres acompañando mujeres" not in text  # adults only
    assert "Mujeres empoderadas y autónomas" in text
    await ana.press("Buscar otro distrito")
    await ana.send("carabayllo")
    text = ana.new_text()
    assert text.index("DEMUNA de la Municipalidad") < text.index("Comisaría San Pedro")
