"""The follow-up rules' truth for bench/loop_latency.py, worked out again from CLINICAL.md alone.

For each patient and rule, the first local date on which CLINICAL.md's criterion ("When to prompt
a follow-up") is met, from the stored rows only (pandas), without calling any of ``program/``'s
rule code: the numbers are the default rule settings (program/defaults.py, the settings in force
for a cohort nobody has tuned), the logic is written here from the criteria's words:

- **Program week** on day D: 0 before ``week1_start``; then 1 + (unpaused days from week 1's first
  day to the day before D) // 7 ("paused days are removed before weeks are counted").
- **Weekly PEG**: the latest PEG taken for each program week; week 0's is the baseline.
- **Persisting** (soon): week >= 6, at least 2 weekly PEGs after baseline, a baseline PEG >= 3,
  and the mean of the last two weekly PEGs fell by less than 30% of the baseline.
- **Worsening** (soon): the weekly PEG >= 1 point above baseline in two consecutive weeks, or the
  mean daily pain of the 7 days ending D (days after the baseline, at least 3 check-ins) >= 2
  points above the baseline week's mean (at least 3 check-ins). The baseline ends ON
  ``week1_start``: the app sets it to the day of the save that completes the baseline
  (db/baseline.py), so that day's check-in is the baseline's last, not week 1's first.
- **End of program** (routine): week >= 12 and the latest weekly PEG fell by less than 30%.
- **Mood**, per questionnaire: the latest PHQ-9 (or GAD-7) >= 10 opens it for the care team; a
  patient prompt only from >= 15 ("routine (care team only)").
- **Low adherence** (routine, never a patient prompt): 5 days without a check-in, paused days not
  counted ("a program can be paused ... without counting as missed"), never on a paused day.

Quiet periods (visits, "Not now") are not modelled: the synthetic cohort has none (the bench
checks). Warning signs and PHQ-9 item 9 open their flags at the save, not in the daily run.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pandas as pd

from program.defaults import DEFAULTS

EPS = 1e-9  # "at least 2 points" holds at exactly 2.0 despite floating point
QUEUE, TODAY = "queue", "today"
RULES = ("persisting", "worsening", "end_of_program", "mood:PHQ9", "mood:GAD7", "low_adherence")


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _paused_days(pauses: pd.DataFrame) -> dict[int, set[date]]:
    days: dict[int, set[date]] = defaultdict(set)
    for p in pauses.itertuples():
        days[p.patient_id].update(_days(p.first_day, p.last_day))
    return days


def _weeks(days: list[date], week1: date | None, paused: set[date]) -> dict[date, int]:
    weeks, counted = {}, 0
    for day in days:
        if week1 is None or day < week1:
            weeks[day] = 0
            continue
        weeks[day] = counted // 7 + 1
        counted += day not in paused
    return weeks


def _pain_means(
    pain: pd.Series, start: date, week1: date | None, last: date, s=DEFAULTS
) -> tuple[float | None, pd.Series]:
    """(the baseline week's mean daily pain, the 7-day mean on each day of week 1 on)."""
    if week1 is None:
        return None, pd.Series(dtype=float)
    calendar = pd.Series(pain, dtype=float).reindex(_days(start, last))
    base = calendar[[d <= week1 for d in calendar.index]].dropna()
    base_mean = base.mean() if len(base) >= s.baseline_check_in_days else None
    after = calendar.where([d > week1 for d in calendar.index])
    recent = after.rolling(s.pain_window_days, min_periods=s.pain_min_days).mean()
    return base_mean, recent


def _fall(baseline: float, value: float) -> float:
    return (baseline - value) / baseline


class _Patient:
    """One patient's days, walked in order; ``found`` holds each rule's first day and why."""

    def __init__(self, row, check_ins: pd.DataFrame, pegs: pd.DataFrame, moods: pd.DataFrame,
                 paused: set[date], last: date, s=DEFAULTS) -> None:  # fmt: skip
        self.s, self.paused = s, paused
        self.days = _days(row.start_date, last)
        self.weeks = _weeks(self.days, row.week1_start, paused)
        pain = dict(zip(check_ins["local_date"], check_ins["pain"], strict=True))
        self.checked = set(pain)
        self.base_mean, self.recent = _pain_means(pain, row.start_date, row.week1_start, last, s)
        self.pegs = sorted(
            zip(pegs["local_date"], pegs["program_week"], pegs["total"], strict=True)
        )
        self.moods = sorted(
            zip(moods["local_date"], moods["instrument"], moods["total"], strict=True)
        )
        self.found: dict[tuple[str, str], tuple[date, str]] = {}

    def _hit(self, rule: str, where: str, day: date, why: str) -> None:
        self.found.setdefault((rule, where), (day, why))

    def walk(self) -> dict[tuple[str, str], tuple[date, str]]:
        weekly: dict[int, float] = {}  # latest PEG of each week, as known on the day
        latest_mood: dict[str, float] = {}
        gap = 0  # unpaused days since the last check-in (or since the day before the start)
        p = m = 0
        for day in self.days:
            while p < len(self.pegs) and self.pegs[p][0] <= day:
                weekly[int(self.pegs[p][1])] = float(self.pegs[p][2])
                p += 1
            while m < len(self.moods) and self.moods[m][0] <= day:
                latest_mood[self.moods[m][1]] = float(self.moods[m][2])
                m += 1
            self._pegs(day, self.weeks[day], weekly)
            self._pain(day)
            self._mood(day, latest_mood)
            if day in self.checked:
                gap = 0
            elif day not in self.paused:
                gap += 1
                if gap >= self.s.low_adherence_days:
                    self._hit("low_adherence", QUEUE, day, f"{gap} days without a check-in")
        return self.found

    def _both(self, rule: str, day: date, why: str) -> None:
        self._hit(rule, QUEUE, day, why)
        self._hit(rule, TODAY, day, why)

    def _pegs(self, day: date, week: int, weekly: dict[int, float]) -> None:
        s, base = self.s, weekly.get(0)
        after = sorted((w, v) for w, v in weekly.items() if 1 <= w <= week)
        if base is None or not after:
            return
        last_two = after[-s.persisting_min_weekly_pegs :]
        mean = sum(v for _, v in last_two) / len(last_two)
        if (
            week >= s.persisting_from_week
            and base >= s.persisting_baseline_floor - EPS
            and len(after) >= s.persisting_min_weekly_pegs
            and _fall(base, mean) < s.peg_fall_line - EPS
        ):
            why = f"week {week}: baseline PEG {base:.2f}, last two {mean:.2f}"
            self._both("persisting", day, why)
        rising = [w for w, v in after if v - base >= s.worsening_peg_rise - EPS]
        if any(
            all(w - k in rising for k in range(s.worsening_peg_weeks)) for w in rising
        ):  # two (or more) weeks running, each at least a point above baseline
            self._both("worsening", day, f"weekly PEGs of weeks {rising} >= {base:.2f} + 1")
        if week >= s.end_of_program_week and _fall(base, after[-1][1]) < s.peg_fall_line - EPS:
            why = f"week {week}: baseline PEG {base:.2f}, latest {after[-1][1]:.2f}"
            self._both("end_of_program", day, why)

    def _pain(self, day: date) -> None:
        if self.base_mean is None or day not in self.recent.index:
            return
        recent = self.recent[day]
        if pd.notna(recent) and recent - self.base_mean >= self.s.worsening_pain_rise - EPS:
            why = f"7-day mean pain {recent:.2f}, baseline week {self.base_mean:.2f}"
            self._both("worsening", day, why)

    def _mood(self, day: date, latest: dict[str, float]) -> None:
        for code, total in latest.items():
            if total >= self.s.mood_routine_at:
                self._hit(f"mood:{code}", QUEUE, day, f"{code} {total:.0f}")
            if total >= self.s.mood_soon_at:
                self._hit(f"mood:{code}", TODAY, day, f"{code} {total:.0f}")


def first_days(
    patients: pd.DataFrame,
    check_ins: pd.DataFrame,
    questionnaires: pd.DataFrame,
    pauses: pd.DataFrame,
    last_day: date,
    settings=DEFAULTS,
) -> pd.DataFrame:
    """Each (patient, rule, where) whose criterion is met by ``last_day``: the first day and why.

    ``patients``: patient_id, start_date, week1_start (None in the baseline); ``check_ins``:
    patient_id, local_date, pain; ``questionnaires``: patient_id, instrument, program_week,
    local_date, total; ``pauses``: patient_id, first_day, last_day (both paused). ``where`` is
    ``queue`` (the care team's flag) or ``today`` (the patient's prompt).
    """
    empty = pd.DataFrame(columns=["local_date", "pain", "program_week", "instrument", "total"])
    by_patient = {name: dict(tuple(f.groupby("patient_id"))) for name, f in (
        ("check_ins", check_ins),
        ("pegs", questionnaires[questionnaires["instrument"] == "PEG"]),
        ("moods", questionnaires[questionnaires["instrument"].isin(("PHQ9", "GAD7"))]),
    )}  # fmt: skip
    paused = _paused_days(pauses)
    rows = []
    for row in patients.itertuples():
        week1 = row.week1_start if pd.notna(row.week1_start) else None
        found = _Patient(
            row._replace(week1_start=week1),
            *(
                by_patient[name].get(row.patient_id, empty)
                for name in ("check_ins", "pegs", "moods")
            ),
            paused.get(row.patient_id, set()),
            last_day,
            settings,
        ).walk()
        rows.extend(
            (row.patient_id, rule, where, day, why) for (rule, where), (day, why) in found.items()
        )
    return pd.DataFrame(rows, columns=["patient_id", "rule", "where", "day", "why"])
