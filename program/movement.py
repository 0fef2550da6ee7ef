"""Graded movement: flare days, the weekly pacing rule, clinician overrides (CLINICAL.md).

Pure: the caller passes dates, check-ins and plan events. The rule, at the end of each program
week: no flare day in the week -> up one level; a flare day and at least two flare *episodes*
starting within the 14 days ending on the week's last day -> down one level (never below the
floor); a flare day otherwise -> hold. The target at level k is ``baseline * (start + k * step)``,
80% + k * 10% by default; week 1 is level 0.

Paused days are removed first: weeks are runs of 7 days the program was running (as in
``program.curriculum``), the 14-day window counts running days, and an episode is a run of flare
days that follow each other once paused days are taken out (a pause never splits or joins
anything by itself). Flare days before week 1 (the baseline week) count towards week 1's window.
Wording for patients (rounding and the one-line *why*) is in ``program.movement_wording``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol, TypeVar

from program.defaults import DEFAULTS

_EPSILON = 1e-9


class CheckInLike(Protocol):
    """What flare detection reads from a daily check-in."""

    @property
    def pain(self) -> int | None: ...

    @property
    def flare(self) -> bool: ...


class LevelOverrideLike(Protocol):
    """A clinician's "set the movement level" plan event."""

    @property
    def effective_date(self) -> date: ...

    @property
    def level(self) -> int: ...

    @property
    def reason(self) -> str: ...

    @property
    def sequence(self) -> int: ...


class StepChangeLike(Protocol):
    """A clinician's "change the step" plan event: each level is this share of the baseline."""

    @property
    def effective_date(self) -> date: ...

    @property
    def step_fraction(self) -> float: ...

    @property
    def sequence(self) -> int: ...


class _DatedLike(Protocol):
    @property
    def effective_date(self) -> date: ...

    @property
    def sequence(self) -> int: ...


_Dated = TypeVar("_Dated", bound=_DatedLike)


@dataclass(frozen=True)
class LevelOverride:
    effective_date: date
    level: int  # 0 = the starting level (80%), -3 = 50%, 2 = 100% with the defaults
    reason: str = ""
    sequence: int = 0  # creation order, breaks ties between overrides of the same day


@dataclass(frozen=True)
class StepChange:
    effective_date: date
    step_fraction: float  # 0.1 = each level is 10% of the baseline
    reason: str = ""
    sequence: int = 0


class Change(StrEnum):
    """Why a week's level is what it is (the *why* line words each one)."""

    START = "start"  # week 1
    UP = "up"  # the week before went without a flare
    HOLD = "hold"  # the week before had a flare
    HOLD_LESS = "hold_less"  # no flare, but the patient did less than planned on most days
    DOWN = "down"  # two flare episodes close together
    AT_FLOOR = "at_floor"  # two episodes close together, already at the lowest level
    CLINICIAN = "clinician"  # a clinician set the level


@dataclass(frozen=True)
class WeekTarget:
    week: int
    first_day: date
    last_day: date
    level: int
    target: float  # unrounded; see program.movement_wording.rounded
    change: Change
    reason: str = ""  # the clinician's reason, for Change.CLINICIAN


def flare_days(
    check_ins: Mapping[date, CheckInLike],
    *,
    rise: int = DEFAULTS.flare_pain_rise,
    window_days: int = DEFAULTS.flare_pain_window_days,
    min_days: int = DEFAULTS.flare_pain_min_days,
    run_days: int = DEFAULTS.flare_run_days,
) -> set[date]:
    """Days that count as flare days: a reported flare, or a run of high-pain days.

    A day's pain is high when it is at least ``rise`` points above the mean pain of the
    ``window_days`` days before it (not counting the day), and only when at least ``min_days`` of
    those days have a check-in with a pain answer. ``run_days`` high days in a row are all flare
    days; a single high day is not.
    """
    pains = {day: c.pain for day, c in check_ins.items() if c.pain is not None}
    high: set[date] = set()
    for day, pain in pains.items():
        before = [
            pains[d] for n in range(1, window_days + 1) if (d := day - timedelta(days=n)) in pains
        ]
        if len(before) >= min_days and pain >= sum(before) / len(before) + rise - _EPSILON:
            high.add(day)
    flares = {day for day, c in check_ins.items() if c.flare}
    for day in high:
        run = [day + timedelta(days=n) for n in range(run_days)]
        if all(d in high for d in run):
            flares.update(run)
    return flares


