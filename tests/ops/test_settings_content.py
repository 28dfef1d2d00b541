"""A staff-edited CONTENT_DIR is checked at start: each mistake is a line with the file, the line
and the field, and the bot does not start (instead of failing in someone's conversation)."""
import asyncio
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from flows import places, screens, texts
from flows.contentfiles import ContentError, check_all
from flows.orientation import directory as services, selfcheck
from flows.safety import plan
from tests.e2e.botproc import PIPE, spawn

SHIPPED = texts.CONTENT_DIR
CACHED = (texts._bundle, screens._tree, plan._load, selfcheck._load, services._shipped, places._load)


@pytest.fixture
def content(tmp_path, monkeypatch):
    """An editable copy of the shipped content, used as CONTENT_DIR."""
    copy = tmp_path / "content"
    shutil.copytree(SHIPPED, copy)
    monkeypatch.setattr(texts, "_content_dir", copy)  # as `acompana` does from the CONTENT_DIR setting
    yield copy
    for load in CACHED:
        load.cache_clear()


def edit(path: Path, old: str, new: str) -> int:
    """Replace `old` once; the (1-based) line where it was."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def problems() -> list[str]:
    with pytest.raises(ContentError) as caught:
        check_all()
    return caught.value.problems


def test_the_shipped_content_and_an_unchanged_copy_pass(content):
    check_all(SHIPPED)
    check_all()


def test_a_misspelt_level_names_file_line_and_field(content):
    path = content / "selfcheck.yaml"
    line = edit(path, "{id: strangle, level: urgent", "{id: strangle, level: urgnt")
    [problem] = problems()
    assert problem.startswith(f"{path}:{line}: questions.")
    assert re.search(r"questions\.\d+\.level: no existe el nivel «urgnt»", problem)


def test_a_misspelt_field_and_a_missing_one(content):
    path = content / "selfcheck.yaml"
    line = edit(path, "{id: strangle, level: urgent, sources:", "{id: strangle, level: urgent, sorces:")
    found = problems()
    assert any(p.startswith(f"{path}:{line}: ") and p.endswith("sorces: campo desconocido (¿está bien escrito?)") for p in found), found
    assert any(p.startswith(f"{path}:{line}: ") and p.endswith(".sources: falta este campo") for p in found), found


def test_a_wrong_type_and_a_wrong_choice(content):
    path = content / "selfcheck.yaml"
    line = edit(path, "{id: capable, level: urgent, middle: unsure", "{id: capable, level: urgent, middle: maybe")
    [problem] = problems()
    assert problem.startswith(f"{path}:{line}: questions.") and "middle: debe ser uno de: 'sometimes' o 'unsure'" in problem


def test_a_source_without_its_address(content):
    path = content / "safety.yaml"
    edit(path, "    url: https://catalyst.jhu.edu/2015/12/22/myplan-technologys-answer-to-unhealthy-relationships/\n", "")
    [problem] = problems()
    assert problem == f"{path}:10: sources.myplan.url: falta este campo"


def test_the_plan_naming_an_unknown_source(content):
    path = content / "safety.yaml"
    line = edit(path, "{id: children, choices: [\"yes\", \"no\"], sources: [myplan,", "{id: children, choices: [\"yes\", \"no\"], sources: [mypaln,")
    [problem] = problems()
    assert problem == f"{path}:{line}: plan.1.sources: fuentes que no están en «sources»: mypaln"


def test_broken_yaml_says_the_line(content):
    path = content / "screens.yaml"
    line = edit(path, "    - go: selfcheck\n", "    - go: [selfcheck\n")
    [problem] = problems()
    assert problem.startswith(f"{path}:") and "el YAML está mal escrito" in problem
    assert int(problem.split(":")[1]) in range(line, line + 3)


def test_screens_linking_nowhere(content):
    path = content / "screens.yaml"
    nav = edit(path, "    - nav: women-violence\n", "    - nav: women-violense\n")
    do = edit(path, "    - [do: emergency, do: exit]\n", "    - [do: emergency, do: leave]\n")
    found = problems()
    assert f"{path}:{nav}: women.buttons.4: no existe la pantalla «women-violense»" in found, found
    assert any(p.startswith(f"{path}:{do}: women.buttons.10.1: «do: leave» no existe") for p in found), found


def test_a_screen_starting_a_flow_that_does_not_exist(content):
    path = content / "screens.yaml"
    edit(path, "    - go: selfcheck\n", "    - go: autotest\n")
    found = problems()
    assert any(p.startswith(f"{path}: women: «go: autotest» no es una conversación") for p in found), found
    assert f"{path}: women: falta el texto «button-go-autotest» en los .ftl" in found


def test_a_broken_text_and_a_deleted_one(content):
    path = content / "es" / "core.ftl"
    text = path.read_text(encoding="utf-8")
    first = next(m for m in re.finditer(r"^([a-z][a-z0-9-]*) =", text, flags=re.M))
    line = text[: first.start()].count("\n") + 1
    path.write_text(text.replace(first.group(0), first.group(1) + " {", 1), encoding="utf-8")
    found = problems()
    assert any(p.startswith(f"{path}:{line}: texto mal escrito") for p in found), found
    assert f"{content / 'es'}: falta el texto «{first.group(1)}» (está en {SHIPPED / 'es' / 'core.ftl'})" in found


def test_a_district_with_a_wrong_coordinate(content):
    path = content / "places.csv"
    line = edit(path, "-6.22944,-77.87278", "-6.22944,oeste")
    [problem] = problems()
    assert problem.startswith(f"{path}:{line}: ") and "amazonas/chachapoyas/chachapoyas" in problem


def test_a_directory_entry_without_its_source(content):
    path = content / "directory.yaml"
    line = edit(path, "- kind: cem\n  name: Centro Emergencia Mujer (CEM) regular de Carabayllo", "- kind: cemm\n  name: Centro Emergencia Mujer (CEM) regular de Carabayllo")
    [problem] = problems()
    assert problem.startswith(f"{path}:{line}: ")


def test_a_missing_file(content):
    (content / "selfcheck.yaml").unlink()
    [problem] = problems()
    assert problem.startswith(f"{content / 'selfcheck.yaml'}: ")


async def test_the_bot_does_not_start_on_broken_content(content, tmp_path):
    edit(content / "selfcheck.yaml", "{id: strangle, level: urgent", "{id: strangle, level: urgnt")
    edit(content / "screens.yaml", "    - nav: women-violence\n", "    - nav: women-violense\n")
    # Its own process (forked warm by tests/e2e/zygote.py), with only these variables.
    proc = await spawn("--env-file", str(tmp_path / "none.env"), "chat", cwd=tmp_path,
                       env={"PATH": "/usr/bin:/bin", "CONTENT_DIR": str(content)}, stdin=PIPE, stdout=PIPE, stderr=PIPE)
    out, err = await asyncio.wait_for(proc.communicate(b""), 120)
    done = subprocess.CompletedProcess(proc.pid, proc.returncode, out.decode(), err.decode())
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith(f"acompana: {content}/") for line in lines), lines
    assert "Hola" not in done.stdout  # nobody was greeted by a bot that would fail her later
    assert not (tmp_path / "data" / "console.sqlite3").exists()
