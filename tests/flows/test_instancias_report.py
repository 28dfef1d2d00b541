"""The provincial report for Leoncio Prado: the provincial instancia and its ten district ones made
with the real command line (`acompana instancia create --with-districts`), meetings, attendance,
agreements and plan seeded for two districts; the report renders, and its figures read back."""
from __future__ import annotations

import base64
import io
from datetime import date, datetime, time, timedelta, timezone

import pytest
from pypdf import PdfReader

from bot.reminders import send_due_reminders
from bot.runtime import Runtime
from flows.instancias.model import quarter_of
from flows.instancias.report import REPORT_HOUR, next_quarter_start
from flows.roles import MIEMBRO, instancia_scope
from flows.when import LIMA, lima_to_utc, today_in_lima
from storage.instancias import Instancias
from storage.roles import Roles
from tests.e2e.botproc import DATA_KEY
from tests.e2e.test_instancias_process import cli
from tests.flows.test_instancias import join
from tests.flows.test_instancias_cycle import pdf_text
from tests.harness import Harness

PROVINCE = "Instancia Provincial de Concertación de Leoncio Prado"


@pytest.fixture
async def harness(sqlite_url):
    """The harness with the key the command line uses (codes are found by a keyed hash)."""
    h = Harness(sqlite_url)
    await h.runtime.close()
    h.runtime = Runtime.create(sqlite_url, DATA_KEY, h.transport)
    yield h
    await h.close()


def images(content: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(content)).pages)


async def seed(harness, districts: dict[str, int], now: datetime) -> None:
    """Rupa-Rupa: three meetings this year with attendance by seat, three agreements (one done,
    one overdue, one pending), a plan of two activities, a vacant seat. Luyando: one meeting
    without attendance. The other eight: nothing yet."""
    year_start = lima_to_utc(date(now.astimezone(LIMA).year, 1, 1), time(0))
    moments = [year_start + (now - year_start) * k / 4 for k in (1, 2, 3)]
    year = now.astimezone(LIMA).year
    async with harness.runtime.sessions() as s:
        repo = Instancias(s, harness.runtime.cipher)
        rupa, luyando = districts["Rupa-Rupa"], districts["Luyando"]
        cem = await repo.seat_for(rupa, "CEM")
        comisaria = await repo.seat_for(rupa, "Comisaría")
        await repo.seat_for(rupa, "UGEL")
        for i, moment in enumerate(moments):
            m = await repo.add_meeting(rupa, moment, "Municipalidad de Rupa-Rupa", "Sesión ordinaria", None)
            await repo.record_seat_attendance(m.id, [
                (cem.id, "CEM", "present"),
                (comisaria.id, "Comisaría", "present" if i == 0 else "excused"),
            ])
        done = await repo.add_agreement(rupa, None, "Ruta de atención", "CEM", date(year, 12, 31), None)
        await repo.mark_done(done.id, None)
        await repo.add_agreement(rupa, None, "Patrullaje integrado", "Comisaría", date(year, 1, 1), None)
        await repo.add_agreement(rupa, None, "Charlas en colegios", "UGEL", date(year, 12, 31), None)
        for title, percent in (("Campaña en mercados", 40), ("Taller de masculinidades", 80)):
            activity = await repo.add_activity(rupa, year, title, cem.id, 2, "4 ferias")
            await repo.mark_progress(activity.id, percent, "avance", None, None)
        await repo.add_meeting(luyando, moments[1], "Municipalidad de Luyando", "Instalación", None)
        await s.commit()
    # Two members of Rupa-Rupa hold the CEM's and the Comisaría's seats; the UGEL's stays vacant.
    async with harness.runtime.sessions() as s:
        codes = [await Roles(s, harness.runtime.cipher).create_invite(MIEMBRO, instancia_scope(districts["Rupa-Rupa"]), None, timedelta(days=1)) for _ in range(2)]
        await s.commit()
    for chat, code, name, institution in ((901, codes[0], "Elsa Mori", "CEM"), (902, codes[1], "Raúl Tafur", "Comisaría")):
        await join(harness.person(chat), code, name, institution)


async def test_the_provincial_report_for_leoncio_prado_renders_and_its_figures_read_back(harness, tmp_path, sqlite_url):
    created = await cli(tmp_path, sqlite_url, "instancia", "create", "--name", PROVINCE, "--level", "provincial", "--province", "huanuco/leoncio-prado", "--with-districts")
    rows = [line.split("\t") for line in created.strip().splitlines()]
    assert len(rows) == 11 and rows[0][1] == PROVINCE
    provincial = int(rows[0][0])
    districts = {name.removeprefix("Instancia Distrital de Concertación de "): int(iid) for iid, name in rows[1:]}
    code = (await cli(tmp_path, sqlite_url, "instancia", "invite", "--id", str(provincial), "--role", "secretaria")).strip()
    now = datetime.now(timezone.utc)
    await seed(harness, districts, now)

    sec = harness.person(900)
    await join(sec, code, "Lucía Vargas", "Municipalidad Provincial")
    await sec.press("Informe provincial")
    year = today_in_lima(now).year
    await sec.press(f"Todo {year}")
    [sent] = [s for s in sec.inbox if s.payload["type"] == "document"]
    assert sent.payload["filename"] == f"informe-{year}.pdf"
    content = base64.b64decode(sent.payload["content"])
    text = pdf_text(content)
    assert f"Informe de {PROVINCE}" in text and f"año {year}" in text
    assert "Instancias distritales (10)" in text
    assert ("Rupa-Rupa: 3 reuniones · asistencia 67 % · acuerdos con fecha en el periodo: 3, cumplidos: 1, vencidos: 1"
            " · plan 60 % · asientos vacantes: 1") in text
    assert "Luyando: 1 reunión · asistencia sin registrar · acuerdos con fecha en el periodo: 0, cumplidos: 0, vencidos: 0 · plan sin plan · asientos vacantes: 0" in text
    assert "Santo Domingo de Anda: 0 reuniones" in text  # all ten districts, by their own names
    assert "Total: 4 reuniones · asistencia 67 %" in text
    assert "CEM: presente en 3 de 3 reuniones registradas" in text and "Comisaría: presente en 1 de 3" in text
    assert "Ley N° 31439" in text and "Fuente:" in text
    assert images(content) == 3  # meetings, agreements, attendance by seat

    # And each quarter, without asking: the quarter that ended.
    start = next_quarter_start(today_in_lima(now))
    await send_due_reminders(harness.runtime, lima_to_utc(start, REPORT_HOUR) - timedelta(seconds=1))
    assert len([s for s in sec.inbox if s.payload["type"] == "document"]) == 1
    await send_due_reminders(harness.runtime, lima_to_utc(start, REPORT_HOUR))
    later = [s for s in sec.inbox if s.payload["type"] == "document"]
    assert len(later) == 2 and later[-1].payload["filename"] == f"informe-{year}-T{quarter_of(today_in_lima(now))}.pdf"
    assert "Rupa-Rupa:" in pdf_text(base64.b64decode(later[-1].payload["content"]))
