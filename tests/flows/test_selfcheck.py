"""The self-check on the Danger Assessment's red flags and the violentómetro's stages: every red
flag alone gives urgent, no answer describing violence gives the lowest level, each level has
concrete advice, her answers are dropped, and an urgent result leads to a prioritaria request."""
import itertools

import pytest
from sqlalchemy import select

from flows import texts
from flows.core import Press
from flows.orientation import selfcheck
from flows.orientation.selfcheck import level_of, questions
from storage.models import User
from tests.flows.test_accompaniment import YANACANCHA, only_case, staff, woman_asks

IDS = [q.id for q in questions()]
RED_FLAGS = ("strangle", "weapon", "kill", "separation", "pregnant", "stalk", "sex", "capable")


def only(*yes: str, answer: str = "yes") -> dict[str, str]:
    return {q: (answer if q in yes else "no") for q in IDS}


def test_the_content_names_both_instruments_with_their_sources():
    check = selfcheck.check()
    names = " ".join(s["name"] for s in check.sources.values())
    assert "Danger Assessment" in names and "Campbell" in names and "Violentómetro" in names
    for source in check.sources.values():
        assert source["url"].startswith("http") and source["publisher"] and source["checked"]
    for q in questions():
        assert q.sources, q.id  # every question says where it comes from
    assert [level.id for level in check.levels] == ["none", "caution", "react", "urgent"]


def test_every_text_the_self_check_asks_for_exists():
    assert [m for m in selfcheck.texts_needed() if not texts.has(m)] == []


@pytest.mark.parametrize("flag", RED_FLAGS)
@pytest.mark.parametrize("answer", ["yes", "middle"])
def test_every_red_flag_alone_gives_urgent(flag, answer):
    assert flag in IDS
    assert level_of(only(flag, answer=answer)).id == "urgent"


def test_red_flags_are_the_danger_assessment_items_the_issue_names():
    urgent = {q.id for q in questions() if q.level == "urgent"}
    assert urgent == set(RED_FLAGS)
    for q in questions():
        if q.id in RED_FLAGS:
            assert "danger_assessment" in q.sources


def test_a_red_flag_gives_urgent_whatever_the_rest():
    others = [q for q in IDS if q not in RED_FLAGS]
    for flag in RED_FLAGS:
        for pattern in itertools.product(("yes", "no"), repeat=len(others)):
            answers = {**dict(zip(others, pattern)), **{f: "no" for f in RED_FLAGS}, flag: "yes"}
            assert level_of(answers).id == "urgent"


def test_no_answer_that_describes_violence_gives_the_lowest_level():
    assert level_of(only()).id == "none"
    for q in IDS:
        for answer in ("yes", "middle"):
            assert level_of(only(q, answer=answer)).id != "none", q
    # What the issue found green or orange: humiliation, money control; hit, afraid and worse.
    assert level_of(only("humiliate", answer="middle")).id == "caution"
    assert level_of(only("money")).id == "caution"
    assert level_of(only("hit", "fear", "worse")).id == "urgent"
    assert level_of(only("hit", "worse")).id == "urgent"
    assert level_of(only("hit")).id == "react"
    assert level_of(only("fear")).id == "react"


def test_table_of_levels_and_the_answers_that_reach_them():
    """The table for the issue note: each level, and the single answers (or pairs) reaching it."""
    table = {}
    for q in IDS:
        table.setdefault(level_of(only(q)).id, []).append(q)
    for rule in selfcheck.check().together:
        pair = only(*rule.all)
        alone = {level_of(only(q)).id for q in rule.all}
        if level_of(pair).id not in alone:
            table.setdefault(level_of(pair).id, []).append(" + ".join(rule.all))
    assert table == {
        "caution": ["jealous", "isolate", "humiliate", "money"],
        "react": ["hit", "fear", "worse"],
        "urgent": [*RED_FLAGS, "hit + worse"],
    }
    print("\n".join(f"{level}: {', '.join(items)}" for level, items in table.items()))


async def _selfcheck(ana, age="18 años o más"):
    await ana.command("start")
    await ana.press("Prefiero no dar datos")
    await ana.press("Orientación para mujeres")
    await ana.press("Test")
    await ana.press(age)


async def _answer(ana, yes=()):
    for q in IDS:
        await ana.press("Sí" if q in yes else "No")


async def test_all_no_and_typed_answers(harness):
    ana = harness.person(7101)
    await _selfcheck(ana)
    await ana.send("no")
    assert f"Pregunta 2 de {len(IDS)}" in ana.new_text()
    await ana.send("ni idea")
    assert "escribe «sí», «a veces», «quizás» o «no»" in ana.new_text()
    for _ in IDS[1:]:
        await ana.send("No")
    text = ana.new_text()
    assert "No marcaste ninguna" in text and "🟢" not in text and "pocas señales" not in text
    assert "Tipos de violencia" in " ".join(ana.labels())


