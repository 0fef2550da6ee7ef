"""A patient followed through the whole program with two flares, in frozen time, through the store.

Every check-in, baseline day and log is recorded by the actions; every target is read by the Move
screen's query. The numbers are CLINICAL.md's, step by step:

- Baseline week (23 Feb - 1 Mar 2026): three comfortable days of walking, 9, 10 and 11 minutes
  -> baseline 10. The baseline questionnaires are done on Monday 2 March, so week 1 starts then.
- Week 1 starts at 80% of the baseline: 8 minutes. Weeks 1-3 go without a flare: up one level
  (10% of the baseline) each week -> 9, 10, 11.
- Week 4: the patient answers "Yes" to "Are you having a flare today?" on Wednesday 25 March.
  One episode in the 14 days to the week's end -> hold: week 5 stays at 11.
- Week 5: pain 6 on two days running (1 and 2 April) against a mean of 3 in the week before: a
  flare from pain, both days. Episodes start on 25 March and 1 April, two within 14 days -> step
  back: week 6 is 10.
- Weeks 6-11 go without a flare -> 11, 12, 13, 14, 15, 16 in weeks 7-12.
- After week 12 the level reached stays: 16 minutes, flares or not.
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from db.actions import (
    choose_exercises,
    give_consent,
    log_movement,
    record_baseline_day,
    record_check_in,
    save_goals,
    save_questionnaire_draft,
    submit_questionnaire,
)
from db.models import Enrolment, MovementLog
from db.queries import movement_for_patient
from program.onboarding import CONSENT_VERSION
from tests.utils import rows
from tests.utils.onboarding import all_answers, baseline_patient

WEEK1 = date(2026, 3, 2)
REPORTED_FLARE = 23  # Wednesday of week 4
PAIN_FLARE = (30, 31)  # Wednesday and Thursday of week 5
EXPECTED = {  # week: (target, why)
    1: (8, "This week starts at 8 minutes: a bit less than what felt comfortable."),
    2: (9, "Up from 8 to 9 minutes: last week went without a flare."),
    3: (10, "Up from 9 to 10 minutes: last week went without a flare."),
    4: (11, "Up from 10 to 11 minutes: last week went without a flare."),
    5: (
        11,
        "The same 11 minutes as last week: last week had a flare, so your plan stays here for now.",
    ),
    6: (
        10,
        "Down from 11 to 10 minutes: two flares came close together, so your plan steps back "
        "a little.",
    ),
    **{
        week: (target, f"Up from {target - 1} to {target} minutes: last week went without a flare.")
        for week, target in zip(range(7, 13), range(11, 17), strict=True)
    },
}


def go_to(frozen, n: int) -> None:
    """Day ``n`` of the program (0 = Monday of week 1), 11:00 in New York."""
    frozen.move_to(datetime.combine(WEEK1 + timedelta(days=n), time(15), UTC))


def check_in(actor, n: int) -> None:
    record_check_in(
        actor=actor,
        pain=6 if n in PAIN_FLARE else 3,
        sleep_quality=3,
        mood=3,
        stress=3,
        flare=n == REPORTED_FLARE,
        medicines_changed=False,
    )


@pytest.fixture
def sam(db, frozen):
    go_to(frozen, -7)
    actor = baseline_patient("Sam", username="sam", start=WEEK1 - timedelta(days=7))
    give_consent(actor=actor, version=CONSENT_VERSION)
    save_goals(actor=actor, goals=["Walk to the shops"])
    for code in ("PEG", "CSI", "PHQ9"):
        save_questionnaire_draft(actor=actor, instrument=code, answers=all_answers(code, 1))
        submit_questionnaire(actor=actor, instrument=code)
    choose_exercises(actor=actor, exercises=["easy-walk"])
    return actor


def test_it_follows_a_patient_through_twelve_weeks_with_two_flares(sam, frozen):
    for n, minutes in zip(range(-7, -4), (9, 10, 11), strict=True):
        go_to(frozen, n)
        check_in(sam, n)
        record_baseline_day(actor=sam, exercise="easy-walk", amount=minutes)
    for n in range(-4, 0):
        go_to(frozen, n)
        check_in(sam, n)
    waiting = movement_for_patient(actor=sam).chosen[0].day
    assert (waiting.state, waiting.baseline, waiting.target) == ("waiting", 10, 8)

    go_to(frozen, 0)  # the last baseline questionnaire: week 1 starts today
    save_questionnaire_draft(actor=sam, instrument="GAD7", answers=all_answers("GAD7", 1))
    submit_questionnaire(actor=sam, instrument="GAD7")
    assert rows(Enrolment)[0].week1_start == WEEK1

    seen = {}
    for n in range(0, 7 * 12):
        go_to(frozen, n)
        check_in(sam, n)
        view = movement_for_patient(actor=sam)
        walk = view.chosen[0].day
        if n % 7 == 0:
            seen[walk.this_week.week] = (walk.target, walk.why)
        assert view.flare_today == (n == REPORTED_FLARE)
        log_movement(actor=sam, exercise="easy-walk", result="as_planned", felt="ok")
    assert seen == EXPECTED
    # Each log keeps the target the patient saw that day.
    assert [log.target for log in rows(MovementLog)][::7] == [t for t, _ in EXPECTED.values()]

    for n in (7 * 12, 7 * 12 + 1, 7 * 14):  # after week 12, a flare changes nothing
        go_to(frozen, n)
        record_check_in(
            actor=sam,
            pain=3,
            sleep_quality=3,
            mood=3,
            stress=3,
            flare=True,
            medicines_changed=False,
        )
        walk = movement_for_patient(actor=sam).chosen[0].day
        assert (walk.maintenance, walk.target) == (True, 16)
        assert walk.why == "Keep to 16 minutes: the level you reached in the program."
