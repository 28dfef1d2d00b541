"""The monthly report, drawn when its reminder falls due: a short text, charts as PNGs, a PDF and a
CSV, for one area and month. Importing this registers its reminder renderer and periodic job."""
from __future__ import annotations

import csv
import io
from datetime import datetime

from flows.core import Effect, Reply, SendDocument, SendPhoto
from flows.observatorio import figures
from flows.observatorio.reports import KIND_REPORT, may_see
from flows.ports import Ports
from flows.reminders import renderer
from flows.texts import t


def slug(area: str) -> str:
    return area.replace("/", "-") or "peru"


def build(area: str, month: str, cells) -> list[Effect]:
    """Everything the report sends, from the counters of one area and month."""
    from bot.reports import charts, pdf  # matplotlib and fpdf2: seconds to import, so only when drawn
    tables = figures.tables(cells)
    subtitle = f"{figures.area_label(area)} · {figures.month_label(month)}"
    drawn = [tb for tb in tables if tb.key in figures.CHARTED and not tb.empty]
    pngs = [charts.bar_chart(tb, subtitle) for tb in drawn]
    text = figures.summary(area, month, tables)
    title = t("obs-title", area=figures.area_label(area), month=figures.month_label(month))
    document = pdf.render(title, text.partition("\n")[2], tables, pngs)
    buf = io.StringIO()
    csv.writer(buf).writerows(figures.csv_rows(tables))
    name = f"observatorio-{slug(area)}-{month}"
    effects: list[Effect] = [Reply(text)]
    effects += [SendPhoto(f"{name}-{tb.key}.png", png, tb.title) for tb, png in zip(drawn, pngs)]
    effects.append(SendDocument(f"{name}.pdf", document, t("obs-pdf-caption")))
    effects.append(SendDocument(f"{name}.csv", buf.getvalue().encode("utf-8-sig"), t("obs-csv-caption")))
    return effects


@renderer(KIND_REPORT)
async def monthly_report(ref: str, ports: Ports, now: datetime, user_id: int | None) -> list[Effect]:
    area, _, month = ref.rpartition("|")
    if not await may_see(ports, user_id, area):
        return []
    await ports.stats.settle_instancias(month)  # a month closed since the scheduler's last pass
    return build(area, month, await ports.stats.cells(area, [month]))


from bot.reports import jobs  # noqa: E402,F401  (registers the monthly job)
