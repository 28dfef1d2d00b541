"""The instancia's documents as PDF (fpdf2): the acta of a meeting and a constancia de asistencia.

Pure: data in, bytes out. The font is DejaVu Sans, shipped with matplotlib (already a dependency
for the report's charts), so every name and accent prints, whatever the institution writes."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fpdf import FPDF

from flows.instancias.model import Instancia, Meeting, VoteResult, in_lima, say_date, say_moment
from flows.texts import t

MARGIN = 18


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


class Document(FPDF):
    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__(format="A4")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, MARGIN)
        fonts = _font_dir()
        self.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.set_title(title)
        self.set_creator("Acompaña")
        self.add_page()
        self.set_font("DejaVu", "B", 15)
        self.multi_cell(0, 8, title, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 10)
        self.multi_cell(0, 6, subtitle, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 6, t("pdf-footer", page=self.page_no()), align="C")

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font("DejaVu", "B", 12)
        self.multi_cell(0, 7, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 10)

    def line_text(self, text: str) -> None:
        self.multi_cell(0, 5.5, text, align="L", new_x="LMARGIN", new_y="NEXT")

    def bytes(self) -> bytes:
        return bytes(self.output())


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActaData:
    instancia: Instancia
    meeting: Meeting
    agenda: list[tuple[str, str, int | None]]  # title, responsible institution, minutes
    attendance: list[tuple[str, str]]  # institution, status (present, excused, absent)
    agreements: list[tuple[str, str, date]]  # text, institution, due
    votes: list[VoteResult]
    notes: str


def acta_filename(m: Meeting) -> str:
    return f"acta-{in_lima(m.starts_at):%Y-%m-%d}.pdf"


def acta_pdf(d: ActaData) -> bytes:
    doc = Document(t("pdf-acta-title", name=d.instancia.name), t("pdf-acta-subtitle", when=say_moment(d.meeting.starts_at), place=d.meeting.place))
    doc.heading(t("pdf-acta-agenda"))
    if d.agenda:
        for i, (title, institution, minutes) in enumerate(d.agenda, 1):
            doc.line_text(f"{i}. " + t("pdf-agenda-item", title=title, institution=institution or "none", minutes=minutes or 0))
    else:
        doc.line_text(d.meeting.agenda)
    doc.heading(t("pdf-acta-attendance"))
    for status in ("present", "excused", "absent"):
        names = [i for i, s in d.attendance if s == status]
        doc.line_text(t("pdf-attendance-line", status=status, count=len(names), names=", ".join(names) or "—"))
    doc.heading(t("pdf-acta-agreements"))
    if not d.agreements:
        doc.line_text(t("pdf-none"))
    for i, (text, institution, due) in enumerate(d.agreements, 1):
        doc.line_text(f"{i}. " + t("pdf-agreement-line", text=text, institution=institution, due=say_date(due)))
    if d.votes:
        doc.heading(t("pdf-acta-votes"))
        for r in d.votes:
            doc.line_text(vote_result_text(r))
    doc.heading(t("pdf-acta-notes"))
    doc.line_text(d.notes or t("pdf-none"))
    return doc.bytes()


def vote_result_text(r: VoteResult) -> str:
    counts = "; ".join(t("instancia-vote-count", option=o, count=c) for o, c in zip(r.vote.options, r.counts))
    seats = "; ".join(f"{institution}: {choice}" for institution, choice in r.by_seat) or t("pdf-none")
    return t("instancia-vote-result", question=r.vote.question, counts=counts, seats=seats)


def constancia_pdf(instancia: Instancia, institution: str, holder: str, period: str, rows: list[tuple[Meeting, str]], today: date) -> bytes:
    present = sum(1 for _, status in rows if status == "present")
    doc = Document(t("pdf-constancia-title"), instancia.name)
    doc.line_text(t("pdf-constancia-body", name=instancia.name, institution=institution, holder=holder, period=period, present=present, total=len(rows)))
    doc.heading(t("pdf-constancia-meetings"))
    for m, status in rows:
        doc.line_text(t("pdf-constancia-line", when=say_date(in_lima(m.starts_at).date()), status=status))
    doc.ln(4)
    doc.line_text(t("pdf-constancia-issued", today=say_date(today)))
    return doc.bytes()
