"""The observatorio, driven as people would: counts of a seeded month, suppression in every output,
/borrar, the report PDF read back, her word on a service (once, in her hours, only if she said yes),
and five reports on one comisaría reaching the district's instancia."""
import csv
import io
import re
from datetime import datetime, time, timedelta, timezone

import pypdf
import pytest
from sqlalchemy import inspect, select, update

from bot.reminders import send_due_reminders
from flows.core import Press
from bot.reports import build
from bot.reports.jobs import schedule_monthly_reports
from flows.observatorio import figures
from flows.observatorio import ports as m
from flows.observatorio.questions import KIND_QUESTION, when_to_ask
from flows.observatorio.reports import first_working_day
from flows.roles import SECRETARIA, instancia_scope
from flows.when import LIMA, lima_to_utc
from storage.instancias import Instancias
from storage.models import User
from storage.models.observatorio import StatCount
from storage.models.reminders import Reminder
from storage.observatorio import Stats
from storage.roles import Roles
from tests.flows.test_accompaniment import YANACANCHA, man_asks, staff, woman_asks

CARABAYLLO = "lima/lima/carabayllo"
SMALL = {"1", "2", "3", "4"}


def this_month() -> str:
    return m.month_of(datetime.now(timezone.utc))


async def cells(harness, area: str = "", months=None, metric=None):
    async with harness.runtime.sessions() as session:
        return await Stats(session).cells(area, months or [this_month()], metric)


def by(found, metric: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in found:
        if c.metric == metric:
            out[c.dim] = out.get(c.dim, 0) + c.count
    return out


async def seed(harness):
    """Seven women ask for a mentora, two for a psychologist, one man for Entre patas; the mentora
    accepts five of them and closes one."""
    mentora = await staff(harness, 501, "mentora", YANACANCHA, "Rosa")
    await staff(harness, 502, "psicologa", YANACANCHA, "Lucía")
    for i in range(7):
        await woman_asks(harness, 9100 + i)
    for i in range(2):
        await woman_asks(harness, 9200 + i, reported=False)
    await man_asks(harness, 9300)
    accepted = 0
    for sent in list(mentora.inbox):
        for _label, action, arg in sent.buttons:
            if action == "case_accept" and accepted < 5:
                await mentora.do(Press(action, arg))
                accepted += 1
    await mentora.press("Cerrar")  # the last case she took
    return mentora


async def test_counts_for_a_seeded_month_match_what_happened(harness):
    await seed(harness)
    found = await cells(harness)
    assert by(found, m.REQUEST) == {"mentora": 7, "psicologa": 2, "facilitador": 1}
    assert by(found, m.ORIENTATION)["women"] == 9 and by(found, m.ORIENTATION)["men"] == 1
    assert sum(by(found, m.FIRST_ANSWER).values()) == 5 and by(found, m.FIRST_ANSWER) == {"le5": 5}
    assert by(found, m.CASE_CLOSED) == {"": 1}
    # By district: the requests were made in Yanacancha, the man's in Chaupimarca.
    assert by(await cells(harness, YANACANCHA), m.REQUEST) == {"mentora": 7, "psicologa": 2}
    assert by(await cells(harness, "pasco/pasco"), m.REQUEST) == {"mentora": 7, "psicologa": 2, "facilitador": 1}
    assert by(await cells(harness, "lima"), m.REQUEST) == {}

    tables = {tb.key: tb for tb in figures.tables(found)}
    request = tables["request"]
    assert [(line.label, line.text) for line in request.lines] == [
        ("Mentora (acompañamiento)", "7"), ("Psicóloga comunitaria", "<5"), ("Entre patas (hombres)", "<5")]
    assert request.total == "más de 7"  # not 10: that would give away the two hidden cells' sum
    assert tables["first-answer"].note == "Mediana: hasta 5 min. 9 de cada 10: hasta 5 min."


def next_month_start(month: str):
    """The first working day after `month`, at 09:30 in Lima: when its report goes out."""
    year, number = map(int, month.split("-"))
    year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return lima_to_utc(first_working_day(year, number), time(9, 30))


async def test_the_admin_gets_last_months_report_on_its_first_working_day_and_no_output_holds_a_small_cell(harness):
    await seed(harness)
    admin = await staff(harness, 600, "admin", None, "Ada")
    await admin.command("observatorio", this_month())
    assert "todavía no termina" in admin.new_text()  # a running month would change between two requests
    mark = len(admin.inbox)
    when = next_month_start(this_month())
    await schedule_monthly_reports(harness.runtime, when)
    await send_due_reminders(harness.runtime, when)
    got = admin.inbox[mark:]
    kinds = [s.payload["type"] for s in got]
    assert kinds[0] == "text" and kinds.count("photo") >= 2 and kinds[-2:] == ["document", "document"]

    text = got[0].text
    assert "Mentora (acompañamiento): 7" in text and "Psicóloga comunitaria: <5" in text
    for value in re.findall(r": ([^,()\n]+)", text):
        assert value.strip() not in SMALL, value

    pdf_text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(_content(got[-2]))).pages)
    assert "Mentora (acompañamiento) 7" in pdf_text and "Psicóloga comunitaria <5" in pdf_text
    assert "Total más de 7" in pdf_text
    for line in pdf_text.splitlines():
        assert line.rsplit(" ", 1)[-1] not in SMALL or not _is_table_row(line), line

    rows = list(csv.reader(io.StringIO(_content(got[-1]).decode("utf-8-sig"))))
    assert ["Solicitudes de acompañamiento", "Mentora (acompañamiento)", "7"] in rows
    assert all(row[2] not in SMALL for row in rows)

    for sent in got:
        if sent.payload["type"] == "photo":
            assert _content(sent).startswith(b"\x89PNG")


