#!/usr/bin/env bash
# Installs Acompaña with its test tools in ./.venv and runs the whole test suite.
# The PostgreSQL tests start a throwaway server from the machine's PostgreSQL binaries
# (Debian: apt-get install postgresql); without them they skip, except in CI where they must run.
set -euo pipefail
cd "$(dirname "$0")"
# Reinstall only when pyproject.toml changed since the last install (a stamp in .venv); a fresh
# machine, or a new .venv, installs everything.
stamp=.venv/.installed-test
if [ ! -x .venv/bin/python ] || [ ! -f "$stamp" ] || ! cmp -s pyproject.toml "$stamp"; then
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
  cp pyproject.toml "$stamp"
fi
# The tests are spread over the machine's cores (pytest-xdist), with one worker more than there are
# cores: most of an end-to-end test is waiting on a bot process, and with a worker a core the cores
# stood idle a third of the run. TEST_WORKERS=N for another number, TEST_WORKERS=0 for one process
# (pytest's -s or --pdb); an -n given here wins.
cores=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
workers=${TEST_WORKERS:-$((cores + 1))}
if [ "$workers" = 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
exec .venv/bin/python -m pytest -n "$workers" --dist worksteal "$@"
