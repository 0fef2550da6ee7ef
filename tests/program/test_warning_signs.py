from datetime import date

from program.rules import warning_sign_flags
from program.vocabulary import severity_rank
from program.warning_signs import (
    EMERGENCY,
    URGENT,
    WARNING_SIGNS,
    guidance_for,
    highest_tier,
    unknown_keys,
)


def test_it_routes_any_emergency_sign_to_911_even_with_urgent_ones():
    assert highest_tier(["fever_chills", "chest_pain"]) == EMERGENCY
    guidance = guidance_for(["fever_chills", "chest_pain"])
    assert any("911" in step for step in guidance.steps)


def test_it_routes_urgent_signs_to_calling_the_clinic_today():
    guidance = guidance_for(["calf"])
    assert guidance.tier == URGENT
    assert any("clinic today" in step for step in guidance.steps)


def test_it_gives_no_guidance_when_nothing_is_ticked():
    assert guidance_for([]) is None
    assert warning_sign_flags([], date(2026, 3, 1)) == ()


def test_it_offers_988_for_thoughts_of_self_harm():
    assert highest_tier(["self_harm"]) == EMERGENCY
    assert any("988" in step for step in guidance_for(["self_harm"]).steps)


def test_it_covers_every_warning_sign_of_both_tiers():
    tiers = {sign.tier for sign in WARNING_SIGNS}
    assert tiers == {EMERGENCY, URGENT}
    assert len([s for s in WARNING_SIGNS if s.tier == EMERGENCY]) == 9
    assert len([s for s in WARNING_SIGNS if s.tier == URGENT]) == 8


def test_it_rejects_unknown_signs():
    assert unknown_keys(["chest_pain", "made_up"]) == ["made_up"]


def test_it_opens_a_flag_of_the_tier_severity_explaining_what_was_reported():
    [flag] = warning_sign_flags(["calf"], date(2026, 3, 1))
    assert flag.severity == "urgent"
    assert "swollen, red or painful calf" in flag.explanation
    assert (
        severity_rank("emergency")
        < severity_rank("urgent")
        < severity_rank("soon")
        < severity_rank("routine")
    )
