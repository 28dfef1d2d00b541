"""Information screens (content/screens.yaml): text and buttons, always safe to show again."""
from __future__ import annotations

from functools import lru_cache

import yaml

from flows.core import Button, Keyboard, Reply, keyboard
from flows.texts import content_dir, t

KINDS = ("nav", "go", "do")


@lru_cache(maxsize=2)
def _tree(directory) -> dict:
    tree = yaml.safe_load((directory / "screens.yaml").read_text(encoding="utf-8"))
    for name, screen in tree.items():
        if name != "menu" and "parent" not in screen:
            raise ValueError(f"screen '{name}' has no parent")
    return tree


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
