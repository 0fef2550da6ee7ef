"""Onboarding: consent, goals and the baseline week, from both sides of each permission."""

from datetime import UTC, date, datetime

import pytest

from db.access import AccessDenied, NotFound
from db.actions import (
    InvalidInput,
    give_consent,
    record_check_in,
    save_goals,
    save_questionnaire_draft,
    submit_questionnaire,
)
from db.engine import write_session
from db.models import AuditEvent, Consent, Enrolment, Goal
from db.queries import onboarding_state
from program.onboarding import CONSENT_VERSION, consent_hash
from tests.utils import actor_for, make_user, rows
from tests.utils.onboarding import all_answers, baseline_patient
from tests.utils.readability import fk_grade

CHECK_IN = dict(pain=4, sleep_quality=3, mood=3, stress=3, flare=False, medicines_changed=False)
MON, TUE, WED = (datetime(2026, 3, d, 15, 0, tzinfo=UTC) for d in (16, 17, 18))


def week1_start(actor):
    return rows(Enrolment, patient_id=actor.patient_id)[0].week1_start


def finish(actor, code, now=WED, **answers):
    save_questionnaire_draft(
        actor=actor, instrument=code, answers=all_answers(code, **answers), now=now
    )
    return submit_questionnaire(actor=actor, instrument=code, now=now)


@pytest.fixture
def bea(db, frozen):
    return baseline_patient("Bea", username="bea")


# --- consent ------------------------------------------------------------------------------------


def test_it_records_consent_with_the_version_and_text_hash(bea):
    give_consent(actor=bea, version=CONSENT_VERSION)
    saved = rows(Consent, patient_id=bea.patient_id)
    assert [(c.version, c.text_hash) for c in saved] == [(CONSENT_VERSION, consent_hash())]
    assert onboarding_state(actor=bea).consented


def test_it_keeps_one_consent_when_the_patient_agrees_twice(bea):
    give_consent(actor=bea, version=CONSENT_VERSION)
    give_consent(actor=bea, version=CONSENT_VERSION)
    assert len(rows(Consent)) == 1


def test_it_asks_again_when_the_terms_shown_are_out_of_date(bea):
    with pytest.raises(InvalidInput, match="changed"):
        give_consent(actor=bea, version="0")
    assert rows(Consent) == []


# The first consent text, as patients saw it: its hash must stay what their rows recorded.
CONSENT_V1_HASH = "c8ea50813c218b02e5f7e6a93e267b22033f77a4df8a34693bc765becccda719"


def agreed_to_version_1(actor):
    with write_session() as session:
        session.add(Consent(patient_id=actor.patient_id, version="1", text_hash=consent_hash("1")))


def test_it_records_a_new_consent_with_the_new_version_and_its_own_hash(bea):
    assert CONSENT_VERSION != "1"
    give_consent(actor=bea, version=CONSENT_VERSION)
    [saved] = rows(Consent, patient_id=bea.patient_id)
    assert saved.version == CONSENT_VERSION and saved.text_hash == consent_hash(CONSENT_VERSION)
    assert saved.text_hash != CONSENT_V1_HASH


def test_it_keeps_the_first_consent_texts_hash_valid(bea):
    agreed_to_version_1(bea)
    [saved] = rows(Consent, patient_id=bea.patient_id)
    assert saved.text_hash == consent_hash(saved.version) == CONSENT_V1_HASH


def test_it_does_not_ask_a_patient_who_agreed_to_version_1_again(bea):
    # Version 2 only narrowed what the program promises: the earlier agreement stands.
    agreed_to_version_1(bea)
    state = onboarding_state(actor=bea)
    assert state.consented and not state.needs_consent and state.screen != "consent"
    kept = give_consent(actor=bea, version=CONSENT_VERSION)  # a stale tab pressing "I agree"
    assert kept.version == "1" and len(rows(Consent)) == 1


