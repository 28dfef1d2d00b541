"""Understanding in the bot: each kind of crisis gets its own answer first, in every state; typed
requests go where their button would have gone; when unsure, choices, never a bare "no entendí"."""
import pytest

from flows.core import Edited, Media
from tests.flows.test_accompaniment import YANACANCHA, accept_buttons, staff, woman_asks


def _first(person) -> str:
    return person.new()[0].text


async def test_danger_first_in_one_short_message_with_100_105_and_what_to_do(harness):
    ana = harness.person(8101)
    await ana.agree()
    await ana.send("anoche mi conviviente me agarro del cuello y no podia respirar")
    sent = ana.new()
    assert len(sent[0].text) <= 600 and "Línea 100" in sent[0].text and "105" in sent[0].text
    assert "cocina" in sent[0].text  # what to do in the next minutes
    assert not any("72 horas" in s.text for s in sent)  # no sexual violence spoken of


async def test_sexual_violence_adds_the_72_hour_advice_after_the_numbers(harness):
    ana = harness.person(8102)
    await ana.agree()
    await ana.send("el padrastro de mi hija la toca cuando yo no estoy")
    texts = [s.text for s in ana.new()]
    assert "105" in texts[0]
    assert any("72 horas" in text for text in texts[1:])


async def test_thoughts_of_suicide_get_113_and_a_person_to_talk_to(harness):
    ana = harness.person(8103)
    await ana.agree()
    await ana.send("ya no quiero seguir viviendo, nadie me va a extrañar")
    first = ana.new()[0]
    assert "113" in first.text and "opción 5" in first.text and "106" in first.text
    assert ("go", "accompany") in [(action, arg) for _, action, arg in first.buttons]


async def test_violence_and_suicide_together_get_both_answers(harness):
    ana = harness.person(8104)
    await ana.agree()
    await ana.send("mi esposo me pega todos los dias y ya no quiero vivir")
    texts = [s.text for s in ana.new()]
    assert "Línea 100" in texts[0] and "113" in texts[1]


async def test_a_man_afraid_he_will_hurt_someone_gets_what_to_do_now_and_a_number(harness):
    beto = harness.person(8105)
    await beto.agree()
    await beto.send("siento que le voy a pegar a mi mujer, estoy con mucha colera")
    first = beto.new()[0]
    assert "Aléjate" in first.text and "105" in first.text and "Línea 100" in first.text
    assert ("go", "talk_facilitator") in [(action, arg) for _, action, arg in first.buttons]
    assert "culpa" not in first.text.lower()  # no shaming


async def test_someone_else_in_danger_gets_105_first(harness):
    ana = harness.person(8106)
    await ana.agree()
    await ana.send("en el cuarto de al lado le estan pegando a la vecina, se escuchan gritos")
    text = _first(ana)
    assert text.index("105") < text.index("Línea 100")


@pytest.mark.parametrize("words", ["me pegó un resfrío", "me muero de sueño", "mi hermano me mató en el FIFA jaja"])
async def test_ordinary_senses_stay_ordinary(harness, words):
    ana = harness.person(8107)
    await ana.agree()
    await ana.send(words)
    assert "105" not in ana.new_text()


async def test_crisis_in_every_state_caption_and_edit(harness):
    ana = harness.person(8108)
    await ana.agree()
    await ana.press("Orientación para mujeres")
    await ana.press("Test")  # inside the self-check, where typed text is an answer
    await ana.send("me esta ahorcando")
    assert "105" in _first(ana)
    await ana.do(Media("photo", caption="mira lo que me hizo, me reventó la cara"))
    assert "105" in _first(ana)
    await ana.do(Edited("quiero matarme"))
    assert "113" in _first(ana)


async def test_in_the_relay_the_mentora_still_gets_the_message(harness):
    rosa = await staff(harness, 8201, "mentora", YANACANCHA)
    ana = await woman_asks(harness, 8202)
    await rosa.press("Aceptar")
    ana.new()
    await ana.send("ya no aguanto, quiero morirme")
    assert "113" in _first(ana)
    assert any("quiero morirme" in s.text or s.payload.get("type") == "copy" for s in rosa.new())


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("quiero hablar con una mentora", "¿Qué edad tienes?"),
        ("que es la violencia economica", "económica"),
        ("como pongo una denuncia", "denuncia"),
        ("como borro mis datos", "¿Quieres que borre"),
        ("soy hombre y necesito orientacion", "Entre patas"),
    ],
)
async def test_a_typed_request_at_the_menu_goes_where_its_button_goes(harness, typed, expected):
    ana = harness.person(8301)
    await ana.agree()
    await ana.send(typed)
    assert expected.lower() in ana.new_text().lower()
    assert "no entendí" not in ana.new_text().lower()


