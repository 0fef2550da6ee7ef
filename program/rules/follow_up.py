"""The follow-up rules of CLINICAL.md ("When to prompt a follow-up") over one patient's data.

Pure functions: each takes a ``PatientRuleInput``, the day ``as_of`` (the patient's local date,
nothing dated later is read) and ``RuleSettings``, and returns a ``RuleResult`` whose explanations
come from the patient's own numbers. Patient words state what was recorded and ask to hear more;
they never judge the change (the 30% line is for staff only).

Dedupe keys name an episode, so that running the rules again never opens a second flag for it:
the persisting, worsening and end-of-program episodes are one per enrolment (a new one may begin
after a completed visit and its quiet period), low adherence one per gap in check-ins, and the
mood, item-9 and warning-sign keys are the ones the save paths already use.
"""

from __future__ import annotations

from datetime import date, timedelta

from program.curriculum import pause_state, paused_dates, program_week
from program.onboarding import baseline_pain_mean
from program.rules.data import PatientRuleInput, PegEntry, RuleResult
from program.rules.flags import ASK, MOOD_INSTRUMENTS, MOOD_RULE, mood_flag, mood_patient_text
from program.rules.quiet import (
    END_OF_PROGRAM_RULE,
    LOW_ADHERENCE_RULE,
    PERSISTING_RULE,
    WORSENING_RULE,
    quiet_reason,
)
from program.rules.settings import RuleSettings
from program.vocabulary import Severity


def _n(value: float) -> str:
    return f"{value:.1f}"


def _week(data: PatientRuleInput, as_of: date) -> int:
    return program_week(data.week1_start, as_of, data.plan_events)


def _weekly_pegs(data: PatientRuleInput, as_of: date) -> dict[int, float]:
    """The latest PEG of each program week, taken on or before ``as_of``."""
    latest: dict[int, PegEntry] = {}
    for peg in data.pegs:
        if peg.local_date <= as_of and (
            peg.week not in latest or peg.local_date >= latest[peg.week].local_date
        ):
            latest[peg.week] = peg
    return {week: latest[week].total for week in sorted(latest)}


def _last_visit(data: PatientRuleInput, as_of: date) -> date | None:
    return max((d for d in data.completed_visits if d <= as_of), default=None)


def _episode(rule: str, data: PatientRuleInput, as_of: date) -> str:
    visit = _last_visit(data, as_of)
    key = f"{rule}:{data.enrolment_id}"
    return f"{key}:after_visit:{visit.isoformat()}" if visit else key


def _result(
    rule: str,
    severity: str,
    key: str,
    data: PatientRuleInput,
    as_of: date,
    settings: RuleSettings,
    *,
    met: bool,
    inputs: dict,
    patient: str = "",
    staff: str = "",
    patient_prompt: bool = True,
) -> RuleResult:
    quiet = None
    if met:
        quiet = quiet_reason(
            rule,
            as_of,
            settings,
            last_completed_visit=_last_visit(data, as_of),
            not_now_dates=[day for r, day in data.not_now if r == rule and day <= as_of],
        )
    return RuleResult(
        rule=rule,
        fires=met and quiet is None,
        severity=severity,
        dedupe_key=key,
        inputs=inputs,
        patient_explanation=patient if met else "",
        staff_explanation=staff if met else "",
        met=met,
        quiet=quiet,
        patient_prompt=patient_prompt,
    )


def _change(fall: float) -> str:
    return f"a fall of {fall:.0%}" if fall >= 0 else f"a rise of {-fall:.0%}"


def _fall(baseline: float, value: float) -> float:
    """The fall from baseline as a fraction of it, rounded so that exactly 30% is 30%."""
    return round((baseline - value) / baseline, 6)