@pytest.mark.parametrize("roles", [["coordinator"], ["clinician"], ["admin"]])
def test_it_refuses_consent_from_anyone_but_the_patient(bea, roles):
    make_user("staff", roles)
    with pytest.raises(AccessDenied):
        give_consent(actor=actor_for("staff"), version=CONSENT_VERSION)
    assert rows(Consent) == []
    assert [(e.action, e.outcome) for e in rows(AuditEvent, actor_username="staff")] == [
        ("give_consent", "refused")
    ]


def test_it_refuses_a_patient_login_without_a_patient_record(db, frozen):
    make_user("loose", ["patient"])
    with pytest.raises(AccessDenied):
        give_consent(actor=actor_for("loose"), version=CONSENT_VERSION)
    with pytest.raises(NotFound):
        onboarding_state(actor=actor_for("loose"))


# --- goals --------------------------------------------------------------------------------------


def test_it_saves_goals_in_the_patients_own_words(bea):
    saved = save_goals(actor=bea, goals=["Walk the dog", " Play with my kids ", ""])
    assert [g.text for g in saved] == ["Walk the dog", "Play with my kids"]
    assert onboarding_state(actor=bea).goals == ("Walk the dog", "Play with my kids")


def test_it_archives_goals_the_patient_changes_and_keeps_the_others(bea):
    save_goals(actor=bea, goals=["Walk the dog", "Garden"])
    save_goals(actor=bea, goals=["Walk the dog", "Swim"])
    kept = {g.text: g.archived for g in rows(Goal)}
    assert kept == {"Walk the dog": False, "Garden": True, "Swim": False}
    assert onboarding_state(actor=bea).goals == ("Walk the dog", "Swim")


@pytest.mark.parametrize("goals", [[], ["  "], ["a", "b", "c", "d"], ["x" * 301]])
def test_it_refuses_goals_it_cannot_keep_and_saves_nothing(bea, goals):
    with pytest.raises(InvalidInput):
        save_goals(actor=bea, goals=goals)
    assert rows(Goal) == []


def test_it_keeps_each_patients_goals_to_themselves(bea):
    other = baseline_patient("Cy", username="cy")
    save_goals(actor=bea, goals=["Walk the dog"])
    assert onboarding_state(actor=other).goals == ()
    make_user("nurse", ["coordinator"])
    with pytest.raises(AccessDenied):
        save_goals(actor=actor_for("nurse"), goals=["Walk"])
    with pytest.raises(AccessDenied):
        onboarding_state(actor=actor_for("nurse"))


# --- the baseline week --------------------------------------------------------------------------


def test_it_shows_every_step_open_for_a_new_patient(bea):
    state = onboarding_state(actor=bea)
    assert state.screen == "consent" and state.in_baseline and state.needs_consent
    assert not any(step.done for step in state.progress.steps)


def test_it_starts_week_1_on_the_day_the_last_questionnaire_completes_the_baseline(bea):
    give_consent(actor=bea, version=CONSENT_VERSION)
    for now in (MON, TUE, WED):
        record_check_in(actor=bea, now=now, **CHECK_IN)
    for code in ("PEG", "CSI", "PHQ9"):
        finish(bea, code)
        assert week1_start(bea) is None
    finish(bea, "GAD7")
    assert week1_start(bea) == date(2026, 3, 18)
    state = onboarding_state(actor=bea)
    assert not state.in_baseline and state.baseline_pain_mean == 4.0


def test_it_lets_a_check_in_be_the_last_baseline_piece(bea):
    give_consent(actor=bea, version=CONSENT_VERSION)
    for code in ("PEG", "CSI", "PHQ9", "GAD7"):
        finish(bea, code, now=MON)
    record_check_in(actor=bea, now=MON, **CHECK_IN)
    record_check_in(actor=bea, now=TUE, **CHECK_IN)
    assert week1_start(bea) is None
    record_check_in(actor=bea, now=WED, **CHECK_IN)
    assert week1_start(bea) == date(2026, 3, 18)


def test_it_lets_consent_be_the_last_baseline_piece(bea):
    for code in ("PEG", "CSI", "PHQ9", "GAD7"):
        finish(bea, code)
    for now in (MON, TUE, WED):
        record_check_in(actor=bea, now=now, **CHECK_IN)
    assert (
        week1_start(bea) is None
        and [s.key for s in onboarding_state(actor=bea).progress.steps if not s.done][0]
        == "consent"
    )
    give_consent(actor=bea, version=CONSENT_VERSION)
    assert week1_start(bea) == date(2026, 3, 18)