def _content(sent) -> bytes:
    import base64

    return base64.b64decode(sent.payload["content"])


def _is_table_row(line: str) -> bool:
    """A table row ends with its figure; the note and the method lines are sentences."""
    return not line.rstrip().endswith(".")


def test_no_output_depends_on_a_hidden_value():
    """Render the same month with a hidden cell of 1 and of 4: the text, the CSV, the charts and the
    PDF's text are identical, so none of them can hold it (as a number, a bar or a pixel)."""

    def outputs(hidden: int):
        found = [m.Cell(m.REQUEST, "mentora", "", YANACANCHA, 12), m.Cell(m.REQUEST, "psicologa", "", YANACANCHA, hidden),
                 m.Cell(m.ORIENTATION, "women", "", YANACANCHA, 30), m.Cell(m.ORIENTATION, "men", "", YANACANCHA, hidden),
                 m.Cell(m.FEEDBACK, "refused", "comisaria|Comisaría San Pedro", YANACANCHA, hidden)]
        effects = build(YANACANCHA, "2026-11", found)
        pdf = effects[-2].content
        flat = [e.text if hasattr(e, "text") else e.content for e in effects[:-2]] + [effects[-1].content]
        return flat, "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)

    one, four = outputs(1), outputs(4)
    assert one == four
    assert outputs(5) != one  # and a shown value does change them
    assert "Entre patas (para hombres) <5" in one[1]


def test_totals_never_give_away_a_hidden_cell():
    visible_and_one_hidden = figures.suppress("x", "X", [("a", 41), ("b", 4)])
    assert [line.text for line in visible_and_one_hidden.lines] == ["41", "<5"]
    assert visible_and_one_hidden.total == "más de 41"
    all_hidden = figures.suppress("x", "X", [("a", 1), ("b", 3)])
    assert all_hidden.total == "menos de 10"
    none_hidden = figures.suppress("x", "X", [("a", 0), ("b", 5), ("c", 12)])
    assert [line.text for line in none_hidden.lines] == ["0", "5", "12"] and none_hidden.total == "17"


