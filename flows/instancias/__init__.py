"""Instancias de concertación (Ley N° 30364): members, meetings, reminders, attendance, agreements."""
from flows.instancias import flow, notices  # noqa: F401  (registers the flows, commands and buttons)
