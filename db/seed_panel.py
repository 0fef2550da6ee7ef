"""Demo history for the care team's panel and patient detail: PHQ-9 and GAD-7 every 4 weeks, a
medicine note and goals for the demo panel's patients (the demo patient's own record, which the
patient tests walk through, is left as db/seed.py makes it).

The weekly PEGs, and the mood answers that make the mood and item-9 rules fire (Maria, Lena), come
from db/seed_rules.py: each panel patient's records make exactly the rule it demonstrates fire, so
the totals here stay under the mood rule's lines (program.defaults: routine at 10).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from core.clock import local_today
from db.models import CheckIn, Enrolment, Goal, Patient, QuestionnaireResponse
from program.measures import score
from program.vocabulary import QuestionnaireCode

# Per demo patient (record number): the PHQ-9 and GAD-7 totals every 4 weeks (spread over the
# items; None where db/seed_rules.py answers them), a goal and, for one, a medicine note.
HISTORY = {
    "DEMO-0002": dict(phq9=None, gad7=None, goal="Garden again in the spring"),
    "DEMO-0003": dict(phq9=6, gad7=5, goal="Play with my kids after school"),
    "DEMO-0004": dict(phq9=8, gad7=8, goal="Drive to see my sister"),
    "DEMO-0005": dict(
        phq9=5,
        gad7=4,
        goal="Get back to work full days",
        note="My GP changed the dose of my nerve pain pill.",
    ),
    "DEMO-0006": dict(phq9=None, gad7=None, goal="Swim twice a week"),
    "DEMO-0007": dict(phq9=9, gad7=8, goal="Sleep through the night"),
}


def _spread(total: int, items: int) -> dict[str, int]:
    answers = {
        str(n + 1): min(3, total // items + (1 if n < total % items else 0)) for n in range(items)
    }
    return answers


def seed_panel_history(session: Session, now: datetime) -> None:
    """PHQ-9 and GAD-7 every 4 weeks from week 0, a goal each, one medicine note."""
    for record, plan in HISTORY.items():
        patient = session.exec(select(Patient).where(Patient.record_number == record)).one()
        enrolment = session.exec(select(Enrolment).where(Enrolment.patient_id == patient.id)).one()
        today = local_today(patient.timezone, now)
        weeks = (today - enrolment.week1_start).days // 7 + 1
        for week in range(0, weeks + 1, 4) if plan["phq9"] is not None else ():
            day = min(today, enrolment.week1_start + timedelta(days=7 * max(0, week - 1)))
            at = now - timedelta(days=(local_today("UTC", now) - day).days)
            phq9 = _spread(plan["phq9"], 8) | {"9": 0}
            add_scored_answers(session, patient.id, QuestionnaireCode.PHQ9, week, day, phq9, at)
            gad7 = _spread(plan["gad7"], 7)
            add_scored_answers(session, patient.id, QuestionnaireCode.GAD7, week, day, gad7, at)
        session.add(Goal(patient_id=patient.id, text=plan["goal"]))
        if note := plan.get("note"):
            check_in = session.exec(
                select(CheckIn)
                .where(CheckIn.patient_id == patient.id)
                .order_by(CheckIn.local_date.desc())
            ).first()
            check_in.medicines_changed, check_in.medicines_note = True, note
            session.add(check_in)


def add_scored_answers(
    session: Session,
    patient_id: int,
    code: str,
    week: int,
    day: date,
    answers: dict[str, int],
    at: datetime,
) -> None:
    """One questionnaire's answers, scored as the app scores them, saved for ``week`` on ``day``
    (the demo seeds' one way to write a questionnaire)."""
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
            taken_at=at,
        )
    )
