"""The accompaniment intake: her age alone, then her district; a number is her age only as the
answer to the age question; "me equivoqué" corrects it; an adult is not asked again."""
from sqlalchemy import select

from storage.models import User
from tests.flows.test_accompaniment import YANACANCHA, only_case, staff, woman_asks


async def ask(ana):
    await ana.command("menu")
    await ana.press("Orientación para mujeres")
    await ana.press("Quiero que alguien me acompañe")


async def test_age_alone_then_the_district_then_the_request(harness):
    await staff(harness, 8300, "mentora", YANACANCHA)
    ana = harness.person(8301)
    await ana.agree()
    await ask(ana)
    asked = ana.new_text()
    assert "¿qué edad tienes?" in asked and "distrito" not in asked
    # A district typed before the age is not taken for anything, and kindly asked again.
    await ana.send("Yanacancha, Pasco")
    text = ana.new_text()
    assert "No entendí" not in text and "Primero necesito tu edad" in text
    # "tengo 2 hijos" has a number that is not her age.
    await ana.send("tengo 2 hijos")
    assert "Primero necesito tu edad" in ana.new_text()
    await ana.send("tengo 2 hijos, 30 años")
    text = ana.new_text()
    assert "¿en qué distrito estás?" in text and "edad" not in text.split("distrito")[0].lower()
    await ana.send("Yanacancha, Pasco")
    assert "¿Ya denunciaste" in ana.new_text()
    async with harness.runtime.sessions() as session:
        user = (await session.execute(select(User).where(User.consent_at.is_not(None)).order_by(User.id.desc()))).scalars().first()
        assert user.adult is True and user.minor is False


async def test_a_wrong_minor_answer_is_corrected(harness):
    ana = harness.person(8302)
    await ana.agree()
    await ask(ana)
    await ana.press("Menos de 18")
    assert "DEMUNA" in ana.new_text()
    # Later, and even after leaving: the stored answer does not block her for good.
    await ask(ana)
    assert "DEMUNA" in ana.new_text()
    await ana.send("me equivoqué, soy mayor")
    assert "¿qué edad tienes?" in ana.new_text()
    await ana.press("18 años o más")
    assert "¿en qué distrito estás?" in ana.new_text()
    # Corrected again from the district question, with its button.
    await ana.press("Me equivoqué de edad")
    assert "¿qué edad tienes?" in ana.new_text()
    await ana.send("25")
    assert "¿en qué distrito estás?" in ana.new_text()


async def test_an_adult_is_not_asked_again(harness):
    await staff(harness, 8310, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 8311)
    await ana.press("Retirar mi pedido")
    assert (await only_case(harness)).status == "closed"
    await ask(ana)
    text = ana.new_text()
    assert "¿qué edad tienes?" not in text and "¿en qué distrito estás?" in text
    # Nor in the self-check.
    await ana.command("menu")
    await ana.press("Orientación para mujeres")
    await ana.press("Test")
    assert "Pregunta 1 de" in ana.new_text() and "¿qué edad tienes?" not in ana.new_text()
