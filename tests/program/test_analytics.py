"""Progress analytics: pain trend with gaps, PEG change, streaks, and the words patients see."""

from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from program.analytics import (
    PainChange,
    PegChange,
    adherence_message,
    compare_pain,
    compare_peg,
    current_streak,
    daily_pain,
    first_completions,
    kept_days,
    pain_message,
    peg_message,
    per_week,
    recent_mean_pain,
    streak_message,
    weekly_peg,
)

DAY1 = date(2026, 3, 2)
DISCOURAGING = (
    "not improved",
    "no improvement",
    "worse",
    "failed",
    "fail",
    "only",
    "missed",
    "behind",
    "higher",
    "no change",
    "not enough",
    "sadly",
    "unfortunately",
)


def check_ins(pains: dict[int, int]) -> pd.DataFrame:
    """Check-ins on DAY1 + offset."""
    return pd.DataFrame(
        {"local_date": [DAY1 + timedelta(days=d) for d in pains], "pain": list(pains.values())}
    )


def two_weeks(first: int, recent: int) -> pd.DataFrame:
    """Daily pain ``first`` in days 0-6 and ``recent`` in days 7-13."""
    return daily_pain(
        check_ins({d: first if d < 7 else recent for d in range(14)}), DAY1 + timedelta(13)
    )


# --- daily pain -------------------------------------------------------------------------------


def test_it_keeps_a_row_for_every_day_and_leaves_missing_days_empty():
    pain = daily_pain(check_ins({0: 6, 1: 5, 3: 7, 4: 4}), DAY1 + timedelta(days=6))
    assert len(pain) == 7
    assert pain["pain"].isna().tolist() == [False, False, True, False, False, True, True]


def test_it_takes_the_7_day_mean_over_the_check_ins_in_the_window_only():
    pain = daily_pain(check_ins({0: 6, 1: 5, 3: 7, 4: 4}), DAY1 + timedelta(days=9))
    means = pain.set_index("date")["mean_7d"]
    assert pd.isna(means[pd.Timestamp(DAY1 + timedelta(days=2))])  # 2 check-ins: not yet a mean
    assert means[pd.Timestamp(DAY1 + timedelta(days=3))] == pytest.approx(6.0)
    assert means[pd.Timestamp(DAY1 + timedelta(days=4))] == pytest.approx(5.5)
    # Day 9: the window is days 3-9, holding only the check-ins of days 3 and 4.
    assert pd.isna(means[pd.Timestamp(DAY1 + timedelta(days=9))])


def test_it_lets_the_minimum_number_of_days_be_chosen():
    pain = daily_pain(check_ins({0: 6, 3: 4}), DAY1 + timedelta(days=3), min_days=1)
    assert pain["mean_7d"].tolist() == [6.0, 6.0, 6.0, 5.0]


def test_it_returns_an_empty_frame_without_check_ins():
    pain = daily_pain(check_ins({}), DAY1)
    assert pain.empty and list(pain.columns) == ["date", "pain", "mean_7d"]


# --- pain compared with the first week --------------------------------------------------------


def test_it_names_a_fall_of_30_percent_or_more_as_meaningful():
    change = compare_pain(two_weeks(6, 4), DAY1 + timedelta(days=13))
    assert change.first_week == 6 and change.recent == 4
    assert change.fall == pytest.approx(1 / 3) and change.meaningful


def test_it_does_not_name_a_smaller_fall_as_meaningful():
    change = compare_pain(two_weeks(6, 5), DAY1 + timedelta(days=13))
    assert change.fall == pytest.approx(1 / 6) and not change.meaningful


def test_it_takes_the_threshold_as_a_parameter():
    pain = two_weeks(6, 5)
    assert compare_pain(pain, DAY1 + timedelta(days=13), threshold=0.15).meaningful


def test_it_does_not_compare_while_the_last_7_days_overlap_the_first_week():
    pain = daily_pain(check_ins({d: 5 for d in range(10)}), DAY1 + timedelta(days=9))
    assert compare_pain(pain, DAY1 + timedelta(days=9)) is None


def test_it_needs_three_check_ins_in_each_week_to_compare():
    pain = daily_pain(check_ins({0: 6, 1: 6, 2: 6, 10: 3, 12: 3}), DAY1 + timedelta(days=13))
    assert compare_pain(pain, DAY1 + timedelta(days=13)) is None


def test_it_uses_the_baseline_week_as_the_first_week_when_it_has_enough_check_ins():
    pain = daily_pain(
        check_ins({0: 8, 1: 8, 2: 8, 3: 6, **{d: 5 for d in range(8, 15)}}),
        DAY1 + timedelta(days=14),
    )
    baseline = compare_pain(
        pain, DAY1 + timedelta(days=14), reference=(DAY1, DAY1 + timedelta(days=2))
    )
    default = compare_pain(pain, DAY1 + timedelta(days=14))
    assert baseline.first_week == 8 and baseline.meaningful
    assert default.first_week == pytest.approx(7.5)


def test_it_never_calls_a_zero_first_week_a_meaningful_fall():
    assert not compare_pain(two_weeks(0, 0), DAY1 + timedelta(days=13)).meaningful


# --- PEG --------------------------------------------------------------------------------------


