"""The directory: every district of Peru, the shipped entries and their sources, checking a staff
file line by line, and finding services by typing (with typos), by buttons and by location."""
import random
from datetime import date

import pytest
from sqlalchemy import select

from flows import places
from flows.core import COPY
from flows.orientation.directory import SOURCE_DATE, Entry, distance_km, nearest, read, shipped, to_csv, to_yaml
from flows.orientation.selfcheck import questions
from flows.texts import content_dir
from storage.models import User

TODAY = date(2026, 11, 23)
MAX_ANSWER = 1200


# ---------------------------------------------------------------------------------------------
# Places


def test_every_district_of_peru_is_known_with_its_licence_notice():
    all_ = places.districts()
    assert len(all_) == 1893
    assert len({d.code for d in all_}) == 1893 and len({d.ubigeo for d in all_}) == 1893
    assert len(places.regions()) == 25
    assert len({d.province_code for d in all_}) == 196
    assert all(len(f"dir-d:{d.ubigeo}".encode()) <= 56 for d in all_)  # fits a button
    notice = (content_dir() / "places.LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in notice and "Jesus M. Castagnetto" in notice
    # The codes already stored in databases did not change.
    for code in ("pasco/pasco/yanacancha", "lima/lima/carabayllo", "huanuco/leoncio-prado/rupa-rupa",
                 "huanuco/leoncio-prado/daniel-alomia-robles", "pasco/oxapampa/villa-rica"):
        assert places.district(code), code


def _typo(name: str, rng: random.Random) -> str:
    """The name without accents and with one letter changed, so that it spells no other district."""
    plain = places.fold(name)
    known = {places.fold(d.name) for d in places.districts()}
    letters = [i for i, ch in enumerate(plain) if ch.isalpha()]
    while True:
        i = rng.choice(letters[1:-1] if len(letters) > 2 else letters)
        typed = plain[:i] + rng.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != plain[i]]) + plain[i + 1 :]
        if typed not in known:
            return typed


def _forty_districts() -> list[places.District]:
    rng = random.Random(2026)
    by_region: dict[str, list[places.District]] = {}
    for d in places.districts():
        by_region.setdefault(d.region, []).append(d)
    chosen = [rng.choice(found) for found in by_region.values()]  # one in each of the 25 departments
    rest = [d for d in places.districts() if d not in chosen]
    return chosen + rng.sample(rest, 40 - len(chosen))


async def _to_services(person, consent=True):
    await person.command("start")
    await person.press("Sí, estoy de acuerdo" if consent else "Prefiero no dar datos")
    await person.press("Orientación para mujeres")
    await person.press("Servicios cerca")


async def test_forty_random_districts_are_found_without_accents_and_with_a_typo(harness):
    rng = random.Random(10)
    chosen = _forty_districts()
    assert len({d.region for d in chosen}) == 25 and len(chosen) == 40
    ana = harness.person(400)
    await _to_services(ana, consent=False)
    for d in chosen:
        typed = _typo(d.name, rng)
        await ana.send(typed)
        header = f"Servicios en {d.label}"
        if header not in ana.new_text():  # several candidates: hers is offered as a button
            assert d.label in ana.labels(), (d.label, typed, ana.new_text(), ana.labels())
            await ana.press(d.label)
            assert header in ana.new_text()
        await ana.press("Buscar otro distrito")


@pytest.mark.parametrize("typed,district", [
    ("simon bolivar", "Simón Bolívar (Pasco, Pasco)"), ("CHAUPIMARKA", "Chaupimarca"),
    ("carabaillo", "Carabayllo (Lima, Lima)"), ("SJL", "San Juan de Lurigancho"), ("tingo maria", "Rupa-Rupa"),
    ("soy de huanuco", "Huánuco (Huánuco, Huánuco)"), ("aucayacu", "José Crespo y Castillo"),
])
async def test_she_finds_her_district_by_typing(harness, typed, district):
    ana = harness.person(401)
    await _to_services(ana, consent=False)
    await ana.send(typed)
    assert f"Servicios en {district}" in ana.new_text()


