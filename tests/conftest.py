"""Shared fixtures: a migrated database on SQLite and on PostgreSQL, and the person-driving harness."""
from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.pg import TempPostgres, find_bindir
from tests.shared import RUN_DIR

# storage, the bot's runtime and asyncpg are not imported here: the process that only starts
# pytest-xdist's workers would spend seconds on them before starting any (see pytest_configure).

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
_counter = itertools.count()


TMPFS = "/dev/shm"


def _temporary_files_in_memory(config) -> None:
    """The tests' temporary folders (tmp_path: the SQLite files of every test and bot, their logs)
    on a memory file system where there is one, as on Linux: an SQLite commit, a migration's DDL,
    a WAL checkpoint wait on the disk for every fsync (a migration takes 3 s on this disk, 0.5 s
    in memory). Not where the run was told a folder (--basetemp, PYTEST_DEBUG_TEMPROOT)."""
    if config.option.basetemp or os.environ.get("PYTEST_DEBUG_TEMPROOT"):
        return
    if os.path.isdir(TMPFS) and os.access(TMPFS, os.W_OK):
        root = os.path.join(TMPFS, "acompana-tests")
        os.makedirs(root, mode=0o700, exist_ok=True)
        os.environ["PYTEST_DEBUG_TEMPROOT"] = root  # read by pytest when it makes the base folder


def _xdist_controller(config) -> bool:
    """This process runs no tests but starts pytest-xdist's workers (./test.sh)."""
    return not hasattr(config, "workerinput") and bool(getattr(config.option, "numprocesses", None)) \
        and getattr(config.option, "dist", "no") != "no"


def pytest_configure(config) -> None:
    """The understanding models, built once for the whole run before any test: every bot process
    (MODEL_CACHE_DIR, tests/e2e/botproc.py) and every test process (pytest's own, and each xdist
    worker's) reads them from the one cache, instead of the first of each training for half a
    minute (a first bot start that trains answers its first message too late for its test)."""
    from flows.understanding import cache, warm
    from tests.e2e.botproc import MODEL_CACHE

    _temporary_files_in_memory(config)
    if _xdist_controller(config):
        os.environ[RUN_DIR] = tempfile.mkdtemp(prefix="acompana-run-")  # tests/shared.py; the workers inherit it
        _shared_postgres.start()  # in the background: its few seconds pass while the workers start
    warm(MODEL_CACHE)  # the first process of the run builds what the cache lacks; the others read it
    cache.use(MODEL_CACHE)
    if _xdist_controller(config):  # the bots' warm parent, for every worker: it warms up meanwhile
        from tests.e2e.botproc import _zygote

        _zygote.start_shared()
    else:  # where tests run: the runtime, with every flow registered, as any test module expects
        import tests.harness  # noqa: F401


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config, specs) -> None:
    """The workers forked by the zygote too (tests/xdist_worker.py): each started Python imported
    aiogram and the bot again before collecting, 15 s of processor time a worker on this machine."""
    from tests.e2e.botproc import _zygote

    if _zygote.failed or not _zygote.path:
        return
    import shlex
    import sys

    import execnet

    python = shlex.join([sys.executable, "-S", str(Path(__file__).with_name("xdist_worker.py"))])
    specs[:] = [execnet.XSpec(f"{spec}//python={python}") if spec.popen and not spec.python and not spec.via else spec
                for spec in specs]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    from storage.db import migrate

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    migrate(f"sqlite+aiosqlite:///{path}")
    return str(path)


@pytest.fixture
def sqlite_url(sqlite_template, tmp_path) -> str:
    """A fresh, migrated SQLite database for one test (a copy of a migrated template)."""
    path = tmp_path / "test.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


