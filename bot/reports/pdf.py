"""The report as a PDF (fpdf2): title, the short text, the charts, and every table with its cells
as shown everywhere else ("<5" for 1 to 4)."""
from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from fpdf import FPDF

from flows.observatorio.figures import Table
from flows.texts import t

# matplotlib ships DejaVu Sans: a Unicode font for accents, "ñ" and "¿" without another dependency.
FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def render(title: str, intro: str, tables: list[Table], charts: list[bytes]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONT / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, intro, new_x="LMARGIN", new_y="NEXT")
    for png in charts:
        pdf.ln(3)
        pdf.image(io.BytesIO(png), w=170)
    pdf.add_page()
    for table in tables:
        _table(pdf, table)
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(0, 4, t("obs-pdf-method"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _table(pdf: FPDF, table: Table) -> None:
    if pdf.will_page_break(8 * (len(table.lines) + 3)):
        pdf.add_page()
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 8, table.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    if not table.lines:
        pdf.cell(0, 6, t("obs-none-yet"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        return
    with pdf.table(col_widths=(130, 40), text_align=("LEFT", "RIGHT"), first_row_as_headings=False) as grid:
        for line in table.lines:
            grid.row((line.label, line.text))
        if table.total:
            grid.row((t("obs-total"), table.total))
    if table.note:
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(0, 5, table.note, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
