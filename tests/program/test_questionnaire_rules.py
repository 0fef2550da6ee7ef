from datetime import date

import pytest

from program.rules import mood_flag, needs_risk_assessment, phq9_item9_flag

DAY = date(2026, 3, 18)


@pytest.mark.parametrize("instrument", ["PHQ9", "GAD7"])
@pytest.mark.parametrize(
    ("total", "severity"), [(9, None), (10, "routine"), (14, "routine"), (15, "soon"), (21, "soon")]
)
def test_it_flags_mood_scores_at_the_10_and_15_edges(instrument, total, severity):
    spec = mood_flag(instrument, total, DAY)
    assert (spec.severity if spec else None) == severity
    if spec:
        assert spec.rule == "mood" and spec.dedupe_key == f"mood:{instrument}"


def test_it_lets_a_setting_move_the_mood_edges():
    assert mood_flag("PHQ9", 12, DAY).severity == "routine"
    assert mood_flag("PHQ9", 12, DAY, routine_at=13) is None
    assert mood_flag("PHQ9", 12, DAY, soon_at=12).severity == "soon"
    assert mood_flag("GAD7", 16, DAY, soon_at=17).severity == "routine"


def test_it_never_flags_mood_from_other_questionnaires():
    assert mood_flag("CSI", 80, DAY) is None and mood_flag("PEG", 10, DAY) is None


def test_it_opens_an_urgent_flag_for_item_9_above_0_only():
    assert phq9_item9_flag(0, DAY, finished=True) is None
    spec = phq9_item9_flag(2, DAY, finished=False)
    assert (spec.rule, spec.severity, spec.dedupe_key) == ("phq9_item9", "urgent", "phq9_item9")
    assert "not yet finished" in spec.explanation and "risk assessment" in spec.explanation
    assert needs_risk_assessment(spec.rule) and not needs_risk_assessment("mood")
