import pytest
from hypothesis import given
from hypothesis import strategies as st

from program.measures import (
    INSTRUMENTS,
    PHQ9_BANDS,
    crisis_from_answers,
    get_instrument,
    meaningful_peg_change,
    schedule_due,
    score,
)

ITEM_COUNTS = {"PEG": 3, "CSI": 25, "PHQ2": 2, "PHQ9": 9, "GAD2": 2, "GAD7": 7}
MAX_ANSWER = {"PEG": 10, "CSI": 4, "PHQ2": 3, "PHQ9": 3, "GAD2": 3, "GAD7": 3}


def answers_for(instrument: str, total: int, **overrides: int) -> dict[str, int]:
    """Answers that add up to `total`, filling items from the first one forwards, then overrides."""
    n, top = ITEM_COUNTS[instrument], MAX_ANSWER[instrument]
    assert 0 <= total <= n * top
    answers = {str(k): 0 for k in range(1, n + 1)}
    remaining = total
    for k in range(1, n + 1):
        answers[str(k)] = min(top, remaining)
        remaining -= answers[str(k)]
    answers.update(overrides)
    return answers


# --- Bands and cut-offs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band", "positive"),
    [
        (0, "subclinical", False),
        (29, "subclinical", False),
        (30, "mild", False),
        (39, "mild", False),
        (40, "moderate", True),
        (49, "moderate", True),
        (50, "severe", True),
        (59, "severe", True),
        (60, "extreme", True),
        (100, "extreme", True),
    ],
)
def test_it_bands_the_csi_at_both_edges(total: int, band: str, positive: bool) -> None:
    result = score("CSI", answers_for("CSI", total))
    assert (result.total, result.band, result.positive, result.crisis) == (
        total,
        band,
        positive,
        False,
    )


@pytest.mark.parametrize(
    ("total", "band", "positive"),
    [
        (0, "minimal", False),
        (4, "minimal", False),
        (5, "mild", False),
        (9, "mild", False),
        (10, "moderate", True),
        (14, "moderate", True),
        (15, "moderately severe", True),
        (19, "moderately severe", True),
        (20, "severe", True),
        (27, "severe", True),
    ],
)
def test_it_bands_the_phq9_at_both_edges(total: int, band: str, positive: bool) -> None:
    result = score("PHQ9", answers_for("PHQ9", total))
    assert (result.total, result.band, result.positive) == (total, band, positive)
    assert result.crisis is (total > 24)  # item 9 is filled last


@pytest.mark.parametrize(
    ("total", "band", "positive"),
    [
        (0, "minimal", False),
        (4, "minimal", False),
        (5, "mild", False),
        (9, "mild", False),
        (10, "moderate", True),
        (14, "moderate", True),
        (15, "severe", True),
        (21, "severe", True),
    ],
)
def test_it_bands_the_gad7_at_both_edges(total: int, band: str, positive: bool) -> None:
    result = score("GAD7", answers_for("GAD7", total))
    assert (result.total, result.band, result.positive, result.crisis) == (
        total,
        band,
        positive,
        False,
    )


@pytest.mark.parametrize("instrument", ["PHQ2", "GAD2"])
@pytest.mark.parametrize(("total", "positive"), [(0, False), (2, False), (3, True), (6, True)])
def test_it_screens_phq2_and_gad2_positive_from_three(
    instrument: str, total: int, positive: bool
) -> None:
    result = score(instrument, answers_for(instrument, total))
    assert (result.total, result.band, result.positive, result.crisis) == (
        total,
        None,
        positive,
        False,
    )


def test_it_scores_phq2_from_the_first_two_phq9_items() -> None:
    phq9 = answers_for("PHQ9", 12)
    first_two = {k: phq9[k] for k in ("1", "2")}
    assert score("PHQ2", first_two).total == phq9["1"] + phq9["2"]