async def test_a_name_shared_by_two_districts_asks_which(harness):
    ana = harness.person(402)
    await _to_services(ana, consent=False)
    await ana.send("yanacancha")
    assert "Hay más de un distrito que se llama así" in ana.new_text()
    assert {"Yanacancha (Pasco, Pasco)", "Yanacancha (Chupaca, Junín)"} <= set(ana.labels())
    await ana.press("Yanacancha (Chupaca, Junín)")
    text = ana.new_text()
    assert "Servicios en Yanacancha (Chupaca, Junín)" in text
    assert "Todavía no tengo un CEM registrado" not in text or "Línea 100" in text


async def test_cusco_is_answered_honestly(harness):
    ana = harness.person(403)
    await _to_services(ana, consent=False)
    await ana.send("cusco")
    text = ana.new_text()
    assert "Servicios en Cusco (Cusco, Cusco)" in text
    assert "No reconozco" not in text and "Revisa cómo se escribe" not in text
    # No CEM is registered in the district itself: the province's are given, with where they are.
    assert "En tu distrito no tengo un CEM registrado. En tu provincia conozco:" in text
    assert "CEM en la Comisaría de la Familia PNP Santiago" in text
    assert "Flora Tristán" in text and "2009" in text  # an old source says so by its date
    assert "Línea 100" in text and len(text) <= MAX_ANSWER


async def test_a_place_without_any_known_service_says_so_and_gives_line_100(harness):
    ana = harness.person(404)
    await _to_services(ana, consent=False)
    await ana.send("paucartambo pasco")
    await ana.send("huachon")
    text = ana.new_text()
    assert "Servicios en Huachón (Pasco, Pasco)" in text
    assert "En tu distrito no tengo un CEM registrado. En tu provincia conozco:" in text
    assert "CEM) de Cerro de Pasco" in text
    assert "Cerca, en tu provincia o región" in text and any("ALEGRA Pasco" in b for b in ana.labels())
    await ana.send("purus")  # Ucayali: a province with a CEM of its own
    await ana.send("tinicachi")  # Puno: nothing in the district, province or region's CEMs
    text = ana.new_text()
    assert "Servicios en Tinicachi" in text
    assert "Todavía no tengo un CEM registrado para Tinicachi" in text and "Línea 100" in text


@pytest.mark.parametrize("typed", ["carabayllo", "rupa rupa", "tingo maria", "luyando", "san juan de lurigancho"])
async def test_answers_fit_a_phone_with_the_cem_first_and_details_behind_buttons(harness, typed):
    ana = harness.person(405)
    await _to_services(ana, consent=False)
    await ana.send(typed)
    reply = ana.last()
    assert len(reply.text) <= MAX_ANSWER, len(reply.text)
    assert "Revisado" not in reply.text and "[Carabayllo]" not in reply.text
    assert reply.text.index("🏢") < reply.text.index("Línea 100")
    assert (f"📋 Copiar Línea 100", COPY, "100") in reply.buttons


async def test_carabayllo_details_are_behind_buttons_with_their_source(harness):
    ana = harness.person(406)
    await _to_services(ana, consent=False)
    await ana.send("carabayllo")
    text = ana.new_text()
    assert text.index("CEM) regular de Carabayllo") < text.index("Otros servicios aquí")
    assert "Fuente: Red de Mujeres Organizadas de Carabayllo, con DEMUS y ALTERNATIVA, 2022." in text
    assert "no se publican" in text  # the refuge exists but its address is never given
    labels = ana.labels()
    for expected in ("Comisaría San Pedro", "ALEGRA", "DEMUNA", "Salud Mental Comunitario"):
        assert any(expected in label for label in labels), expected
    await ana.press("Comisaría San Pedro")
    detail = ana.new_text()
    assert "Comisaría San Pedro — comisaría" in detail
    assert "Dirección, teléfono y horario: no lo sé. La Línea 100 (gratis, 24 horas) te lo confirma." in detail
    assert "Fuente: Red de Mujeres Organizadas de Carabayllo" in detail and "Verificado" not in detail
    await ana.press("Volver a Carabayllo")
    assert "Servicios en Carabayllo" in ana.new_text()