async def test_a_place_typed_at_the_menu_gives_its_services(harness):
    ana = harness.person(8302)
    await ana.agree()
    await ana.send("carabayllo")
    assert "Carabayllo" in ana.new_text() and "CEM" in ana.new_text()
    await ana.send("yanacancha")
    assert {"Yanacancha (Pasco, Pasco)", "Yanacancha (Chupaca, Junín)"} <= set(ana.labels())


async def test_typed_navigation_works_inside_a_flow_and_help_lists_the_commands(harness):
    ana = harness.person(8303)
    await ana.agree()
    await ana.press("Orientación para mujeres")
    await ana.press("Test")
    await ana.send("menú")
    assert any("Orientación para mujeres" in label for label in ana.labels())
    await ana.command("ayuda")
    text = ana.new_text()
    assert "/salir" in text and "/borrar" in text and "/casos" not in text  # staff commands to staff only
    rosa = await staff(harness, 8304, "mentora", YANACANCHA)
    await rosa.command("ayuda")
    assert "/casos" in rosa.new_text()


async def test_unsure_gets_choices_never_a_bare_no_entendi(harness):
    ana = harness.person(8305)
    await ana.agree()
    await ana.send("xyz qwerty")
    sent = ana.new()
    assert sent and sent[-1].buttons
    assert all("No entendí ese mensaje" not in s.text for s in sent)


async def test_a_mentora_s_note_about_violence_is_kept_not_answered_as_her_crisis(harness):
    """Staff write about a case in notes and summaries: the words of violence are the woman's
    story, not the mentora's emergency."""
    from tests.flows.test_accompaniment import YANACANCHA, staff, woman_asks
    from tests.flows.test_entre_patas import count
    from storage.models.accompaniment import CaseNote

    rosa = await staff(harness, 741, "mentora", YANACANCHA)
    await woman_asks(harness, 777200741)
    await rosa.press("Aceptar")
    await rosa.press("Notas")
    await rosa.press("Añadir una nota")
    await rosa.send("Su esposo la golpea con un palo cuando toma y la amenaza con matarla.")
    assert "Línea 100" not in rosa.new_text()
    assert await count(harness, CaseNote) == 1
    await rosa.send("me quiere matar")  # outside the note, the same words are a crisis again
    assert "Línea 100" in rosa.new_text()


CRISES = [
    ("me esta ahorcando ayuda", ("105", "Línea 100")),
    ("ya no quiero vivir, tengo las pastillas", ("113",)),
    ("tengo ganas de romperle la cara a mi mujer ahorita", ("105", "Línea 100")),
]


async def test_every_step_reachable_by_buttons_answers_a_crisis_first(harness):
    """Walk the bot by its buttons (breadth first, from the menu after consent) and, at every
    screen and flow step reached, write a crisis: its answer is the first message, in any state."""
    from flows.core import Press

    chats = iter(range(9_400_000, 9_500_000))

    async def walk(path):
        """A fresh person who consents and presses `path`'s buttons, one after the other."""
        person = harness.person(next(chats))
        await person.agree()
        for action, arg in path:
            await person.do(Press(action, arg))
        return person

    paths: list[tuple[tuple[str, str], ...]] = [()]
    seen: set[tuple[str, str]] = set()
    while paths and len(seen) < 60:
        path = paths.pop(0)
        person = await walk(path)
        state = await person.state()
        if (state.flow, state.step) in seen:
            continue
        seen.add((state.flow, state.step))
        buttons = [(a, g) for sent in person.new()[-1:] for _, a, g in sent.buttons]
        for n, (words, numbers) in enumerate(CRISES):
            if n:  # each crisis from the same step: a fresh person walks there again
                person = await walk(path)
            await person.send(words)
            first = person.new()[0].text
            assert len(first) <= 600 and all(x in first for x in numbers), (state.flow, state.step, words, first)
        if len(path) < 4:
            paths += [path + (b,) for b in buttons if b[0] != "do" or b[1] not in ("exit", "erase")]
    assert len(seen) >= 20  # the walk reached the menu's screens and the first steps of its flows


async def test_a_request_typed_where_a_step_awaits_an_answer_goes_where_its_button_goes(harness):
    ana = harness.person(8801)
    await ana.agree()
    await ana.press("Orientación para mujeres")
    await ana.press("alguien me acompañe")
    assert (await ana.state()).step == "age"
    await ana.send("mejor quiero saber que es la violencia economica")
    assert "Violencia económica" in ana.new_text()
    beto = harness.person(8802)  # an answer the step takes is still an answer
    await beto.agree()
    await beto.press("Orientación para mujeres")
    await beto.press("alguien me acompañe")
    await beto.send("30")
    assert (await beto.state()).step != "age"
