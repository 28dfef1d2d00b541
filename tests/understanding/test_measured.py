"""Understanding measured on sets kept apart from the lexicons and the examples it learns from.

Each set in tests/understanding/corpus/ was written by a person who never saw the rules, the
examples or the other sets. final2 chose the classifier's first thresholds; final4 chose session
3's kind thresholds, veto bars and suicide warning signs; final5 was looked at once (it added the
cut-short cries and a relative's word of suicide); final3 and final6 were never used to change
anything (final6 was measured once, at the end of session 3). In session 4 final2–final6 chose
the second (veto) classifier's bar and showed the gaps filled in the lexicons; final7 (all of Peru,
relatives writing for someone) was measured once at the end, and its three missed cut-short cries
led to the cry typed alone with a slip. The floors sit a little under what was measured (the note on issue 8 has the figures): a change that loses understanding fails
here, whichever way it was made.
"""
from pathlib import Path

import pytest

from flows import places
from flows.understanding.measure import measure

CORPUS = Path(__file__).parent / "corpus"
FLOORS = {
    "danger": 0.97,
    "suicide": 0.93,
    "men_risk": 0.95,
    "false_alarms": 0.89,  # share of ordinary messages and typed requests that get no crisis answer
    "requests_on_topic": 0.90,  # followed, or offered among the choices (its own screens count: "violence-economic")
}


@pytest.fixture(scope="module", params=["final2", "final3", "final4", "final5", "final6", "final7"])
def figures(request):
    return measure(CORPUS / request.param, places.place_in_text)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_held_out_figures_stay_above_their_floor(figures, name):
    figure = figures[name]
    assert figure.total >= 20, f"{name}: too few messages to measure"
    assert figure.rate >= FLOORS[name], f"{name}: {figure.hits}/{figure.total}; missed: {figure.misses[:10]}"


def test_no_held_out_message_is_among_the_examples():
    import yaml

    examples = {
        item["text"].strip().lower()
        for path in (Path(__file__).parents[2] / "flows/content/understanding/examples").glob("*.yaml")
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))
    }
    for folder in CORPUS.iterdir():
        for path in folder.glob("*.yaml"):
            texts = {item["text"].strip().lower() for item in yaml.safe_load(path.read_text(encoding="utf-8"))}
            assert not texts & examples, f"{path}: held-out messages also in the examples: {sorted(texts & examples)[:5]}"