def persisting(data: PatientRuleInput, as_of: date, settings: RuleSettings) -> RuleResult:
    """Soon: from week 6, with at least two weekly PEGs after baseline and a baseline PEG of at
    least 3, the mean of the last two weekly PEGs has fallen by less than 30% of baseline."""
    week = _week(data, as_of)
    weekly = _weekly_pegs(data, as_of)
    baseline = weekly.get(0)
    after = [(w, p) for w, p in weekly.items() if 1 <= w <= week]
    recent = after[-settings.persisting_min_weekly_pegs :]
    inputs: dict = {"program_week": week, "baseline_peg": baseline, "weekly_pegs": dict(after)}
    met = (
        week >= settings.persisting_from_week
        and baseline is not None
        and baseline >= settings.persisting_baseline_floor
        and len(after) >= settings.persisting_min_weekly_pegs
    )
    patient = staff = ""
    if met:
        mean = sum(p for _, p in recent) / len(recent)
        fall = _fall(baseline, mean)
        inputs |= {"recent_mean": round(mean, 2), "fall": fall, "line": settings.peg_fall_line}
        met = fall < settings.peg_fall_line
        patient = (
            f"Your weekly pain score started at {_n(baseline)}. Your last {len(recent)} weekly "
            f"scores averaged {_n(mean)}. {ASK}"
        )
        staff = (
            f"Persisting symptoms in week {week}: baseline PEG {_n(baseline)}, mean of the last "
            f"{len(recent)} weekly PEGs {_n(mean)} (weeks {', '.join(str(w) for w, _ in recent)}), "
            f"{_change(fall)}, less than the {settings.peg_fall_line:.0%} fall line."
        )
    key = _episode(PERSISTING_RULE, data, as_of)
    return _result(
        PERSISTING_RULE, Severity.SOON, key, data, as_of, settings,
        met=met, inputs=inputs, patient=patient, staff=staff,
    )  # fmt: skip


def _peg_rising(weekly: dict[int, float], baseline: float, week: int, s: RuleSettings) -> list:
    after = [(w, p) for w, p in weekly.items() if 1 <= w <= week]
    run = after[-s.worsening_peg_weeks :]
    if len(run) < s.worsening_peg_weeks or run[-1][0] - run[0][0] != len(run) - 1:
        return []  # not enough weeks, or a week without a PEG breaks the run
    if all(round(p - baseline, 6) >= s.worsening_peg_rise for _, p in run):
        return run
    return []


def worsening(data: PatientRuleInput, as_of: date, settings: RuleSettings) -> RuleResult:
    """Soon: weekly PEG at least 1 point above baseline two weeks running, or the 7-day mean of
    daily pain at least 2 points above the baseline week's mean (7 days wholly after it, with
    enough check-ins in both)."""
    week = _week(data, as_of)
    weekly = _weekly_pegs(data, as_of)
    baseline = weekly.get(0)
    inputs: dict = {"program_week": week, "baseline_peg": baseline}
    patient = staff = ""
    run = _peg_rising(weekly, baseline, week, settings) if baseline is not None else []
    if run:
        inputs["rising_pegs"] = dict(run)
        scores = " and ".join(_n(p) for _, p in run)
        patient = (
            f"Your weekly pain score started at {_n(baseline)}. Your last {len(run)} weekly "
            f"scores were {scores}. {ASK}"
        )
        staff = (
            f"Worsening: weekly PEG {scores} in weeks {run[0][0]}-{run[-1][0]}, each at least "
            f"{_n(settings.worsening_peg_rise)} above the baseline PEG of {_n(baseline)}."
        )
    base_mean = recent = None
    if data.week1_start is not None and week >= 1:
        pain = [(c.local_date, c.pain) for c in data.check_ins if c.local_date <= as_of]
        base_mean = baseline_pain_mean(
            pain,
            start=data.start_date,
            end=data.week1_start,
            check_in_days_needed=settings.baseline_check_in_days,
            digits=None,  # rounded first, a rise of exactly 2 points fell short (bench/loop)
        )
        first = as_of - timedelta(days=settings.pain_window_days - 1)
        window = {d: p for d, p in pain if first <= d <= as_of and d > data.week1_start}
        if len(window) >= max(1, settings.pain_min_days):
            recent = sum(window.values()) / len(window)
    shown = round(base_mean, 2) if base_mean is not None else None
    inputs |= {"baseline_pain_mean": shown, "pain_mean_7d": recent}
    pain_met = (
        base_mean is not None
        and recent is not None
        and round(recent - base_mean, 6) >= settings.worsening_pain_rise
    )
    if pain_met and not run:
        patient = (
            f"Your daily pain in your first week averaged {_n(base_mean)}. Over the last "
            f"{settings.pain_window_days} days it averaged {_n(recent)}. {ASK}"
        )
    if pain_met:
        staff = (staff + " " if staff else "Worsening: ") + (
            f"7-day mean daily pain {_n(recent)}, at least {_n(settings.worsening_pain_rise)} "
            f"above the baseline week's mean of {_n(base_mean)}."
        )
    key = _episode(WORSENING_RULE, data, as_of)
    return _result(
        WORSENING_RULE, Severity.SOON, key, data, as_of, settings,
        met=bool(run) or pain_met, inputs=inputs, patient=patient, staff=staff,
    )  # fmt: skip


