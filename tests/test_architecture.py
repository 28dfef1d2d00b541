"""Guards of the design: flows stay pure, migrations match the models, content is complete."""
import ast
import re
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_flows_import_neither_aiogram_nor_sqlalchemy_nor_the_adapters():
    files = list((ROOT / "flows").rglob("*.py"))
    assert files
    for path in files:
        bad = _imports(path) & {"aiogram", "sqlalchemy", "alembic", "aiohttp", "handlers", "storage", "bot"}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_migrations_match_the_models(sqlite_url):
    """A model changed without a migration would break deployed databases on upgrade."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from storage.models import Base

    engine = create_engine(sqlite_url.replace("+aiosqlite", ""))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_every_text_the_code_asks_for_exists():
    from flows.texts import has

    pattern = re.compile(r"""\bt\(\s*["']([a-z0-9-]+)["']""")
    missing = []
    for folder in ("flows", "handlers", "bot"):
        for path in (ROOT / folder).rglob("*.py"):
            for message_id in pattern.findall(path.read_text(encoding="utf-8")):
                if not has(message_id):
                    missing.append(f"{path.relative_to(ROOT)}: {message_id}")
    assert not missing, missing


def test_every_screen_renders_with_valid_buttons():
    from flows import app, screens

    for name in screens.tree():
        reply = screens.render(name)
        assert reply.text.strip(), name
        for row in reply.buttons:
            for button in row:
                if button.action == "nav":
                    assert screens.exists(button.arg), f"{name} links to missing screen {button.arg}"
                if button.action == "go":
                    assert button.arg in app.FLOWS, f"{name} starts missing flow {button.arg}"
                assert len(f"a:{button.action}:{button.arg}".encode()) <= 64


def test_flows_read_neither_the_environment_nor_the_clock():
    """Settings and the time come through ctx (ctx.settings, ctx.now), so tests drive both; where
    the content is, `acompana` tells flows.texts at start."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "flows"
    found = []
    for path in root.rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"os\.environ|os\.getenv|datetime\.now\(|date\.today\(|time\.time\(", line):
                found.append(f"{path.relative_to(root)}:{n}: {line.strip()}")
    assert not found, found
