"""Indexes that keep the hot reads small however big the tables grow: every foreign key has one
(deleting a user must not scan every referring table), and the reminder claim reads only pending
reminders through a partial index. Introspected on the migrated database, SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import create_engine, inspect, insert, text

from storage.models.reminders import Reminder
from storage.reminders import due_query


def _engine(url: str):
    if url.startswith("sqlite"):
        return create_engine(url.replace("+aiosqlite", ""))
    from sqlalchemy.ext.asyncio import create_async_engine

    return create_async_engine(url)


def _unindexed_foreign_keys(conn) -> list[str]:
    insp = inspect(conn)
    missing = []
    for table in insp.get_table_names():
        # An index helps a foreign key when the key's columns lead it.
        leads = [i["column_names"] for i in insp.get_indexes(table)]
        leads += [u["column_names"] for u in insp.get_unique_constraints(table)]
        leads.append(insp.get_pk_constraint(table)["constrained_columns"])
        for fk in insp.get_foreign_keys(table):
            cols = fk["constrained_columns"]
            if not any(lead[: len(cols)] == cols for lead in leads):
                missing.append(f"{table}.{','.join(cols)} -> {fk['referred_table']}")
    return missing


def _seed_reminders(conn) -> datetime:
    """Many reminders sent long ago, a few pending: as the table looks after a year of use."""
    now = datetime.now(timezone.utc)
    rows = [
        {"kind": "k", "ref": f"r{i}", "chat_key": f"c{i % 97}", "chat_id_enc": "x", "due_at": now - timedelta(minutes=i),
         "grace_until": now, "sent_at": None if i % 500 == 0 else now - timedelta(minutes=i), "created_at": now}
        for i in range(5000)
    ]
    conn.execute(insert(Reminder), rows)
    conn.execute(text("ANALYZE"))
    return now


async def test_every_foreign_key_has_an_index(db_url):
    engine = _engine(db_url)
    if db_url.startswith("sqlite"):
        with engine.connect() as conn:
            missing = _unindexed_foreign_keys(conn)
        engine.dispose()
    else:
        async with engine.connect() as conn:
            missing = await conn.run_sync(_unindexed_foreign_keys)
        await engine.dispose()
    assert missing == []


async def test_the_reminder_claim_reads_the_pending_index(db_url):
    engine = _engine(db_url)
    if db_url.startswith("sqlite"):
        with engine.begin() as conn:
            now = _seed_reminders(conn)
            query = due_query(now).compile(conn, compile_kwargs={"literal_binds": True})
            plan = " ".join(str(row) for row in conn.execute(text(f"EXPLAIN QUERY PLAN {query}")))
        engine.dispose()
    else:
        async with engine.begin() as conn:
            now = await conn.run_sync(_seed_reminders)
            query = due_query(now).compile(engine.sync_engine, compile_kwargs={"literal_binds": True})
            plan = " ".join(str(row) for row in await conn.execute(text(f"EXPLAIN {query}")))
        await engine.dispose()
    assert "ix_reminders_pending" in plan, plan
