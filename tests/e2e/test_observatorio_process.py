"""The observatorio end to end: `acompana run` as a process against the fake Bot API. Last month is
seeded in the counters (three requests, twelve orientation screens); an admin sends /observatorio
and gets the summary, the charts as photos, the PDF and the CSV through the Bot API, with the three
requests shown as "<5" everywhere. A woman asking today is counted for this month, not in it."""
from __future__ import annotations

import csv
import io

import pypdf

from datetime import datetime, timedelta, timezone

from bot.cli_staff import create_invite
from flows.observatorio import ports as m
from storage.db import make_engine, make_sessionmaker
from storage.observatorio import Stats
from tests.e2e.botproc import DATA_KEY, real_rejections
from tests.e2e.test_accompaniment_process import woman_asks


async def test_an_admin_gets_the_report_as_photos_pdf_and_csv(api, bot, sqlite_url):
    last_month = datetime.now(timezone.utc).replace(day=1) - timedelta(days=2)
    engine = make_engine(sqlite_url)
    async with make_sessionmaker(engine)() as session:
        for _ in range(3):
            await Stats(session).count(m.REQUEST, "pasco/pasco/yanacancha", last_month, dim="mentora")
        await Stats(session).count(m.ORIENTATION, "pasco/pasco/yanacancha", last_month, dim="women", by=12)
        await session.commit()
    await engine.dispose()
    await bot.start("run")
    await woman_asks(api, 777000321)
    admin = api.user(910000900, first_name="Ada")
    await admin.send_command("/staff", f"{await create_invite(sqlite_url, DATA_KEY, 'admin', '', hours=2)} Ada")
    await admin.wait_for("Bienvenida o bienvenido al equipo", timeout=30)

    await admin.send_command("/observatorio")
    [summary] = await admin.wait_for("Observatorio de Acompaña · todo el país", timeout=30)
    assert "Mentora (acompañamiento): <5" in summary.text and "Orientación para mujeres: 12" in summary.text
    assert "Mentora (acompañamiento): <5 (Total: menos de 5)" in summary.text  # the total hides it too
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
