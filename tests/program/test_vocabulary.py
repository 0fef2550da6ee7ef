"""The one vocabulary of states: severities in order, and the strings the store keeps."""

import pytest

from program.vocabulary import (
    CURRENT_ENROLMENT_STATUSES,
    OPEN_FLAG_STATUSES,
    SEVERITY_ORDER,
    WARNING_SIGN_TIERS,
    FlagStatus,
    MovementFeeling,
    MovementResult,
    PlanEventKind,
    QuestionnaireCode,
    Role,
    Severity,
    severity_rank,
)
from program.warning_signs import WARNING_SIGNS


def test_it_ranks_severities_emergency_first_and_unknown_last():
    ranked = sorted(["routine", "unknown", "urgent", "soon", "emergency"], key=severity_rank)
    assert ranked == ["emergency", "urgent", "soon", "routine", "unknown"]
    assert [s.rank for s in SEVERITY_ORDER] == [0, 1, 2, 3]


def test_it_keeps_members_equal_to_the_stored_strings():
    assert Role.COORDINATOR == "coordinator" and f"{Severity.URGENT}" == "urgent"
    assert {"admin": 1}[Role.ADMIN] == 1  # members find string keys (and back)
    assert "open" in OPEN_FLAG_STATUSES and "resolved" not in OPEN_FLAG_STATUSES
    assert set(CURRENT_ENROLMENT_STATUSES) == {"active", "paused"}
    assert set(PlanEventKind) == {"hold", "release", "unlock", "skip", "pause", "resume"} | {
        "movement_level",
        "movement_step",
        "sleep_scheduling_on",
        "sleep_scheduling_off",
    }
    assert set(MovementResult) == {"as_planned", "less", "more"}
    assert set(MovementFeeling) == {"easy", "ok", "hard"}
    assert set(QuestionnaireCode) == {"PEG", "CSI", "PHQ9", "GAD7"}
    assert FlagStatus("acknowledged") is FlagStatus.ACKNOWLEDGED


def test_it_routes_every_warning_sign_with_a_flag_severity():
    assert WARNING_SIGN_TIERS == (Severity.EMERGENCY, Severity.URGENT)
    assert {sign.tier for sign in WARNING_SIGNS} == set(WARNING_SIGN_TIERS)


def test_it_refuses_a_misspelt_state():
    with pytest.raises(ValueError):
        Severity("urgnet")
