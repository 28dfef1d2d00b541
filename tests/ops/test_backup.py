"""`acompana backup PATH`: SQLite's online backup of a live database opens and holds the rows; on
PostgreSQL it prints the pg_dump line to use and exits 2."""
import asyncio
import sqlite3

from tests.e2e.botproc import TOKEN, BotProcess
from tests.fakeapi import FakeBotAPI
from tests.ops.test_operator_errors import finish, said


async def test_a_backup_of_the_live_database_opens_and_holds_the_rows(tmp_path, sqlite_url):
    async with FakeBotAPI(token=TOKEN) as api:
        bot = BotProcess(tmp_path / "bot", sqlite_url, api.base_url, METRICS_PORT="0")
        await bot.start("run")
        try:
            await bot.ready()
            people = [api.user(6100 + n) for n in range(3)]
            for person in people:
                await person.send_command("/start")
            for person in people:
                await person.wait_for("Línea 100", timeout=20)
            # While the bot runs (and writes): the online backup is a consistent copy.
            code, out = await finish(BotProcess(tmp_path / "ops", sqlite_url), "backup", str(tmp_path / "copia.sqlite3"))
        finally:
            await bot.stop()
    assert code == 0 and "Copia guardada en" in out, out
    copy = sqlite3.connect(tmp_path / "copia.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT count(*) FROM inbox").fetchone()[0] >= 3  # the /start of each one
    assert copy.execute("SELECT count(*) FROM conversations").fetchone()[0] == 3
    assert copy.execute("SELECT count(*) FROM alembic_version").fetchone()[0] >= 1
    assert (tmp_path / "copia.sqlite3").stat().st_mode & 0o077 == 0


async def test_a_backup_never_overwrites(tmp_path, sqlite_url):
    (tmp_path / "ya.sqlite3").write_bytes(b"keep me")
    code, out = await finish(BotProcess(tmp_path / "ops", sqlite_url), "backup", str(tmp_path / "ya.sqlite3"))
    [line] = said(out)
    assert code == 2 and "ya existe" in line and (tmp_path / "ya.sqlite3").read_bytes() == b"keep me"


async def test_on_postgresql_it_says_the_pg_dump_line(tmp_path):
    url = "postgresql+asyncpg://acompana:secreto@db.example:6543/acompana"
    code, out = await finish(BotProcess(tmp_path / "ops", url), "backup", "/backups/acompana.dump")
    assert code == 2 and "Traceback" not in out
    assert "pg_dump --format=custom --file=/backups/acompana.dump --host=db.example --port=6543 --username=acompana acompana" in out
    assert "secreto" not in out
