"""Content files staff edit (flows/content, or a copy in CONTENT_DIR), read against models: a
mistake is reported at start with the file, the line and the field, in Spanish, and the bot does
not start, instead of failing in the middle of someone's conversation."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from flows import yamlread

M = TypeVar("M")
Loc = Sequence[str | int]


class ContentError(ValueError):
    """One line per problem: `file:line: field: what is wrong`."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class Model(BaseModel):
    """A block of a content file: unknown fields are typos, and are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Model):
    """A public reference a piece of content comes from (safety.yaml, selfcheck.yaml)."""

    name: str
    title: str
    publisher: str
    url: str
    checked: date
    short: str | None = None  # what she is shown, where the bot names its sources


# What pydantic found, as staff read it (the rest keep pydantic's own words).
MESSAGES = {
    "missing": "falta este campo",
    "extra_forbidden": "campo desconocido (¿está bien escrito?)",
    "string_type": "debe ser un texto",
    "string_too_short": "no puede estar vacío",
    "int_type": "debe ser un número entero",
    "int_parsing": "debe ser un número entero",
    "float_type": "debe ser un número",
    "float_parsing": "debe ser un número",
    "bool_type": "debe ser true o false",
    "bool_parsing": "debe ser true o false",
    "list_type": "debe ser una lista",
    "tuple_type": "debe ser una lista",
    "dict_type": "debe ser un bloque de campos (nombre: valor)",
    "model_type": "debe ser un bloque de campos (nombre: valor)",
    "model_attributes_type": "debe ser un bloque de campos (nombre: valor)",
    "date_type": "debe ser una fecha como 2026-12-01",
    "date_parsing": "debe ser una fecha como 2026-12-01",
    "date_from_datetime_parsing": "debe ser una fecha como 2026-12-01",
}


def _message(error: dict) -> str:
    if error["type"] == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if error["type"] == "literal_error":
        return "debe ser uno de: " + str(error.get("ctx", {}).get("expected", "")).replace(" or ", " o ")
    return MESSAGES.get(error["type"], error["msg"])


class Document:
    """A YAML file with the line of every value, to say where a problem is."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.node = yamlread.compose(text)
        self.data = yamlread.load(text)

    def line(self, loc: Loc) -> int:
        """The line of the value at `loc` (keys and list positions), or of the nearest block above."""
        node = self.node
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                found = next((v for k, v in node.value if k.value == str(part)), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                found = node.value[part]
            else:
                found = None
            if found is None:
                break
            node = found
        return (node.start_mark.line + 1) if node is not None else 1

    def problem(self, loc: Loc, message: str) -> str:
        field = ".".join(str(p) for p in loc if not str(p).startswith(("function-", "tagged-union")))
        return f"{self.path}:{self.line(loc)}: {field or '(archivo)'}: {message}"

    def fail(self, problems: Iterable[tuple[Loc, str]]) -> None:
        """Raise ContentError if there is any problem (loc, message)."""
        lines = [self.problem(loc, message) for loc, message in problems]
        if lines:
            raise ContentError(lines)


def read_yaml(path: Path, model: type[M]) -> tuple[M, Document]:
    """The file as `model` (a Model, or a type such as dict[str, Model]), and its Document (for the checks across fields a model cannot make)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([f"{path}: no se puede leer ({type(exc).__name__})"]) from None
    try:
        doc = Document(path, text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ContentError([f"{path}{where}: el YAML está mal escrito: {getattr(exc, 'problem', None) or exc}"]) from None
    try:
        return TypeAdapter(model).validate_python(doc.data if doc.data is not None else {}), doc
    except ValidationError as exc:
        raise ContentError(doc.problem(error["loc"], _message(error)) for error in exc.errors()) from None


def unknown(names: Iterable[str], known: Iterable[str]) -> list[str]:
    known = set(known)
    return [name for name in names if name not in known]


# -- everything at start ---------------------------------------------------------------------------

SHOWN = 20  # problems listed at most; a deleted file would otherwise print hundreds of lines


def _fluent_ids(folder: Path) -> tuple[dict[str, str], list[str]]:
    """Message ids of a folder's .ftl files (id -> file name), and the lines Fluent cannot read.
    Parsed once per version of the files: a process forked from one that checked them (the tests'
    warm starts) does not parse them again."""
    files = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*.ftl")))
    ids, problems = _parsed_fluent_ids(folder, files)
    return dict(ids), list(problems)


@lru_cache(maxsize=4)
def _parsed_fluent_ids(folder: Path, files: tuple) -> tuple[dict[str, str], list[str]]:
    from fluent.syntax import FluentParser, ast

    ids, problems = {}, []
    for name, _mtime, _size in files:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        for entry in FluentParser().parse(text).body:
            if isinstance(entry, ast.Junk):
                line = text.count("\n", 0, entry.span.start) + 1
                why = "; ".join(a.message for a in entry.annotations) or "no se entiende"
                problems.append(f"{path}:{line}: texto mal escrito ({why})")
            elif isinstance(entry, ast.Message):
                ids[entry.id.name] = path.name
    return ids, problems


def _texts(directory: Path, shipped: Path) -> list[str]:
    from flows.texts import LOCALE

    folder = directory / LOCALE
    if not any(folder.glob("*.ftl")):
        return [f"{folder}: no hay archivos de textos (.ftl)"]
    ids, problems = _fluent_ids(folder)
    if directory.resolve() != shipped.resolve():  # an edited copy must keep every text the code uses
        needed, _ = _fluent_ids(shipped / LOCALE)
        problems += [f"{folder}: falta el texto «{mid}» (está en {shipped / LOCALE / name})" for mid, name in needed.items() if mid not in ids]
    return problems


def _uses(directory: Path) -> list[str]:
    """What the content names must exist: the screens' texts and flows, the self-check's and the
    plan's texts."""
    from flows import app, screens, texts
    from flows.orientation import selfcheck
    from flows.safety import plan

    problems = []
    path = directory / "screens.yaml"
    for name in screens.tree():
        needed = [f"screen-{name}"]
        for kind, target in screens.buttons_of(name):
            needed.append(f"button-{target}" if kind == "nav" else f"button-{kind}-{target}")
            if kind == "go" and target not in app.FLOWS:
                problems.append(f"{path}: {name}: «go: {target}» no es una conversación; existen: {', '.join(sorted(app.FLOWS))}")
        problems += [f"{path}: {name}: falta el texto «{mid}» en los .ftl" for mid in needed if not texts.has(mid)]
    for module, file in ((selfcheck, "selfcheck.yaml"), (plan, "safety.yaml")):
        problems += [f"{directory / file}: falta el texto «{mid}» en los .ftl" for mid in module.texts_needed() if not texts.has(mid)]
    return problems


def check_all(directory: Path | None = None) -> None:
    """Read every content file the bot uses, as at first use, and raise one ContentError listing
    every problem found (at most SHOWN of them)."""
    import flows.features  # noqa: F401  (every flow registered, so screens' "go:" can be checked)
    from flows import places, screens, texts
    from flows.orientation import directory as services, selfcheck
    from flows.safety import plan

    directory = directory or texts.content_dir()
    if not directory.is_dir():
        raise ContentError([f"{directory}: la carpeta de contenidos no existe (CONTENT_DIR)"])
    problems = _texts(directory, texts.CONTENT_DIR)
    for name, load in (("screens.yaml", screens._tree), ("safety.yaml", plan._load), ("selfcheck.yaml", selfcheck._load),
                       ("directory.yaml", services._shipped), ("places.csv", places._load)):
        try:
            load(directory)
        except ContentError as exc:
            problems += exc.problems
        except FileNotFoundError:
            problems.append(f"{directory / name}: falta el archivo")
        except (KeyError, ValueError, TypeError, IndexError) as exc:  # the loaders that read by hand
            problems.append(f"{directory / name}: {exc}")
    problems = list(dict.fromkeys(problems))  # one loader may read another's file (places)
    if not problems:
        problems = _uses(directory)
    if problems:
        more = [f"... y {len(problems) - SHOWN} problemas más"] if len(problems) > SHOWN else []
        raise ContentError(problems[:SHOWN] + more)
