"""Demo data for the sleep diary, bedtime scheduling and breathing practice (Alex, the demo patient).

Two weeks of diary nights with two gaps, bedtime scheduling switched on by the demo clinician a
week ago (every rule-out confirmed, wake time 06:30), and a few practice sessions: so Sleep shows a
bedtime that has already taken one weekly step, and Progress shows sleep and minutes practised.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlmodel import Session, select

from core.clock import local_today
from db.models import Enrolment, Patient, PlanEvent, PracticeSession, SleepDiaryEntry, User
from program.plan_changes import SLEEP_RULE_OUTS
from program.sleep import summarize
from program.vocabulary import PlanEventKind, PracticeKind

WAKE_TIME = "06:30"
SWITCHED_ON_DAYS_AGO = 7
SKIPPED_NIGHTS = (4, 11)  # nights back with no entry: a real diary has gaps
# (days back, kind, minutes, breaths a minute, ran to the end)
PRACTICE = (
    (12, PracticeKind.BREATHING, 5, 6, True),
    (10, PracticeKind.BODY_SCAN, 10, None, True),
    (8, PracticeKind.BREATHING, 3, 6, False),
    (5, PracticeKind.BREATHING, 10, 6, True),
    (3, PracticeKind.NOTICING, 5, None, True),
    (1, PracticeKind.BREATHING, 5, 5, True),
)


def _clock(minutes: int) -> str:
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _night(back: int, rng: random.Random) -> dict[str, object]:
    """Before the plan: in bed early, long to fall asleep; after it: later to bed, less awake."""
    planned = back <= SWITCHED_ON_DAYS_AGO
    into_bed = (23 * 60 + 40 if planned else 22 * 60 + 30) + rng.choice((-10, 0, 5, 15))
    final_wake = 6 * 60 + 30 + rng.choice((-15, -5, 0, 0))
    return {
        "into_bed": _clock(into_bed),
        "minutes_to_sleep": rng.choice((10, 15, 20)) if planned else rng.choice((30, 40, 45)),
        "awakenings": rng.randint(0, 2) if planned else rng.randint(2, 3),
        "minutes_awake": rng.choice((10, 15, 20)) if planned else rng.choice((40, 50, 60)),
        "final_wake": _clock(final_wake),
        "out_of_bed": _clock(final_wake + (5 if planned else 25)),
    }


def _time(clock: object) -> time:
    hours, minutes = str(clock).split(":")
    return time(int(hours), int(minutes))


def seed_sleep_demo(session: Session, patient: Patient, clinician: User, now: datetime) -> None:
    """Alex's diary nights, bedtime scheduling switched on, and practice sessions."""
    rng = random.Random(23)
    today = local_today(patient.timezone, now)
    session.flush()
    enrolment = session.exec(select(Enrolment).where(Enrolment.patient_id == patient.id)).one()
    for back in range(14, 0, -1):
        if back in SKIPPED_NIGHTS:
            continue
        entry = _night(back, rng)
        night = summarize(entry)
        session.add(
            SleepDiaryEntry(
                patient_id=patient.id,
                night=today - timedelta(days=back),
                **{k: _time(v) if isinstance(v, str) else v for k, v in entry.items()},
                quality=rng.randint(3, 4) if back <= SWITCHED_ON_DAYS_AGO else rng.randint(2, 3),
                time_in_bed=night.time_in_bed,
                total_sleep=night.total_sleep,
                efficiency=night.efficiency,
                created_at=now - timedelta(days=back - 1),
                updated_at=now - timedelta(days=back - 1),
            )
        )
    session.add(
        PlanEvent(
            enrolment_id=enrolment.id,
            kind=PlanEventKind.SLEEP_SCHEDULING_ON,
            effective_date=today - timedelta(days=SWITCHED_ON_DAYS_AGO),
            reason="We agreed at your visit to try a set bedtime for a few weeks.",
            actor_id=clinician.id,
            created_at=now - timedelta(days=SWITCHED_ON_DAYS_AGO),
            details={"rule_outs": sorted(SLEEP_RULE_OUTS), "wake_time": WAKE_TIME},
        )
    )
    for back, kind, minutes, bpm, completed in PRACTICE:
        session.add(
            PracticeSession(
                patient_id=patient.id,
                local_date=today - timedelta(days=back),
                kind=kind,
                minutes=minutes,
                breaths_per_minute=bpm,
                completed=completed,
                created_at=now - timedelta(days=back),
            )
        )
