"""Orientation for women, tried as a new user would: prevention screens, the self-check, her
district's services, emergency in the middle of it all, quick exit and erasure."""
import pytest
from sqlalchemy import String, Text, select

from flows import screens
from flows.core import Press, State
from flows.orientation.selfcheck import questions
from storage.models import Base, Conversation, OutboxMessage, User
from storage.models.directory import DirectoryEntry


async def test_woman_in_yanacancha(harness):
    ana = harness.person(7001)
    await ana.agree()
    await ana.press("Orientación para mujeres")

    # The types of violence.
    await ana.press("Tipos de violencia")
    assert "Ley N° 30364" in ana.new_text()
    assert ana.labels()[:4] == ["Física", "Psicológica", "Sexual", "Económica o patrimonial"]
    await ana.press("Psicológica")
    assert "celular" in ana.new_text()
    assert ana.labels()[-2:] == ["⬅️ Volver", "🏠 Menú"]
    await ana.press("Volver")
    await ana.press("Económica")
    assert "sueldo" in ana.new_text()

    # The self-check, with a danger phrase in the middle: answered at once, then she goes on.
    await ana.press("Volver")
    await ana.press("Test")
    assert "no un diagnóstico" in ana.new_text()
    await ana.press("18 años o más")
    await ana.press("Sí")
    await ana.press("A veces")
    assert f"Pregunta 3 de {len(questions())}" in ana.new_text()
    await ana.send("tengo miedo de q me mate")
    text = ana.new_text()
    assert "Línea 100" in text and "105" in text
    assert "Pregunta" not in text  # nothing before the emergency answer
    await ana.press("Seguir donde estaba")
    assert f"Pregunta 3 de {len(questions())}" in ana.new_text()
    for _ in range(len(questions()) - 2):
        await ana.press("No")
    result = ana.new_text()
    assert "¡Ten cuidado!" in result and "no un diagnóstico" in result
    assert "answers" not in (await ana.state()).data  # her answers are dropped once she has the result

    # Her district, typed with a typo: the CEM that serves her, or the honest way to find it.
    await ana.press("Servicios cerca")
    await ana.send("yanacansha pasco")
    services = ana.new_text()
    assert "Servicios en Yanacancha (Pasco, Pasco)" in services
    # No source names a CEM in Yanacancha itself, so none is invented: her province's is given.
    assert "En tu distrito no tengo un CEM registrado. En tu provincia conozco:" in services
    assert "CEM) de Cerro de Pasco" in services and "Línea 100" in services
    assert any("Mujeres acompañando mujeres" in label for label in ana.labels())
    await ana.command("emergencia")
    assert "CEM) de Cerro de Pasco" in ana.new_text()  # her district is remembered for emergencies

    # Quick exit: every message of the conversation, hers and the bot's, gets a delete call.
    bot_ids = [s.message_id for s in ana.inbox]
    await ana.command("salir")
    deleted = harness.transport.deleted[str(ana.chat_id)]
    assert set(bot_ids) <= set(deleted)
    assert set(ana.sent_ids) <= set(deleted)  # her typed messages, and the /salir itself
    assert (await ana.state()) == State()
    assert [s.text for s in ana.new()][0] == "Listo."


def _text_columns():
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String | Text):
                yield table, column


def _user_columns():
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "users" for fk in column.foreign_keys):
                yield table, column


async def test_erase_leaves_none_of_her_identifiers(harness):
    chat_id = 918273645
    ana = harness.person(chat_id)
    await ana.agree()
    await ana.press("Orientación para mujeres")
    await ana.press("Servicios cerca")
    await ana.send("carabayllo")
    await ana.press("Menú")
    await ana.press("Orientación para mujeres")
    await ana.press("Test")
    await ana.press("Menos de 18")
    key = harness.runtime.cipher.key_of(chat_id)
    async with harness.runtime.sessions() as session:
        user = (await session.execute(select(User).where(User.tg_key == key))).scalar_one()
        user_id = user.id
        assert user.district == "lima/lima/carabayllo" and user.minor is True
        directory_before = len((await session.execute(select(DirectoryEntry))).all())

    await ana.command("borrar")
    await ana.press("Sí, borrar todo")
    assert "borré tus datos" in ana.new_text()

    async with harness.runtime.sessions() as session:
        assert (await session.execute(select(User).where(User.id == user_id))).first() is None
        assert (await session.get(Conversation, key)) is None
        assert (await session.execute(select(OutboxMessage))).all() == []
        for table, column in _text_columns():
            rows = (await session.execute(select(column).where(column.contains(key)))).all()
            assert rows == [], f"{table.name}.{column.name} still holds her key"
            rows = (await session.execute(select(column).where(column.contains(str(chat_id))))).all()
            assert rows == [], f"{table.name}.{column.name} still holds her chat id"
        for table, column in _user_columns():
            rows = (await session.execute(select(column).where(column == user_id))).all()
            assert rows == [], f"{table.name}.{column.name} still points at her"
        assert len((await session.execute(select(DirectoryEntry))).all()) == directory_before


# ---------------------------------------------------------------------------------------------
# Prevention screens


def _women_screens():
    return [name for name in screens.tree() if name.startswith("women")]


def test_prevention_content_is_there():
    names = set(_women_screens())
    for expected in (
        "women-violence-physical", "women-violence-psychological", "women-violence-sexual", "women-violence-economic",
        "women-topics-myths", "women-topics-street", "women-topics-online", "women-topics-trafficking",
        "women-help-report", "women-help-cem", "women-help-protection", "women-help-rights",
        "women-programmes-accompany", "women-programmes-empowered", "women-programmes-radio", "women-programmes-chat",
        "women-minors",
    ):
        assert expected in names


@pytest.mark.parametrize("name", _women_screens())
def test_each_screen_is_short_and_has_back_and_menu(name):
    reply = screens.render(name)
    assert len(reply.text) <= 800, f"{name} is too long for a phone screen ({len(reply.text)})"
    labels = [b.label for row in reply.buttons for b in row]
    assert labels[-1] == "🏠 Menú"
    if name != "women":
        assert labels[-2] == "⬅️ Volver"


def test_programmes_are_named_as_the_programme_documents_name_them():
    text = " ".join(screens.render(n).text for n in _women_screens() if "programmes" in n)
    for expected in ("Mujeres acompañando mujeres", "Mujeres empoderadas y autónomas", "Aurora te acompaña", "Chat 100", "Warmi Ñan", "Aurora"):
        assert expected in text
    assert "6 p. m." in text


def test_help_screens_name_where_to_report_and_what_a_cem_offers():
    report = screens.render("women-help-report").text
    assert "comisaría" in report and "Fiscalía" in report and "CEM" in report
    cem = screens.render("women-help-cem").text
    assert "psicológica" in cem and "legal" in cem and "gratuitos" in cem