def _running_days(start: date, count: int, paused: set[date], step: int) -> list[date]:
    """``count`` days the program was running, from ``start`` going forward (1) or back (-1)."""
    days: list[date] = []
    day = start
    while len(days) < count:
        if day not in paused:
            days.append(day)
        day += timedelta(days=step)
    return days


@dataclass(frozen=True)
class PacingRule:
    """The design-choice numbers of the pacing rule (CLINICAL.md), as ``program.defaults`` has them."""

    start_fraction: float = DEFAULTS.movement_start_fraction
    step_fraction: float = DEFAULTS.movement_step_fraction
    floor_fraction: float = DEFAULTS.movement_floor_fraction
    window_days: int = DEFAULTS.movement_window_days
    episodes_to_step_back: int = DEFAULTS.movement_episodes_to_step_back

    def check(self) -> None:
        if self.step_fraction <= 0 or not 0 < self.floor_fraction <= self.start_fraction:
            raise ValueError("The movement plan needs a step above 0 and 0 < floor <= start.")


def program_weeks(
    week1_start: date, weeks: int, paused_days: Iterable[date] = ()
) -> list[tuple[date, date]]:
    """The first and last day of weeks 1..weeks: runs of 7 days the program was running."""
    running = _running_days(week1_start, 7 * weeks, set(paused_days), 1)
    return [(running[7 * n], running[7 * n + 6]) for n in range(weeks)]


def weekly_plan(
    baseline: float,
    week1_start: date,
    flare_days: Iterable[date],
    weeks: int = 12,
    *,
    paused_days: Iterable[date] = (),
    hold_after: Iterable[int] = (),
    overrides: Iterable[LevelOverrideLike] = (),
    step_changes: Iterable[StepChangeLike] = (),
    rule: PacingRule | None = None,
) -> list[WeekTarget]:
    """Weeks 1..weeks: dates, level, unrounded target and why, with clinician changes applied.

    An override sets the level of the program week holding its effective date (a paused date
    counts for the next running day; a date before week 1 for week 1); the newest override of a
    week wins, and the rule carries on from the clinician's level at the end of that week. A
    clinician may set a level below the floor; the rule then never steps further down. A step
    change makes each later step (up or back) that share of the baseline, from the week holding
    its date; the target of that week stays where the rule put it. Level k of an override is
    ``start + k * step`` with the step in force that week.
    """
    rule = rule or PacingRule()
    rule.check()
    if baseline < 0 or weeks < 0:
        raise ValueError("The baseline and the number of weeks cannot be negative.")
    paused = set(paused_days)
    running = _running_days(week1_start, 7 * weeks, paused, 1)
    flares = set(flare_days) - paused
    earliest = min([week1_start, *flares])
    back = len([d for d in _days_between(earliest, week1_start) if d not in paused])
    before = _running_days(week1_start - timedelta(days=1), max(back, rule.window_days), paused, -1)
    timeline = before[::-1] + running
    index = {day: i - len(before) for i, day in enumerate(timeline)}
    flare_index = {index[d] for d in flares if d in index}
    episode_starts = {i for i in flare_index if i - 1 not in flare_index}
    week_overrides = _by_week(overrides, running, weeks)
    week_steps = _by_week(step_changes, running, weeks)

    plan: list[WeekTarget] = []
    level, change, reason = 0, Change.START, ""
    share, step = rule.start_fraction, rule.step_fraction
    no_rise = set(hold_after)
    for week in range(1, weeks + 1):
        if week in week_steps:
            step = week_steps[week].step_fraction
            if step <= 0:
                raise ValueError("A step change needs a step above 0.")
        if week in week_overrides:
            chosen = week_overrides[week]
            level, change, reason = chosen.level, Change.CLINICIAN, chosen.reason
            share = round(rule.start_fraction + level * step, 9)
        if share <= 0:
            raise ValueError(f"Level {level} would give a target of zero or less.")
        first, last = 7 * (week - 1), 7 * week - 1
        plan.append(
            WeekTarget(
                week=week,
                first_day=running[first],
                last_day=running[last],
                level=level,
                target=baseline * share,
                change=change,
                reason=reason,
            )
        )
        reason = ""
        if not any(first <= i <= last for i in flare_index):
            if week in no_rise:
                change = Change.HOLD_LESS
            else:
                level, share, change = level + 1, round(share + step, 9), Change.UP
        elif sum(last - rule.window_days < i <= last for i in episode_starts) >= (
            rule.episodes_to_step_back
        ):
            if share - step >= rule.floor_fraction - _EPSILON:
                level, share, change = level - 1, round(share - step, 9), Change.DOWN
            else:
                change = Change.AT_FLOOR
        else:
            change = Change.HOLD
    return plan


