"""The calendar file of a meeting (RFC 5545), and the button that sends it as a document."""
import base64
import re
from dataclasses import replace
from datetime import datetime, timezone

from icalendar import Calendar

from bot.delivery import to_payload
from flows.core import Press, SendDocument
from flows.instancias.ics import meeting_ics
from flows.instancias.model import Instancia, Meeting
from tests.flows.test_instancias import create_meeting, soon, with_members

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc)
INST = Instancia(3, "Instancia Distrital de Concertación de Luyando", "district", "huanuco/leoncio-prado/luyando", 1, (7200,))
MEETING = Meeting(12, 3, datetime(2026, 12, 1, 20, 0, tzinfo=timezone.utc), "Municipalidad de Luyando", "1. Plan de trabajo; 2. Acuerdos, pendientes", 2)


def test_a_meeting_is_a_valid_rfc5545_event():
    raw = meeting_ics(INST, MEETING, NOW)
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded lines (RFC 5545, 3.1)
    cal = Calendar.from_ical(raw)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == "instancia-3-reunion-12@acompana"
    assert event.decoded("DTSTART") == MEETING.starts_at
    assert re.search(rb"DTSTART:20261201T200000Z", raw)  # UTC: 15:00 in Lima
    assert event.decoded("DTSTAMP") == NOW
    assert str(event["LOCATION"]) == "Municipalidad de Luyando"
    assert str(event["DESCRIPTION"]) == MEETING.agenda  # commas and semicolons survive escaping
    assert event["SEQUENCE"] == 2 and str(event["STATUS"]) == "CONFIRMED"


def test_a_cancelled_meeting_cancels_the_same_event():
    cal = Calendar.from_ical(meeting_ics(INST, replace(MEETING, cancelled=True), NOW))
    (event,) = cal.walk("VEVENT")
    assert str(cal["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == "instancia-3-reunion-12@acompana"


def test_a_document_travels_through_the_outbox_as_base64():
    payload = to_payload(SendDocument("reunion-12.ics", b"BEGIN:VCALENDAR\r\n", "Tu reunion"))
    assert payload == {"type": "document", "filename": "reunion-12.ics", "content": base64.b64encode(b"BEGIN:VCALENDAR\r\n").decode(), "caption": "Tu reunion"}


async def test_a_member_gets_the_calendar_file_of_a_meeting(harness):
    iid, sec, (ana, beto, carla) = await with_members(harness)
    starts = soon(60)
    await create_meeting(sec, starts)
    await ana.press("Agregar a mi calendario")
    (sent,) = ana.new()
    assert sent.payload["type"] == "document" and sent.payload["filename"].endswith(".ics")
    (event,) = Calendar.from_ical(base64.b64decode(sent.payload["content"])).walk("VEVENT")
    assert event.decoded("DTSTART") == starts and "Municipalidad de Luyando" in str(event["LOCATION"])
    outsider = harness.person(999)
    await outsider.command("start")
    await outsider.do(Press("iics", sent.payload["filename"][len("reunion-") : -len(".ics")]))
    assert "no está disponible" in outsider.new_text()
