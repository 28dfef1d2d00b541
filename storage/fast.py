"""The hot path's statements run straight on the driver's connection, inside the session's
transaction, without SQLAlchemy's per-call work (execution context, result objects, greenlet
switches: 150-250 µs a statement, where SQLite takes 10 µs to run one).

Each statement is a Core statement compiled once per dialect; values go through the type
processors SQLAlchemy itself would use, so what is written and read is the same as through the
session. Only fixed statements (no expanding IN, no column defaults to fill in) qualify. A
failure raises the driver's own error (sqlite3's, asyncpg's), not SQLAlchemy's wrapper of it.
"""
from __future__ import annotations

import sqlite3
from collections import Counter, namedtuple

from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import LoopConnection

# Statements run here, by dialect, for the bench (SQLAlchemy's event hooks do not see them).
COUNTS: Counter[str] = Counter()


class Compiled:
    """One statement for one dialect: its SQL, its parameters in order, and how to read its rows."""

    __slots__ = ("sql", "names", "defaults", "binds", "row", "results", "returns")

    def __init__(self, statement, dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        if compiled.insert_prefetch or compiled.update_prefetch:  # e.g. onupdate=utcnow: give it as a value
            raise ValueError(f"fast statement needs every value given: {compiled.string}")
        self.sql = compiled.string
        self.names = tuple(compiled.positiontup)
        self.defaults = {name: bind.effective_value for name, bind in compiled.binds.items() if not bind.required}
        self.binds = compiled._bind_processors
        columns = compiled._result_columns
        self.returns = bool(columns)
        self.row = namedtuple("Row", [c[0] for c in columns]) if columns else None
        self.results = [c[3]._cached_result_processor(dialect, None) for c in columns]

    def args(self, params: dict) -> list:
        out = []
        for name in self.names:
            value = params[name] if name in params else self.defaults[name]
            process = self.binds.get(name)
            out.append(process(value) if process is not None else value)
        return out

    def rows(self, raw) -> list:
        results = self.results
        if not any(results):
            return [self.row._make(r) for r in raw]
        return [self.row._make([v if p is None else p(v) for p, v in zip(results, r)]) for r in raw]


class Fast:
    """A statement for the hot path: `await stmt.run(session, params)` -> (rows, rowcount).
    `statement`: one Core statement, or one per dialect name (an upsert is written per dialect)."""

    def __init__(self, statement) -> None:
        self.statement = statement
        self._compiled: dict[str, Compiled] = {}

    def compiled(self, dialect) -> Compiled:
        c = self._compiled.get(dialect.name)
        if c is None:
            statement = self.statement[dialect.name] if isinstance(self.statement, dict) else self.statement
            c = self._compiled[dialect.name] = Compiled(statement, dialect)
        return c

    async def run(self, session: AsyncSession, params: dict) -> tuple[list, int]:
        if not session.sync_session._is_clean():  # as the session's autoflush would (new, dirty, deleted)
            await session.flush()
        dialect, driver = await _connection(session)
        c = self.compiled(dialect)
        COUNTS[dialect.name] += 1
        if driver is None:  # a driver this module does not know: through the session
            result = await session.execute(self.statement[dialect.name] if isinstance(self.statement, dict) else self.statement, params)
            return ([c.row._make(r) for r in result.all()] if c.returns else []), result.rowcount
        if isinstance(driver, sqlite3.Connection):
            # sqlite3 begins the transaction itself before a write, as under SQLAlchemy.
            cursor = driver.execute(c.sql, c.args(params))
            rows = c.rows(cursor.fetchall()) if c.returns else []
            return rows, cursor.rowcount
        adapted = driver  # SQLAlchemy's asyncpg adapter: begin its transaction as it would
        async with adapted._execute_mutex:
            if adapted._transaction is None:
                await adapted._start_transaction()
            if c.returns:
                rows = c.rows(await adapted._connection.fetch(c.sql, *c.args(params)))
                return rows, len(rows)
            status = await adapted._connection.execute(c.sql, *c.args(params))
            return [], int(status.rsplit(" ", 1)[-1]) if status[-1:].isdigit() else -1


async def _connection(session: AsyncSession):
    """(dialect, driver) of the session's transaction, begun if need be: sqlite3's connection when
    it runs on the loop thread (storage.db.LoopConnection), SQLAlchemy's asyncpg adapter, or None.
    Remembered for the transaction (asking the session each time costs as much as a statement)."""
    transaction = session.sync_session.get_transaction()
    known = session.info.get("fast")
    if transaction is not None and known is not None and known[0] is transaction:
        return known[1], known[2]
    connection = await session.connection()
    # The pooled connection the transaction just began on; only one invalidated since needs the
    # round trip (a greenlet of its own) that get_raw_connection() always takes.
    raw = connection.sync_connection._dbapi_connection or await connection.get_raw_connection()
    driver = None
    if isinstance(raw.driver_connection, LoopConnection):
        driver = raw.driver_connection._connection
    elif connection.dialect.driver == "asyncpg":
        driver = raw.dbapi_connection
    session.info["fast"] = (session.sync_session.get_transaction(), connection.dialect, driver)
    return connection.dialect, driver