async def test_a_woman_who_erased_her_data_is_still_counted_and_nothing_links_her(harness):
    await staff(harness, 501, "mentora", YANACANCHA, "Rosa")
    ana = await woman_asks(harness, 9100)
    before = await cells(harness)
    await ana.command("borrar")
    await ana.press("Sí, borrar")
    async with harness.runtime.sessions() as session:
        assert (await session.execute(select(User).where(User.tg_key == harness.runtime.cipher.key_of(9100)))).first() is None
        columns = await session.run_sync(lambda s: {c["name"] for c in inspect(s.connection()).get_columns("stat_counts")})
        rows = (await session.execute(select(StatCount))).scalars().all()
    after = await cells(harness)
    # Everything counted before is still counted; erasing closed her case, and that counts too.
    assert set(before) < set(after) and by(after, m.REQUEST) == {"mentora": 1}
    assert [c for c in after if c not in before] == [m.Cell(m.CASE_CLOSED, "", "", YANACANCHA, 1)]
    # A counter holds what, where and which month: no person, no id, no time of day.
    assert columns == {"id", "metric", "dim", "service", "district", "month", "count"}
    assert all(r.month == this_month() and r.district in ("", YANACANCHA) for r in rows)


# ---------------------------------------------------------------------------------------------
# Her word on the services


async def look_up_services(harness, chat_id: int, agree: bool = True):
    ana = harness.person(chat_id)
    if agree:
        await ana.agree()
    else:
        await ana.command("start")
        await ana.press("Prefiero no dar datos")
    await ana.press("Orientación para mujeres")
    await ana.press("Servicios cerca de mí")
    await ana.send("Carabayllo")
    return ana


async def says_yes(ana, hours: str = "Cualquier hora"):
    await ana.press("pregúntame cómo me atendieron")
    assert "una sola pregunta" in ana.new_text()
    await ana.press(hours)
    assert "Listo" in ana.new_text()


async def question_of(harness, chat_id: int) -> Reminder | None:
    async with harness.runtime.sessions() as session:
        key = harness.runtime.cipher.key_of(chat_id)
        return (await session.execute(select(Reminder).where(Reminder.kind == KIND_QUESTION, Reminder.chat_key == key))).scalar_one_or_none()


async def test_the_question_is_asked_once_in_her_hours_only_if_she_agreed(harness):
    ana = await look_up_services(harness, 9400)
    await says_yes(ana, "Mañana")
    eva = await look_up_services(harness, 9401)  # did not say yes
    lia = await look_up_services(harness, 9402, agree=False)  # gave no consent: not even offered
    assert "pregúntame" not in " ".join(lia.labels())

    pending = await question_of(harness, 9400)
    due = pending.due_at.astimezone(LIMA)
    assert due.time() == time(8, 0) and due.date() >= (datetime.now(LIMA) + timedelta(days=2)).date()
    assert await question_of(harness, 9401) is None and await question_of(harness, 9402) is None

    marks = {p.chat_id: len(p.inbox) for p in (ana, eva, lia)}
    await send_due_reminders(harness.runtime, pending.due_at - timedelta(minutes=1))
    assert len(ana.inbox) == marks[9400]
    await send_due_reminders(harness.runtime, pending.due_at + timedelta(minutes=5))
    await send_due_reminders(harness.runtime, pending.due_at + timedelta(days=1, minutes=5))
    asked = ana.inbox[marks[9400]:]
    assert len(asked) == 1 and "¿Pudiste ir? ¿Cómo te atendieron?" in asked[0].text
    assert all(len(p.inbox) == marks[p.chat_id] for p in (eva, lia))

    await ana.press("Comisaría San Pedro")
    assert "¿Cómo te atendieron?" in ana.new_text()
    helped = next(Press(action, arg) for label, action, arg in ana.last().buttons if label == "Me ayudaron")
    await ana.press("No quisieron recibir mi denuncia")
    assert "sin tu nombre" in ana.new_text()
    await ana.do(helped)  # the same keyboard, tapped again: counts nothing
    assert "Ya registré tu respuesta" in ana.new_text()
    quarter = m.months_of_quarter(m.quarter_of(this_month()))
    found = await cells(harness, CARABAYLLO, quarter, m.FEEDBACK)
    assert [(c.dim, c.service, c.count) for c in found] == [("refused", "comisaria|Comisaría San Pedro", 1)]
    assert await question_of(harness, 9400) is None  # the pending question is gone with its answer


