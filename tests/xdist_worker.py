"""A pytest-xdist worker forked by the run's zygote (tests/e2e/zygote.py), which has imported the
bot (aiogram alone is seconds of processor time), instead of a fresh Python importing it all again
for each worker. tests/conftest.py has execnet start this as the workers' Python:
`python -S tests/xdist_worker.py -u -c SOURCE`. It hands its standard descriptors to the zygote's
child, which runs SOURCE as `python -u -c` would, and exits with the child's code. Without a
zygote (ACOMPANA_TEST_ZYGOTE=0, or it did not start) it becomes that Python itself.
Only the standard library here: this starts before the workers (-S: not even site-packages)."""
import json
import os
import signal
import socket
import sys
import time


def _connect(path: str, zygote_pid: int) -> socket.socket | None:
    """The zygote's socket, once it listens (it binds after its warm-up); None if it died."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.connect(path)
            return conn
        except OSError:
            conn.close()
        try:
            os.kill(zygote_pid, 0)
        except OSError:
            return None
        time.sleep(0.05)
    return None


def main() -> int:
    args = sys.argv[1:]
    path, pid = os.environ.get("ACOMPANA_TEST_ZYGOTE_SOCKET"), os.environ.get("ACOMPANA_TEST_ZYGOTE_PID")
    conn = _connect(path, int(pid)) if path and pid and "-c" in args else None
    reader = conn.makefile("rb") if conn else None
    child = reader and _fork(conn, reader, args[args.index("-c") + 1])
    if not child:
        os.execv(sys.executable, [sys.executable, *args])
    # The worker alone holds the controller's pipes now: its exit closes them.
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda number, _frame: os.kill(child, number))
    line = reader.readline()
    code = int(line) if line.strip() else 1
    return 128 - code if code < 0 else code  # killed by a signal: as a shell reports it


def _fork(conn: socket.socket, reader, source: str) -> int | None:
    """The zygote's child running SOURCE on our descriptors: its pid, or None if it did not fork."""
    request = {"python": source, "cwd": os.getcwd(), "env": dict(os.environ)}
    try:
        socket.send_fds(conn, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
        line = reader.readline()
    except OSError:
        return None
    return int(line) if line.strip() else None


if __name__ == "__main__":
    sys.exit(main())
