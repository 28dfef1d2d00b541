"""The understanding content staff edit: validated with the file and place of each error, every
number of a crisis answer sourced, every intent leading somewhere that exists."""
import re
import shutil
from pathlib import Path

import pytest
import yaml

from flows import screens
from flows.app import FLOWS
from flows.texts import CONTENT_DIR, t
from flows.understanding import crisis, intents

UNDERSTANDING = CONTENT_DIR / "understanding"


def test_every_number_in_a_crisis_answer_has_a_dated_public_source():
    numbers = yaml.safe_load((UNDERSTANDING / "numbers.yaml").read_text(encoding="utf-8"))["numbers"]
    for number, entry in numbers.items():
        assert entry["sources"], number
        for source in entry["sources"]:
            assert source["title"] and source["publisher"] and source["url"].startswith("https://"), (number, source)
            assert "date" in source, (number, source)
    for message in ("crisis-danger", "crisis-others", "crisis-suicide", "crisis-men-risk"):
        for said in re.findall(r"\b1\d\d\b", t(message)):
            assert said in numbers, f"{message} gives {said}, which numbers.yaml does not source"


@pytest.mark.parametrize("message", ["crisis-danger", "crisis-others", "crisis-suicide", "crisis-men-risk"])
def test_each_crisis_answer_fits_in_one_short_message(message):
    assert len(t(message)) <= 600


def test_the_danger_answer_has_100_105_and_what_to_do_now():
    text = t("crisis-danger")
    assert "Línea 100" in text and "105" in text and "cocina" in text
    assert t("crisis-others").index("105") < t("crisis-others").index("100")  # someone else in danger: 105 first
    assert "113" in t("crisis-suicide") and "opción 5" in t("crisis-suicide")


def test_every_intent_leads_to_a_screen_or_a_conversation_that_exists():
    for intent in intents.model().intents.values():
        if intent.kind == "nav":
            assert screens.exists(intent.target), intent
        elif intent.kind == "go":
            assert intent.target in FLOWS, intent


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda raw: raw["rules"]["danger"][0]["all"].append("nonexistent"), "rules.danger[0]: unknown category 'nonexistent'"),
        (lambda raw: raw["rules"].update({"panic": raw["rules"]["danger"]}), "rules.panic: unknown kind"),
        (lambda raw: raw["categories"].update({"hit": []}), "categories.hit: a list of words is needed"),
        (lambda raw: raw["rules"]["suicide"][0].update({"windw": 3}), "unknown field(s) windw"),
        (lambda raw: raw["categories"]["violent"].append("@nowhere"), "'@nowhere' names no category"),
        (lambda raw: raw["learned"].update({"threshold": "alto"}), "learned: threshold"),
        (lambda raw: raw["learned"].update({"whole_veto_spares": ["suicidio"]}), "learned.whole_veto_spares: kinds are"),
        (lambda raw: raw["learned"].update({"sensed_threshold": 3}), "learned: threshold"),
        (lambda raw: raw["learned"].update({"clause_crisis": 0}), "learned: threshold"),
    ],
)
def test_a_wrong_crisis_file_names_the_file_and_the_place(tmp_path, change, message):
    path = _copy(tmp_path) / "understanding" / "crisis.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(crisis.ContentError) as error:
        crisis.load(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_a_wrong_intent_names_the_file_and_the_intent(tmp_path):
    directory = _copy(tmp_path)
    path = directory / "understanding" / "intents.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["intents"]["menu"]["target"] = {"do": "dance"}
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(crisis.ContentError, match=r"intents\.menu: target 'do: dance'"):
        intents.load(directory)


def test_staff_can_add_a_word_and_it_is_understood(tmp_path):
    path = _copy(tmp_path) / "understanding" / "crisis.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    before = crisis.load(path)
    assert not crisis.read("anoche me zumbó otra vez", before, learned=False)
    raw["categories"]["hit"].append("zumbar")  # the infinitive is enough: "zumbó", "zumbando" follow
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    after = crisis.load(path)
    assert crisis.read("anoche me zumbó otra vez", after, learned=False).danger
    assert crisis.read("me esta zumbando", after, learned=False).danger