@pytest.mark.parametrize("clock", [time(0, 30), time(7, 59), time(8, 29), time(11, 58), time(12, 0), time(20, 45)])
def test_the_question_is_due_at_the_start_of_her_hours_whatever_the_hour_she_agreed(clock):
    day = datetime(2026, 3, 2).date()
    due = when_to_ask("morning", lima_to_utc(day, clock)).astimezone(LIMA)
    assert due.date() == day + timedelta(days=3) and due.time() == time(8, 0)
    assert when_to_ask("", lima_to_utc(day, clock)) == lima_to_utc(day, clock) + timedelta(days=3)  # no hours given


async def test_a_question_that_falls_outside_her_hours_is_not_asked(harness):
    ana = await look_up_services(harness, 9400)
    await says_yes(ana, "Mañana")
    pending = await question_of(harness, 9400)
    day = pending.due_at.astimezone(LIMA).date()
    late = lima_to_utc(day, time(11, 50))  # due at the end of her morning, the bot was down until 12:10
    async with harness.runtime.sessions() as session:
        await session.execute(update(Reminder).where(Reminder.id == pending.id).values(due_at=late, grace_until=late + timedelta(hours=1)))
        await session.commit()
    mark = len(ana.inbox)
    await send_due_reminders(harness.runtime, lima_to_utc(day, time(12, 10)))
    assert len(ana.inbox) == mark


async def answer(harness, chat_id: int, service: str, outcome: str):
    person = await look_up_services(harness, chat_id)
    await says_yes(person)
    pending = await question_of(harness, chat_id)
    await send_due_reminders(harness.runtime, pending.due_at + timedelta(minutes=1))
    await person.press(service)
    await person.press(outcome)


async def test_five_reports_on_one_comisaria_reach_the_district_instancia(harness):
    sec = harness.person(8800)
    await sec.agree()
    async with harness.runtime.sessions() as session:
        instancia_id = await Instancias(session, harness.runtime.cipher).create("Instancia Distrital de Carabayllo", "district", CARABAYLLO)
        user_id = (await session.execute(select(User.id).where(User.tg_key == harness.runtime.cipher.key_of(8800)))).scalar_one()
        await Roles(session, harness.runtime.cipher).grant(user_id, SECRETARIA, instancia_scope(instancia_id), "Sonia", "Municipalidad")
        await session.commit()
    for i in range(5):
        await answer(harness, 9500 + i, "Comisaría San Pedro", "No quisieron recibir mi denuncia")
    for i in range(4):
        await answer(harness, 9600 + i, "Comisaría El Progreso", "Me trataron mal")

    last = m.months_of_quarter(m.quarter_of(this_month()))[-1]
    day = next_month_start(last).astimezone(LIMA).date()
    async with harness.runtime.sessions() as session:
        meeting = await Instancias(session, harness.runtime.cipher).add_meeting(
            instancia_id, lima_to_utc(day + timedelta(days=10), time(10)), "Municipalidad", "Plan de trabajo", None)
        second = harness.person(8801)  # a second secretaría: still one item on the agenda
        await session.commit()
    await second.agree()
    async with harness.runtime.sessions() as session:
        other = (await session.execute(select(User.id).where(User.tg_key == harness.runtime.cipher.key_of(8801)))).scalar_one()
        await Roles(session, harness.runtime.cipher).grant(other, SECRETARIA, instancia_scope(instancia_id), "Rosa", "CEM")
        await session.commit()
    mark = len(sec.inbox)
    await schedule_monthly_reports(harness.runtime, lima_to_utc(day, time(8, 59)))  # not yet
    await schedule_monthly_reports(harness.runtime, lima_to_utc(day, time(9, 30)))
    await schedule_monthly_reports(harness.runtime, lima_to_utc(day, time(10, 0)))  # again: nothing new
    await send_due_reminders(harness.runtime, lima_to_utc(day, time(9, 31)))
    got = [s.text for s in sec.inbox[mark:]]
    notices = [text for text in got if "Vigilancia ciudadana" in text and "5 o más" in text]
    assert len(notices) == 1
    assert "Comisaría San Pedro (comisaría), Carabayllo: «No quisieron recibir mi denuncia» — 5 reportes" in notices[0]
    assert "El Progreso" not in notices[0]  # four reports: below the threshold, and never shown as a figure
    assert "Lo agregué a la agenda de su próxima reunión" in notices[0]
    assert any("Lo agregué a la agenda" in s.text for s in second.inbox)
    async with harness.runtime.sessions() as session:
        items = await Instancias(session, harness.runtime.cipher).items(meeting.id)
    assert [i.title for i in items] == [
        f"Vigilancia ciudadana {m.quarter_of(this_month())}: Comisaría San Pedro (comisaría): «No quisieron recibir mi denuncia» (5)"]
    assert items[0].accepted
    reports = [s for s in sec.inbox[mark:] if s.payload["type"] == "text" and s.text.startswith("Observatorio de Acompaña")]
    assert len(reports) == 1  # last month's report too, once


