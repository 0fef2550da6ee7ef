"""Demo history for the care team's panel and patient detail: questionnaires, a medicine note
and goals for the demo panel's patients without a login (the demo patient's own record, which
the patient tests walk through, is left as db/seed.py makes it)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from core.clock import local_today
from db.models import CheckIn, Enrolment, Goal, Patient, QuestionnaireResponse
from program.measures import score
from program.vocabulary import QuestionnaireCode

# Per demo patient (record number): the weekly PEG's first and latest item answers, the PHQ-9
# and GAD-7 totals at baseline (spread over the items), a goal and, for one, a medicine note.
HISTORY = {
    "DEMO-0002": dict(peg=(7, 4), phq9=9, gad7=7, goal="Garden again in the spring"),
    "DEMO-0003": dict(peg=(5, 5), phq9=6, gad7=5, goal="Play with my kids after school"),
    "DEMO-0004": dict(peg=(7, 8), phq9=16, gad7=12, goal="Drive to see my sister"),
    "DEMO-0005": dict(
        peg=(6, 3),
        phq9=5,
        gad7=4,
        goal="Get back to work full days",
        note="My GP changed the dose of my nerve pain pill.",
    ),
    "DEMO-0006": dict(peg=(5, 5), phq9=8, gad7=9, goal="Swim twice a week"),
    "DEMO-0007": dict(peg=(8, 8), phq9=11, gad7=10, goal="Sleep through the night"),
}


def _spread(total: int, items: int) -> dict[str, int]:
    answers = {
        str(n + 1): min(3, total // items + (1 if n < total % items else 0)) for n in range(items)
    }
    return answers


def seed_panel_history(session: Session, now: datetime) -> None:
    """Weekly PEGs from week 0, PHQ-9 and GAD-7 every 4 weeks, a goal each, one medicine note."""
    for record, plan in HISTORY.items():
        patient = session.exec(select(Patient).where(Patient.record_number == record)).one()
        enrolment = session.exec(select(Enrolment).where(Enrolment.patient_id == patient.id)).one()
        today = local_today(patient.timezone, now)
        weeks = (today - enrolment.week1_start).days // 7 + 1
        first, last = plan["peg"]
        for week in range(weeks + 1):
            day = min(today, enrolment.week1_start + timedelta(days=7 * max(0, week - 1)))
            level = round(first + (last - first) * week / max(1, weeks))
            _answer(
                session,
                patient.id,
                QuestionnaireCode.PEG,
                week,
                day,
                {"1": level, "2": level, "3": max(0, level - 1)},
                now,
            )
            if week in (0, 4, 8):
                _answer(
                    session,
                    patient.id,
                    QuestionnaireCode.PHQ9,
                    week,
                    day,
                    _spread(plan["phq9"], 8) | {"9": 0},
                    now,
                )
                _answer(
                    session,
                    patient.id,
                    QuestionnaireCode.GAD7,
                    week,
                    day,
                    _spread(plan["gad7"], 7),
                    now,
                )
        session.add(Goal(patient_id=patient.id, text=plan["goal"]))
        if note := plan.get("note"):
            check_in = session.exec(
                select(CheckIn)
                .where(CheckIn.patient_id == patient.id)
                .order_by(CheckIn.local_date.desc())
            ).first()
            check_in.medicines_changed, check_in.medicines_note = True, note
            session.add(check_in)


def _answer(session, patient_id, code, week, day, answers, now) -> None:
    result = score(code, answers)
    session.add(
        QuestionnaireResponse(
            patient_id=patient_id,
            instrument=code,
            answers=answers,
            total=float(result.total),
            band=result.band,
            positive=result.positive,
            program_week=week,
            local_date=day,
            taken_at=now - timedelta(days=(local_today("UTC", now) - day).days),
        )
    )
