"""Forged button data with digits no database takes ("²", 25 nines) gets a kind answer and changes nothing."""
import pytest

import flows.app  # noqa: F401  (registers every flow and action)
from flows.app import ACTIONS
from flows.core import Press
from flows.ids import is_id, parse_id
from flows.texts import t

FORGED = ["²", "9" * 25, "١٢", "1.²", "².1.x.3", "9" * 25 + ".1.2.3", "-1", " 7", "7\n"]


def test_parse_id_takes_only_bounded_ascii_digits():
    assert parse_id("42") == 42
    assert parse_id("000123456") == 123456
    for bad in FORGED + ["", "1" * 10, "4a", "+4"]:
        assert parse_id(bad) is None and not is_id(bad)


async def test_every_action_answers_forged_ids_kindly(harness):
    assert ACTIONS, "the flows register actions"
    person = harness.person(7001)
    await person.agree()
    sorry = t("error-sorry")
    for action in sorted(ACTIONS):
        for arg in FORGED:
            await person.do(Press(action, arg))
            texts = person.new_text()
            assert texts, (action, arg)
            assert sorry not in texts, (action, arg)


@pytest.mark.parametrize("arg", FORGED)
async def test_forged_ids_inside_a_flow_are_stale_buttons(harness, arg):
    person = harness.person(7002)
    await person.agree()
    # Flow-local presses are routed to the flow she is in; a forged id there is a stale button too.
    for action in ("ep_space", "case", "pick", "meeting", "relay"):
        await person.do(Press(action, arg))
        assert t("error-sorry") not in person.new_text()