def end_of_program(data: PatientRuleInput, as_of: date, settings: RuleSettings) -> RuleResult:
    """Routine: week 12 reached with less than a 30% fall from the baseline PEG to the latest."""
    week = _week(data, as_of)
    weekly = _weekly_pegs(data, as_of)
    baseline = weekly.get(0)
    after = [(w, p) for w, p in weekly.items() if 1 <= w <= week]
    inputs: dict = {"program_week": week, "baseline_peg": baseline}
    met = (
        week >= settings.end_of_program_week
        and baseline is not None
        and baseline >= settings.persisting_baseline_floor
        and bool(after)
    )
    patient = staff = ""
    if met:
        latest_week, latest = after[-1]
        fall = _fall(baseline, latest)
        inputs |= {"latest_peg": latest, "latest_week": latest_week, "fall": fall}
        met = fall < settings.peg_fall_line
        patient = (
            f"You have reached week {week}. Your weekly pain score started at {_n(baseline)} "
            f"and your latest was {_n(latest)}. Your care team would like to talk about what "
            "comes next."
        )
        staff = (
            f"End of program (week {week}): baseline PEG {_n(baseline)}, latest {_n(latest)} "
            f"(week {latest_week}), {_change(fall)}, less than the "
            f"{settings.peg_fall_line:.0%} fall line."
        )
    key = f"{END_OF_PROGRAM_RULE}:{data.enrolment_id}"
    if visit := _last_visit(data, as_of):
        key += f":after_visit:{visit.isoformat()}"
    return _result(
        END_OF_PROGRAM_RULE, Severity.ROUTINE, key, data, as_of, settings,
        met=met, inputs=inputs, patient=patient, staff=staff,
    )  # fmt: skip


def mood(data: PatientRuleInput, as_of: date, settings: RuleSettings) -> list[RuleResult]:
    """Soon or routine, per questionnaire: the latest PHQ-9 and GAD-7 on or before ``as_of``."""
    results = []
    for code in MOOD_INSTRUMENTS:
        taken = [q for q in data.questionnaires if q.instrument == code and q.local_date <= as_of]
        latest = max(taken, key=lambda q: q.local_date, default=None)
        spec = None
        if latest is not None:
            spec = mood_flag(
                code,
                latest.total,
                latest.local_date,
                program_week=latest.week,
                soon_at=settings.mood_soon_at,
                routine_at=settings.mood_routine_at,
            )
        severity = spec.severity if spec else Severity.ROUTINE
        patient = mood_patient_text(code, latest.local_date) if latest is not None else ""
        results.append(
            _result(
                MOOD_RULE,
                severity,
                f"{MOOD_RULE}:{code}",
                data,
                as_of,
                settings,
                met=spec is not None,
                inputs=spec.inputs if spec else {"instrument": code},
                patient=patient,
                staff=spec.explanation if spec else "",
                patient_prompt=severity == Severity.SOON,
            )  # fmt: skip
        )
    return results


def low_adherence(data: PatientRuleInput, as_of: date, settings: RuleSettings) -> RuleResult:
    """Routine, for the coordinator only: no check-in for 5 days, paused days not counted ("a
    program can be paused without counting as missed"), and never while it is paused."""
    last = max((c.local_date for c in data.check_ins if c.local_date <= as_of), default=None)
    since = last or data.start_date - timedelta(days=1)
    off = {d for d in paused_dates(data.plan_events, as_of) if since < d <= as_of}
    days = (as_of - since).days - len(off)
    paused = pause_state(data.plan_events, as_of)[0]
    met = as_of >= data.start_date and not paused and days >= settings.low_adherence_days
    inputs = {
        "last_check_in": last.isoformat() if last else None,
        "days_without": days,
        "paused": paused,
    }
    patient = (
        f"We have not had a check-in from you for {days} days. Your care team may reach out to "
        "see how you are doing."
    )
    not_counted = f", not counting {len(off)} paused days" if off else ""
    staff = (
        f"No check-in for {days} days{not_counted} "
        f"(last one: {last.isoformat() if last else 'none yet'})."
    )
    key = f"{LOW_ADHERENCE_RULE}:{data.enrolment_id}:{since.isoformat()}"
    return _result(
        LOW_ADHERENCE_RULE, Severity.ROUTINE, key, data, as_of, settings,
        met=met, inputs=inputs, patient=patient, staff=staff, patient_prompt=False,
    )  # fmt: skip