async def test_each_level_gives_concrete_advice(harness):
    expected = {
        "caution": ("¡Ten cuidado!", "Línea 100", "persona de confianza", "Mi plan de seguridad"),
        "react": ("¡Reacciona!", "105", "CEM", "medidas de protección", "Mi plan de seguridad"),
    }
    for chat, (level, words) in enumerate(expected.items(), start=7110):
        ana = harness.person(chat)
        await _selfcheck(ana)
        await _answer(ana, yes=("money",) if level == "caution" else ("hit",))
        shown = ana.new_text() + " ".join(ana.labels())
        for word in words:
            assert word in shown, (level, word)


async def test_urgent_gives_numbers_the_plan_and_a_mentora_now_and_drops_the_answers(harness):
    ana = harness.person(7120)
    await _selfcheck(ana)
    for q in IDS:  # only "¿Crees que es capaz de matarte?", answered "Quizás"
        await ana.press("Quizás" if q == "capable" else "No")
    text = ana.new_text()
    assert "peligro grave" in text and "105" in text and "Línea 100" in text and "prioritario" in text
    labels = ana.labels()
    assert "🆘 Emergencia" in labels and "🛡️ Mi plan de seguridad" in labels and "🤝 Hablar con una mentora ahora" in labels
    state = await ana.state()
    assert "answers" not in state.data and state.data["level"] == "urgent"
    assert "no un diagnóstico" in text


async def test_an_old_answer_button_changes_nothing(harness):
    ana = harness.person(7103)
    await _selfcheck(ana)
    await ana.press("Sí")
    before = await ana.state()
    await ana.do(Press("sc", "0-no"))  # question 1's button, pressed again
    assert "ya no está activo" in ana.new()[0].text
    assert (await ana.state()) == before


async def test_a_minor_is_pointed_to_line_100_and_demuna_without_adult_services(harness):
    ana = harness.person(7104)
    await _selfcheck(ana, age="Menos de 18")
    await _answer(ana, yes=IDS)
    text = ana.new_text()
    assert "Línea 100" in text and "DEMUNA" in text and "menos de 18" in text and "105" in text
    assert "Hablar con una mentora ahora" not in " ".join(ana.labels())
    assert "Si tienes menos de 18" in " ".join(ana.labels())
    # Taking the test again does not ask her age again in this conversation.
    await ana.press("Hacer el test otra vez")
    assert f"Pregunta 1 de {len(IDS)}" in ana.new_text()


async def test_age_is_stored_only_with_consent(harness):
    ana = harness.person(7105)
    await _selfcheck(ana, age="Menos de 18")
    async with harness.runtime.sessions() as session:
        assert (await session.execute(select(User))).all() == []


async def test_a_typed_age_is_understood_and_kept_with_consent(harness):
    ana = harness.person(7106)
    await ana.agree()
    await ana.press("Orientación para mujeres")
    await ana.press("Test")
    await ana.send("no sé")
    assert "No entendí" in ana.new_text()
    await ana.send("tengo 15 años")
    assert f"Pregunta 1 de {len(IDS)}" in ana.new_text()
    assert (await ana.state()).data["minor"] is True
    async with harness.runtime.sessions() as session:
        assert (await session.execute(select(User.minor))).scalar_one() is True


async def test_an_urgent_result_then_the_plan_then_a_prioritaria_request(harness):
    """Staff see the mark, never her answers."""
    rosa = await staff(harness, 7190, "mentora", YANACANCHA)
    ana = harness.person(7191)
    await ana.agree()
    await ana.press("Orientación para mujeres")
    await ana.press("Test")
    await ana.press("18 años o más")
    await _answer(ana, yes=("strangle", "humiliate"))
    await ana.press("Mi plan de seguridad")
    for _ in range(7):
        await ana.do(Press(*[b for b in ana.last().buttons if b[1] == "plan"][0][1:]))
    assert "Tu plan de seguridad" in ana.new_text()
    await ana.press("Hablar con una mentora ahora")
    await finish_request(ana)
    case = await only_case(harness)
    assert case.priority is True
    notice = [s for s in rosa.inbox if "Nuevo pedido" in s.text][-1]
    assert "PRIORITARIO" in notice.text
    for word in ("cuello", "ahorc", "humill", "strangle", "respirar"):
        assert word not in notice.text.lower()


async def finish_request(ana):
    """From the district question to "Sí, que me escriban aquí", as woman_asks does."""
    await ana.send("Yanacancha, Pasco")
    await ana.press("Sí, ya denuncié")
    await ana.press("Cualquier hora")
    await ana.press("Sí, que me escriban aquí")


async def test_a_request_from_the_menu_is_not_prioritaria(harness):
    rosa = await staff(harness, 7192, "mentora", YANACANCHA)
    await woman_asks(harness, 7193)
    assert (await only_case(harness)).priority is False
    notice = [s for s in rosa.inbox if "Nuevo pedido" in s.text][-1]
    assert "PRIORITARIO" not in notice.text


async def test_priority_survives_the_consent_question(harness):
    ana = harness.person(7194)
    await ana.command("start")
    await ana.press("Prefiero no dar datos")
    await ana.press("Orientación para mujeres")
    await ana.press("Test")
    await ana.press("18 años o más")
    await _answer(ana, yes=("weapon",))
    await ana.press("Hablar con una mentora ahora")
    assert "¿Estás de acuerdo?" in ana.new_text()
    await ana.press("Sí, estoy de acuerdo")
    assert (await ana.state()).data.get("priority") is True
