"""The directory in the database, on SQLite and PostgreSQL: import all-or-nothing, export, the
shipped file while the table is empty, and the nearest services to a location."""
from datetime import date, datetime, timezone

from sqlalchemy import func, select

from bot.cli_directory import export_text, import_text
from flows.orientation.directory import read, shipped
from storage.db import make_engine, make_sessionmaker
from storage.directory import Directory
from storage.models import AuditEntry
from storage.models.directory import DirectoryEntry
from flows import places, when
from flows.core import Press
from tests.harness import Harness

TODAY = date(2026, 11, 23)
# Made-up entries for tests only: the coordinates are not real places of service.
TEST_FILE = """entries:
  - kind: cem
    name: CEM de prueba Yanacancha
    district: pasco/pasco/yanacancha
    address: Calle de prueba 1
    phone: "000 000"
    hours: lunes a viernes (dato de prueba)
    lat: -10.68
    lon: -76.26
    source: archivo de prueba
    source_publisher: equipo de prueba
    source_date: 2026-11-01
  - kind: demuna
    name: DEMUNA de prueba Chaupimarca
    district: pasco/pasco/chaupimarca
    lat: -10.70
    lon: -76.30
    source: archivo de prueba
    source_publisher: equipo de prueba
    source_date: 2026-11-01
  - kind: comisaria
    name: Comisaría de prueba Carabayllo
    district: lima/lima/carabayllo
    lat: -11.85
    lon: -77.03
    source: archivo de prueba
    source_publisher: equipo de prueba
    source_date: 2026-11-01
  - kind: cem
    name: CEM de prueba sin ubicación
    district: lima/lima/carabayllo
    source: archivo de prueba
    source_publisher: equipo de prueba
    source_date: 2026-11-01
"""


async def _to_services(person):
    await person.command("start")
    await person.press("Prefiero no dar datos")
    await person.press("Orientación para mujeres")
    await person.press("Servicios cerca")


async def _directory(db_url):
    engine = make_engine(db_url)
    session = make_sessionmaker(engine)()
    return engine, session, Directory(session)


async def test_empty_table_answers_with_the_shipped_directory(db_url):
    engine, session, directory = await _directory(db_url)
    try:
        assert await directory.stored() == 0
        carabayllo = await directory.in_area("lima/lima/carabayllo")
        assert carabayllo == [e for e in shipped() if e.district == "lima/lima/carabayllo"]
        assert len(await directory.in_area("huanuco/leoncio-prado")) == 1
        assert await directory.all() == list(shipped())
    finally:
        await session.close()
        await engine.dispose()


async def test_import_replaces_and_queries_filter_by_area(db_url):
    assert await import_text(db_url, TEST_FILE, "yaml", TODAY) == (4, [])
    engine, session, directory = await _directory(db_url)
    try:
        assert await directory.stored() == 4
        assert [e.name for e in await directory.in_area("pasco/pasco/yanacancha")] == ["CEM de prueba Yanacancha"]
        assert len(await directory.in_area("pasco/pasco")) == 2
        assert len(await directory.in_area("pasco")) == 2
        assert await directory.in_area("huanuco/leoncio-prado") == []  # stored directory: no fallback per area
        assert len(await directory.located()) == 3
        entry = (await directory.in_area("pasco/pasco/yanacancha"))[0]
        assert entry.source_date == "2026-11-01" and entry.phone == "000 000" and entry.lat == -10.68
        audit = (await session.execute(select(AuditEntry.action, AuditEntry.actor_user_id))).all()
        assert ("directory.imported", None) in audit
    finally:
        await session.close()
        await engine.dispose()
    # A second import replaces the whole directory.
    assert await import_text(db_url, TEST_FILE.split("  - kind: demuna")[0], "yaml", TODAY) == (1, [])
    engine, session, directory = await _directory(db_url)
    try:
        assert [e.name for e in await directory.all()] == ["CEM de prueba Yanacancha"]
    finally:
        await session.close()
        await engine.dispose()


async def test_a_file_with_one_wrong_line_changes_nothing(db_url):
    await import_text(db_url, TEST_FILE, "yaml", TODAY)
    before = await export_text(db_url, "yaml")
    bad = TEST_FILE + "  - kind: cem\n    name: Otro\n    district: pasco/pasco/yanacancha\n    source: x\n    source_date: 2099-01-01\n"
    count, problems = await import_text(db_url, bad, "yaml", TODAY)
    assert count == 0 and [p.line for p in problems] == [TEST_FILE.count("\n") + 1]
    assert await export_text(db_url, "yaml") == before


async def test_export_and_import_round_trip_in_both_formats(db_url):
    await import_text(db_url, TEST_FILE, "yaml", TODAY)
    entries = read(TEST_FILE, "yaml", TODAY)[0]
    for fmt in ("csv", "yaml"):
        text = await export_text(db_url, fmt)
        assert read(text, fmt, TODAY) == (entries, [])
        assert await import_text(db_url, text, fmt, TODAY) == (4, [])
    engine = make_engine(db_url)
    async with make_sessionmaker(engine)() as session:
        assert (await session.execute(select(func.count()).select_from(DirectoryEntry))).scalar_one() == 4
    await engine.dispose()


