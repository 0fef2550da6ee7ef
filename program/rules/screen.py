"""The cohort run's screen: which flags a patient's tunable rules fire, with the numbers each would
store, from a few numbers per patient instead of every row recorded.

``db.rules.run_all`` reads each patient's ``Summary`` set-based (db/cohort_rule_inputs.py) and asks
``fired`` what fires; a patient whose fired flags are all already open with the same numbers needs
no write and is done. Only the others are evaluated by ``evaluate_patient`` (program.rules.follow_up,
the rules' one definition), whose results are what is written: the screen never writes a flag
itself, it only spares the full evaluation of the patients nothing changed for.

Each number below is worked out exactly as program/rules/follow_up.py does it (the same order of
sums, the same rounding), and ``fired`` returns a flag's inputs as they are stored (JSON: string
keys). tests/db/test_rule_screen.py checks both agree, flag by flag, on random cohorts. Warning
signs and PHQ-9 item 9 are not here: their flags are written with the patient's save, and the
cohort run writes neither. Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from program.curriculum import PlanEventRef, pause_state, paused_dates, program_week
from program.rules.flags import MOOD_INSTRUMENTS, MOOD_RULE, mood_flag
from program.rules.quiet import (
    END_OF_PROGRAM_RULE,
    LOW_ADHERENCE_RULE,
    PERSISTING_RULE,
    WORSENING_RULE,
    quiet_reason,
)
from program.rules.settings import RuleSettings


@dataclass(slots=True)
class Summary:
    """What the tunable rules read of one patient's current enrolment on ``day``.

    Everything is already kept to the enrolment (recorded on or after ``start_date``) and to the
    day (on or before ``day``), as the rules keep it.
    """

    patient_id: int
    enrolment_id: int
    start_date: date
    week1_start: date | None
    day: date
    plan_events: tuple[PlanEventRef, ...] = ()
    # The latest PEG total of each program week, by week, lowest week first.
    weekly_pegs: dict[int, float] = field(default_factory=dict)
    # The baseline week's check-ins (start_date to week1_start): (how many, sum of pain).
    baseline_pain: tuple[int, int] = (0, 0)
    # Check-ins after week1_start in the last N days, by N (the pain windows asked for).
    pain_windows: dict[int, tuple[int, int]] = field(default_factory=dict)
    last_check_in: date | None = None
    # The latest PHQ-9 and GAD-7: instrument -> (local date, total, program week).
    moods: dict[str, tuple[date, float, int | None]] = field(default_factory=dict)
    completed_visits: tuple[date, ...] = ()
    not_now: tuple[tuple[str, date], ...] = ()


def fired(p: Summary, s: RuleSettings) -> list[tuple[str, dict[str, Any]]]:
    """(dedupe key, inputs as stored) of each tunable rule that fires for ``p`` on ``p.day``."""
    day = p.day
    week = (
        program_week(p.week1_start, day, p.plan_events)
        if p.plan_events
        else _week(p.week1_start, day)
    )
    baseline = p.weekly_pegs.get(0)
    after = [(w, total) for w, total in p.weekly_pegs.items() if 1 <= w <= week]
    visit = max((d for d in p.completed_visits if d <= day), default=None)
    episode = f":after_visit:{visit.isoformat()}" if visit else ""
    found: list[tuple[str, dict[str, Any]]] = []

    def add(rule: str, key: str, inputs: dict[str, Any]) -> None:
        not_now = [d for r, d in p.not_now if r == rule and d <= day]
        if quiet_reason(rule, day, s, last_completed_visit=visit, not_now_dates=not_now) is None:
            found.append((key, inputs))

    floor = s.persisting_baseline_floor
    if (
        week >= s.persisting_from_week
        and baseline is not None
        and baseline >= floor
        and len(after) >= s.persisting_min_weekly_pegs
    ):
        recent = after[-s.persisting_min_weekly_pegs :]
        mean = sum(total for _, total in recent) / len(recent)
        fall = round((baseline - mean) / baseline, 6)
        if fall < s.peg_fall_line:
            weeks = {str(w): total for w, total in after}
            inputs = {"program_week": week, "baseline_peg": baseline, "weekly_pegs": weeks}
            inputs |= {"recent_mean": round(mean, 2), "fall": fall, "line": s.peg_fall_line}
            add(PERSISTING_RULE, f"{PERSISTING_RULE}:{p.enrolment_id}{episode}", inputs)

    worsening = _worsening(p, s, week, baseline, after)
    if worsening is not None:
        add(WORSENING_RULE, f"{WORSENING_RULE}:{p.enrolment_id}{episode}", worsening)

    if week >= s.end_of_program_week and baseline is not None and baseline >= floor and after:
        latest_week, latest = after[-1]
        fall = round((baseline - latest) / baseline, 6)
        if fall < s.peg_fall_line:
            inputs = {"program_week": week, "baseline_peg": baseline, "latest_peg": latest}
            inputs |= {"latest_week": latest_week, "fall": fall}
            add(END_OF_PROGRAM_RULE, f"{END_OF_PROGRAM_RULE}:{p.enrolment_id}{episode}", inputs)

    for code in MOOD_INSTRUMENTS:
        if (latest_mood := p.moods.get(code)) is not None:
            taken_on, total, taken_week = latest_mood
            spec = mood_flag(
                code,
                total,
                taken_on,
                program_week=taken_week,
                soon_at=s.mood_soon_at,
                routine_at=s.mood_routine_at,
            )
            if spec is not None:
                add(MOOD_RULE, f"{MOOD_RULE}:{code}", spec.inputs)

    since = p.last_check_in or p.start_date - timedelta(days=1)
    off = [d for d in paused_dates(p.plan_events, day) if since < d] if p.plan_events else []
    days = (day - since).days - len(off)  # paused days are not missed ones
    paused = pause_state(p.plan_events, day)[0] if p.plan_events else False
    if day >= p.start_date and not paused and days >= s.low_adherence_days:
        last = p.last_check_in.isoformat() if p.last_check_in else None
        inputs = {"last_check_in": last, "days_without": days, "paused": paused}
        add(
            LOW_ADHERENCE_RULE, f"{LOW_ADHERENCE_RULE}:{p.enrolment_id}:{since.isoformat()}", inputs
        )
    return found


@cache
def _week(week1_start: date | None, day: date) -> int:
    """The program week without pauses (many patients share their week 1 and their day)."""
    return program_week(week1_start, day)


def _worsening(
    p: Summary, s: RuleSettings, week: int, baseline: float | None, after: list
) -> dict[str, Any] | None:
    """The worsening rule's stored inputs when its numbers are met, else None."""
    run = []
    if baseline is not None:
        last = after[-s.worsening_peg_weeks :]
        if (
            len(last) >= s.worsening_peg_weeks
            and last[-1][0] - last[0][0] == len(last) - 1
            and all(round(total - baseline, 6) >= s.worsening_peg_rise for _, total in last)
        ):
            run = last
    base_mean = recent = None
    if p.week1_start is not None and week >= 1:
        count, total = p.baseline_pain
        if count >= max(1, s.baseline_check_in_days):
            base_mean = total / count  # exact: a rise of exactly 2 points is met
        count, total = p.pain_windows.get(s.pain_window_days, (0, 0))
        if count >= max(1, s.pain_min_days):
            recent = total / count
    pain_met = (
        base_mean is not None
        and recent is not None
        and round(recent - base_mean, 6) >= s.worsening_pain_rise
    )
    if not run and not pain_met:
        return None
    inputs: dict[str, Any] = {"program_week": week, "baseline_peg": baseline}
    if run:
        inputs["rising_pegs"] = {str(w): total for w, total in run}
    shown = round(base_mean, 2) if base_mean is not None else None
    return inputs | {"baseline_pain_mean": shown, "pain_mean_7d": recent}
