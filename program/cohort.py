"""Synthetic patients for load tests and triage practice: realistic, reproducible, pure Python.

One patient's whole history comes from one ``random.Random`` seeded with (cohort seed, patient
number), so the same seed gives the same cohort however it is cut into chunks. Nobody here is
real: names come from short lists, phone numbers are 555-01xx (reserved for fiction).

Trajectories (CLINICAL.md anchors): *improving* (daily pain and PEG fall 30-60% over the twelve
weeks), *flat* (within about 15%), *worsening* (up 1.5-3 points), and *dropping out* (checks in
less and less, then stops; a third of them are withdrawn). Daily check-ins are missed at random
(each patient has an adherence of their own), flares come as short runs, the PEG is weekly,
PHQ-9 and GAD-7 every 4 weeks, the CSI at baseline, week 6 and week 12 (``program.measures``).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

import numpy as np

from program.measures import SCHEDULE, schedule_due
from program.vocabulary import EnrolmentStatus, QuestionnaireCode

IMPROVING, FLAT, WORSENING, DROPPING_OUT = "improving", "flat", "worsening", "dropping_out"
# Shares of each trajectory (design choice: a clinic where most patients do some good).
TRAJECTORIES: tuple[tuple[str, float], ...] = (
    (IMPROVING, 0.35),
    (FLAT, 0.30),
    (WORSENING, 0.15),
    (DROPPING_OUT, 0.20),
)
TIMEZONES: tuple[tuple[str, float], ...] = (
    ("America/New_York", 0.40),
    ("America/Chicago", 0.25),
    ("America/Denver", 0.08),
    ("America/Phoenix", 0.03),
    ("America/Los_Angeles", 0.20),
    ("Pacific/Honolulu", 0.02),
    ("America/Anchorage", 0.02),
)
GIVEN = (  # noqa: SIM905 (a list of names reads better as words)
    "Aaliyah Aaron Abby Adam Aiden Alicia Amir Ana Andre Angela Anton Ava Ben Bianca Brenda "
    "Caleb Carla Carlos Chen Chloe Chris Dana Daniel Deb Derek Diana Elena Eli Emma Eric "
    "Farah Felix Fiona Gabe Grace Hana Hector Imani Isaac Ivy Jada Jamal Jane Jorge Julia "
    "Kai Karen Keith Kim Lana Leo Lily Luis Maya Mei Mohammed Nadia Nina Noah Olga Omar "
    "Paula Priya Quinn Rafael Rosa Ruth Sam Sara Sean Sofia Tariq Tess Theo Uma Victor "
    "Wanda Will Yara Yusuf Zoe"
).split()
FAMILY = (  # noqa: SIM905 (a list of names reads better as words)
    "Abbott Adams Ahmed Alvarez Baker Banerjee Bell Brooks Campbell Carter Chen Clark Cohen "
    "Cruz Davis Diaz Edwards Evans Fischer Flores Garcia Gonzalez Green Gupta Hall Harris "
    "Hughes Ito Jackson James Jensen Johnson Kaur Kelly Khan Kim Kowalski Lee Lewis Lopez "
    "Martin Mendoza Miller Moore Murphy Nguyen Novak Okafor Olsen Ortiz Park Patel Perez "
    "Phillips Quinn Reed Reyes Rivera Roberts Rossi Sanchez Santos Schmidt Scott Shah Silva "
    "Smith Stewart Sullivan Tanaka Taylor Thomas Torres Turner Walker Wang Ward Watson "
    "White Williams Wong Wright Young Zhang"
).split()
GOALS = (
    "Walk to the park with my kids",
    "Garden again in the spring",
    "Sleep through the night",
    "Get back to work full days",
    "Play a round of golf",
    "Lift my grandchild",
    "Cook dinner without resting",
    "Go dancing again",
    "Drive to see my sister",
    "Swim twice a week",
)
MEDICINE_NOTES = (
    "My doctor changed the dose of my nerve pain pill.",
    "Started a new pill for sleep from my GP.",
    "Stopped the anti-inflammatory for a week, stomach upset.",
    "Pharmacy switched my brand, same medicine.",
    "Took extra pain pills over the weekend.",
)
# Warning signs the synthetic cohort reports now and then (both tiers, never self-harm: the
# PHQ-9's item 9 covers that path).
COHORT_SIGNS = ("calf", "fever_chills", "night_pain", "fall_injury", "chest_pain", "weakness")
PREFERRED = ("phone", "phone", "text", "email")
STAFF = (  # noqa: SIM905 (a list of names reads better as words)
    "Casey Morgan Jordan Lee Riley Chen Morgan Price Avery Brooks Jamie Ortiz Taylor Nguyen "
    "Robin Patel Drew Kim Sage Okafor Reese Walker Alex Santos"
).split()


def staff_names(count: int) -> list[str]:
    """``count`` made-up staff names (pairs of the words above, numbered once they run out)."""
    pairs = [f"{STAFF[i]} {STAFF[i + 1]}" for i in range(0, len(STAFF) - 1, 2)]
    return [
        pairs[n % len(pairs)] + (f" {n // len(pairs) + 1}" if n >= len(pairs) else "")
        for n in range(count)
    ]


class DayRecord(NamedTuple):
    """One daily check-in (a plain tuple: a cohort has millions)."""

    local_date: date
    pain: int
    sleep_quality: int
    mood: int
    stress: int
    flare: bool
    medicines_note: str | None  # set when the medicines changed
    warning_signs: tuple[str, ...]


@dataclass(frozen=True)
class QuestionnaireRecord:
    instrument: str
    program_week: int  # 0 = the baseline week
    local_date: date
    answers: dict[str, int]


@dataclass(frozen=True)
class LessonRecord:
    module_slug: str
    local_date: date
    correct: int  # of the module's check questions


@dataclass(frozen=True)
class LessonPlan:
    """A program module as the generator needs it: when in the program it falls due."""

    slug: str
    week: int
    due_day: int  # day of its program week (0-6)
    questions: int


@dataclass(frozen=True)
class SyntheticPatient:
    number: int
    given_name: str
    family_name: str
    date_of_birth: date
    phone: str
    email: str
    preferred_contact: str
    timezone: str
    trajectory: str
    start_date: date
    week1_start: date | None
    status: str
    pause: tuple[date, date] | None  # first paused day, the day it resumed
    goals: tuple[str, ...]
    check_ins: tuple[DayRecord, ...] = ()
    questionnaires: tuple[QuestionnaireRecord, ...] = ()
    lessons: tuple[LessonRecord, ...] = ()
    withdrawn_on: date | None = field(default=None)


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _clip(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _spread(rng: np.random.Generator, total: int, items: int, top: int) -> dict[str, int]:
    """Answers 0..``top`` to ``items`` items summing to ``total`` (clipped to what fits)."""
    total = max(0, min(int(total), items * top))
    counts = rng.multinomial(total, [1 / items] * items)
    overflow = int(np.maximum(counts - top, 0).sum())
    counts = np.minimum(counts, top)
    while overflow:
        room = np.flatnonzero(counts < top)
        counts[room[int(rng.integers(len(room)))]] += 1
        overflow -= 1
    return {str(i + 1): int(a) for i, a in enumerate(counts)}


def _level(trajectory: str, baseline: float, change: float, weeks: np.ndarray) -> np.ndarray:
    """The patient's usual pain by (fractional) program week: the trajectory's curve (the same
    curve as ``_questionnaire``'s, for a whole series of days at once)."""
    weeks = np.clip(weeks, 0, None)
    if trajectory == WORSENING:
        return baseline + change * np.minimum(1.0, weeks / 8.0)
    return baseline * (1 - change * np.minimum(1.0, weeks / 12.0))


def synthetic_patient(
    seed: int,
    number: int,
    *,
    today: dict[str, date] | date,
    days: int,
    lessons: Sequence[LessonPlan] = (),
) -> SyntheticPatient:
    """Patient ``number`` of the cohort ``seed``: ``days`` days of history ending on their today.

    ``today`` is each time zone's local date (or one date for all), so that nobody records a day
    that has not yet begun where they live.
    """
    rng = random.Random(seed * 1_000_003 + number)  # the person and their story
    series = np.random.default_rng([seed, number])  # their days
    timezone = _pick(rng, TIMEZONES)
    local_today = today if isinstance(today, date) else today[timezone]
    trajectory = _pick(rng, TRAJECTORIES)
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    days = max(1, days)
    start = local_today - timedelta(days=days - 1)
    baseline_days = rng.randint(3, 6)
    week1 = start + timedelta(days=baseline_days)
    week1_start = week1 if week1 <= local_today else None
    # Dropping out: the last day of any activity; most stay enrolled and silent, a third withdraw.
    last_active = days - 1
    status, withdrawn_on = EnrolmentStatus.ACTIVE, None
    if trajectory == DROPPING_OUT and days > 14:
        last_active = rng.randint(10, days - 3)
        if rng.random() < 1 / 3 and last_active + 7 < days:
            status = EnrolmentStatus.WITHDRAWN
            withdrawn_on = start + timedelta(days=last_active + 7)
    pause = None
    if week1_start and days > 60 and rng.random() < 0.04:
        first = baseline_days + rng.randint(14, days - 45)
        length = rng.randint(7, 14)
        if first + length < last_active:
            pause = (start + timedelta(days=first), start + timedelta(days=first + length))
    adherence = min(0.99, max(0.45, rng.gauss(0.88, 0.09)))
    baseline_pain = rng.uniform(4.0, 8.0)
    change = {
        IMPROVING: rng.uniform(0.30, 0.60),
        FLAT: rng.uniform(-0.10, 0.15),
        WORSENING: rng.uniform(1.5, 3.0),
        DROPPING_OUT: rng.uniform(-0.05, 0.35),
    }[trajectory]
    levels = Levels(
        pain=baseline_pain,
        mood=max(0.0, rng.gauss(6, 3.5)),  # PHQ-9-like total at baseline
        worry=max(0.0, rng.gauss(5, 3.5)),  # GAD-7-like total
        csi=rng.uniform(28, 70),
    )
    crisis = rng.random() < 0.01  # a PHQ-9 with item 9 above 0 at some point

    offsets = np.arange(days)
    paused = np.zeros(days, dtype=bool)
    if pause is not None:
        paused[(pause[0] - start).days : (pause[1] - start).days] = True
    w1 = baseline_days if week1_start is not None else days
    counted = (offsets >= w1) & ~paused
    program_day = np.cumsum(counted) - 1  # paused days keep the day before's number
    week = np.where(offsets < w1, 0, program_day // 7 + 1)
    fading = np.ones(days)
    if trajectory == DROPPING_OUT:
        fading = np.maximum(0.3, (last_active - offsets) / max(1, last_active))
    active = (offsets <= last_active) & ~paused
    forced = offsets < min(baseline_days, 3)  # the baseline's three check-ins
    checked = active & (forced | (series.random(days) < adherence * fading))
    flare = np.zeros(days, dtype=bool)
    for first in np.flatnonzero(series.random(days) < 0.03):
        flare[first : first + int(series.integers(1, 4))] = True
    usual = _level(trajectory, baseline_pain, change, np.where(week > 0, program_day / 7, 0))
    pain = np.clip(np.rint(usual + series.normal(0, 0.8, days) + 2.5 * flare), 0, 10)
    wellbeing = (5 - pain) * 0.35
    sleep = np.clip(np.rint(3.2 + wellbeing + series.normal(0, 0.7, days)), 1, 5)
    mood = np.clip(np.rint(3.3 + wellbeing + series.normal(0, 0.7, days)), 1, 5)
    stress = np.clip(np.rint(2.8 - wellbeing + series.normal(0, 0.7, days)), 1, 5)
    notes = set(np.flatnonzero(series.random(days) < 0.001).tolist())
    signs = set(np.flatnonzero(series.random(days) < 0.0002).tolist())
    check_ins = tuple(
        DayRecord(
            start + timedelta(days=i),
            int(pain[i]),
            int(sleep[i]),
            int(mood[i]),
            int(stress[i]),
            bool(flare[i]),
            rng.choice(MEDICINE_NOTES) if i in notes else None,
            (rng.choice(COHORT_SIGNS),) if i in signs else (),
        )
        for i in np.flatnonzero(checked).tolist()
    )

    # Questionnaires on the first day of each program week (the baseline ones on day 2).
    firsts = np.flatnonzero(counted & (program_day % 7 == 0) & active)
    questionnaires = [
        _questionnaire(series, code, 0, start + timedelta(days=1), trajectory, change, levels)
        for code in _due(0)
    ]
    for i in firsts.tolist():
        if series.random() < adherence * fading[i]:
            day, wk = start + timedelta(days=i), int(week[i])
            questionnaires.extend(
                _questionnaire(series, code, wk, day, trajectory, change, levels)
                for code in _due(wk)
            )
    if crisis:
        phq9 = [n for n, q in enumerate(questionnaires) if q.instrument == QuestionnaireCode.PHQ9]
        if len(phq9) > 1:  # not at baseline: the onboarding one was answered 0
            q = questionnaires[phq9[rng.randrange(1, len(phq9))]]
            q.answers["9"] = rng.randint(1, 2)

    done_lessons = []
    if week1_start is not None:
        last_day = start + timedelta(days=last_active)
        done_lessons = [
            lesson
            for lesson in _lessons(rng, lessons, week1_start, pause, last_day)
            if rng.random() < adherence * 0.95
        ]
    return SyntheticPatient(
        number=number,
        given_name=given,
        family_name=family,
        date_of_birth=date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28)),
        phone=f"(555) 01{rng.randint(0, 99):02d}-{rng.randint(0, 9999):04d}",
        email=f"{given.lower()}.{family.lower()}{number}@example.org",
        preferred_contact=rng.choice(PREFERRED),
        timezone=timezone,
        trajectory=trajectory,
        start_date=start,
        week1_start=week1_start,
        status=status,
        pause=pause,
        goals=tuple(rng.sample(GOALS, rng.randint(1, 2))),
        check_ins=check_ins,
        questionnaires=tuple(questionnaires),
        lessons=tuple(done_lessons),
        withdrawn_on=withdrawn_on,
    )


