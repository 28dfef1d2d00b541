"""Instancias de concertación (Ley N° 30364): members, meetings, reminders, attendance, agreements."""
from flows.instancias import cycle, flow, notices, report  # noqa: F401  (registers the flows, commands, buttons and reminders)