def weekly_targets(
    baseline: float,
    week1_start: date,
    flare_days: Iterable[date],
    weeks: int = 12,
    *,
    paused_days: Iterable[date] = (),
    hold_after: Iterable[int] = (),
    start_fraction: float = DEFAULTS.movement_start_fraction,
    step_fraction: float = DEFAULTS.movement_step_fraction,
    floor_fraction: float = DEFAULTS.movement_floor_fraction,
    window_days: int = DEFAULTS.movement_window_days,
    episodes_to_step_back: int = DEFAULTS.movement_episodes_to_step_back,
) -> list[float]:
    """The unrounded targets of weeks 1..weeks by the rule alone (no clinician overrides)."""
    rule = PacingRule(
        start_fraction, step_fraction, floor_fraction, window_days, episodes_to_step_back
    )
    plan = weekly_plan(
        baseline,
        week1_start,
        flare_days,
        weeks,
        paused_days=paused_days,
        hold_after=hold_after,
        rule=rule,
    )
    return [week.target for week in plan]


def apply_overrides(
    baseline: float,
    week1_start: date,
    flare_days: Iterable[date],
    overrides: Iterable[LevelOverrideLike],
    weeks: int = 12,
    *,
    paused_days: Iterable[date] = (),
    hold_after: Iterable[int] = (),
    step_changes: Iterable[StepChangeLike] = (),
) -> list[WeekTarget]:
    """The plan with a clinician's level overrides and step changes (plan events), with reasons."""
    return weekly_plan(
        baseline,
        week1_start,
        flare_days,
        weeks,
        paused_days=paused_days,
        hold_after=hold_after,
        overrides=overrides,
        step_changes=step_changes,
    )


def week_of(plan: Sequence[WeekTarget], day: date) -> WeekTarget | None:
    """The plan's week holding ``day`` (None before week 1, after the last week, or if paused)."""
    for week in plan:
        if week.first_day <= day <= week.last_day:
            return week
    return None


def _days_between(first: date, stop: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((stop - first).days)]


def _by_week(events: Iterable[_Dated], running: Sequence[date], weeks: int) -> dict[int, _Dated]:
    """The newest event of each week; a paused date belongs to the next running day."""
    chosen: dict[int, _Dated] = {}
    for event in sorted(events, key=lambda e: (e.effective_date, e.sequence)):
        week = bisect_left(running, event.effective_date) // 7 + 1
        if week <= weeks:
            chosen[week] = event
    return chosen
