"""Importing this registers every feature's flows, commands and buttons with flows.app.

One line a feature; the order does not matter.
"""
from flows import app  # noqa: F401  (the built-in menu, consent and erasure)