# --- PEG ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "mean"),
    [
        ({"1": 0, "2": 0, "3": 0}, 0),
        ({"1": 10, "2": 10, "3": 10}, 10),
        ({"1": 6, "2": 4, "3": 5}, 5),
        ({"1": 3, "2": 4, "3": 4}, 3.67),
        ({"1": 7, "2": 7, "3": 6}, 6.67),
    ],
)
def test_it_scores_the_peg_as_the_mean_of_three(answers: dict[str, int], mean: float) -> None:
    result = score("PEG", answers)
    assert result.total == pytest.approx(mean)
    assert isinstance(result.total, float)
    assert (result.band, result.positive, result.crisis) == (None, None, False)


@pytest.mark.parametrize(
    ("baseline", "current", "expected"),
    [
        (6.0, 5.0, True),
        (6.0, 5.01, False),
        (4.67, 3.67, True),
        (5.0, 6.0, False),
        (5.0, 5.0, False),
    ],
)
def test_it_calls_a_peg_fall_of_one_point_meaningful(
    baseline: float, current: float, expected: bool
) -> None:
    assert meaningful_peg_change(baseline, current) is expected


def test_it_lets_the_meaningful_peg_change_threshold_be_changed() -> None:
    assert meaningful_peg_change(6.0, 4.5, threshold=1.5) is True
    assert meaningful_peg_change(6.0, 4.67, threshold=1.5) is False


# --- Invalid answers ----------------------------------------------------------------------------


def test_it_rejects_missing_answers_naming_the_items() -> None:
    answers = answers_for("PHQ9", 5)
    del answers["3"], answers["9"]
    with pytest.raises(ValueError, match=r"missing item\(s\) 3, 9"):
        score("PHQ9", answers)


def test_it_rejects_extra_answers_naming_the_items() -> None:
    with pytest.raises(ValueError, match=r"unexpected item\(s\) '8'"):
        score("GAD7", answers_for("GAD7", 5) | {"8": 1})


def test_it_rejects_phq9_item_three_when_scoring_the_phq2() -> None:
    with pytest.raises(ValueError, match="unexpected"):
        score("PHQ2", {"1": 1, "2": 1, "3": 1})


@pytest.mark.parametrize(
    ("instrument", "value", "allowed"),
    [("PHQ9", 4, "0 to 3"), ("PHQ9", -1, "0 to 3"), ("CSI", 5, "0 to 4"), ("PEG", 11, "0 to 10")],
)
def test_it_rejects_out_of_range_answers_naming_the_range(
    instrument: str, value: int, allowed: str
) -> None:
    answers = answers_for(instrument, 0, **{"2": value})
    with pytest.raises(ValueError, match=rf"item 2 must be from {allowed}"):
        score(instrument, answers)


@pytest.mark.parametrize("value", [True, False, 1.0, "1", None])
def test_it_rejects_non_integer_and_bool_answers(value: object) -> None:
    answers: dict[str, object] = dict(answers_for("GAD7", 0))
    answers["4"] = value
    with pytest.raises(ValueError, match=r"item 4 must be a whole number from 0 to 3"):
        score("GAD7", answers)  # type: ignore[arg-type]


def test_it_rejects_an_unknown_instrument_naming_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="PEG, CSI, PHQ2, PHQ9, GAD2, GAD7"):
        score("ISI", {"1": 0})


def test_it_rejects_an_unknown_questionnaire_code() -> None:
    with pytest.raises(ValueError, match="PEG, CSI, PHQ9, GAD7"):
        get_instrument("PHQ2")


# --- Crisis (PHQ-9 item 9) ----------------------------------------------------------------------


@pytest.mark.parametrize(("item9", "crisis"), [(0, False), (1, True), (2, True), (3, True)])
def test_it_marks_crisis_when_phq9_item_nine_is_above_zero(item9: int, crisis: bool) -> None:
    answers = answers_for("PHQ9", 0, **{"9": item9})
    assert score("PHQ9", answers).crisis is crisis
    assert crisis_from_answers(answers) is crisis


def test_it_marks_crisis_even_when_the_total_is_minimal() -> None:
    result = score("PHQ9", answers_for("PHQ9", 0, **{"9": 1}))
    assert (result.band, result.crisis) == ("minimal", True)


