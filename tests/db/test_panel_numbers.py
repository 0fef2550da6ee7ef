"""The panel's numbers equal a pandas computation over the same rows (a property test).

Random small cohorts (time zones either side of UTC, baseline weeks of every length, missed days,
check-ins before enrolment, weekly PEGs, PHQ-9/GAD-7, lessons, pauses and holds) are written to
the database; the panel (one SQL statement per engine, plus the exact rule for irregular plans)
must give, for every patient, what Progress's own pandas functions and program.adherence give
from the raw rows. Runs on SQLite and PostgreSQL, whose statements differ.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from core.clock import local_today
from db.engine import read_session, write_session
from db.lookups import published_modules
from db.models import (
    CareTeamMember,
    CheckIn,
    Enrolment,
    Flag,
    ModuleCompletion,
    ModuleVersion,
    Patient,
    PlanEvent,
    Program,
    QuestionnaireResponse,
    User,
)
from db.queries import panel_for_staff
from db.seed import ensure_program
from program import analytics
from program.adherence import adherence, due_items, lesson_offsets
from program.curriculum import PlanEventRef, due_days, paused_dates, program_week
from program.measures import score
from program.panel import PAIN_BETTER, PAIN_WORSE, PEG_BETTER, PEG_WORSE
from program.vocabulary import QuestionnaireCode
from tests.utils import actor_for

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)  # already the 19th in Auckland
ZONES = ("America/New_York", "Pacific/Auckland", "America/Los_Angeles", "UTC")
_serial = itertools.count(1)


@dataclass
class Story:
    """One synthetic patient's raw rows, before they are written."""

    timezone: str
    start_back: int  # days before today that the enrolment started
    baseline_days: int | None  # None: still in the baseline week
    status: str
    check_ins: dict[int, int]  # days back -> pain
    pegs: dict[int, tuple[int, int]]  # program week -> (day of the week, item answer)
    moods: dict[int, int]  # program week (0, 4, 8) -> PHQ-9 total (a GAD-7 alongside)
    lessons: dict[int, int]  # lesson index -> days after it opened that it was done
    pause: tuple[int, int] | None = None  # (days back it began, length)
    hold: int | None = None  # lesson index held from the start
    flags: list[str] = field(default_factory=list)  # severities of open flags


stories = st.builds(
    Story,
    timezone=st.sampled_from(ZONES),
    start_back=st.integers(0, 60),
    baseline_days=st.one_of(st.none(), st.integers(0, 6)),
    status=st.sampled_from(("active", "active", "active", "paused", "withdrawn")),
    check_ins=st.dictionaries(st.integers(-1, 70), st.integers(0, 10), max_size=45),
    pegs=st.dictionaries(
        st.integers(0, 9), st.tuples(st.integers(0, 6), st.integers(0, 10)), max_size=8
    ),
    moods=st.dictionaries(st.sampled_from((0, 4, 8)), st.integers(0, 24), max_size=3),
    lessons=st.dictionaries(st.integers(0, 23), st.integers(0, 9), max_size=12),
    pause=st.one_of(st.none(), st.tuples(st.integers(1, 30), st.integers(1, 12))),
    hold=st.one_of(st.none(), st.integers(0, 23)),
    flags=st.lists(st.sampled_from(("emergency", "urgent", "soon", "routine")), max_size=3),
)


