"""Importing this registers every feature's flows, commands and buttons with flows.app.

One line a feature; the order does not matter.
"""
from flows import app  # noqa: F401  (the built-in menu, consent and erasure)
from flows import instancias  # noqa: F401  (instancias de concertación: meetings, reminders, agreements)
from flows import entre_patas  # noqa: F401  (content for men, reflection spaces)
from flows import safety  # noqa: F401  (her safety plan, silent messages)
from flows import accompaniment  # noqa: F401  (mentoras, psicólogas, facilitadores: cases and relay)
from flows import orientation  # noqa: F401  (women: self-check, services directory, minors, her CEM in emergencies)
from flows.observatorio import questions, reports  # noqa: F401  (figures for the programmes, her word on the services)
