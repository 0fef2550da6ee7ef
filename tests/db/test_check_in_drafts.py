"""Today's check-in answers are kept as the patient answers: a locked phone loses nothing."""

from __future__ import annotations

import pytest

from db.actions import InvalidInput, record_check_in, save_check_in_draft
from db.models import CheckInDraft
from db.queries import today_for_patient
from tests.utils import CHECK_IN_ANSWERS, actor_for, rows


@pytest.fixture
def ana(people):
    return actor_for("ana")


def test_it_keeps_todays_answers_so_far_for_the_next_visit(ana):
    save_check_in_draft(actor=ana, answers={"pain": 6, "sleep": 2, "flare": True})
    view = today_for_patient(actor=ana)
    assert view.check_in is None
    assert view.draft_answers == {"pain": 6, "sleep": 2, "flare": True}


def test_it_keeps_only_the_newest_answers(ana):
    save_check_in_draft(actor=ana, answers={"pain": 6})
    save_check_in_draft(actor=ana, answers={"pain": 3, "mood": 4, "signs": ["calf", "calf"]})
    assert today_for_patient(actor=ana).draft_answers == {"pain": 3, "mood": 4, "signs": ["calf"]}
    assert len(rows(CheckInDraft)) == 1


def test_it_deletes_the_draft_once_the_check_in_is_saved(ana):
    save_check_in_draft(actor=ana, answers={"pain": 6, "meds_note": "New dose"})
    record_check_in(actor=ana, **CHECK_IN_ANSWERS)
    assert rows(CheckInDraft) == []
    assert today_for_patient(actor=ana).draft_answers == {}


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"pain": 11}, "your pain from 0 to 10"),
        ({"pain": -1}, "your pain from 0 to 10"),
        ({"sleep": 0}, "how you slept from 1 to 5"),
        ({"stress": 2.5}, "your stress from 1 to 5"),
        ({"mood": True}, "your mood from 1 to 5"),
        ({"flare": "Yes"}, "yes or no"),
        ({"meds_note": "x" * 5000}, "medicine note under"),
        ({"meds_note": "a\x00b"}, "unusual characters"),
        ({"signs": ["not-a-sign"]}, "Unknown warning sign"),
        ({"signs": "calf"}, "warning signs"),
        ({"password": "hunter2"}, "could not save that answer"),
    ],
)
def test_it_refuses_unknown_questions_and_answers_out_of_range(ana, answers, message):
    with pytest.raises(InvalidInput, match=message):
        save_check_in_draft(actor=ana, answers=answers)
    assert rows(CheckInDraft) == []
