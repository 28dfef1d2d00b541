"""The main menu, consent, fallbacks and quick exit, driven as a person would."""
from flows.core import State


async def test_start_shows_welcome_with_emergency_numbers_and_consent(harness):
    ana = harness.person(101)
    await ana.command("start")
    text = ana.new_text()
    assert "Línea 100" in text and "105" in text
    assert "/salir" in text and "/borrar" in text
    assert ana.labels() == ["Sí, estoy de acuerdo", "Prefiero no dar datos"]


async def test_every_menu_entry_answers(harness):
    ana = harness.person(102)
    await ana.agree()
    entries = ana.labels()
    assert len(entries) == 5
    for label in entries:
        await ana.command("menu")
        await ana.press(label)
        assert ana.new(), f"no answer for menu entry {label}"
        assert ana.new()[-1].buttons, f"menu entry {label} leaves her without buttons"


async def test_nothing_personal_is_stored_before_consent(harness):
    ana = harness.person(103)
    await ana.command("start")
    await ana.press("Prefiero no dar datos")
    async with harness.runtime.sessions() as session:
        from sqlalchemy import func, select

        from storage.models import User

        assert (await session.execute(select(func.count()).select_from(User))).scalar() == 0
    assert "sin que guarde nada" in ana.new_text()


async def test_unexpected_input_gets_help_and_a_way_back(harness):
    ana = harness.person(104)
    await ana.command("start")
    for act in (ana.send("asdfgh"), ana.media("sticker"), ana.media("voice"), ana.command("nada"), ana.send("x" * 5000)):
        await act
        assert ana.new(), "silence after unexpected input"
        assert any("Menú" in label or "menú" in s.text for s in ana.new() for label in [b[0] for b in s.buttons] + [""]) or ana.new()[-1].buttons


async def test_stale_button_is_answered_and_changes_nothing(harness):
    ana = harness.person(105)
    await ana.agree()
    before = await ana.state()
    from flows.core import Press

    await ana.do(Press("erase", "yes"))  # an old "Sí, borrar todo" pressed outside its question
    assert "ya no está activo" in ana.new()[0].text
    assert (await ana.state()) == before


async def test_state_survives_a_restart(harness):
    ana = harness.person(106)
    await ana.agree()
    await ana.press("Privacidad")
    await harness.restart()
    await ana.press("Borrar mis datos")
    assert (await ana.state()).flow == "erase"
    await harness.restart()
    await ana.send("hola?")  # not an answer: she is asked again, where she was
    assert "¿Quieres que borre" in ana.new_text()


async def test_quick_exit_deletes_every_message_of_the_conversation(harness):
    ana = harness.person(107)
    await ana.agree()
    await ana.send("hola")
    bot_ids = [s.message_id for s in ana.inbox]
    await ana.command("salir")
    deleted = set(harness.transport.deleted[str(ana.chat_id)])
    assert set(bot_ids) <= deleted
    assert set(ana.sent_ids) <= deleted  # hers too, the /salir itself included
    assert (await ana.state()) == State()
    assert "Listo." == ana.new()[0].text
