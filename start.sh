#!/usr/bin/env bash
# Installs Acompaña in ./.venv and starts it: on Telegram when TELEGRAM_BOT_TOKEN is set (in .env or
# the environment), otherwise the console chat on a local SQLite database.
set -euo pipefail
cd "$(dirname "$0")"
# Reinstall only when pyproject.toml changed since the last install (a stamp in .venv; test.sh's
# install, with the test tools, does as well).
stamp=.venv/.installed
current() { [ -f "$1" ] && cmp -s pyproject.toml "$1"; }
if [ ! -x .venv/bin/acompana ] || ! { current "$stamp" || current .venv/.installed-test; }; then
  python3 -m venv .venv 2>/dev/null || python3 -m venv --without-pip .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
  cp pyproject.toml "$stamp"
fi
exec .venv/bin/acompana "$@" start  # options such as --env-file FILE go before the subcommand
