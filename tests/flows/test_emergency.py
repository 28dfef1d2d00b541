"""Emergency first: a crisis in any state, written as people write it, is answered at once; ordinary
messages are not. A missed emergency is the worst failure this bot can have. The broad measure is in
tests/understanding (corpora kept apart from the lexicon); these are the typing variants that must
never regress: capitals, no accents, stretched letters, spelling by sound, shorthand, joined words."""
import pytest

from flows.core import Edited, Media, Press
from flows.understanding.crisis import read

VARIANTS = {
    "danger": [
        "me quiere matar", "ME QUIERE MATAR", "me kiere matar", "mequiere matar", "mi esposo me quiere matarrr",
        "me qiere matar", "me va a matar", "me va matar!!", "tengo miedo de que me mate", "tengo miedo q me mate",
        "Tengo mieda de ke me mate", "dijo q me va a matar", "me amenazó con matarme", "nos va a matar a todos",
        "me está pegando", "me esta pegandoooo", "ME ESTA GOLPIANDO", "me estan pegando ayuda", "me sta pegando",
        "me acaba de pegar", "mi pareja me pegó", "me está ahorcando", "me esta asfixiando", "le está pegando a mi hija",
        "tiene un cuchillo", "tiene un kuchillo", "tiene una pistola", "me tiene encerrada", "no me deja salir de la casa",
        "me encerró en el cuarto",
        # words typed together, split by the frequencies of Spanish words
        "mepegoyanopuedomas", "mepegoconlacorrea", "yallegoborrachoayuda", "mimaridomepega",
        # he is coming, she hides, an injury shown
        "ya llego borracho", "ya viene", "yaviene yavieneee", "ahi viene subiendo la escalera", "estoy escondida en el baño con mis hijos",
        "tengo miedo d esta noche",
    ],
    "sexual": [
        "me violó", "me violo", "ME VIOLARON", "me biolo", "abusaron de mí", "me forzó a tener relaciones",
        "mi tio abuso de mi", "me quiere violar",
    ],
    "help": [
        "auxilio", "AUXILIOOO", "ausilio", "ayuda urgente", "ayuda urjente", "socorro!!", "estoy en peligro",
        "llamen a la policía", "necesito ayuda ya", "ayúdenme", "por favor ayudenme", "ayudaporfavor", "auxiliopolicia",
    ],
    "suicide": ["me quiero morir", "kiero suicidarme", "ya no quiero vivir", "me voy a matar", "quiero matarme",
                "yanoquieroestaraqui", "ya escribi mi carta", "estoy sentada al borde del balcon"],
    "men_risk": ["siento que le voy a pegar a mi mujer", "tengo ganas de matarla", "voy a perder el control con mis hijos",
                 "ya no me puedo contener", "he afilado mi machete, mi mujer anda con otro"],
    "others": ["le estan pegando a mi vecina, se escuchan gritos", "mi papa esta golpeando a mi mama ahora"],
}
ALONE = ["ayuda", "Ayuda!!!", "AYUDAAA", "ayúdame", "sos", "SOS!!", "ayuda por favoooor", "Necesito ayuda!", "ayuda ayuda"]
ORDINARY = [
    "hola", "Hola, buenas tardes", "quiero información", "¿dónde queda el CEM?", "me ayudas con el cem de mi distrito",
    "ese chiste me mata de risa", "me está pagando la pensión",
    "me paga ahora", "no me quiere", "me quiere mucho", "quiero saber mis derechos", "yanacansha", "simon bolivar",
    "necesito ayuda para denunciar", "me ayudas por favor", "¿qué es la violencia económica?", "me apunto con mi amiga al taller",
    "tengo 17 años", "sí", "a veces", "no", "gracias", "¿cómo pido medidas de protección?",
    "me pegó un resfrío", "me muero de sueño", "mi hermano me mató en el FIFA jaja", "se me quemó el arroz",
    "ya llego el bus", "ya llegue a mi casa", "ya vino mi mama con el pan", "tengo miedo de mi examen de esta noche",
]


@pytest.mark.parametrize("typed,split", [
    ("mepegoyanopuedomas", "me pego ya no puedo mas"), ("ayudaporfavor", "ayuda por favor"),
    ("yavieneee", "ya viene"), ("qmepego", "que me pego"), ("auxiliopolicia", "auxilio policia"),
    # one word typed as it sounds, a word the dictionary lacks, a held key: never split
    ("golpiaron", "golpiaron"), ("cuchiyo", "cuchiyo"), ("mototaxista", "mototaxista"), ("aiudaa", "aiudaa"),
    ("chelita", "chelita"), ("muerte", "muerte"),
])
def test_words_typed_together_are_split_and_single_words_are_not(typed, split):
    from flows.understanding.words import words

    assert " ".join(w.plain for w in words(typed)) == split