def pegs(rows: list[tuple[int, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "program_week": [w for w, _ in rows],
            "taken_at": [datetime(2026, 3, 1) + timedelta(days=i) for i in range(len(rows))],
            "total": [t for _, t in rows],
        }
    )


def test_it_keeps_the_latest_peg_of_each_week():
    weekly = weekly_peg(pegs([(0, 6.0), (1, 5.67), (1, 5.0), (2, 4.33)]))
    assert weekly.to_dict("list") == {"week": [0, 1, 2], "peg": [6.0, 5.0, 4.33]}


@pytest.mark.parametrize(
    "latest,meaningful", [(5.0, True), (4.0, True), (5.33, False), (7.0, False)]
)
def test_it_compares_the_latest_peg_with_the_baseline(latest, meaningful):
    change = compare_peg(weekly_peg(pegs([(0, 6.0), (1, 6.33), (2, latest)])))
    assert change.baseline == 6.0 and change.latest == latest and change.meaningful is meaningful


def test_it_takes_the_peg_threshold_as_a_parameter():
    weekly = weekly_peg(pegs([(0, 6.0), (1, 5.0)]))
    assert not compare_peg(weekly, threshold=1.75).meaningful


def test_it_has_no_peg_change_with_only_the_baseline_or_nothing():
    assert compare_peg(weekly_peg(pegs([(0, 6.0)]))) == PegChange(6.0, None, False)
    assert compare_peg(weekly_peg(pegs([]))) is None


# --- adherence and streaks --------------------------------------------------------------------


def test_it_counts_per_week_with_empty_weeks_as_zero():
    assert per_week([1, 1, 3], 4, "lessons").to_dict("list") == {
        "week": [1, 2, 3, 4],
        "lessons": [2, 0, 1, 0],
    }


def test_it_counts_a_redone_lesson_once():
    done = pd.DataFrame({"module_id": [1, 2, 1], "local_date": [DAY1, DAY1, DAY1 + timedelta(3)]})
    assert first_completions(done)["module_id"].tolist() == [1, 2]


def test_it_keeps_a_streak_through_flare_days_and_planned_rest():
    kept = kept_days(
        check_in_dates=[DAY1 + timedelta(days=d) for d in (0, 1, 4, 5)],
        flare_dates=[DAY1 + timedelta(days=2)],  # a flare logged without a check-in
        rest_dates=[DAY1 + timedelta(days=3)],  # a planned rest (or paused) day
    )
    assert current_streak(kept, DAY1 + timedelta(days=5)) == 6
    assert (
        current_streak(
            kept_days(kept, [], []) - {DAY1 + timedelta(days=3)}, DAY1 + timedelta(days=5)
        )
        == 2
    )


def test_it_breaks_a_streak_on_a_day_with_nothing_logged():
    kept = kept_days([DAY1, DAY1 + timedelta(days=2)], [], [])
    assert current_streak(kept, DAY1 + timedelta(days=2)) == 1


def test_it_leaves_today_open_until_it_is_over():
    kept = kept_days([DAY1, DAY1 + timedelta(days=1)], [], [])
    assert current_streak(kept, DAY1 + timedelta(days=2)) == 2
    assert current_streak(set(), DAY1) == 0


# --- words ------------------------------------------------------------------------------------


def test_it_says_so_warmly_when_pain_fell_meaningfully():
    text = pain_message(PainChange(6.0, 4.0, 1 / 3, True))
    assert "6.0" in text and "4.0" in text and "Well done" in text


@pytest.mark.parametrize(
    "change",
    [PainChange(6.0, 5.0, 1 / 6, False), PainChange(4.0, 6.0, -0.5, False), None],
    ids=["small fall", "higher", "too early"],
)
def test_it_says_nothing_discouraging_when_pain_did_not_fall_meaningfully(change):
    text = pain_message(change).lower()
    assert "well done" not in text
    assert not [word for word in DISCOURAGING if word in text]


def test_it_says_so_warmly_when_peg_fell_meaningfully():
    assert "Well done" in peg_message(PegChange(6.0, 4.67, True))


@pytest.mark.parametrize(
    "change",
    [PegChange(6.0, 5.5, False), PegChange(4.0, 6.0, False), PegChange(6.0, None, False), None],
    ids=["small fall", "higher", "baseline only", "none yet"],
)
def test_it_says_nothing_discouraging_about_peg_otherwise(change):
    text = peg_message(change).lower()
    assert "well done" not in text
    assert not [word for word in DISCOURAGING if word in text]


def test_it_counts_up_what_was_done_and_never_what_was_not():
    assert adherence_message(1, 2) == "So far you have checked in 1 time and done 2 lessons."
    assert adherence_message(14, 0) == "So far you have checked in 14 times."
    assert adherence_message(0, 1) == "So far you have done 1 lesson."
    assert "0" not in adherence_message(0, 0)
    assert "0" not in streak_message(0) and "5 days in a row" in streak_message(5)


# --- the recent mean the care team's panel shows ----------------------------------------------


def test_it_gives_no_recent_mean_from_fewer_check_ins_than_the_minimum():
    assert (
        recent_mean_pain({DAY1: 7, DAY1 + timedelta(days=1): 5}, DAY1 + timedelta(days=2)) is None
    )


@pytest.mark.parametrize(
    "offsets", [(0, 1, 2), (0, 2, 5, 6, 8), (0, 3, 4, 6, 7, 9, 12), (1, 6, 7, 8, 13)]
)
def test_it_takes_the_recent_mean_by_the_rule_of_the_progress_chart(offsets):
    pains = {DAY1 + timedelta(days=n): (n * 7) % 11 for n in offsets}
    end = DAY1 + timedelta(days=max(offsets) + 1)
    frame = pd.DataFrame({"local_date": list(pains), "pain": list(pains.values())})
    chart = daily_pain(frame, end)["mean_7d"].iloc[-1]
    recent = recent_mean_pain(pains, end)
    assert (recent is None and pd.isna(chart)) or recent == pytest.approx(chart)