class _SharedPostgres:
    """One throwaway PostgreSQL server for every pytest-xdist worker, started by the run's
    controller (not one a worker, each a few seconds of initdb and a server of its own). Every
    worker names its databases by its pid (pg_template, new_pg_database): they share none. The
    server's URL, or why it did not start, is written to the file that SHARED names."""

    SHARED = "ACOMPANA_TEST_PG_SHARED"

    def __init__(self) -> None:
        self.server: TempPostgres | None = None

    def start(self) -> None:
        import threading

        if os.environ.get("ACOMPANA_TEST_PG_URL") or os.environ.get(self.SHARED):
            return
        bindir = find_bindir()
        if bindir is None:
            return  # each worker skips (or fails in CI) as it would alone
        self.server = TempPostgres(bindir, max_connections=400)  # the workers' tests and bots, all at once
        answer = Path(self.server.root) / "url"
        os.environ[self.SHARED] = str(answer)  # the workers inherit the controller's environment

        def run() -> None:
            try:
                text = self.server.start()
            except Exception as error:  # noqa: BLE001 - told to every worker that needs it
                text = f"failed: {error!r} {getattr(error, 'stderr', '')}"
            partial = answer.with_suffix(".partial")
            partial.write_text(text)
            partial.replace(answer)

        threading.Thread(target=run, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


_shared_postgres = _SharedPostgres()


def pytest_unconfigure(config) -> None:
    _shared_postgres.stop()
    if _xdist_controller(config) and os.environ.get(RUN_DIR):
        shutil.rmtree(os.environ.pop(RUN_DIR), ignore_errors=True)


def _shared_postgres_url(answer: Path) -> str:
    """A worker: the controller's server, once it has started."""
    import time

    deadline = time.monotonic() + 120
    while not answer.exists():
        if time.monotonic() > deadline:
            pytest.fail("the run's PostgreSQL server did not start within 120 s")
        time.sleep(0.05)
    text = answer.read_text()
    if text.startswith("failed:"):
        pytest.fail(f"the run's PostgreSQL server did not start: {text}")
    return text


@pytest.fixture(scope="session")
def pg_admin_url():
    url = os.environ.get("ACOMPANA_TEST_PG_URL")
    if url:
        yield url
        return
    if os.environ.get(_SharedPostgres.SHARED):
        yield _shared_postgres_url(Path(os.environ[_SharedPostgres.SHARED]))
        return
    bindir = find_bindir()
    if bindir is None:
        if IN_CI:
            pytest.fail("CI must run the PostgreSQL tests, but no PostgreSQL binaries were found (.ci/run installs them)")
        pytest.skip("PostgreSQL is not installed here (apt-get install postgresql); CI runs these tests")
    server = TempPostgres(bindir)
    try:
        yield server.start()
    finally:
        server.stop()


def _asyncpg_dsn(url: str, database: str | None = None) -> str:
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    if database:
        dsn = dsn.rsplit("/", 1)[0] + "/" + database
    return dsn


@pytest.fixture(scope="session")
def pg_template(pg_admin_url) -> str:
    from storage.db import migrate

    name = f"acompana_template_{os.getpid()}"

    async def create() -> None:
        import asyncpg

        conn = await asyncpg.connect(_asyncpg_dsn(pg_admin_url))
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(create())
    migrate(pg_admin_url.rsplit("/", 1)[0] + "/" + name)
    return name


def new_pg_database(admin_url: str, template: str | None = None) -> str:
    """A new PostgreSQL database (a copy of `template`, or empty); its URL."""
    name = f"t_{os.getpid()}_{next(_counter)}"

    async def create() -> None:
        import asyncpg

        conn = await asyncpg.connect(_asyncpg_dsn(admin_url))
        try:
            await conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        finally:
            await conn.close()

    asyncio.run(create())
    return admin_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def pg_url(pg_admin_url, pg_template) -> str:
    """A fresh, migrated PostgreSQL database for one test (a copy of a migrated template)."""
    return new_pg_database(pg_admin_url, pg_template)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request) -> str:
    """Storage tests take this to run on both databases."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
async def harness(sqlite_url):
    from tests.harness import Harness

    h = Harness(sqlite_url)
    yield h
    await h.close()


@pytest.fixture
async def pg_harness(db_url):
    """The harness on SQLite and on PostgreSQL."""
    from tests.harness import Harness

    h = Harness(db_url)
    yield h
    await h.close()



# Test files in order of their longest test, as timed by the last run here: pytest-xdist gives each
# worker a run of tests and an idle worker takes over half of another's queue, but never the test
# running, so a long test late in a queue keeps one worker busy while the other waits (40-90 s at
# the end of a run). The longest first, the short ones last for the workers to share. Files stay
# whole (module-scoped fixtures are set up once); the first run, or a new file, keeps pytest's order.
DURATIONS = Path(tempfile.gettempdir()) / f"acompana-test-durations-{hashlib.sha256(str(Path(__file__).parents[1]).encode()).hexdigest()[:12]}.json"
_timed: dict[str, float] = {}


def _read_durations() -> dict[str, float]:
    try:
        found = json.loads(DURATIONS.read_text())
        return {str(k): float(v) for k, v in found.items()} if isinstance(found, dict) else {}
    except (OSError, ValueError, TypeError):
        return {}


def pytest_collection_modifyitems(config, items) -> None:
    known = _read_durations()
    if not known:
        return
    longest: dict[str, float] = {}
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        longest[module] = max(longest.get(module, 0.0), known.get(item.nodeid, 0.0))
    items.sort(key=lambda item: -longest[item.nodeid.split("::", 1)[0]])  # stable: pytest's order within a file


def pytest_runtest_logreport(report) -> None:
    if report.when in ("setup", "call"):  # a teardown may hold a worker's wait at the end of the run
        _timed[report.nodeid] = _timed.get(report.nodeid, 0.0) + report.duration


def pytest_sessionfinish(session) -> None:
    """Where every test's report arrives (xdist's controller, or the one process): times kept."""
    if hasattr(session.config, "workerinput") or not _timed:
        return
    durations = {**_read_durations(), **{k: round(v, 3) for k, v in _timed.items()}}
    try:
        partial = DURATIONS.with_name(f"{DURATIONS.name}.{os.getpid()}")
        partial.write_text(json.dumps(durations, sort_keys=True))
        partial.replace(DURATIONS)
    except OSError:
        pass