@pytest.mark.parametrize("kind,text", [(k, v) for k, vs in VARIANTS.items() for v in vs])
def test_variants_as_people_type_them_are_understood(kind, text):
    crisis = read(text)
    danger_kind = kind in ("danger", "sexual", "help", "others")
    assert kind in crisis.kinds or (danger_kind and crisis.danger), f"missed ({kind}): {text} -> {sorted(crisis.kinds)}"


@pytest.mark.parametrize("text", ALONE)
def test_a_lone_cry_for_help_is_danger(text):
    assert read(text).danger


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_messages_are_not_a_crisis(text):
    assert not read(text), sorted(read(text).kinds)


def test_the_longest_message_is_read_whole():
    long = ("quiero saber sobre el cem de mi distrito y las medidas de protección que existen " * 60)[:4096]
    assert not read(long)
    assert read(long[:4000] + " me quiere matar").danger


# ---------------------------------------------------------------------------------------------
# In the bot: at once, in any state, and she can go on where she was.


def _is_emergency_answer(text: str, sexual: bool = False) -> bool:
    return "Línea 100" in text and "105" in text and ("72 horas" in text) == sexual


async def test_danger_text_in_every_kind_of_state_answers_at_once(harness):
    ana = harness.person(301)
    await ana.command("start")  # consent question
    await ana.send("me está pegando")
    assert _is_emergency_answer(ana.new_text())
    await ana.press("Seguir donde estaba")
    assert "¿Estás de acuerdo?" in ana.new_text()
    await ana.press("Prefiero no dar datos")
    for label in ("Orientación para mujeres", "Servicios cerca"):
        await ana.press(label)
    await ana.send("me kiere matar")  # in the directory, where typed text would be a district
    assert _is_emergency_answer(ana.new_text())
    assert "No encontré" not in ana.new_text()
    await ana.press("Seguir donde estaba")
    assert "¿En qué distrito estás?" in ana.new_text()


async def test_emergency_command_button_caption_and_edit(harness):
    ana = harness.person(302)
    await ana.agree()
    await ana.command("emergencia")
    assert _is_emergency_answer(ana.new_text())
    await ana.command("menu")
    await ana.press("Emergencia")
    assert _is_emergency_answer(ana.new_text())
    await ana.do(Media("photo", caption="auxilio"))
    assert _is_emergency_answer(ana.new_text())
    await ana.do(Edited("me violaron"))
    assert _is_emergency_answer(ana.new_text(), sexual=True)
    await ana.do(Press("do", "emergency"))  # the button is on every orientation message
    assert _is_emergency_answer(ana.new_text())


async def test_emergency_button_is_in_reach_on_every_orientation_screen(harness):
    from flows import screens

    for name in screens.tree():
        if name.startswith("women"):
            reply = screens.render(name)
            actions = {(b.action, b.arg) for row in reply.buttons for b in row}
            assert ("nav", "menu") in actions, name
            reachable = ("do", "emergency") in actions or any(a == "nav" and arg.startswith("women") for a, arg in actions)
            assert reachable, f"{name}: no emergency button and no way on"


async def test_emergency_answer_names_the_cem_of_her_district(harness):
    ana = harness.person(303)
    await ana.agree()
    await ana.press("Orientación para mujeres")
    await ana.press("Servicios cerca")
    await ana.send("carabayllo")
    await ana.send("auxilio")
    text = ana.new_text()
    assert _is_emergency_answer(text)
    assert "CEM) regular de Carabayllo" in text
    assert "dirección y teléfono: pídelos a la Línea 100" in text  # no verified address: never invented


async def test_emergency_answer_in_a_province_served_by_one_cem(harness):
    ana = harness.person(304)
    await ana.agree()
    await ana.press("Orientación para mujeres")
    await ana.press("Servicios cerca")
    await ana.send("luyando")
    await ana.command("emergencia")
    assert "CEM) Tingo María" in ana.new_text()


async def test_emergency_answer_without_a_known_district_gives_the_numbers_only(harness):
    ana = harness.person(305)
    await ana.command("start")
    await ana.press("Prefiero no dar datos")
    await ana.send("socorro")
    text = ana.new_text()
    assert _is_emergency_answer(text)
    assert "CEM" not in text