async def test_a_stale_detail_button_gets_an_answer_and_the_list_again(harness):
    from flows.core import Press

    ana = harness.person(407)
    await _to_services(ana, consent=False)
    await ana.do(Press("dir-e", "150106.999"))
    text = ana.new_text()
    assert "Ese botón ya no corresponde" in text and "Servicios en Carabayllo" in text
    await ana.do(Press("dir-e", "nada"))
    assert "Ese botón ya no corresponde" in ana.new_text()


async def test_she_finds_her_district_by_buttons(harness):
    ana = harness.person(408)
    await _to_services(ana, consent=False)
    assert ana.last().payload["ask_location"] is True
    assert len([label for label in ana.labels() if label not in ("🆘 Estoy en peligro",)]) >= 25
    await ana.press("Pasco")
    assert ana.labels()[:3] == ["Daniel Alcides Carrión", "Oxapampa", "Pasco"]
    await ana.press("Oxapampa")
    await ana.press("Villa Rica")
    assert "Servicios en Villa Rica (Oxapampa, Pasco)" in ana.new_text()
    await ana.press("Buscar otro distrito")
    await ana.press("Callao")
    assert "Elige tu distrito (Callao)" in ana.new_text()


async def test_nonsense_is_said_not_to_be_a_place(harness):
    ana = harness.person(409)
    await _to_services(ana, consent=False)
    await ana.send("xqzwv")
    assert "No reconozco «xqzwv» como un distrito del Perú" in ana.new_text()
    assert "Lima" in ana.labels()


@pytest.mark.parametrize("code", ["pasco/pasco/yanacancha", "huanuco/leoncio-prado/jose-crespo-y-castillo",
                                  "lima/lima/carabayllo", "loreto/maynas/iquitos", "tacna/tacna/tacna"])
async def test_a_location_near_a_district_capital_gives_that_district_as_an_approximation(harness, code):
    d = places.district(code)
    ana = harness.person(410)
    await _to_services(ana, consent=False)
    await ana.location(d.lat + 0.004, d.lon - 0.003)
    text = ana.new_text()
    assert f"Servicios en {d.label}" in text
    assert f"estás cerca de {d.capital}, capital del distrito de {d.name} (es una aproximación" in text
    assert " km" not in text  # no service has coordinates of its own: no distances


async def test_a_location_outside_peru_is_said_so(harness):
    ana = harness.person(411)
    await _to_services(ana, consent=False)
    await ana.location(-12.0, -80.5)  # the Pacific, far from any capital
    assert "No pude ubicar ese punto dentro del Perú" in ana.new_text()


async def test_her_district_is_kept_only_with_her_consent(harness):
    ana = harness.person(412)
    await _to_services(ana, consent=True)
    await ana.send("chaupimarca")
    assert "Guardé tu distrito" in ana.new_text()
    bea = harness.person(413)
    await _to_services(bea, consent=False)
    await bea.send("chaupimarca")
    assert "Guardé tu distrito" not in bea.new_text()
    async with harness.runtime.sessions() as session:
        users = (await session.execute(select(User))).scalars().all()
    assert [u.district for u in users] == ["pasco/pasco/chaupimarca"]
    await ana.command("menu")
    await ana.press("Orientación para mujeres")
    await ana.press("Servicios cerca")
    assert "Servicios en Chaupimarca" in ana.new_text()


async def test_a_minor_gets_demuna_first_and_no_adult_only_service(harness):
    ana = harness.person(414)
    await ana.command("start")
    await ana.press("Prefiero no dar datos")
    await ana.press("Orientación para mujeres")
    await ana.press("Test")
    await ana.press("Menos de 18")
    for _ in range(len(questions())):
        await ana.press("No")
    await ana.press("Servicios cerca")
    await ana.send("chaupimarca")
    text, labels = ana.new_text(), ana.labels()
    assert "menos de 18" in text
    assert not any("Mujeres acompañando mujeres" in label for label in labels)  # adults only
    assert any("Mujeres empoderadas y autónomas" in label for label in labels)
    await ana.press("Buscar otro distrito")
    await ana.send("carabayllo")
    labels = ana.labels()
    assert [i for i, label in enumerate(labels) if "DEMUNA" in label][0] < [
        i for i, label in enumerate(labels) if "Comisaría San Pedro" in label][0]