async def test_on_demand_she_chooses_the_area_and_month_and_a_revoked_grant_stops_it(harness):
    coord = await staff(harness, 610, "coordinadora", YANACANCHA, "Coca")
    async with harness.runtime.sessions() as session:
        user_id = (await session.execute(select(User.id).where(User.tg_key == harness.runtime.cipher.key_of(610)))).scalar_one()
        await Roles(session, harness.runtime.cipher).grant(user_id, "coordinadora", "district:pasco/oxapampa/villa-rica")
        await session.commit()
    await coord.command("observatorio", "13/2026")
    assert "No entendí el mes" in coord.new_text()
    await coord.command("observatorio", "2026-10")
    assert coord.labels() == ["Yanacancha (Pasco, Pasco)", "Villa Rica (Oxapampa, Pasco)"]
    await coord.press("Villa Rica")
    assert "Preparo el informe de Villa Rica (Oxapampa, Pasco), octubre de 2026" in coord.new_text()
    async with harness.runtime.sessions() as session:
        roles = Roles(session, harness.runtime.cipher)
        for g in await roles.grants(user_id):
            if g.scope == "district:pasco/oxapampa/villa-rica":
                await roles.revoke(g.id)
        await roles.grant(user_id, "coordinadora", "province:pasco/pasco")  # now holds Yanacancha's province too
        await session.commit()
    mark = len(coord.inbox)
    await send_due_reminders(harness.runtime, datetime.now(timezone.utc) + timedelta(seconds=1))
    assert len(coord.inbox) == mark  # revoked before it was drawn: nothing goes out
    await coord.command("observatorio", "2026-10")  # the province only: with Yanacancha beside it, the rest could be subtracted
    assert "Preparo el informe de provincia de Pasco (Pasco), octubre de 2026" in coord.new_text()
    woman = harness.person(620)
    await woman.agree()
    await woman.command("observatorio")
    assert "El observatorio es para coordinadoras" in woman.new_text()


async def test_the_emergency_answer_with_her_cem_offers_the_question_and_an_old_one_is_dropped(harness):
    ana = await look_up_services(harness, 9400)  # her district is saved: Carabayllo
    await ana.command("emergencia")
    texts = [s.text for s in ana.new()]
    cem = next(i for i, text in enumerate(texts) if "Centro Emergencia Mujer" in text)
    offer = next(i for i, text in enumerate(texts) if "puedo preguntarte cómo te atendieron" in text)
    assert texts[0].count("100") and cem < offer
    [button] = [Press(action, arg) for s in ana.new() for _label, action, arg in s.buttons if action == "fb-offer"]
    await ana.do(button)
    await ana.press("Cualquier hora")
    assert "Listo" in ana.new_text()
    await ana.command("emergencia")
    assert "puedo preguntarte" not in ana.new_text()  # one pending question at a time

    pending = await question_of(harness, 9400)
    await send_due_reminders(harness.runtime, pending.due_at + timedelta(minutes=1))
    later = pending.due_at + timedelta(days=40)
    await schedule_monthly_reports(harness.runtime, next_month_start(m.month_of(later)))
    assert await question_of(harness, 9400) is None  # never answered: deleted, nothing kept
    await ana.command("emergencia")
    assert "puedo preguntarte" in ana.new_text()
