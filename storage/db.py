"""Engine and sessions: SQLite by default, PostgreSQL in production; Alembic keeps the schema."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

HERE = Path(__file__).resolve().parent


def make_engine(url: str) -> AsyncEngine:
    """`hide_parameters`: a database error in the logs never shows the values (ids, her words)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # One connection for the whole process (updates, sender, scheduler): SQLite writes one
        # transaction at a time anyway, and waiting for the pool is an asyncio queue, while waiting
        # for a busy database file is a sleep-and-retry loop. It runs on the event loop's thread
        # (LoopConnection): each call costs microseconds, not a hop to aiosqlite's thread.
        database = parsed.database or ":memory:"
        engine = create_async_engine(
            url, pool_size=1, max_overflow=0, pool_timeout=60, hide_parameters=True,
            async_creator=lambda: _loop_connect(database, timeout=30),
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # foreign keys are off by default in SQLite
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable at checkpoints, never corrupt
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    return create_async_engine(url, pool_pre_ping=True, hide_parameters=True)


class Session(AsyncSession):
    """An AsyncSession whose exit after a commit (every update's) closes it in place: with no
    transaction left there is nothing to give back to the pool, so no I/O, no task of its own and
    no greenlet (AsyncSession's exit costs ~60 µs). Otherwise it closes as AsyncSession does."""

    async def __aexit__(self, type_, value, traceback) -> None:
        if self.sync_session._transaction is None:
            self.sync_session.close()
        else:
            await super().__aexit__(type_, value, traceback)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False, class_=Session)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(url: str, revision: str = "heads") -> None:
    """Upgrade the database to `revision` (creates it on first run). Runs its own event loop."""
    if make_url(url).get_backend_name() == "sqlite":
        db = make_url(url).database
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), revision)


async def _loop_connect(database: str, **kwargs) -> "LoopConnection":
    # check_same_thread off: the pool may close a connection from the garbage collector's thread.
    return LoopConnection(sqlite3.connect(database, check_same_thread=False, **kwargs))


class LoopConnection:
    """The part of aiosqlite's Connection that SQLAlchemy's aiosqlite dialect uses, on sqlite3 run
    right on the event loop thread. SQLite answers a statement in microseconds from its page cache,
    far less than a hop to a worker thread and back; the loop blocks only while another process
    holds the write lock (a CLI command's short transaction), up to the busy timeout."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection: sqlite3.Connection | None = connection  # the dialect checks it for "open"

    @property
    def isolation_level(self) -> str | None:
        return self._connection.isolation_level

    def cursor(self) -> "LoopCursor":
        return LoopCursor(self._connection.cursor())

    async def execute(self, sql: str, parameters=()) -> "LoopCursor":
        return LoopCursor(self._connection.execute(sql, parameters))

    async def create_function(self, *args, **kwargs) -> None:
        self._connection.create_function(*args, **kwargs)

    async def commit(self) -> None:
        self._connection.commit()

    async def rollback(self) -> None:
        self._connection.rollback()

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class LoopCursor:
    """aiosqlite's Cursor, as awaitables that finish at once."""

    __slots__ = ("_cursor",)

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> "LoopCursor":
        return self

    async def __aexit__(self, *_exc) -> None:
        self._cursor.close()

    @property
    def description(self):
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters=()) -> "LoopCursor":
        self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, seq_of_parameters) -> "LoopCursor":
        self._cursor.executemany(sql, seq_of_parameters)
        return self

    async def fetchone(self):
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None):
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self):
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()
