"""Warm starts for end-to-end tests: one parent process that has imported the bot (aiogram,
SQLAlchemy, Alembic, scikit-learn, matplotlib: seconds per start) forks a fresh `acompana` process
per request. The child is a real process with its own pid: it is killed with `kill -9`, reads its
own stdin and writes its own stdout and stderr (file descriptors passed over a Unix socket), and
exits with `acompana`'s exit code, which the zygote reports back.

Protocol, one connection per child: the client sends one JSON line ({"argv", "cwd", "env"}, and
"stdin_closed": true for a start with no standard input at all) with three descriptors (stdin,
stdout, stderr) attached; the zygote answers "<pid>\n" once forked and
"<returncode>\n" once the child has exited (negative: killed by that signal, as asyncio does).
A request with "python" (the source of `python -u -c`) instead of "argv" forks a pytest-xdist
worker (tests/xdist_worker.py). Run as `python -m tests.e2e.zygote SOCKET`; it prints "ready"
when it accepts requests and exits when its parent (the test run) goes away.
"""
from __future__ import annotations

import gc
import importlib
import json
import os
import select
import signal
import socket
import sys

# What a start imports, imported once here (what is missing in some install is just not warm).
PRELOAD = (
    "bot.cli", "bot.settings", "bot.errors", "bot.app", "bot.runtime", "bot.console", "bot.jobs", "bot.inbox",
    "bot.scheduler", "bot.delivery", "bot.clock", "bot.reports", "bot.reports.charts", "bot.reports.pdf",
    "bot.cli_directory", "bot.cli_staff", "bot.cli_instancia", "bot.cli_outbox",
    "flows.app", "flows.contentfiles", "flows.understanding", "flows.understanding.learned",
    "storage.db", "storage.repos", "storage.models", "alembic.command", "alembic.config",
    "alembic.runtime.migration", "alembic.runtime.environment", "alembic.autogenerate",
    "sqlalchemy.dialects.sqlite.aiosqlite", "sqlalchemy.dialects.postgresql.asyncpg", "aiosqlite", "asyncpg",
    "aiohttp.web", "aiogram.webhook.aiohttp_server", "apscheduler.schedulers.asyncio",
    "sklearn.feature_extraction.text", "sklearn.linear_model", "matplotlib.pyplot",
)


def preload() -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")
    # Numeric libraries' thread pools and fork do not mix well; a bot needs one thread for them.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:
            pass
    try:  # the content a start checks (flows/contentfiles.py), read and parsed once here too
        from flows.contentfiles import check_all

        check_all()
    except Exception:
        pass
    try:  # the understanding models read from the run's cache once here, not at every start
        from flows.understanding import warm
        from tests.e2e.botproc import MODEL_CACHE

        warm(MODEL_CACHE)  # a child's own warm() (same content, same folder) then finds them learned
    except Exception:
        pass


def _receive(conn: socket.socket) -> tuple[dict, list[int]]:
    data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 16, 3)
    while not data.endswith(b"\n"):
        more = conn.recv(1 << 16)
        if not more:
            raise ConnectionError("request cut short")
        data += more
    return json.loads(data), fds


_kept: list = []


def _print_tasks(*_signal) -> None:
    import asyncio

    try:
        tasks = asyncio.all_tasks(asyncio.get_running_loop())
    except RuntimeError:  # no loop running (yet, or any more)
        return
    print(f"zygote: {len(tasks)} asyncio task(s) still running:", file=sys.stderr)
    for task in tasks:
        task.print_stack(file=sys.stderr)
    sys.stderr.flush()


def _python(source: str) -> int:
    """As `python -u -c SOURCE`, how pytest-xdist starts a worker: the worker reads the
    controller's requests on descriptor 0 and answers on 1 (fresh, unbuffered streams on the
    descriptors passed), in a __main__ of its own, and runs the exit handlers as any process."""
    import atexit
    import io
    import types

    sys.stdin = sys.__stdin__ = open(0, "r", encoding="utf-8", closefd=False)
    sys.stdout = sys.__stdout__ = io.TextIOWrapper(open(1, "wb", 0, closefd=False), encoding="utf-8", write_through=True)
    sys.stderr = sys.__stderr__ = io.TextIOWrapper(
        open(2, "wb", 0, closefd=False), encoding="utf-8", errors="backslashreplace", write_through=True)
    sys.argv = ["-c"]
    sys.path[0] = ""  # as -c has it (the zygote's was its folder, from -m)
    main = types.ModuleType("__main__")
    sys.modules["__main__"] = main
    try:
        exec(compile(source, "<string>", "exec"), main.__dict__)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    atexit._run_exitfuncs()
    return code


def _child(request: dict, fds: list[int], keep_closed: list[socket.socket]) -> None:
    """In the forked child: become `acompana` with the request's argv, cwd, env and descriptors."""
    code = 1
    try:
        for s in keep_closed:
            s.close()
        for sig in (signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        # As in any Python process (the interpreter ignores it at start): a write to a closed
        # connection is an error the bot handles, not a death by SIGPIPE (-13).
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        if request.get("stdin_closed"):  # as Python started with descriptor 0 closed: no sys.stdin
            _kept.append(sys.stdin)  # never collected: it would close whatever takes descriptor 0 next
            os.close(0)
            sys.stdin = sys.__stdin__ = None
        # SIGUSR2: the stack of every asyncio task on stderr, for a bot that does not stop (BotProcess.stop).
        signal.signal(signal.SIGUSR2, _print_tasks)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        if "python" in request:  # a pytest-xdist worker (tests/xdist_worker.py)
            code = _python(request["python"])
            return
        sys.argv = ["acompana", *request["argv"]]
        from bot.cli import main

        try:
            code = main(request["argv"])
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        import logging

        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code if isinstance(code, int) else 1)


def serve(path: str) -> None:
    preload()
    # What was loaded is kept out of the collector's way in every child (as bot/runtime.py does at
    # start, where the collection before it would otherwise walk all of it again: 0.3 s a start).
    gc.collect()
    gc.freeze()
    parent = os.getppid()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(64)
    print("ready", flush=True)
    waiting: dict[int, socket.socket] = {}  # child pid -> the connection to report its exit on
    while os.getppid() == parent:
        readable, _, _ = select.select([server], [], [], 0.05)
        if readable:
            conn, _ = server.accept()
            try:
                request, fds = _receive(conn)
            except Exception:
                conn.close()
                continue
            pid = os.fork()
            if pid == 0:
                _child(request, fds, [server, conn, *waiting.values()])
            for fd in fds:
                os.close(fd)
            conn.sendall(f"{pid}\n".encode())
            waiting[pid] = conn
        while waiting:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            conn = waiting.pop(pid, None)
            if conn is not None:
                try:
                    conn.sendall(f"{os.waitstatus_to_exitcode(status)}\n".encode())
                except OSError:
                    pass
                conn.close()
    for pid in waiting:  # the test run is gone: so are its bots
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


if __name__ == "__main__":
    serve(sys.argv[1])
