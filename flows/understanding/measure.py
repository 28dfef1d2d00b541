"""Measuring understanding on a set of messages kept apart from the lexicons and the examples.

A set is a folder with danger.yaml, suicide.yaml, men_risk.yaml, ordinary.yaml and requests.yaml
(lists of {text, ...}); tests/understanding/corpus/ holds the project's held-out sets, written by
people who never saw the rules, and bench/understanding.py prints these figures.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flows import yamlread
from flows.understanding import crisis, intents


@dataclass
class Figure:
    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, text: str) -> None:
        self.total += 1
        self.hits += bool(ok)
        if not ok:
            self.misses.append(text)

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 1.0


def _items(folder: Path, name: str) -> list[dict]:
    path = folder / f"{name}.yaml"
    return yamlread.load(path.read_text(encoding="utf-8")) if path.exists() else []


def _within(name: str, want: str) -> bool:
    """The intent asked for, or one of its own screens ("violence-economic" answers "violence")."""
    return name == want or name.startswith(f"{want}-")


def measure(folder: Path, places_in_text=None) -> dict[str, Figure]:
    """Recall per crisis kind, false alarms on ordinary messages and on typed requests, and typed
    requests on topic: followed to their intent, or offered it among the choices."""
    figures = {name: Figure() for name in ("danger", "suicide", "men_risk", "false_alarms", "requests_followed", "requests_on_topic")}
    by_kind: dict[str, Figure] = {}
    for item in _items(folder, "danger"):
        found = crisis.read(item["text"])
        figures["danger"].add(found.danger, item["text"])
        by_kind.setdefault(f"danger/{item.get('kind', '?')}", Figure()).add(found.danger, item["text"])
    for item in _items(folder, "suicide"):
        figures["suicide"].add("suicide" in crisis.read(item["text"]).kinds, item["text"])
    for item in _items(folder, "men_risk"):
        figures["men_risk"].add("men_risk" in crisis.read(item["text"]).kinds, item["text"])
    for name in ("ordinary", "requests"):
        for item in _items(folder, name):
            # A command ("/ayuda") is the bot's command, never read for a crisis (flows.app).
            alarm = not item["text"].lstrip().startswith("/") and bool(crisis.read(item["text"]))
            figures["false_alarms"].add(not alarm, item["text"])
    for item in _items(folder, "requests"):
        want = item["intent"]
        if want not in intents.model().intents:
            continue  # an intent this content does not offer (yet)
        text = item["text"]
        if places_in_text and places_in_text(text):
            followed = offered = want == "services"
        else:
            reading = intents.read(text)
            followed = reading.best is not None and _within(reading.best.name, want)
            offered = followed or any(_within(i.name, want) for i in reading.choices)
        figures["requests_followed"].add(followed, f"{text} [{want}]")
        figures["requests_on_topic"].add(offered, f"{text} [{want}]")
    figures.update(sorted(by_kind.items()))
    return figures