@dataclass(frozen=True)
class Levels:
    """Where a patient starts: daily pain, and PHQ-9, GAD-7 and CSI totals."""

    pain: float
    mood: float
    worry: float
    csi: float


def _due(week: int) -> list[str]:
    return [code for code in SCHEDULE if schedule_due(code, week)]


def _questionnaire(
    rng: np.random.Generator,
    code: str,
    week: int,
    day: date,
    trajectory: str,
    change: float,
    levels: Levels,
) -> QuestionnaireRecord:
    if trajectory == WORSENING:
        usual = levels.pain + change * min(1.0, week / 8.0)
    else:
        usual = levels.pain * (1 - change * min(1.0, week / 12.0))
    ratio = usual / levels.pain
    return QuestionnaireRecord(code, week, day, _answers(rng, code, ratio, levels))


def _answers(rng: np.random.Generator, code: str, ratio: float, levels: Levels) -> dict[str, int]:
    """Answers that score near the patient's level this week (``ratio`` of their baseline)."""
    noise = rng.normal(0, 1, 3)
    if code == QuestionnaireCode.PEG:
        first = _clip(levels.pain * ratio + 0.7 * noise[0], 0, 10)
        return {
            "1": first,
            "2": _clip(first + 1.2 * noise[1], 0, 10),
            "3": _clip(first + 1.2 * noise[2], 0, 10),
        }
    # Mood, worry and body symptoms move with pain, more slowly.
    follow = 1 + (ratio - 1) * 0.6
    if code == QuestionnaireCode.PHQ9:
        return _spread(rng, round(levels.mood * follow + 1.5 * noise[0]), 8, 3) | {"9": 0}
    if code == QuestionnaireCode.GAD7:
        return _spread(rng, round(levels.worry * follow + 1.5 * noise[0]), 7, 3)
    return _spread(rng, round(levels.csi * follow + 3 * noise[0]), 25, 4)


def _lessons(
    rng: random.Random,
    lessons: Sequence[LessonPlan],
    week1_start: date,
    pause: tuple[date, date] | None,
    last_day: date,
) -> list[LessonRecord]:
    """Lessons done on their due day or a few days later (never after ``last_day``)."""
    done = []
    for lesson in lessons:
        due = week1_start + timedelta(days=7 * (lesson.week - 1) + lesson.due_day)
        if pause is not None and due >= pause[0]:
            due += pause[1] - pause[0]
        when = due + timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3)))
        if when > last_day:
            continue
        correct = sum(rng.random() < 0.85 for _ in range(lesson.questions))
        done.append(LessonRecord(lesson.slug, when, correct))
    return done
