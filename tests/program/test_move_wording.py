"""Every sentence a patient reads on Move, on the flare plan and in Progress's movement section
reads at grade 8 or below, says the one flare rule, and never praises doing more than planned."""

import pytest

from program import move_wording as mw
from program.flare_rule import FLARE_RULE
from program.movement_wording import clinician_set, maintenance, starts_at, step_note
from tests.utils.readability import fk_grade

LINES = (
    starts_at(8, "minutes"),
    maintenance(19, "minutes"),
    clinician_set(8, "reps", "Back to basics after your fall."),
    step_note(5, "Smaller steps while your knee settles."),
)


@pytest.mark.parametrize("text", mw.PATIENT_TEXTS + LINES)
def test_it_keeps_movement_text_at_grade_8_or_below(text):
    assert fk_grade(text) <= 8, text


def test_it_gives_the_one_flare_rule_the_lessons_give():
    rule = mw.FLARE_RULE.lower()
    assert mw.FLARE_RULE is FLARE_RULE  # worded once (program/flare_rule.py), shown on Move too
    assert "harder day, do the plan" in rule
    assert "scale-down you wrote in your flare plan" in rule
    assert "go back to the level your plan is holding" in rule


def test_it_never_praises_doing_more_than_planned():
    more = mw.AFTER["more"].lower()
    assert "not the aim" in more and "stop" in more
    assert not any(word in more for word in ("well done", "great", "good job", "amazing", "!"))


def test_it_says_a_flare_is_not_damage_and_routes_new_signs_to_help():
    assert "not damage" in mw.FLARE_INTRO
    assert "warning signs" in mw.NOT_A_FLARE and "get help" in mw.NOT_A_FLARE
    assert "911" in mw.STOP_CALL and "clinic" in mw.STOP_CALL
