"""What the pytest-xdist workers of one run compute once among them (tests/conftest.py makes the
run's folder): a module-scoped fixture is set up again in each worker that runs one of its tests,
and pytest-xdist's work stealing splits a module's tests across workers."""
from __future__ import annotations

import fcntl
import os
import pickle
from pathlib import Path
from typing import Callable, TypeVar

RUN_DIR = "ACOMPANA_TEST_RUN_DIR"
T = TypeVar("T")


def once_per_run(name: str, build: Callable[[], T]) -> T:
    """build()'s result, built by the first worker that asks; the others wait for it and read it."""
    folder = os.environ.get(RUN_DIR)
    if not folder:
        return build()
    path = Path(folder) / f"{name}.pickle"
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when closed, also by a worker that failed
        if path.exists():
            return pickle.loads(path.read_bytes())
        value = build()
        path.write_bytes(pickle.dumps(value))
        return value