def _write(stories_: list[Story]) -> tuple[str, dict[int, Story]]:
    """A coordinator of their own and these patients on their panel; returns (username, ids)."""
    n = next(_serial)
    username = f"prop-{n}"
    with write_session() as session:
        program = session.exec(select(Program)).first() or ensure_program(session)
        versions = dict(
            session.exec(
                select(ModuleVersion.module_id, ModuleVersion.id).where(
                    ModuleVersion.status == "published"
                )
            ).all()
        )
        refs = sorted(published_modules(session, program.id), key=lambda m: (m.week, m.order))
        coord = User(
            username=username, display_name="Prop", roles=["coordinator"], password_hash="x"
        )
        session.add(coord)
        session.flush()
        ids = {}
        for i, s in enumerate(stories_):
            today = local_today(s.timezone, NOW)
            start = today - timedelta(days=s.start_back)
            week1 = None if s.baseline_days is None else start + timedelta(days=s.baseline_days)
            if week1 is not None and week1 > today:
                week1 = None
            p = Patient(
                given_name=f"P{n}x{i}",
                family_name="Prop",
                date_of_birth=date(1980, 1, 1),
                record_number=f"PROP-{n}-{i}",
                timezone=s.timezone,
            )
            session.add(p)
            session.flush()
            ids[p.id] = s
            e = Enrolment(
                patient_id=p.id,
                program_id=program.id,
                start_date=start,
                week1_start=week1,
                status=s.status,
            )
            session.add(e)
            session.add(
                CareTeamMember(
                    patient_id=p.id,
                    user_id=coord.id,
                    role="coordinator",
                    from_date=date(2000, 1, 1),
                )
            )
            session.flush()
            for back, pain in s.check_ins.items():
                session.add(
                    CheckIn(
                        patient_id=p.id,
                        local_date=today - timedelta(days=back),
                        pain=pain,
                        sleep_quality=3,
                        mood=3,
                        stress=3,
                    )
                )
            events = []
            if s.pause is not None and week1 is not None:
                first = today - timedelta(days=s.pause[0])
                back = first + timedelta(days=s.pause[1])
                # As the app writes them: an active patient's pause has ended (a pause still
                # running today makes the patient paused, whatever a stored status says).
                if first >= week1 and (back <= today or s.status == "paused"):
                    events.append(("pause", first, None))
                    if back <= today and s.status != "paused":
                        events.append(("resume", back, None))
            if s.hold is not None and s.hold < len(refs):
                events.append(("hold", start, refs[s.hold].id))
            for kind, day, module in events:
                session.add(
                    PlanEvent(
                        enrolment_id=e.id,
                        kind=kind,
                        module_id=module,
                        effective_date=day,
                        reason="Test.",
                        actor_id=coord.id,
                    )
                )
            if week1 is not None:
                plan = [PlanEventRef(k, d, m, "", i) for i, (k, d, m) in enumerate(events)]
                _answers(session, p.id, s, start, week1, today, plan)
                for index, late in s.lessons.items():
                    if index >= len(refs):
                        continue
                    opened = _program_date(week1, 7 * (refs[index].week - 1), plan)
                    done = opened + timedelta(days=late)
                    if done <= today:
                        session.add(
                            ModuleCompletion(
                                patient_id=p.id,
                                module_version_id=versions[refs[index].id],
                                local_date=done,
                            )
                        )
            for k, severity in enumerate(s.flags):
                session.add(
                    Flag(
                        patient_id=p.id,
                        rule="matrix",
                        dedupe_key=f"prop-{k}",
                        severity=severity,
                        explanation="Test.",
                    )
                )
    return username, ids


def _program_date(week1: date, program_day: int, plan: list[PlanEventRef]) -> date:
    """The calendar date of a program day (paused days do not count)."""
    paused = paused_dates(plan, week1 + timedelta(days=7 * 20))
    day, count = week1, -1
    while True:
        if day not in paused:
            count += 1
            if count == program_day:
                return day
        day += timedelta(days=1)


def _answers(session, patient_id, s: Story, start, week1, today, plan) -> None:
    """PEGs, PHQ-9s and GAD-7s dated inside the program week they belong to, as the app dates
    them (baseline ones in the baseline week)."""

    def add(code, week, day, answers):
        if day > today:
            return
        result = score(code, answers)
        session.add(
            QuestionnaireResponse(
                patient_id=patient_id,
                instrument=code,
                answers=answers,
                total=float(result.total),
                band=result.band,
                program_week=week,
                local_date=day,
                taken_at=datetime.combine(day, datetime.min.time(), tzinfo=UTC),
            )
        )

    for week, (weekday, value) in s.pegs.items():
        day = start if week == 0 else _program_date(week1, 7 * (week - 1) + weekday, plan)
        add(QuestionnaireCode.PEG, week, day, {"1": value, "2": value, "3": max(0, value - 1)})
    for week, total in s.moods.items():
        day = start if week == 0 else _program_date(week1, 7 * (week - 1), plan)
        phq = {str(i + 1): min(3, max(0, total - 3 * i)) for i in range(9)}
        add(QuestionnaireCode.PHQ9, week, day, phq)
        add(QuestionnaireCode.GAD7, week, day, {str(i + 1): phq[str(i + 1)] for i in range(7)})


