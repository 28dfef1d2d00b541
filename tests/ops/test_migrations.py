"""Migrations run once, by `acompana migrate`: twice is a no-op; on PostgreSQL the Telegram runners
refuse a schema not at head with one line instead of racing the migrations in every worker; on
SQLite (one process) they still migrate on start."""
import asyncio

import pytest
from sqlalchemy import inspect, text

from bot.cli_ops import BEHIND, schema_at_head
from storage.db import make_engine, migrate
from tests.conftest import new_pg_database
from tests.e2e.botproc import TOKEN, BotProcess
from tests.fakeapi import FakeBotAPI
from tests.ops.test_operator_errors import finish, said


async def schema(url: str) -> tuple[set[str], list[str], int]:
    """(tables, alembic revisions, rows in users): what a second migrate must not touch."""
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            tables = set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))
            revisions = sorted((await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars())
            rows = await conn.scalar(text("SELECT count(*) FROM users"))
    finally:
        await engine.dispose()
    return tables, revisions, rows


async def add_user(url: str) -> None:
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO users (tg_key, tg_id_enc, minor, created_at) VALUES ('k', 'enc', false, CURRENT_TIMESTAMP)"))
    finally:
        await engine.dispose()


@pytest.fixture
def empty_db(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path}/fresh.sqlite3"
    return new_pg_database(request.getfixturevalue("pg_admin_url"))


@pytest.mark.parametrize("empty_db", ["sqlite", "postgresql"], indirect=True)
async def test_migrate_twice_is_a_no_op(empty_db, tmp_path):
    proc = BotProcess(tmp_path / "m", empty_db)
    code, out = await finish(proc, "migrate")
    assert code == 0 and "Base de datos al día." in out, out
    await add_user(empty_db)
    before = await schema(empty_db)
    code, out = await finish(proc, "migrate")
    assert code == 0 and "Base de datos al día." in out and "Traceback" not in out, out
    assert await schema(empty_db) == before and before[2] == 1
    assert await asyncio.to_thread(schema_at_head, empty_db)


@pytest.mark.parametrize("command", ["run", "webhook"])
async def test_postgresql_not_at_head_is_refused_with_one_line(pg_admin_url, tmp_path, command):
    url = await asyncio.to_thread(new_pg_database, pg_admin_url)
    await asyncio.to_thread(migrate, url, "0001")  # an older version's schema
    env = {"WEBHOOK_URL": "http://127.0.0.1:1/webhook", "WEBHOOK_SECRET": "s3cret"} if command == "webhook" else {}
    async with FakeBotAPI(token=TOKEN) as api:
        code, out = await finish(BotProcess(tmp_path / "bot", url, api.base_url, METRICS_PORT="0", **env), command)
    [line] = said(out)
    assert code == 2 and line == f"acompana: {BEHIND}", out
    assert (await schema(url))[1] == ["0001"]  # the worker did not migrate


async def test_postgresql_runs_once_migrated(pg_admin_url, tmp_path):
    url = await asyncio.to_thread(new_pg_database, pg_admin_url)
    async with FakeBotAPI(token=TOKEN) as api:
        bot = BotProcess(tmp_path / "bot", url, api.base_url, METRICS_PORT="0")
        code, out = await finish(bot, "run")
        assert code == 2 and BEHIND in out  # empty: not even created
        code, _ = await finish(bot, "migrate")
        assert code == 0
        await bot.start("run")
        try:
            await bot.ready()
        finally:
            await bot.stop()


async def test_sqlite_still_migrates_on_start(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/new.sqlite3"
    async with FakeBotAPI(token=TOKEN) as api:
        bot = BotProcess(tmp_path / "bot", url, api.base_url, METRICS_PORT="0")
        await bot.start("run")
        try:
            await bot.ready()
        finally:
            await bot.stop()
    assert await asyncio.to_thread(schema_at_head, url)
