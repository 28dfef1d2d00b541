"""Understanding measured on sets kept apart from the lexicons and the examples it learns from.

Each set in tests/understanding/corpus/ was written by a person who never saw the rules, the
examples or the other sets. In session 5 the earlier held-out sets final2–final6, which had chosen
thresholds and shown gaps over four sessions, became examples to learn from; final7 (all of Peru,
relatives writing for someone; looked at in session 4) and final8 (new in session 5) chose the
whole-message veto; final9 was measured once, at the end of session 5, and changed nothing. In
session 6 final10 and final11 were written fresh and measured at the start and at the end (the
choices of that session were made by cross-validation over the examples and on final7-final9). In
session 7 final12 (short and veiled messages above all) was written fresh, scored at the start and at
the end, and nothing was chosen from it. In sessions 8 and 9 final13 and final14 (broad mixes from all of
Peru, two thirds of their ordinary messages look-alikes) were written the same way and scored at the
start and at the end; their misses were never read. In session 10 final15 (two writers: the coast, Lima
and the north; the Andes and the Amazon) was written the same way, scored at the start and at the end,
and its misses were never read. In session 12 final16 (two writers: the cities; the countryside) was
written the same way, scored at the start and at the end, and its misses were never read. The
floors sit a little under what was measured (the note on issue 8 has the figures): a change that
loses understanding fails here, whichever way it was made.
"""
from pathlib import Path

import pytest

from flows import places
from flows.understanding.measure import measure
from tests.shared import once_per_run

CORPUS = Path(__file__).parent / "corpus"
FLOORS = {
    "danger": 0.97,
    "suicide": 0.93,
    "men_risk": 0.95,
    "false_alarms": 0.95,  # share of ordinary messages and typed requests that get no crisis answer
    "requests_on_topic": 0.90,  # followed, or offered among the choices (its own screens count: "violence-economic")
}


# A set whose figures sit under the common floors has floors of its own, a little under what it
# measured: final12 (session 7, short and veiled messages) is the hardest set yet.
SET_FLOORS = {
    "final12": {"danger": 0.955, "men_risk": 0.925},
    # written in session 8 as a broad mix from all over Peru: two thirds of its 500 ordinary messages
    # are look-alikes, and its false alarms are the highest of the sets (5.4 % at session 8's end, 4.3 % at session 9's)
    "final13": {"danger": 0.965, "false_alarms": 0.95},
    # written in session 12 (cities and countryside): 5.8 % false alarms at the start, 5.3 % at the end
    "final16": {"false_alarms": 0.94},
}


@pytest.fixture(scope="module", params=sorted(p.name for p in CORPUS.iterdir() if p.is_dir()))
def figures(request):
    # once in the run, not once in each worker that runs one of the set's tests
    measured = once_per_run(f"measured-{request.param}", lambda: measure(CORPUS / request.param, places.place_in_text))
    return request.param, measured


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_held_out_figures_stay_above_their_floor(figures, name):
    folder, measured = figures
    figure = measured[name]
    floor = SET_FLOORS.get(folder, {}).get(name, FLOORS[name])
    assert figure.total >= 20, f"{name}: too few messages to measure"
    assert figure.rate >= floor, f"{folder} {name}: {figure.hits}/{figure.total}; missed: {figure.misses[:10]}"


def test_no_held_out_message_is_among_the_examples():
    from flows.understanding.learned import read_examples

    examples = {
        text.strip().lower()
        for path in (Path(__file__).parents[2] / "flows/content/understanding/examples").glob("*.yaml")
        for text, _ in read_examples(path)
    }
    for folder in CORPUS.iterdir():
        for path in folder.glob("*.yaml"):
            texts = {text.strip().lower() for text, _ in read_examples(path)}
            assert not texts & examples, f"{path}: held-out messages also in the examples: {sorted(texts & examples)[:5]}"