@pytest.mark.parametrize(
    ("answers", "crisis"),
    [
        ({}, False),
        ({"1": 3, "2": 3}, False),
        ({"1": None, "9": None}, False),
        ({"9": 1}, True),
        ({"1": None, "9": 2}, True),
        ({"9": 0}, False),
    ],
)
def test_it_reads_crisis_from_partly_filled_answers(
    answers: dict[str, int | None], crisis: bool
) -> None:
    assert crisis_from_answers(answers) is crisis


def test_it_never_marks_crisis_outside_the_phq9() -> None:
    assert score("PHQ2", {"1": 3, "2": 3}).crisis is False
    assert score("GAD7", answers_for("GAD7", 21)).crisis is False


# --- Instruments as data ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "count", "top"),
    [("PEG", 3, 10), ("CSI", 25, 4), ("PHQ9", 9, 3), ("GAD7", 7, 3)],
)
def test_it_defines_every_instrument_with_its_items_and_options(
    code: str, count: int, top: int
) -> None:
    instrument = get_instrument(code)
    assert instrument is INSTRUMENTS[code]
    assert instrument.code == code
    assert instrument.title and instrument.intro and instrument.timeframe
    assert [item.key for item in instrument.items] == [str(k) for k in range(1, count + 1)]
    for item in instrument.items:
        assert item.text
        assert [option.value for option in item.options] == list(range(top + 1))
        assert all(option.label for option in item.options)


def test_it_keys_the_instruments_by_code() -> None:
    assert list(INSTRUMENTS) == ["PEG", "CSI", "PHQ9", "GAD7"]


def test_it_anchors_only_the_ends_of_the_peg_scale() -> None:
    options = get_instrument("PEG").items[0].options
    assert options[0].label == "0 – No pain"
    assert options[10].label == "10 – Pain as bad as you can imagine"
    assert [o.label for o in options[1:10]] == [str(v) for v in range(1, 10)]


def test_it_uses_the_published_answer_labels() -> None:
    phq_labels = [o.label for o in get_instrument("PHQ9").items[0].options]
    assert phq_labels == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]
    csi_labels = [o.label for o in get_instrument("CSI").items[0].options]
    assert csi_labels == ["Never", "Rarely", "Sometimes", "Often", "Always"]


def test_it_asks_phq9_item_nine_about_self_harm() -> None:
    assert "better off dead" in get_instrument("PHQ9").items[8].text


# --- Schedule -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("week", "peg", "csi", "phq9", "gad7"),
    [
        (0, True, True, True, True),
        (1, True, False, False, False),
        (4, True, False, True, True),
        (6, True, True, False, False),
        (8, True, False, True, True),
        (12, True, True, True, True),
    ],
)
def test_it_schedules_each_questionnaire(
    week: int, peg: bool, csi: bool, phq9: bool, gad7: bool
) -> None:
    due = {code: schedule_due(code, week) for code in ("PEG", "CSI", "PHQ9", "GAD7")}
    assert due == {"PEG": peg, "CSI": csi, "PHQ9": phq9, "GAD7": gad7}


def test_it_rejects_an_unknown_instrument_or_negative_week_in_the_schedule() -> None:
    with pytest.raises(ValueError, match="PEG, CSI, PHQ9, GAD7"):
        schedule_due("ISI", 0)
    with pytest.raises(ValueError, match="program_week"):
        schedule_due("PEG", -1)


# --- Properties ---------------------------------------------------------------------------------


@given(st.lists(st.integers(min_value=0, max_value=3), min_size=9, max_size=9))
def test_it_totals_and_bands_any_valid_phq9(values: list[int]) -> None:
    answers = {str(k): v for k, v in enumerate(values, start=1)}
    result = score("PHQ9", answers)
    assert result.total == sum(values)
    [band] = [label for low, high, label in PHQ9_BANDS if low <= sum(values) <= high]
    assert result.band == band
    assert result.positive is (sum(values) >= 10)
    assert result.crisis is (values[8] > 0)
