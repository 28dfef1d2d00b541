"""Her safety: the plan built step by step, saved only if she chooses (encrypted), reopened, gone
after /borrar; silent and protected messages; a neutral first line on everything she did not ask
for; "Tu celular seguro" and "Quiero ayudar a alguien" from the women's and the men's menus."""
from sqlalchemy import select

from flows import screens, texts
from flows.core import Press
from flows.safety import plan
from storage.models import OutboxMessage, User
from storage.models.safety import SafetySettings
from tests.flows.test_accompaniment import YANACANCHA, only_case, staff, woman_asks

NEUTRAL = "Tienes un mensaje nuevo."


def test_the_plan_content_names_its_anchors_and_every_text_exists():
    names = " ".join(s["name"] for s in plan.sources().values())
    assert "myPlan" in names and "Johns Hopkins" in names and "Bright Sky" in names
    for step in plan.steps():
        assert step.sources and all(s in plan.sources() for s in step.sources), step.id
    assert [s.id for s in plan.steps()] == ["situation", "children", "place", "person", "bag", "attack", "phone"]
    assert [m for m in plan.texts_needed() if not texts.has(m)] == []
    phone = texts.t("plan-q-phone")
    for part in ("Bloqueo con código", "Vista previa", "Borrado automático", "Eliminar chat", "yo no puedo"):
        assert part in phone


async def build(person, choices=("leave", "yes", "notyet", "yes", "notyet", "ok", "ok")):
    for choice in choices:
        press = next(b for b in person.last().buttons if b[1] == "plan" and b[2].endswith(f"-{choice}"))
        await person.do(Press(press[1], press[2]))


async def saved_plan(harness):
    async with harness.runtime.sessions() as session:
        return (await session.execute(select(SafetySettings.plan_enc))).scalars().all()


async def test_the_plan_is_built_saved_reopened_and_gone_after_erasure(harness):
    ana = harness.person(8101)
    await ana.agree()
    await ana.press("Orientación para mujeres")
    await ana.press("Mi plan de seguridad")
    assert "Paso 1 de 7" in ana.new_text()
    await build(ana)
    text = ana.new_text()
    assert "Tu plan de seguridad" in text and "Piensas irte" in text and "palabra clave" in text
    assert "Basado en: myPlan (Johns Hopkins), Bright Sky" in "\n".join(s.text for s in ana.inbox)
    assert await saved_plan(harness) == []  # nothing stored until she chooses
    await ana.press("Sí, guárdalo")
    assert "guardé tu plan" in ana.new_text()
    [stored] = await saved_plan(harness)
    assert "leave" not in stored  # encrypted
    assert "answers" not in (await ana.state()).data  # the conversation keeps nothing of it
    # Reopened with /miplan: the short summary.
    await ana.command("miplan")
    assert "Piensas irte" in ana.new_text() and "Solo tú lo ves" in ana.new_text()
    # Never sent unprompted: nothing of it is queued for later.
    async with harness.runtime.sessions() as session:
        assert (await session.execute(select(OutboxMessage))).all() == []
    # /borrar: gone from the database.
    await ana.command("borrar")
    await ana.press("Sí, borrar todo")
    assert await saved_plan(harness) == []
    async with harness.runtime.sessions() as session:
        assert (await session.execute(select(SafetySettings))).all() == []
        assert (await session.execute(select(User))).all() == []


async def test_a_plan_not_saved_leaves_nothing_and_a_saved_one_can_be_deleted(harness):
    ana = harness.person(8102)
    await ana.command("start")
    await ana.press("Prefiero no dar datos")
    await ana.command("miplan")
    await build(ana, ("stay", "no", "yes", "notyet", "ready", "ok", "ok"))
    await ana.press("No lo guardes")
    assert "no quedó en ningún lado" in ana.new_text()
    assert await saved_plan(harness) == [] and "answers" not in (await ana.state()).data
    # Saving without consent first asks for it, and keeps the plan across the question.
    await ana.command("miplan")
    await build(ana, ("stay", "no", "yes", "notyet", "ready", "ok", "ok"))
    await ana.press("Sí, guárdalo")
    assert "¿Estás de acuerdo?" in ana.new_text()
    await ana.press("Sí, estoy de acuerdo")
    assert "guardé tu plan" in ana.new_text()
    assert len(await saved_plan(harness)) == 1
    await ana.command("miplan")
    await ana.press("Borrar mi plan guardado")
    assert "borré tu plan" in ana.new_text()
    async with harness.runtime.sessions() as session:
        assert (await session.execute(select(SafetySettings.plan_enc))).scalar_one() is None


async def test_an_old_plan_button_changes_nothing(harness):
    ana = harness.person(8103)
    await ana.command("miplan")
    await build(ana, ("stay",))
    before = await ana.state()
    await ana.do(Press("plan", "situation-leave"))
    assert "ya no está activo" in ana.new()[0].text
    assert await ana.state() == before


def unprompted(her, before: int) -> list:
    return her.inbox[before:]


async def test_every_unprompted_message_to_her_opens_neutral_and_the_relay_is_protected(harness):
    rosa = await staff(harness, 8200, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 8201)
    got = []
    mark = len(ana.inbox)
    await rosa.press("Aceptar")  # the acceptance
    got += unprompted(ana, mark)
    await ana.send("Hola")
    assert rosa.last().payload["type"] == "copy" and rosa.last().payload.get("protect") is True
    mark = len(ana.inbox)
    await rosa.send("Hola, ¿cómo estás?")  # a message from her mentora
    got += unprompted(ana, mark)
    mark = len(ana.inbox)
    await rosa.press("Cerrar el caso")  # closed by the mentora
    got += unprompted(ana, mark)
    assert len(got) == 3
    for sent in got:
        assert sent.text.split("\n")[0] == NEUTRAL, sent.text
        assert "mentora" not in sent.text.split("\n")[0]
        assert sent.payload.get("protect") is True
    assert got[1].payload["type"] == "copy"


async def test_silent_messages_when_she_chooses_them(harness):
    rosa = await staff(harness, 8210, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 8211)
    await ana.press("Mis avisos en silencio")
    assert "con sonido" in ana.new_text()
    await ana.press("En silencio")
    assert "llegarán en silencio" in ana.new_text()
    await rosa.press("Aceptar")
    assert ana.last().payload.get("silent") is True
    await rosa.send("Hola")
    assert ana.last().payload.get("silent") is True and ana.last().payload.get("protect") is True
    assert "silent" not in rosa.last().payload  # staff did not choose it


def test_safe_phone_and_helping_someone_are_reachable_and_complete():
    women = [b.arg for row in screens.render("women").buttons for b in row]
    men = [b.arg for row in screens.render("men").buttons for b in row]
    privacy = [b.arg for row in screens.render("privacy").buttons for b in row]
    assert "help-someone" in women and "help-someone" in men
    assert "safe-phone" in women and "safe-phone" in privacy and "safety_plan" in women
    phone = screens.render("safe-phone").text
    for part in ("Bloqueo con código", "Vista previa", "Borrado automático", "celular compartido", "48 horas"):
        assert part in phone
    texts_ = " ".join(screens.render(n).text for n in ("help-someone-listen", "help-someone-dont", "help-someone-line100", "help-someone-105"))
    for part in ("Créele", "No enfrentes", "Línea 100", "gratuita", "105", "testigo"):
        assert part in texts_
