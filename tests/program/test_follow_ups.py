"""Follow-up rules without a database: windows, visit times across clock changes, prompts."""

from datetime import UTC, date, datetime, time

import pytest

from program.follow_ups import (
    MAX_WINDOWS,
    booking_problem,
    checked_windows,
    may_move,
    not_now_in_effect,
    offers_not_now,
    prompt_guidance,
    prompts_patient,
    queue_order_key,
    visit_start,
    window_text,
)

NY = "America/New_York"


def test_it_keeps_up_to_three_distinct_windows_and_drops_any_day_any_time():
    windows = [
        {"day": "tue", "time": "morning"},
        {"day": "tue", "time": "morning"},
        {"day": "any", "time": "any"},
        {"day": "any", "time": "evening"},
    ]
    assert checked_windows(windows) == [
        {"day": "tue", "time": "morning"},
        {"day": "any", "time": "evening"},
    ]
    assert window_text({"day": "any", "time": "evening"}) == "Any day, evening (after 5)"


@pytest.mark.parametrize(
    ("windows", "message"),
    [
        ([{"day": d, "time": "morning"} for d in ("mon", "tue", "wed", "thu")], "up to 3"),
        ([{"day": "sun!", "time": "morning"}], "from the lists"),
        ([{"day": "mon"}], "a day and a time"),
        (["monday morning"], "a day and a time"),
    ],
)
def test_it_refuses_more_than_three_or_unknown_windows(windows, message):
    assert MAX_WINDOWS == 3
    with pytest.raises(ValueError, match=message):
        checked_windows(windows)


def test_it_puts_a_local_visit_time_at_the_right_utc_moment_across_the_spring_change():
    assert visit_start(date(2026, 3, 6), time(10, 0), NY) == datetime(2026, 3, 6, 15, 0, tzinfo=UTC)
    assert visit_start(date(2026, 3, 9), time(10, 0), NY) == datetime(2026, 3, 9, 14, 0, tzinfo=UTC)


def test_it_refuses_a_time_the_clocks_skip_and_takes_the_first_of_a_repeated_hour():
    with pytest.raises(ValueError, match="does not exist on 2026-03-08"):
        visit_start(date(2026, 3, 8), time(2, 30), NY)
    # 1:30 happens twice on 2026-11-01: the first (EDT, UTC-4) is meant.
    assert visit_start(date(2026, 11, 1), time(1, 30), NY) == datetime(
        2026, 11, 1, 5, 30, tzinfo=UTC
    )
    with pytest.raises(ValueError, match="Unknown time zone"):
        visit_start(date(2026, 3, 8), time(9, 0), "Mars/Olympus")


@pytest.mark.parametrize(
    ("day", "at", "problem"),
    [
        (date(2026, 3, 18), time(9, 0), None),
        (date(2026, 3, 17), time(9, 0), "Please choose today or a later date."),
        (date(2026, 9, 15), time(9, 0), "Please choose a date within 180 days."),
        (date(2026, 9, 14), time(21, 0), None),
        (date(2026, 3, 20), time(21, 1), "Please choose a time from 06:00 to 21:00"),
        (date(2026, 3, 20), time(5, 59), "Please choose a time from 06:00 to 21:00"),
    ],
)
def test_it_books_from_today_to_180_days_ahead_between_6_and_9(day, at, problem):
    found = booking_problem(day, at, NY, date(2026, 3, 18))
    assert found == problem or (problem and found.startswith(problem))


def test_it_moves_requests_only_forward():
    assert may_move("requested", "scheduled") and may_move("scheduled", "scheduled")
    assert may_move("scheduled", "completed") and may_move("requested", "cancelled")
    assert not may_move("requested", "completed")
    assert not may_move("completed", "cancelled") and not may_move("cancelled", "scheduled")


def test_it_never_prompts_about_low_adherence_or_a_medicine_note():
    assert prompts_patient("persisting", "Your weekly pain score started at 6.0.")
    assert not prompts_patient("persisting", None)
    assert not prompts_patient("low_adherence", "words by mistake")
    assert not prompts_patient("medicines_changed", "words by mistake")


@pytest.mark.parametrize(
    ("rule", "severity", "offered"),
    [
        ("persisting", "soon", True),
        ("end_of_program", "routine", True),
        ("mood", "soon", True),
        ("warning_sign", "urgent", False),
        ("warning_sign", "emergency", False),
        ("self_harm_sign", "emergency", False),
        ("phq9_item9", "urgent", False),
        ("persisting", "urgent", False),  # whatever the rule, urgent means now
    ],
)
def test_it_offers_not_now_only_to_soon_and_routine_prompts_of_quietable_rules(
    rule, severity, offered
):
    assert offers_not_now(rule, severity) is offered


def test_it_brings_a_not_now_prompt_back_after_seven_days():
    said = date(2026, 3, 18)
    assert not_now_in_effect(said, date(2026, 3, 24))
    assert not not_now_in_effect(said, date(2026, 3, 25))
    assert not not_now_in_effect(said, date(2026, 3, 17))


def test_it_tells_what_to_do_now_for_emergency_urgent_and_self_harm_prompts():
    assert prompt_guidance("persisting", "soon", {}) is None
    chest = prompt_guidance("warning_sign", "emergency", {"signs": ["chest_pain"]})
    assert chest.steps[0].startswith("Call 911")
    fever = prompt_guidance("warning_sign", "urgent", {"signs": ["fever_chills"]})
    assert fever.heading == "Please call your clinic today"
    for rule, inputs in (
        ("phq9_item9", {"item9": 1}),
        ("self_harm_sign", {"signs": ["self_harm"]}),
    ):
        guidance = prompt_guidance(rule, "urgent" if rule == "phq9_item9" else "emergency", inputs)
        assert guidance.steps[0].startswith("Call or text 988 now")


def test_it_orders_the_queue_by_severity_then_self_harm_then_age():
    old, new = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 2, tzinfo=UTC)
    keys = {
        "urgent-new": queue_order_key("urgent", False, new),
        "urgent-self-harm-new": queue_order_key("urgent", True, new),
        "urgent-old": queue_order_key("urgent", False, old),
        "emergency-new": queue_order_key("emergency", False, new),
        "soon-old": queue_order_key("soon", False, old),
    }
    assert sorted(keys, key=keys.get) == [
        "emergency-new",
        "urgent-self-harm-new",
        "urgent-old",
        "urgent-new",
        "soon-old",
    ]