@pytest.mark.parametrize(
    ("last_check_in", "local_day"),
    [
        (datetime(2026, 3, 19, 6, 30, tzinfo=UTC), date(2026, 3, 18)),  # 23:30 in Los Angeles
        (datetime(2026, 3, 19, 7, 30, tzinfo=UTC), date(2026, 3, 19)),  # 00:30 in Los Angeles
    ],
)
def test_it_starts_week_1_on_the_patients_local_date_at_midnight(
    db, frozen, last_check_in, local_day
):
    ana = baseline_patient("Ana", username="ana", timezone="America/Los_Angeles")
    give_consent(actor=ana, version=CONSENT_VERSION)
    for code in ("PEG", "CSI", "PHQ9", "GAD7"):
        finish(ana, code)
    record_check_in(actor=ana, now=MON, **CHECK_IN)
    record_check_in(actor=ana, now=TUE, **CHECK_IN)
    record_check_in(actor=ana, now=last_check_in, **CHECK_IN)
    assert week1_start(ana) == local_day


def test_it_does_not_move_week_1_once_it_has_started(bea):
    give_consent(actor=bea, version=CONSENT_VERSION)
    for code in ("PEG", "CSI", "PHQ9", "GAD7"):
        finish(bea, code, now=MON)
    for now in (MON, TUE, WED):
        record_check_in(actor=bea, now=now, **CHECK_IN)
    assert week1_start(bea) == date(2026, 3, 18)
    record_check_in(actor=bea, now=datetime(2026, 3, 20, 15, tzinfo=UTC), **CHECK_IN)
    assert week1_start(bea) == date(2026, 3, 18)


def test_it_audits_onboarding_without_health_details(bea):
    give_consent(actor=bea, version=CONSENT_VERSION)
    save_goals(actor=bea, goals=["Walk my secret dog"])
    finish(bea, "PHQ9", **{"1": 3})
    details = {e.action: e.detail for e in rows(AuditEvent, actor_username="bea")}
    assert details["give_consent"] == f"version {CONSENT_VERSION}"
    assert details["save_goals"] == "1 goals" and details["submit_questionnaire"] == "PHQ9"
    assert all("secret" not in d and "3" not in d for d in details.values())


def test_it_writes_its_error_messages_at_grade_8_or_below(bea):
    messages = []
    attempts = [
        lambda: give_consent(actor=bea, version="0"),
        lambda: save_goals(actor=bea, goals=[]),
        lambda: save_goals(actor=bea, goals=["a", "b", "c", "d"]),
        lambda: save_goals(actor=bea, goals=["x" * 301]),
        lambda: save_questionnaire_draft(actor=bea, instrument="PHQ9", answers={"1": 7}),
        lambda: save_questionnaire_draft(actor=bea, instrument="PHQ9", answers={"12": 1}),
        lambda: save_questionnaire_draft(actor=bea, instrument="PHQ9", answers={}),
        lambda: submit_questionnaire(actor=bea, instrument="PHQ9"),
        lambda: submit_questionnaire(actor=bea, instrument="BDI"),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidInput) as caught:
            attempt()
        messages.append(str(caught.value))
    save_questionnaire_draft(actor=bea, instrument="PEG", answers={"1": 2})
    with pytest.raises(InvalidInput) as caught:
        submit_questionnaire(actor=bea, instrument="PEG")  # two still to go
    messages.append(str(caught.value))
    finish(bea, "PEG")
    with pytest.raises(InvalidInput) as caught:
        finish(bea, "PEG")  # already done this week
    messages.append(str(caught.value))
    later = baseline_patient("Lee", username="lee", start=date(2026, 4, 1))
    with pytest.raises(InvalidInput) as caught:
        submit_questionnaire(actor=later, instrument="PEG")  # not started yet
    messages.append(str(caught.value))
    for message in messages:
        assert fk_grade(message) <= 8, message