async def test_without_consent_the_district_she_just_looked_up_still_names_her_cem(harness):
    ana = harness.person(3301)
    await ana.command("start")
    await ana.press("Prefiero no dar datos")
    await ana.press("Orientación para mujeres")
    await ana.press("Servicios cerca")
    await ana.send("carabayllo")
    await ana.send("me quiere matar")
    text = ana.new_text()
    assert "Línea 100" in text and "CEM" in text and "Carabayllo" in text


def test_a_rule_is_overruled_where_the_whole_message_reads_ordinary():
    """'mató' near 'mi hijo' is a threat to the rules; the classifier, reading the whole message, knows
    a lizard killed in the yard is not her in danger. Without the whole-message veto it is an alarm.
    (The scorpion of 'hoy maté un alacrán en la cocina' is now dropped before, by the veto classifier.)"""
    import dataclasses

    from flows.understanding.crisis import model

    assert not read("hoy mate un alacran en la cocina, que miedo")
    text = "mi hijo mato una lagartija en el patio y lloro"
    assert not read(text)
    assert read(text, dataclasses.replace(model(), whole_veto=2.0)).danger


@pytest.mark.parametrize("text, kind", [
    ("me dijo que voy a acabar en un costal si lo denuncio", "danger"),  # a veiled threat of death
    ("me amenazo con que nadie me va a encontrar si me voy", "danger"),
    ("estoy parada en la orilla del rio, el agua corre fuerte, creo que me voy a meter", "suicide"),
])
def test_veiled_crises_the_whole_message_veto_does_not_overrule(text, kind):
    assert kind in read(text).kinds


def test_a_rule_s_words_in_an_ordinary_sense_make_the_classifier_alone_surer():
    """'me mata de amor' is a threat's words in an ordinary sense: the rule does not hold, and the
    classifier alone must then be surer (sensed_threshold) before it adds a crisis."""
    import dataclasses

    from flows.understanding.crisis import model

    text = "me mata de amor mi sobrinita cuando me dice tia"
    loose = dataclasses.replace(model(), sensed_threshold=0.0, thresholds={k: 0.01 for k in model().thresholds})
    assert read(text, loose), "with bars this low the classifier alone would raise an alarm"
    assert not read(text, dataclasses.replace(loose, sensed_threshold=0.99))


def test_a_suicide_rule_is_not_dropped_by_the_whole_message_veto():
    import dataclasses

    from flows.understanding.crisis import model

    text = "me hice cortes otra vez y no paro de sangrar pero no me importa"
    # The classifier alone adds no crisis here (bars above 1): only the rule and its vetoes count;
    # a whole-message bar this low drops every rule that is not spared.
    every_veto = dataclasses.replace(model(), whole_veto=1e-9, whole_veto_strong=0.0, whole_veto_focused=0.0, thresholds=dict.fromkeys(model().thresholds, 2.0))
    assert "suicide" in read(text, every_veto).kinds
    assert "suicide" not in read(text, dataclasses.replace(every_veto, whole_veto_spares=frozenset())).kinds


def test_a_rule_with_a_strong_category_needs_a_surer_whole_message_veto():
    """'o las mata' is a threat to kill (a category of `veto_bars`): the whole-message veto drops it
    only from `whole_veto_strong`, not from the `whole_veto` other rules get."""
    import dataclasses

    from flows.understanding.crisis import model

    text = "las niñas lloran y el les grita q se callen o las mata"
    m = dataclasses.replace(model(), whole_veto=0.001, whole_veto_focused=0.0, thresholds=dict.fromkeys(model().thresholds, 2.0))
    assert read(text, dataclasses.replace(m, whole_veto_strong=1.5)).danger
    assert not read(text, dataclasses.replace(m, whole_veto_strong=0.0)).danger


def test_a_shouted_call_for_help_is_a_cry_except_in_a_game():
    assert "help" in read("AYUDAAAA").kinds
    assert "help" in read("ayudaaaa me esta pegando no es un juego").kinds
    assert not read("mi hijo gritaba ayudaaa jugando a las escondidas")


def test_a_list_of_short_items_is_read_item_by_item_and_a_cry_in_it_still_counts():
    # A poll's options: none is a crisis, and the classifier is not asked about the list as a whole.
    assert not read("Sí; No; Me abstengo")
    assert not read("A favor; En contra")
    # A cry typed as a list: an item alone ("me pega"), or the rules over the whole ("ya llegó ... borracho").
    assert read("ayuda; me pega").danger
    assert read("ya llego\nesta borracho\ntengo miedo").danger


