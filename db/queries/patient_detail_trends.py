"""The patient detail's daily trends (pain, sleep, mood, stress, movement, practice), read in one
query per table; the patient detail and the clinician's plan page show them (the callers check
who asks)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlmodel import Session, select

from db.models import CheckIn, MovementLog, PracticeSession
from program.trends import CHECK_IN_COLUMNS, daily_trends


def detail_trends(session: Session, patient_id: int, since: date, today: date) -> pd.DataFrame:
    """One row per day from ``since`` (or the first record after it) to ``today``
    (program.trends.DAILY_COLUMNS)."""
    check_ins = session.exec(
        select(
            CheckIn.local_date,
            CheckIn.pain,
            CheckIn.sleep_quality,
            CheckIn.mood,
            CheckIn.stress,
            CheckIn.flare,
        ).where(
            CheckIn.patient_id == patient_id,
            CheckIn.local_date >= since,
            CheckIn.local_date <= today,
        )
    ).all()
    movement = session.exec(
        select(MovementLog.local_date, MovementLog.amount, MovementLog.target).where(
            MovementLog.patient_id == patient_id,
            MovementLog.local_date >= since,
            MovementLog.local_date <= today,
        )
    ).all()
    practice = session.exec(
        select(PracticeSession.local_date, PracticeSession.minutes).where(
            PracticeSession.patient_id == patient_id,
            PracticeSession.local_date >= since,
            PracticeSession.local_date <= today,
        )
    ).all()
    return daily_trends(
        pd.DataFrame(check_ins, columns=list(CHECK_IN_COLUMNS)),
        [tuple(row) for row in movement],
        [tuple(row) for row in practice],
        today,
    )
