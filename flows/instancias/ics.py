"""A meeting as a calendar file (RFC 5545), so members can add it to their phone's calendar."""
from __future__ import annotations

from datetime import datetime

from icalendar import Calendar, Event

from flows.instancias.model import Instancia, Meeting

PRODID = "-//Acompaña//Instancias de concertación//ES"


def meeting_ics(instancia: Instancia, meeting: Meeting, now: datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # A cancelled meeting is sent as a cancellation of the same UID, which calendars apply.
    cal.add("method", "CANCEL" if meeting.cancelled else "PUBLISH")
    event = Event()
    event.add("uid", f"instancia-{instancia.id}-reunion-{meeting.id}@acompana")
    event.add("dtstamp", now)
    event.add("dtstart", meeting.starts_at)  # UTC: every calendar shows it in its own zone
    event.add("sequence", meeting.version)
    event.add("summary", f"Reunión: {instancia.name}")
    event.add("location", meeting.place)
    event.add("description", meeting.agenda)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()


def filename(meeting: Meeting) -> str:
    return f"reunion-{meeting.id}.ics"
