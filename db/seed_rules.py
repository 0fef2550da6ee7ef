"""Demo data that makes each follow-up rule fire, and its flags opened through the rules.

No flag row is written by hand. Each demo patient on the panel gets the records that make one rule
fire today (two for Grace), and a login of their own to see it as the patient does:

| login        | patient      | what the records show                           | rule (severity)          |
|--------------|--------------|-------------------------------------------------|--------------------------|
| demo-grace   | Grace Okafor | weekly PEG 7.0 at baseline, still 6.7-7.0 in    | persisting (soon)        |
|              |              | week 8; fever or chills ticked six days ago     | warning sign (urgent)    |
| demo-dev     | Dev Patel    | weekly PEG 4.0 at baseline, 5.3 and 5.7 since   | worsening (soon)         |
| demo-tom     | Tom Becker   | week 12 reached; PEG 6.0 to 4.7 (a 22% fall)    | end of program (routine) |
| demo-maria   | Maria Santos | PHQ-9 of 16 in week 4                           | mood (soon)              |
| demo-omar    | Omar Haddad  | no check-in for 10 days                         | low adherence (routine)  |
| demo-lena    | Lena Fischer | PHQ-9 item 9 answered 1 yesterday               | PHQ-9 item 9 (urgent)    |

The flags are opened the way the app opens them: the rules a save runs (warning signs, item 9,
mood) are evaluated on the day each record was saved and their flags written as that save writes
them; then the cohort run (db.rules) runs once, in the seed's own transaction, with the same
dedupe keys, so ``python -m db.rules --all`` right after seeding opens nothing new. Alex
(demo-patient) gets only the mood prompt of db/seed_follow_ups.py (a GAD-7 of 15), opened as its
save opens it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from core.clock import local_today
from db.actions.flags import open_or_update_flag
from db.models import CheckIn, Consent, Enrolment, Patient, User
from db.rule_settings import settings_by_patient
from db.rules import load_inputs, run_in
from db.seed_panel import add_scored_answers
from program.onboarding import CONSENT_VERSION, consent_hash
from program.rules import MOOD_RULE, SAVE_TIME_RULES, evaluate_patient
from program.rules.tuning import stamped
from program.vocabulary import QuestionnaireCode, Role

PEG, PHQ9, GAD7 = QuestionnaireCode.PEG, QuestionnaireCode.PHQ9, QuestionnaireCode.GAD7
# The rules whose flags a save writes (db.actions.check_ins, questionnaires): replayed by day.
AT_SAVE = SAVE_TIME_RULES | {MOOD_RULE}

# Weekly PEG item answers (pain, enjoyment, activity) from week 0 (baseline) on.
PEGS: dict[str, tuple[tuple[int, int, int], ...]] = {
    "Okafor": ((7, 7, 7), *(((7, 7, 6), (7, 7, 7)) * 4)),  # no fall by week 8
    "Patel": ((4, 4, 4), (5, 6, 5), (6, 6, 5)),  # above baseline two weeks running
    "Becker": (
        (6, 6, 6), (6, 6, 5), (6, 5, 5), (5, 5, 5), (5, 5, 4), (5, 4, 4), (4, 4, 4),
        (4, 4, 4), (4, 4, 3), (4, 3, 3), (4, 4, 3), (4, 3, 3), (5, 5, 4),
    ),  # a fall of a third by week 11, then 4.7 in week 12: less than 30% at the end
    "Santos": ((7, 6, 6), (6, 6, 6), (6, 6, 5), (6, 5, 5), (5, 5, 5), (5, 5, 4)),
    "Fischer": ((5, 5, 5),),
    "Haddad": ((8, 7, 7), (7, 7, 7)),
}  # fmt: skip
# PHQ-9 and GAD-7 answers by program week: (instrument, week, answers "1".."n").
MOODS: dict[str, tuple[tuple[str, int, tuple[int, ...]], ...]] = {
    "Santos": (
        (PHQ9, 0, (1, 1, 1, 1, 1, 1, 1, 1, 0)),
        (GAD7, 0, (1, 1, 1, 1, 1, 1, 0)),
        (PHQ9, 4, (2, 2, 2, 2, 2, 2, 2, 2, 0)),  # 16: moderately severe
        (GAD7, 4, (1, 1, 1, 1, 1, 1, 1)),
    ),
    "Fischer": (
        (PHQ9, 0, (1, 1, 1, 1, 1, 0, 1, 0, 1)),  # 7 in all, item 9 answered 1
        (GAD7, 0, (1, 1, 0, 1, 0, 1, 0)),
    ),
}
SIGNS = {"Okafor": (6, ["fever_chills"])}  # ticked in the check-in of six days ago
LOGINS = {
    "Okafor": "demo-grace",
    "Patel": "demo-dev",
    "Becker": "demo-tom",
    "Santos": "demo-maria",
    "Fischer": "demo-lena",
    "Haddad": "demo-omar",
}


def _answer(
    session: Session, patient: Patient, code: str, week: int, day: date, answers, at: datetime
) -> None:
    numbered = {str(n): a for n, a in enumerate(answers, start=1)}
    add_scored_answers(session, patient.id, code, week, day, numbered, at)


def _records(session: Session, patient: Patient, now: datetime) -> list[tuple[date, datetime]]:
    """Write one patient's PEGs, questionnaires and ticked signs; the days something was saved
    that a save's rules look at, with the time it was saved."""
    week1 = session.exec(
        select(Enrolment.week1_start).where(Enrolment.patient_id == patient.id)
    ).one()
    today = local_today(patient.timezone, now)

    def day_of(week: int) -> date:  # the second day of a program week; the baseline on day one
        return week1 if week == 0 else min(today, week1 + timedelta(days=7 * (week - 1) + 1))

    def at(day: date) -> datetime:
        return now - timedelta(days=(today - day).days)

    saved = []
    for week, items in enumerate(PEGS.get(patient.family_name, ())):
        _answer(session, patient, PEG, week, day_of(week), items, at(day_of(week)))
    for code, week, answers in MOODS.get(patient.family_name, ()):
        _answer(session, patient, code, week, day_of(week), answers, at(day_of(week)))
        saved.append((day_of(week), at(day_of(week))))
    if sign := SIGNS.get(patient.family_name):
        back, signs = sign
        check_in = session.exec(
            select(CheckIn).where(
                CheckIn.patient_id == patient.id,
                CheckIn.local_date == today - timedelta(days=back),
            )
        ).one()
        check_in.anything_new, check_in.warning_signs = True, signs
        session.add(check_in)
        saved.append((check_in.local_date, at(check_in.local_date)))
    return saved


