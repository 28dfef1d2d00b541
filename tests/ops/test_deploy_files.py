"""The deployment files say what docs/OPERATIONS.md says they do: the compose file has PostgreSQL
with a health check, a one-shot `migrate` the bot waits for, the bot in webhook mode with a health
check; the image runs as a non-root user with a HEALTHCHECK calling `acompana health`; the systemd
units run the migrations once before the bot. Where a container engine works, the image is built."""
import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments), continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in lines]


def test_compose_has_postgres_with_a_health_check(compose):
    postgres = compose["services"]["postgres"]
    assert postgres["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert any(v.endswith(":/var/lib/postgresql/data") for v in postgres["volumes"])  # data survives a rebuild


def test_compose_migrates_once_and_the_bot_waits_for_it(compose):
    migrate, bot = compose["services"]["migrate"], compose["services"]["bot"]
    assert migrate["command"] == ["migrate"] and migrate["restart"] == "no"
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert bot["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert bot["command"] == ["webhook"]
    assert bot["healthcheck"]["test"] == ["CMD", "acompana", "health"]
    # Both run the same image with the same settings, pointing at the compose PostgreSQL.
    assert migrate["environment"] == bot["environment"]
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql+asyncpg://") and "@postgres:5432/" in bot["environment"]["DATABASE_URL"]
    assert bot["environment"]["WEBHOOK_HOST"] == "0.0.0.0"


def test_compose_settings_are_the_bots_settings(compose):
    from bot.settings import Settings

    names = {f.validation_alias for f in Settings.model_fields.values()}
    assert set(compose["services"]["bot"]["environment"]) <= names


def test_dockerfile_runs_as_a_non_root_user_with_a_healthcheck():
    instructions = dockerfile()
    users = [args for op, args in instructions if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    user_at = max(i for i, (op, _) in enumerate(instructions) if op == "USER")
    assert all(op != "RUN" for op, _ in instructions[user_at:])  # nothing runs as root after it
    [healthcheck] = [args for op, args in instructions if op == "HEALTHCHECK"]
    assert '"acompana", "health"' in healthcheck
    [base] = [args for op, args in instructions if op == "FROM"]
    assert "slim" in base
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".venv", "data"} <= set(ignored)  # no secrets nor databases in the image


def test_systemd_units_migrate_once_before_the_bot():
    bot, migrate = configparser.ConfigParser(interpolation=None), configparser.ConfigParser(interpolation=None)
    bot.read(ROOT / "deploy/acompana.service")
    migrate.read(ROOT / "deploy/acompana-migrate.service")
    assert migrate["Service"]["Type"] == "oneshot" and migrate["Service"]["ExecStart"].endswith(" migrate")
    assert "acompana-migrate.service" in bot["Unit"]["Requires"] and "acompana-migrate.service" in bot["Unit"]["After"]
    assert bot["Service"]["User"] != "root" and bot["Service"]["ExecStart"].split()[-1] in ("run", "webhook")
    assert bot["Service"]["RestartPreventExitStatus"] == "2"  # a wrong setting does not heal by restarting


def test_the_commands_the_files_call_exist():
    parser = build_parser()
    for command in ("migrate", "webhook", "run", "health"):
        parser.parse_args([command])


def _engine_works() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], capture_output=True, timeout=30).returncode == 0


@pytest.mark.skipif(not _engine_works(), reason="no working container engine here (docker info fails)")
def test_the_image_builds():
    result = subprocess.run(["docker", "build", "-q", "-t", "acompana:test", str(ROOT)], capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stderr[-3000:]
    user = subprocess.run(["docker", "run", "--rm", "--entrypoint", "id", "acompana:test", "-u"], capture_output=True, text=True, timeout=120)
    assert user.stdout.strip() not in ("", "0")
