"""Upgrading a deployed database: instancias that existed before seats get a seat for each
institution, and their agreements and attendance point at it (SQLite and PostgreSQL)."""
from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from storage.db import make_engine, migrate
from tests.conftest import new_pg_database

@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
    return new_pg_database(request.getfixturevalue("pg_admin_url"))


def test_seats_are_made_from_the_history_of_a_deployed_instancia(empty_url):
    migrate(empty_url, "0005")  # the schema before seats

    async def seed() -> None:
        engine = make_engine(empty_url)
        async with engine.begin() as conn:
            now = "CURRENT_TIMESTAMP"
            await conn.execute(text(f"INSERT INTO users (id, tg_key, tg_id_enc, minor, created_at) VALUES (1, 'k1', 'x', false, {now})"))
            await conn.execute(text(f"INSERT INTO instancias (id, name, level, place, reminder_offsets, group_version, created_at) VALUES (1, 'Luyando', 'district', '', '10', 0, {now})"))
            await conn.execute(text(f"INSERT INTO role_grants (user_id, role, scope, display_name, institution, granted_at) VALUES (1, 'miembro', 'instancia:1', 'Ana', 'CEM', {now})"))
            await conn.execute(text(f"INSERT INTO instancia_meetings (id, instancia_id, starts_at, place, agenda, version, created_at) VALUES (1, 1, {now}, 'Sala', 'Balance', 1, {now})"))
            await conn.execute(text("INSERT INTO instancia_attendance (meeting_id, institution, present) VALUES (1, 'cem ', true), (1, 'UGEL', false)"))
            await conn.execute(text(f"INSERT INTO instancia_agreements (instancia_id, text, institution, due_on, created_at) VALUES (1, 'Ruta', ' CEM', '2026-12-20', {now})"))
        await engine.dispose()

    asyncio.run(seed())
    migrate(empty_url)

    async def read():
        engine = make_engine(empty_url)
        async with engine.connect() as conn:
            seats = (await conn.execute(text("SELECT id, institution FROM instancia_seats ORDER BY id"))).all()
            agreements = (await conn.execute(text("SELECT seat_id FROM instancia_agreements"))).scalars().all()
            attendance = (await conn.execute(text("SELECT seat_id, status FROM instancia_attendance ORDER BY id"))).all()
        await engine.dispose()
        return seats, agreements, attendance

    seats, agreements, attendance = asyncio.run(read())
    assert [name for _, name in seats] == ["CEM", "UGEL"]
    cem, ugel = (seat_id for seat_id, _ in seats)
    assert agreements == [cem]
    assert [tuple(row) for row in attendance] == [(cem, "present"), (ugel, "absent")]