def _open_save_time_flags(session: Session, saved: dict[int, list], now: datetime) -> None:
    """What each save's own rules opened, evaluated on the day of the save, through the rules."""
    session.flush()
    settings = settings_by_patient(session, list(saved))
    for patient_id, days in saved.items():
        for day, at in sorted(days):
            inputs, _ = load_inputs(session, day, now, (patient_id,))
            for data, as_of in inputs:
                for result in evaluate_patient(data, settings[patient_id].settings, as_of):
                    if result.fires and result.rule in AT_SAVE:
                        spec = result.flag_spec()
                        if result.rule == MOOD_RULE:  # the one save-time rule with settings
                            spec = stamped(spec, settings[patient_id])
                        open_or_update_flag(session, patient_id, spec, now=at)


def seed_demo_rules(session: Session, now: datetime, *, password_hash: str) -> None:
    """Each rule's demo records and logins (see the module docstring), then its flags."""
    saved: dict[int, list] = {}
    for patient in session.exec(select(Patient).where(Patient.family_name.in_(LOGINS))):
        user = User(
            username=LOGINS[patient.family_name],
            display_name=patient.full_name,
            roles=[Role.PATIENT],
            password_hash=password_hash,
        )
        session.add(user)
        session.flush()
        patient.user_id = user.id
        session.add(patient)
        session.add(
            Consent(patient_id=patient.id, version=CONSENT_VERSION, text_hash=consent_hash())
        )
        if days := _records(session, patient, now):
            saved[patient.id] = days
    _open_save_time_flags(session, saved, now)
    run_in(session, now=now)
