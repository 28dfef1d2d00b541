"""Information screens (content/screens.yaml): text and buttons, always safe to show again."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from flows.contentfiles import Model, read_yaml
from flows.core import Button, Keyboard, Reply, keyboard
from flows.texts import content_dir, t

KINDS = ("nav", "go", "do")
DO = ("emergency", "exit", "help", "back")  # what a "do" button can do (flows/app.py)


class _Screen(Model):
    parent: str | None = None
    buttons: list[Any] = []  # rows: a button ({kind: target}) or a list of them; checked below


def _items(row: Any) -> list[Any]:
    return row if isinstance(row, list) else [row]


@lru_cache(maxsize=2)
def _tree(directory) -> dict:
    """The screens, checked: every screen but the menu has a parent that exists, every button is
    `nav: <screen>`, `go: <flow>` or `do: <action>` (flows are checked at start, in contentfiles)."""
    tree, doc = read_yaml(directory / "screens.yaml", dict[str, _Screen])
    problems = [] if "menu" in tree else [((), "falta la pantalla «menu»")]
    for name, screen in tree.items():
        if name != "menu" and screen.parent is None:
            problems.append(((name,), "falta «parent:», la pantalla a la que vuelve «Volver»"))
        elif screen.parent is not None and screen.parent not in tree:
            problems.append(((name, "parent"), f"no existe la pantalla «{screen.parent}»"))
        for r, row in enumerate(screen.buttons):
            for i, item in enumerate(_items(row)):
                loc = (name, "buttons", r, *((i,) if isinstance(row, list) else ()))
                if not (isinstance(item, dict) and len(item) == 1 and next(iter(item)) in KINDS):
                    problems.append((loc, "un botón es «nav: pantalla», «go: conversación» o «do: acción»"))
                    continue
                (kind, target), = item.items()
                if kind == "nav" and str(target) not in tree:
                    problems.append((loc, f"no existe la pantalla «{target}»"))
                elif kind == "do" and target not in DO:
                    problems.append((loc, f"«do: {target}» no existe; puede ser: {', '.join(DO)}"))
    doc.fail(problems)
    return {name: screen.model_dump(exclude_none=True) for name, screen in tree.items()}


def buttons_of(name: str) -> list[tuple[str, str]]:
    """(kind, target) of every button on a screen."""
    return [next(iter(item.items())) for row in tree()[name].get("buttons") or [] for item in _items(row)]


def tree() -> dict:
    return _tree(content_dir())


def exists(name: str) -> bool:
    return name in tree()


def button(item: dict) -> Button:
    (kind, target), = item.items()
    if kind not in KINDS:
        raise ValueError(f"unknown button kind '{kind}' in screens.yaml")
    label = t(f"button-{target}") if kind == "nav" else t(f"button-{kind}-{target}")
    return Button(label, kind, str(target))


def nav_row(parent: str | None) -> list[Button]:
    row = [Button(t("button-back"), "nav", parent)] if parent and parent != "menu" else []
    return row + [Button(t("button-menu"), "nav", "menu")]


def render(name: str) -> Reply:
    screen = tree()[name]
    rows: list[list[Button]] = []
    for entry in screen.get("buttons") or []:
        items = entry if isinstance(entry, list) else [entry]
        rows.append([button(item) for item in items])
    if name != "menu":
        rows.append(nav_row(screen.get("parent")))
    buttons: Keyboard = keyboard(*rows)
    return Reply(t(f"screen-{name}"), buttons)
