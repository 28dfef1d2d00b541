"""The observatorio end to end: `acompana run` as a process against the fake Bot API. A woman asks
for a mentora; an admin sends /observatorio and gets the summary, the charts as photos, the PDF and
the CSV through the Bot API, with her single request shown as "<5" everywhere."""
from __future__ import annotations

import csv
import io

import pypdf

from bot.cli_staff import create_invite
from tests.e2e.botproc import DATA_KEY, real_rejections
from tests.e2e.test_accompaniment_process import woman_asks


async def test_an_admin_gets_the_report_as_photos_pdf_and_csv(api, bot, sqlite_url):
    await bot.start("run")
    await woman_asks(api, 777000321)
    admin = api.user(910000900, first_name="Ada")
    await admin.send_command("/staff", f"{await create_invite(sqlite_url, DATA_KEY, 'admin', '', hours=2)} Ada")
    await admin.wait_for("Bienvenida o bienvenido al equipo", timeout=30)

    await admin.send_command("/observatorio")
    [summary] = await admin.wait_for("Observatorio de Acompaña · todo el país", timeout=30)
    assert "Mentora (acompañamiento): <5" in summary.text
    photos = await admin.wait_for(lambda m: "photo" in m.data, timeout=30, count=2)
    for photo in photos:
        assert api.files[photo.data["photo"][-1]["file_id"]].content.startswith(b"\x89PNG")
    documents = await admin.wait_for(lambda m: "document" in m.data, timeout=30, count=2)
    files = {d.data["document"]["file_name"].rsplit(".", 1)[1]: api.files[d.data["document"]["file_id"]].content for d in documents}
    pdf_text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(files["pdf"])).pages)
    assert "Mentora (acompañamiento) <5" in pdf_text
    rows = list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    assert ["Solicitudes de acompañamiento", "Mentora (acompañamiento)", "<5"] in rows
    assert not real_rejections(api), real_rejections(api)
