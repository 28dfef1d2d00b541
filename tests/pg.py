"""A throwaway PostgreSQL server for the test session, from the machine's PostgreSQL binaries.

ACOMPANA_TEST_PG_URL points at an existing server instead (an admin URL, e.g.
postgresql+asyncpg://postgres@127.0.0.1:5432/postgres).
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time


def find_bindir() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Where the server keeps its files: in memory where the machine has a memory file system, as the
# tests' own temporary folders are (tests/conftest.py). Every test copies the template into a new
# database, a hundred or more a worker: on the disk their files took up to a minute and a half to
# delete when the session ended, the last thing a worker does, while the other worker is done.
MEMORY = "/dev/shm"


def _root() -> str:
    memory = os.path.isdir(MEMORY) and os.access(MEMORY, os.W_OK)
    return tempfile.mkdtemp(prefix="acompana-pg-", dir=MEMORY if memory else None)


class TempPostgres:
    def __init__(self, bindir: str, max_connections: int = 100) -> None:
        self.bindir = bindir
        self.max_connections = max_connections
        self.root = _root()
        self.data = os.path.join(self.root, "data")
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            pwd.getpwnam("postgres")
            shutil.chown(self.root, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, text=True)

    def start(self) -> str:
        self._run(os.path.join(self.bindir, "initdb"), "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        for attempt in range(3):  # a port taken meanwhile (another test run's server): another
            opts = f"-p {self.port} -h 127.0.0.1 -k {self.root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections={self.max_connections}"
            try:
                self._run(os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-o", opts, "-w", "-t", "60", "-l", os.path.join(self.root, "log"), "start")
                break
            except subprocess.CalledProcessError:
                if attempt == 2:
                    raise
                self.port = _free_port()
        for _ in range(50):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    break
            time.sleep(0.1)
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run(os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