def expected(patient_id: int, timezone: str) -> dict:
    """The panel's numbers for one patient, from the raw rows with Progress's pandas functions."""
    with read_session() as session:
        e = session.exec(select(Enrolment).where(Enrolment.patient_id == patient_id)).one()
        current = e.status in ("active", "paused")
        checkins = pd.DataFrame(
            session.exec(
                select(CheckIn.local_date, CheckIn.pain).where(CheckIn.patient_id == patient_id)
            ).all(),
            columns=["local_date", "pain"],
        )
        pegs = pd.DataFrame(
            session.exec(
                select(
                    QuestionnaireResponse.program_week,
                    QuestionnaireResponse.taken_at,
                    QuestionnaireResponse.total,
                ).where(
                    QuestionnaireResponse.patient_id == patient_id,
                    QuestionnaireResponse.instrument == "PEG",
                )
            ).all(),
            columns=["program_week", "taken_at", "total"],
        )
        answered = set(
            session.exec(
                select(QuestionnaireResponse.instrument, QuestionnaireResponse.program_week).where(
                    QuestionnaireResponse.patient_id == patient_id
                )
            ).all()
        )
        completed: dict[int, date] = {}
        for module_id, day in session.exec(
            select(ModuleVersion.module_id, ModuleCompletion.local_date)
            .join(ModuleVersion, ModuleVersion.id == ModuleCompletion.module_version_id)
            .where(ModuleCompletion.patient_id == patient_id)
        ):
            completed[module_id] = min(day, completed.get(module_id, day))
        events = [
            PlanEventRef(p.kind, p.effective_date, p.module_id, p.reason, p.id)
            for p in session.exec(
                select(PlanEvent).where(PlanEvent.enrolment_id == e.id).order_by(PlanEvent.id)
            )
        ]
        refs = published_modules(session, e.program_id)
        flags = [
            f.severity
            for f in session.exec(select(Flag).where(Flag.patient_id == patient_id)).all()
        ]
    today = local_today(timezone, NOW)
    out: dict = {s: flags.count(s) for s in ("emergency", "urgent", "soon", "routine")}
    seen = checkins[checkins["local_date"] <= today]
    out["last_check_in"] = seen["local_date"].max() if len(seen) else None
    if not current:
        return out
    mine = seen[seen["local_date"] >= e.start_date]
    pain = analytics.daily_pain(mine, today)
    out["mean_pain_7d"] = _round(
        analytics.recent_mean_pain(dict(zip(mine["local_date"], mine["pain"], strict=True)), today)
    )
    reference = (
        (e.start_date, e.week1_start) if e.week1_start and e.start_date < e.week1_start else None
    )
    change = analytics.compare_pain(pain, today, reference=reference)
    out["pain_change"] = None if change is None else round(change.recent - change.first_week, 1)
    out["pain_mark"] = (
        ""
        if change is None
        else PAIN_BETTER
        if change.meaningful
        else PAIN_WORSE
        if round(change.recent - change.first_week, 6) >= 2
        else ""
    )
    peg = analytics.compare_peg(analytics.weekly_peg(pegs))
    out["peg_baseline"] = None if peg is None else peg.baseline
    out["peg_latest"] = None if peg is None or peg.latest is None else peg.latest
    diff = None if out["peg_latest"] is None else out["peg_latest"] - out["peg_baseline"]
    out["peg_mark"] = (
        PEG_BETTER
        if peg is not None and peg.meaningful
        else PEG_WORSE
        if diff is not None and round(diff, 6) >= 1
        else ""
    )
    week = program_week(e.week1_start, today, events) if e.week1_start else 0
    out["week"] = None if e.status == "paused" else week
    if e.status == "active":
        due = due_items(
            today=today,
            start_date=e.start_date,
            week1_start=e.week1_start,
            events=events,
            offsets=lesson_offsets(refs, due_days(refs)),
        )
        done = adherence(
            due,
            check_in_dates=set(checkins["local_date"]),
            completed=completed,
            responses=answered,
        )
        out["items_due"], out["items_done"] = done.due, done.done
    return out


def _round(value):
    return None if value is None else round(value, 1)


def _same(a, b) -> bool:
    missing = lambda v: v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))  # noqa: E731
    if missing(a) or missing(b):
        return missing(a) and missing(b)
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), abs_tol=1e-9)
    return a == b


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cohort=st.lists(stories, min_size=1, max_size=4))
def test_it_gives_the_numbers_pandas_gives_from_the_same_rows(db, cohort):
    username, ids = _write(cohort)
    panel = panel_for_staff(actor=actor_for(username), now=NOW).set_index("patient_id")
    assert sorted(panel.index) == sorted(ids)
    for patient_id, story in ids.items():
        want = expected(patient_id, story.timezone)
        got = panel.loc[patient_id]
        for column, value in want.items():
            assert _same(got[column], value), (column, got[column], value, story)