@pytest.mark.parametrize("text", [
    "quiero saber como pedir medidas de proteccion, mi esposo me quiere matar",
    "hola quisiera informacion sobre el cem de huanuco porque mi pareja me pega todos los dias",
    "necesito saber donde denunciar, mi esposo me pega",
    "me pueden dar el numero del cem? mi pareja me jala el pelo y me insulta",
])
def test_violence_told_in_its_own_clause_after_a_question_is_danger(text):
    """The vetoes read a match with the words around it and the whole message; a question about a
    procedure must not drown the plain clause of an attack next to it (_plain_in_its_clause)."""
    assert read(text).danger


def test_a_long_story_that_ends_in_danger_now_or_a_plan_to_die_is_read_so():
    """Over 30 words the whole message's reading drops a crisis from `long_veto`, never a suicide."""
    import dataclasses

    from flows.understanding.crisis import model

    now = (
        "Llevo ocho años con mi esposo en Pasco, al comienzo era cariñoso y trabajabamos juntos en la chacra, "
        "despues empezo a tomar con sus amigos de la mina y a celarme de todo. Ahorita acaba de llegar borracho, "
        "rompio la puerta del cuarto y me esta pegando con la correa delante de mis hijos, ayudenme por favor"
    )
    assert read(now).danger
    plan = (
        "Desde que murio mi mama vivo sola en Cerro de Pasco, trabajo en el mercado y casi no hablo con nadie, "
        "mis hijos se fueron a Lima y no me llaman, todo el dia pienso lo mismo, ya compre las pastillas y esta "
        "noche me las voy a tomar todas para no despertar mas"
    )
    assert "suicide" in read(plan, dataclasses.replace(model(), long_veto=1e-9)).kinds


def test_short_cries_of_drugging_stabbing_a_farewell_and_a_man_s_plea_are_read():
    assert "sexual" in read("me drogaron").kinds
    assert not read("me drogaron con la anestesia para la operacion")
    assert read("me metio un cuchillazo").danger
    assert "suicide" in read("adios para siempre").kinds
    assert "men_risk" in read("detenganme").kinds


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("quiero saber como pedir medidas de proteccion, mi esposo me quiere matar", True),
        ("hace seis años me separe, mi esposo me golpeaba, quiero saber sobre la pension", False),
        ("de niña mi padrastro me pegaba, ahora quiero estudiar psicologia", False),
        ("antes me pegaba, ahora me quiere matar", True),
        ("hace años que lo conozco, hoy me pego y me reviento la boca", True),
    ],
)
def test_the_clause_guard_keeps_violence_now_and_not_violence_long_over(text, kept):
    """A clause that reads as a crisis keeps its match against the vetoes, unless it is told as long
    over (the imperfect, "hace años", "de niña") and says nothing of now. The classifier's reading is
    fixed here so that only the tense decides."""
    from flows.understanding import crisis
    from flows.understanding.lexicon import analyse

    m = crisis.model()
    message, found = analyse(text, m.lexicon)
    spans = [span for rule in m.rules if rule.kind == "danger" and (span := crisis._fires(rule, found))]
    assert spans, "the rules must find the violence in the test message"
    sure = lambda part: {"danger": 0.99, "ordinary": 0.01}  # noqa: E731
    # the last match: the clause of the attack, not of the question
    assert crisis._plain_in_its_clause(text, message, max(spans), sure, m, found) is kept


def test_the_imperfect_is_told_from_words_that_only_look_like_it():
    from flows.understanding.crisis import _imperfect
    from flows.understanding.words import words

    said = {w.plain: _imperfect(w) for w in words("me golpeaba la mordian me tenia su tia la policia todo el dia con lejia")}
    assert [p for p, past in said.items() if past] == ["golpeaba", "mordian", "tenia"]


def test_a_short_message_without_a_cry_is_read_by_what_the_examples_taught():
    """Two or three words with no cry or police word are scored by the classifier from
    `short_uncued_threshold` (crisis.yaml), and never as items of a list ("Sí; No; Me abstengo")."""
    assert read("sabe donde vivo").danger
    assert "suicide" in read("ya decidi irme").kinds
    assert not read("no me quiere")
    assert not read("hola buenas tardes")


def test_a_last_vowel_held_a_little_is_the_word_itself():
    from flows.understanding.words import words

    assert [w.plain for w in words("me estrangulaa ahorcandoo cree")] == ["me", "estrangula", "ahorcando", "cree"]
    assert read("me estrangulaa").danger
