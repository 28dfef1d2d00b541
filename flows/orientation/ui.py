"""What every orientation message ends with: the emergency button, "Volver" and "Menú"."""
from __future__ import annotations

from flows.core import Button
from flows.screens import nav_row
from flows.texts import t


def footer(parent: str = "women") -> list[list[Button]]:
    return [[Button(t("button-do-emergency"), "do", "emergency")], nav_row(parent)]