async def test_shipped_directory_loads_into_the_database(db_url):
    from bot.cli_directory import shipped_file

    count, problems = await import_text(db_url, shipped_file().read_text(encoding="utf-8"), "yaml")
    assert problems == [] and count == len(shipped())
    engine, session, directory = await _directory(db_url)
    try:
        assert await directory.all() == list(shipped())
    finally:
        await session.close()
        await engine.dispose()


async def test_she_gets_the_nearest_services_with_their_distance(db_url):
    await import_text(db_url, TEST_FILE, "yaml", TODAY)
    harness = Harness(db_url)
    try:
        ana = harness.person(8801)
        await _to_services(ana)
        await ana.location(-10.681, -76.262)
        text = ana.new_text()
        assert "cerca de Cerro de Pasco, capital del distrito de Chaupimarca (es una aproximación" in text
        first, second = (text.index(n) for n in ("CEM de prueba Yanacancha", "DEMUNA de prueba"))
        assert first < second
        assert "a 0,2 km" in text  # only services with coordinates of their own get a distance
        assert "Comisaría de prueba" not in text  # far away, in Lima
        assert "📍 Calle de prueba 1" in text and "📞 000 000" in text
        assert ("📋 Copiar 000 000", "copy", "000 000") in ana.last().buttons
    finally:
        await harness.close()


def test_the_migration_matches_the_directory_model(sqlite_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from storage.models import Base

    engine = create_engine(sqlite_url.replace("+aiosqlite", ""))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    mine = [d for d in diff if "directory_entries" in repr(d)]
    assert mine == []


async def test_staff_verify_an_entry_and_list_the_stale_ones(db_url):
    from bot.cli_directory import stale_entries, verify_entry

    # On an empty table, the shipped directory is stored first so that its entries have ids.
    stale = await stale_entries(db_url, 6, TODAY)
    assert len(stale) == len(shipped()) and all(e.verified_on is None for _, e in stale)
    first_id, first = stale[0]
    verified = await verify_entry(db_url, first_id, "Rosa (coordinadora)", date(2026, 6, 1))
    assert verified.verified_by == "Rosa (coordinadora)" and verified.verified_on == date(2026, 6, 1)
    assert verified.name == first.name and verified.source_url == first.source_url
    assert await verify_entry(db_url, 999999, "Rosa", TODAY) is None
    # Verified 5 months and 22 days before TODAY: stale for 5 months, not for 6.
    assert first_id not in [i for i, _ in await stale_entries(db_url, 6, TODAY)]
    assert [i for i, _ in await stale_entries(db_url, 5, TODAY)][-1] == first_id  # oldest verification last
    # Export and import keep who verified it and when, and the source.
    text = await export_text(db_url, "csv")
    assert "Rosa (coordinadora),2026-06-01" in text
    assert await import_text(db_url, text, "csv", TODAY) == (len(shipped()), [])
    engine, session, directory = await _directory(db_url)
    try:
        kept = [e for e in await directory.all() if e.verified_by]
        assert kept == [verified]
        audit = (await session.execute(select(AuditEntry.action))).scalars().all()
        assert "directory.verified" in audit
    finally:
        await session.close()
        await engine.dispose()
    # The answer says it was verified by the team, with that day.
    harness = Harness(db_url)
    try:
        ana = harness.person(8802)
        await _to_services(ana)
        await ana.send(places.district(verified.district).name if places.district(verified.district) else "carabayllo")
        assert "Verificado por el equipo el 01/06/2026" in ana.new_text()
    finally:
        await harness.close()


async def test_a_coordinadora_records_from_telegram_that_she_checked_an_entry(db_url):
    from tests.flows.test_accompaniment import staff

    harness = Harness(db_url)
    try:
        rosa = await staff(harness, 8803, "coordinadora", "lima/lima/carabayllo", name="Rosa")
        mentora = await staff(harness, 8804, "mentora", "lima/lima/carabayllo")
        for person in (rosa, mentora):
            await person.command("menu")
            await person.press("Orientación para mujeres")
            await person.press("Servicios cerca")
            await person.send("carabayllo")
            await person.press("Comisaría San Pedro")
        assert "Lo comprobé hoy" not in mentora.labels()  # only coordinadoras and admins
        forged = [b for b in rosa.last().buttons if b[1] == "dir-v"][0]
        await mentora.do(Press(forged[1], forged[2]))  # a forged button changes nothing
        assert "Verificado" not in mentora.new_text()
        await rosa.press("Lo comprobé hoy")
        text = rosa.new_text()
        today = when.today_in_lima(datetime.now(timezone.utc)).strftime("%d/%m/%Y")
        assert "quedó registrado" in text and f"Verificado por el equipo el {today}" in text
        engine, session, directory = await _directory(db_url)
        try:
            [checked] = [e for e in await directory.all() if e.verified_by]
            assert checked.name == "Comisaría San Pedro" and checked.verified_by == "Rosa"
            assert await directory.stored() == len(shipped())  # the shipped file was stored first
        finally:
            await session.close()
            await engine.dispose()
    finally:
        await harness.close()
