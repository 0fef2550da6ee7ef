"""The cohort preview: its counts and changed patients are those of evaluating the rules directly."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from program.rules import PHQ9_ITEM9_RULE, QuestionnaireEntry, evaluate_patient
from program.rules.preview import PreviewCase, preview
from program.rules.settings import effective_settings
from tests.program.test_follow_up_rules import SETTINGS, patient, pegs, week_day

AS_OF = week_day(8, 2)
ALWAYS = {"warning_sign", "self_harm_sign", PHQ9_ITEM9_RULE}


def direct(data, s) -> set[tuple[str, str, str]]:
    return {
        (r.rule, r.dedupe_key, r.severity)
        for r in evaluate_patient(data, s, AS_OF)
        if r.fires and r.rule not in ALWAYS
    }


def test_it_counts_who_is_flagged_before_and_after_and_names_who_changes():
    flat = patient(patient_id=1, pegs=pegs(6.0, {6: 5.0, 7: 5.0, 8: 5.0}))  # a 17% fall
    improved = patient(patient_id=2, pegs=pegs(6.0, {6: 3.0, 7: 3.0, 8: 3.0}))  # a 50% fall
    sad = patient(
        patient_id=3,
        questionnaires=(QuestionnaireEntry("PHQ9", week_day(8, 1), 16, 0, 8),),
    )
    looser = effective_settings(SETTINGS, {"peg_fall_line": 0.15, "mood_soon_at": 17})
    result = preview(PreviewCase(p, AS_OF, SETTINGS, looser) for p in (flat, improved, sad))
    assert (result.checked, result.flagged_before, result.flagged_after) == (3, 2, 1)
    assert dict((rule, (old, new)) for rule, old, new in result.by_rule)["persisting"] == (1, 0)
    changed = {c.patient_id: c for c in result.changes}
    assert set(changed) == {1, 3}  # the flat PEG is no longer flagged; the PHQ-9 goes routine
    assert [f.severity for f in changed[3].before] == ["soon"]
    assert [f.severity for f in changed[3].after] == ["routine"]


def test_it_leaves_item_9_out_because_no_setting_changes_it():
    item9 = patient(questionnaires=(QuestionnaireEntry("PHQ9", week_day(8, 1), 4, 2, 8),))
    stricter = effective_settings(SETTINGS, {"mood_routine_at": 27, "mood_soon_at": 27})
    result = preview([PreviewCase(item9, AS_OF, SETTINGS, stricter)])
    assert result.changes == () and result.flagged_before == result.flagged_after == 0
    assert any(
        r.rule == PHQ9_ITEM9_RULE and r.fires for r in evaluate_patient(item9, stricter, AS_OF)
    )


weekly = st.dictionaries(st.integers(1, 8), st.floats(0, 10).map(lambda x: round(x, 1)), max_size=8)
tweaks = st.fixed_dictionaries(
    {},
    optional={
        "peg_fall_line": st.sampled_from([0.1, 0.2, 0.3, 0.4, 0.5]),
        "persisting_from_week": st.integers(3, 9),
        "worsening_peg_rise": st.sampled_from([0.5, 1.0, 2.0]),
        "mood_soon_at": st.integers(12, 20),
        "low_adherence_days": st.integers(2, 9),
    },
)


@settings(max_examples=60, deadline=None)
@given(
    cohort=st.lists(
        st.tuples(
            st.floats(2, 9).map(lambda x: round(x, 1)),
            weekly,
            st.integers(0, 27),
            st.integers(0, 12),
        ),
        max_size=6,
    ),
    before=tweaks,
    after=tweaks,
)
def test_it_agrees_with_evaluating_every_patient_directly(cohort, before, after):
    old, new = effective_settings(SETTINGS, before), effective_settings(SETTINGS, after)
    people = []
    for n, (baseline, peg_weeks, phq9, gap) in enumerate(cohort, start=1):
        data = patient(
            patient_id=n,
            pegs=pegs(baseline, peg_weeks),
            questionnaires=(QuestionnaireEntry("PHQ9", week_day(7, 3), phq9, 0, 7),),
        )
        daily = tuple(c for c in data.check_ins if c.local_date <= AS_OF - timedelta(days=gap))
        people.append(dataclasses.replace(data, check_ins=daily))
    result = preview(PreviewCase(p, AS_OF, old, new) for p in people)
    flagged = [(bool(direct(p, old)), bool(direct(p, new))) for p in people]
    assert result.checked == len(people)
    assert result.flagged_before == sum(b for b, _ in flagged)
    assert result.flagged_after == sum(a for _, a in flagged)
    assert {c.patient_id for c in result.changes} == {
        p.patient_id for p in people if direct(p, old) != direct(p, new)
    }
    for rule, count_old, count_new in result.by_rule:
        assert count_old == sum(any(f[0] == rule for f in direct(p, old)) for p in people)
        assert count_new == sum(any(f[0] == rule for f in direct(p, new)) for p in people)