# ---------------------------------------------------------------------------------------------
# The place finder the menu uses


@pytest.mark.parametrize("text,name", [
    ("comas", "Comas"), ("soy de huanuco", "Huánuco"), ("en tingo maria donde voy", "Rupa-Rupa"),
    ("Vivo en Carabayllo", "Carabayllo"), ("yanacansha", "Yanacancha"), ("cerro de pasco", "Chaupimarca"),
])
def test_a_short_message_naming_a_place_is_recognised(text, name):
    found = places.place_in_text(text)
    assert found and {m.district.name for m in found} == {name}
    assert all(0 < m.score <= 100 for m in found)


@pytest.mark.parametrize("text", [
    "hola", "quiero ayuda", "me pegó mi pareja anoche en comas y tengo miedo", "gracias", "si", "no sé qué hacer",
    "mi esposo me pega", "buenas noches",
])
def test_ordinary_text_is_not_taken_for_a_place(text):
    assert places.place_in_text(text) == []


# ---------------------------------------------------------------------------------------------
# The shipped directory and directory files


def test_every_shipped_entry_has_a_source_with_its_date_and_no_refuge():
    entries = shipped()
    assert len(entries) > 50
    for e in entries:
        assert e.source.strip() and e.source_publisher, e  # a page's title or a seed document's name
        assert e.source_url is None or e.source_url.startswith("https://"), e
        assert e.source_date and SOURCE_DATE.match(e.source_date) and e.source_date <= date.today().isoformat(), e
        assert "refugio" not in e.name.lower()
        assert places.area_name(e.district), e.district
        assert e.verified_on is None and e.verified_by is None  # nobody on the team has checked them yet
        assert not e.located  # no source gave a service's coordinates
    seeds = [e for e in entries if e.source_url is None]
    assert {e.source_date for e in seeds} <= {"2019", "2022", "2023"}


def test_cem_contacts_cover_many_regions():
    regions = {e.district.split("/")[0] for e in shipped() if e.kind in ("cem", "cem-comisaria")}
    assert {"lima", "pasco", "huanuco", "cusco", "tumbes", "loreto", "piura", "ucayali", "ayacucho", "junin", "cajamarca"} <= regions


def test_shipped_directory_records_what_the_seeds_say():
    names = {(e.district, e.name) for e in shipped()}
    carabayllo = [n for d, n in names if d == "lima/lima/carabayllo"]
    for expected in ("San Pedro", "El Progreso", "Santa Isabel", "ALEGRA", "DEMUNA", "Salud Mental Comunitario"):
        assert any(expected in n for n in carabayllo), expected
    assert ("huanuco/leoncio-prado/rupa-rupa", "Centro Emergencia Mujer (CEM) Tingo María") in names


def _yaml(body: str) -> str:
    return "# comentario\nentries:\n" + body


GOOD = """  - kind: cem
    name: CEM de prueba
    district: pasco/pasco/yanacancha
    phone: "01 234 5678"
    lat: -10.66
    lon: -76.25
    source: documento de prueba
    source_publisher: Programa de prueba
    source_url: https://example.org/prueba
    source_date: 2025-03
    source_note: p. 3
    verified_by: Rosa
    verified_on: 2026-01-10
"""


def test_a_valid_yaml_file_is_read():
    entries, problems = read(_yaml(GOOD), "yaml", TODAY)
    assert problems == []
    assert entries == [
        Entry(kind="cem", name="CEM de prueba", district="pasco/pasco/yanacancha", source="documento de prueba",
              source_date="2025-03", source_publisher="Programa de prueba", source_url="https://example.org/prueba",
              source_note="p. 3", phone="01 234 5678", lat=-10.66, lon=-76.25, verified_by="Rosa",
              verified_on=date(2026, 1, 10))
    ]
    assert entries[0].source_day == "03/2025"


