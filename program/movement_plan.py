"""One chosen exercise's plan on a patient's day, from what the store holds (pure).

The store passes plain values: the exercise's baseline days, its logs, the patient's flare days,
the enrolment's plan events, the program's week 1 and the local date. This module turns them into
the engine's inputs (``program.movement``) and says what the Move screen shows:

- **Baseline.** The baseline is the mean of the first three days of comfortable tolerance
  (``DEFAULTS.movement_baseline_days``). Three days logged in the baseline week start the
  exercise's plan with week 1. A patient already past the baseline week (or choosing a new
  exercise later) logs three baseline days first; the plan then starts with the next program
  week, at 80% of their mean, and until that week starts the screen shows the starting target.
  Program weeks stay the one weekly rhythm for every exercise, so "last week" means one thing.
- **Hold after "less".** A week in which "less than planned" was logged on more than half the
  days the exercise was logged holds instead of stepping up (``held_weeks``).
- **Pauses.** Paused days come from pause and resume events; a pause with a planned end
  (``until``) ends by itself after that day unless another pause or resume came first.
- **Clinician changes.** ``movement_level`` events (for one exercise, or all when no exercise is
  named) and ``movement_step`` events apply from their effective date (``apply_overrides``).
- **After the last week** (maintenance) the target stays at the level of the last program week;
  a clinician's level set after that still applies.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from program import movement_wording as words
from program.curriculum import PlanEventRef, pause_state, paused_dates
from program.defaults import DEFAULTS
from program.exercises import library_by_slug
from program.movement import (
    Change,
    LevelOverride,
    PacingRule,
    StepChange,
    WeekTarget,
    apply_overrides,
    program_weeks,
    week_of,
)
from program.vocabulary import ExerciseUnit, MovementResult, PlanEventKind

MAX_AMOUNT = 500  # the most minutes or reps one entry holds: more is a typing slip
MAX_CHOSEN = 5  # exercises a patient works on at one time


class MoveState(StrEnum):
    """Where one chosen exercise stands on a day."""

    BASELINE = "baseline"  # fewer than three baseline days so far
    WAITING = "waiting"  # baseline done, the program's week 1 has not started yet
    TARGET = "target"  # a target for today
    PAUSED = "paused"  # the program is paused today: no target


@dataclass(frozen=True)
class ExerciseDay:
    """What the Move screen shows for one chosen exercise on one day."""

    state: MoveState
    baseline_days: int  # baseline days logged so far
    baseline: float | None = None  # their mean, once complete
    target: int | None = None  # today's target, rounded as the patient sees it
    why: str = ""  # the one-line why, worded from the rounded numbers
    note: str = ""  # a clinician's step change this week, with their reason
    starts_on: date | None = None  # the first day of the exercise's week 1
    maintenance: bool = False  # after the program's last week: the level reached stays
    plan: tuple[WeekTarget, ...] = field(default=(), repr=False)  # its weeks 1..n on the plan
    this_week: WeekTarget | None = None  # the plan week holding today (None outside the plan)
    share: float | None = None  # today's target as a share of the baseline (0.8 = 80%)


def with_planned_ends(events: Iterable[PlanEventRef]) -> list[PlanEventRef]:
    """The events plus a resume the day after each pause's planned end (``until``).

    The planned end holds unless the next pause or resume event comes first (an early resume, or
    a new pause that sets its own end).
    """
    events = list(events)
    pauses = sorted(
        (e for e in events if e.kind in (PlanEventKind.PAUSE, PlanEventKind.RESUME)),
        key=lambda e: (e.effective_date, e.sequence),
    )
    extra = []
    for event, following in zip(pauses, [*pauses[1:], None], strict=False):
        if event.kind != PlanEventKind.PAUSE or event.until is None:
            continue
        end = event.until + timedelta(days=1)
        if following is None or following.effective_date > event.until:
            extra.append(PlanEventRef(PlanEventKind.RESUME, end, sequence=event.sequence))
    return events + extra


def paused_on(events: Iterable[PlanEventRef], day: date) -> tuple[bool, str]:
    """(paused on ``day``, the pause's reason), a pause's planned end included."""
    paused, reason, _ = pause_state(with_planned_ends(events), day)
    return paused, reason


def paused_days(events: Iterable[PlanEventRef], until: date) -> set[date]:
    """Every date up to ``until`` on which the program was paused, planned ends included."""
    return paused_dates(with_planned_ends(events), until)


def baseline_mean(
    amounts: Sequence[float], *, days_needed: int = DEFAULTS.movement_baseline_days
) -> float | None:
    """The mean of the first ``days_needed`` baseline days (oldest first); None until there."""
    if len(amounts) < days_needed:
        return None
    return sum(amounts[:days_needed]) / days_needed


def first_plan_day(completed_on: date, week1_start: date, paused: set[date]) -> tuple[date, int]:
    """(first day, program week) of the first program week that starts after ``completed_on``.

    Baseline days in the baseline week (before ``week1_start``) start the plan with week 1.
    """
    if completed_on < week1_start:
        return week1_start, 1
    day, running = week1_start, 0
    while True:
        if day not in paused:
            if running % 7 == 0 and day > completed_on:
                return day, running // 7 + 1
            running += 1
        day += timedelta(days=1)


def held_weeks(
    weeks: Sequence[tuple[date, date]],
    results: Mapping[date, MovementResult | str],
    *,
    less_share: float = DEFAULTS.movement_less_share,
) -> set[int]:
    """Weeks (1-based) in which "less than planned" was more than ``less_share`` of the logs."""
    held = set()
    for number, (first, last) in enumerate(weeks, start=1):
        logged = [result for day, result in results.items() if first <= day <= last]
        less = sum(result == MovementResult.LESS for result in logged)
        if logged and less > less_share * len(logged):
            held.add(number)
    return held


def level_overrides(events: Iterable[PlanEventRef], exercise: str) -> list[LevelOverride]:
    """The clinician's movement levels for ``exercise`` (or for every exercise), oldest first."""
    return [
        LevelOverride(e.effective_date, int(e.details["level"]), e.reason, e.sequence)
        for e in events
        if e.kind == PlanEventKind.MOVEMENT_LEVEL and e.details.get("exercise") in (None, exercise)
    ]


def step_changes(events: Iterable[PlanEventRef]) -> list[StepChange]:
    """The clinician's step sizes (percent of the baseline per level), oldest first."""
    return [
        StepChange(e.effective_date, int(e.details["step_percent"]) / 100, e.reason, e.sequence)
        for e in events
        if e.kind == PlanEventKind.MOVEMENT_STEP
    ]


def _newest(items: Iterable, day: date):
    dated = [i for i in items if i.effective_date <= day]
    return max(dated, key=lambda i: (i.effective_date, i.sequence)) if dated else None


def lowest_level(events: Iterable[PlanEventRef], rule: PacingRule | None = None) -> int:
    """The lowest level a clinician may set: a target above zero with every step size in use."""
    rule = rule or PacingRule()
    biggest = max([rule.step_fraction, *(s.step_fraction for s in step_changes(events))])
    return math.floor(-rule.start_fraction / biggest + 1e-9) + 1


def step_percent_on(events: Iterable[PlanEventRef], day: date) -> int:
    """Each level's share of the baseline on ``day``, in percent (the newest step change)."""
    newest = _newest(step_changes(events), day)
    return round((newest.step_fraction if newest else PacingRule().step_fraction) * 100)


def _step_note(steps: Sequence[StepChange], week: WeekTarget | None, day: date) -> str:
    """The clinician's new step size, in the week it takes effect."""
    newest = _newest(steps, day)
    if newest is None or week is None:
        return ""
    if newest.effective_date < week.first_day and week.week != 1:
        return ""
    return words.step_note(round(newest.step_fraction * 100), newest.reason)


def exercise_day(
    *,
    unit: ExerciseUnit | str,
    baseline_days: Sequence[tuple[date, float]],
    results: Mapping[date, MovementResult | str],
    flare_days: Iterable[date],
    events: Sequence[PlanEventRef],
    exercise: str,
    week1_start: date | None,
    weeks: int,
    day: date,
) -> ExerciseDay:
    """One chosen exercise on the patient's local ``day``: baseline, target and why, or a pause.

    ``baseline_days`` are (date, amount) oldest first; ``results`` the logged "as planned / less
    / more" by date; ``events`` the enrolment's plan events (pauses and movement changes).
    """
    needed = DEFAULTS.movement_baseline_days
    mean = baseline_mean([amount for _, amount in baseline_days])
    done = min(len(baseline_days), needed)
    if mean is None:
        return ExerciseDay(MoveState.BASELINE, done)
    rule = PacingRule()
    if week1_start is None:
        first = words.rounded(mean * rule.start_fraction, unit)
        return ExerciseDay(
            MoveState.WAITING,
            done,
            mean,
            first,
            words.starts_at(first, unit),
            share=rule.start_fraction,
        )
    horizon = max(day, week1_start) + timedelta(days=7 * (weeks + 1))
    paused = paused_days(events, horizon)
    start, start_week = first_plan_day(baseline_days[needed - 1][0], week1_start, paused)
    count = max(0, weeks - start_week + 1)
    overrides, steps = level_overrides(events, exercise), step_changes(events)
    plan = tuple(
        apply_overrides(
            mean,
            start,
            flare_days,
            overrides,
            count,
            paused_days=paused,
            hold_after=held_weeks(program_weeks(start, count, paused), results),
            step_changes=steps,
        )
    )
    common = dict(baseline_days=done, baseline=mean, starts_on=start, plan=plan)
    if paused_on(events, day)[0]:
        return ExerciseDay(MoveState.PAUSED, **common)
    if day < start:  # baseline done after week 1 began: the plan starts with the next week
        share = plan[0].target / mean if plan else rule.start_fraction
        target = words.rounded(mean * share, unit)
        line = (
            words.why(plan[0], None, unit)
            if plan and plan[0].change == Change.CLINICIAN
            else words.starts_at(target, unit)
        )
        return ExerciseDay(MoveState.TARGET, why=line, target=target, share=share, **common)
    this = week_of(plan, day)
    if this is not None:
        last = plan[this.week - 2] if this.week > 1 else None
        return ExerciseDay(
            MoveState.TARGET,
            target=words.rounded(this.target, unit),
            why=words.why(this, last, unit),
            note=_step_note(steps, this, day),
            this_week=this,
            share=this.target / mean if mean else rule.start_fraction,
            **common,
        )
    # After the program's last week: the level reached stays, unless a clinician sets another.
    share = plan[-1].target / mean if plan and mean else rule.start_fraction
    end = plan[-1].last_day if plan else start - timedelta(days=1)
    chosen = _newest([o for o in overrides if o.effective_date > end], day)
    if chosen is not None:
        step = _newest(steps, day)
        share = rule.start_fraction + chosen.level * (
            step.step_fraction if step else rule.step_fraction
        )
        if share <= 0:
            raise ValueError(f"Level {chosen.level} would give a target of zero or less.")
    target = words.rounded(mean * share, unit)
    line = (
        words.clinician_set(target, unit, chosen.reason)
        if chosen is not None
        else words.maintenance(target, unit)
    )
    return ExerciseDay(
        MoveState.TARGET, why=line, target=target, maintenance=True, share=share, **common
    )


def movement_change_problem(
    events: Iterable[PlanEventRef], kind: str, details: Mapping[str, object]
) -> str | None:
    """Why a clinician's movement level or step cannot be stored, in words they can act on.

    A level (alone, or with a step size in use) must leave a target above zero, and an exercise
    named must be one of the library's.
    """
    events = list(events)
    if kind == PlanEventKind.MOVEMENT_LEVEL:
        exercise = details.get("exercise")
        if exercise is not None and exercise not in library_by_slug():
            return "Please choose an exercise from the library, or all exercises."
        lowest = lowest_level(events)
        if int(details["level"]) < lowest:  # type: ignore[call-overload]
            return (
                f"That level would leave no target at all. Please choose level {lowest} or higher."
            )
    if kind == PlanEventKind.MOVEMENT_STEP:
        step = PlanEventRef(kind, date.min, details=dict(details))
        lowest = lowest_level([*events, step])
        set_levels = [
            int(e.details["level"])
            for e in events
            if e.kind == PlanEventKind.MOVEMENT_LEVEL and int(e.details["level"]) < lowest
        ]
        if set_levels:
            return (
                f"A step that big would leave no target at level {min(set_levels)}, which is set "
                "now. Please set a higher level first, or choose a smaller step."
            )
    return None


def levels_reached(
    shown: ExerciseDay, unit: ExerciseUnit | str, day: date
) -> tuple[int, int] | None:
    """(first target, target now), rounded, for Progress; None before the baseline is done.

    During a pause "now" is the last week's target before it (the plan waits there).
    """
    if shown.baseline is None:
        return None
    started = [week for week in shown.plan if week.first_day <= day]
    first = words.rounded(shown.plan[0].target, unit) if shown.plan else shown.target
    if shown.target is not None:
        now = shown.target
    elif started:
        now = words.rounded(started[-1].target, unit)
    else:
        now = first
    if first is None or now is None:
        return None
    return first, now