def test_yaml_problems_are_reported_each_with_its_line():
    bad = GOOD + """  - kind: hogar
    name: Hogar de Refugio Temporal
    district: lima/lima/carabayllo
    address: Av. Siempre Viva 123
    source: x
    source_date: 2026
  - kind: cem
    name: CEM de prueba
    district: pasco/pasco/yanacancha
    source: repetida
    source_date: 2026
  - kind: comisaria
    name: Sin fuente
    district: lima/lima/nowhere
    lat: 10
    source_date: 2027-01-01
    source_url: www.sin-esquema
    verified_by: Rosa
"""
    entries, problems = read(_yaml(bad), "yaml", TODAY)
    by_line = {}
    for p in problems:
        by_line.setdefault(p.line, []).append(p.message)
    assert set(by_line) == {16, 22, 27}
    assert any("refugio" in m for m in by_line[16])
    assert any("repite la entrada de la línea 3" in m for m in by_line[22])
    messages = " | ".join(by_line[27])
    for expected in ("falta 'source'", "distrito 'lima/lima/nowhere'", "fuera del Perú", "futuro", "source_url",
                     "verified_by y verified_on"):
        assert expected in messages


def test_csv_problems_are_reported_with_their_line():
    header = "kind,name,district,address,phone,hours,lat,lon,adults_only,source,source_publisher,source_url,source_date\n"
    text = header + (
        "cem,CEM A,pasco/pasco/yanacancha,,,,,,no,doc,pub,,2026-01-01\n"
        "dmuna,DEMUNA,pasco/pasco/yanacancha,,,,,,no,doc,pub,,2026\n"
        'cem,"CEM B, con coma",pasco/pasco/chaupimarca,,abc,,-10.6,,tal vez,doc,pub,,ayer\n'
        "cem,CEM C,pasco/pasco,,,,,,no,doc,pub,,\n"
    )
    entries, problems = read(text, "csv", TODAY)
    assert [p.line for p in problems if "dmuna" in p.message] == [3]
    line4 = " | ".join(p.message for p in problems if p.line == 4)
    for expected in ("teléfono 'abc'", "lat y lon", "adults_only", "source_date 'ayer'"):
        assert expected in line4
    assert [p.message for p in problems if p.line == 5] == ["falta 'source_date'"]  # a province is a valid area
    assert {p.line for p in problems} == {3, 4, 5}
    assert str(problems[0]).startswith("línea 3:")


def test_a_csv_with_wrong_columns_is_refused_at_line_one():
    entries, problems = read("tipo,nombre\ncem,x\n", "csv", TODAY)
    assert entries == [] and problems[0].line == 1 and "columnas" in problems[0].message


def test_export_reads_back_the_same_entries_with_sources_and_verification():
    entries = list(shipped()) + read(_yaml(GOOD), "yaml", TODAY)[0]
    assert read(to_yaml(entries), "yaml", TODAY) == (entries, [])
    assert read(to_csv(entries), "csv", TODAY) == (entries, [])


def test_distances_and_nearest():
    assert distance_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.05)
    a = Entry("cem", "A", "pasco/pasco/yanacancha", "s", "2025", lat=-10.66, lon=-76.25)
    b = Entry("cem", "B", "lima/lima/carabayllo", "s", "2025", lat=-11.85, lon=-77.03)
    c = Entry("cem", "C", "lima/lima/carabayllo", "s", "2025")
    found = nearest([b, c, a], -10.68, -76.26)
    assert [e.name for e, _ in found] == ["A", "B"]
    assert found[0][1] < 5 < found[1][1]
    yanacancha = places.district("pasco/pasco/yanacancha")
    assert places.nearest_district(yanacancha.lat + 0.002, yanacancha.lon)[0] == yanacancha


def test_the_telegram_adapter_sends_a_copy_button_that_the_fake_api_accepts():
    from tests.fakeapi.checks import check_reply_markup
    from handlers.transport import inline_keyboard

    markup = inline_keyboard([[["📋 Copiar Línea 100", COPY, "100"], ["🔁 Buscar otro distrito", "dir-ask", ""]]])
    copy, other = markup.inline_keyboard[0]
    assert copy.copy_text.text == "100" and copy.callback_data is None
    assert other.callback_data and other.copy_text is None
    check_reply_markup(markup.model_dump(exclude_none=True))  # raises as Telegram would refuse
    with pytest.raises(Exception, match="COPY_TEXT"):
        check_reply_markup({"inline_keyboard": [[{"text": "x", "copy_text": {"text": ""}}]]})
