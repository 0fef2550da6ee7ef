"""Demo program and demo accounts: ``python -m db.seed`` seeds only an empty database.

Demo accounts exist in demo mode only; their password is documented in the README.
``python -m db.seed --cohort N --days D`` writes a synthetic cohort instead (db/seed_cohort.py).
"""

from __future__ import annotations

import argparse
import random
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from core.clock import local_today, utcnow
from core.passwords import DEMO_PASSWORD, hash_password
from core.settings import load_settings
from db.actions.clinic import save_clinic
from db.audit import record
from db.content import sync_content
from db.engine import keep_files_private, write_session
from db.models import CareTeamMember, CheckIn, Consent, Enrolment, Goal, Patient, Program, User
from db.seed_admin_approval import seed_admin_approvals
from db.seed_alerts import seed_demo_alerts
from db.seed_curriculum import seed_curriculum_demo
from db.seed_editor import seed_editor_demo
from db.seed_follow_ups import seed_follow_ups
from db.seed_movement import seed_demo_movement
from db.seed_panel import seed_panel_history
from db.seed_rules import seed_demo_rules
from db.seed_sleep import seed_sleep_demo
from program.onboarding import CONSENT_VERSION, consent_hash
from program.vocabulary import Role

PROGRAM_SLUG = "recalibrate-12"
DEMO_USERS = (
    ("demo-patient", "Alex Rivera", [Role.PATIENT]),
    ("demo-coordinator", "Casey Morgan", [Role.COORDINATOR]),
    ("demo-clinician", "Dr. Jordan Lee", [Role.CLINICIAN]),
    ("demo-admin", "Sam Admin", [Role.ADMIN]),
)
# Other patients on the demo panel: name, weeks in, pain level, days since check-in (db/seed_rules.py
# adds what makes each follow-up rule fire, and their logins).
DEMO_PANEL = (
    ("Maria", "Santos", 5, 6, 0),
    ("Dev", "Patel", 2, 4, 1),
    ("Grace", "Okafor", 8, 7, 2),
    ("Tom", "Becker", 12, 3, 0),
    ("Lena", "Fischer", 1, 5, 2),
    ("Omar", "Haddad", 6, 8, 9),
)


def ensure_program(session: Session) -> Program:
    """The default 12-week program with the shipped lessons."""
    program = session.exec(select(Program).where(Program.slug == PROGRAM_SLUG)).first()
    if program is None:
        program = Program(slug=PROGRAM_SLUG, title="Recalibrate 12-week program", weeks=12)
        session.add(program)
        session.flush()
    sync_content(session, program)
    return program


def _check_ins(
    session: Session,
    patient: Patient,
    days: int,
    pain: int,
    skip_recent: int,
    today: date,
    rng: random.Random,
) -> None:
    for back in range(days, skip_recent, -1):
        level = max(0, min(10, pain + rng.choice((-1, 0, 0, 1)) + (1 if back > days // 2 else 0)))
        session.add(
            CheckIn(
                patient_id=patient.id,
                local_date=today - timedelta(days=back),
                pain=level,
                sleep_quality=rng.randint(2, 4),
                mood=rng.randint(2, 4),
                stress=rng.randint(2, 4),
                flare=level >= pain + 2,
            )
        )


WEEKDAY_HOURS = [["08:00", "17:00"]]
DEMO_CLINIC = dict(
    name="Riverside Pain Recovery Clinic",
    phone="(617) 555-0142",
    after_hours_phone="(617) 555-0199",
    after_hours_label="Nurse line, after hours",
    timezone="America/New_York",
    hours={day: WEEKDAY_HOURS for day in ("mon", "tue", "wed", "thu", "fri")}
    | {"sat": [["09:00", "12:00"]]},
    email="front-desk@example.org",
    address="100 River Street, Boston, MA",
)


def seed_demo_clinic(session: Session, now: datetime | None = None) -> None:
    """A fictional clinic (555-01xx numbers are reserved for fiction) for the demo."""
    save_clinic(session, **DEMO_CLINIC, now=now)


def seed_demo(session: Session, now: datetime | None = None) -> None:
    """Create the demo program, accounts, patients and two weeks of history."""
    now = now or utcnow()
    rng = random.Random(7)
    program = ensure_program(session)
    password_hash = hash_password(DEMO_PASSWORD)
    users = {}
    for username, name, roles in DEMO_USERS:
        user = User(
            username=username,
            display_name=name,
            roles=roles,
            password_hash=password_hash,
            email=f"{username}@example.org",
        )
        session.add(user)
        users[username] = user
    session.flush()
    coordinator, clinician = users["demo-coordinator"], users["demo-clinician"]
    seed_demo_clinic(session, now)

    def enrol(patient: Patient, weeks_in: int) -> None:
        today = local_today(patient.timezone, now)
        start = today - timedelta(days=7 * (weeks_in - 1) + 1)
        session.add(
            Enrolment(
                patient_id=patient.id, program_id=program.id, start_date=start, week1_start=start
            )
        )
        for staff, role in ((coordinator, Role.COORDINATOR), (clinician, Role.CLINICIAN)):
            session.add(
                CareTeamMember(patient_id=patient.id, user_id=staff.id, role=role, from_date=start)
            )

    alex = Patient(
        user_id=users["demo-patient"].id,
        given_name="Alex",
        family_name="Rivera",
        date_of_birth=date(1984, 5, 12),
        record_number="DEMO-0001",
        phone="555-0100",
        timezone="America/New_York",
    )
    session.add(alex)
    session.flush()
    enrol(alex, 3)
    # Alex finished onboarding before the demo starts: consent and goals in their own words.
    session.add(Consent(patient_id=alex.id, version=CONSENT_VERSION, text_hash=consent_hash()))
    for text in ("Walk to the park with my daughter", "Sleep through the night"):
        session.add(Goal(patient_id=alex.id, text=text))
    _check_ins(session, alex, 14, 6, 0, local_today(alex.timezone, now), rng)
    seed_demo_movement(session, alex, now)
    seed_sleep_demo(session, alex, clinician, now)
    for n, (given, family, weeks_in, pain, quiet) in enumerate(DEMO_PANEL, start=2):
        patient = Patient(
            given_name=given,
            family_name=family,
            date_of_birth=date(1970 + n * 3, n, n),
            record_number=f"DEMO-{n:04d}",
            timezone=rng.choice(("America/Chicago", "America/Denver", "America/Los_Angeles")),
        )
        session.add(patient)
        session.flush()
        enrol(patient, weeks_in)
        today = local_today(patient.timezone, now)
        _check_ins(session, patient, min(14, 7 * weeks_in), pain, quiet, today, rng)
    seed_curriculum_demo(session, now)
    seed_editor_demo(session, program, clinician, now)  # db/seed_editor.py
    seed_admin_approvals(session, now)
    seed_panel_history(session, now)  # mood questionnaires, goals and a note for the panel
    # Each rule's records and logins, then the flags opened through the rules (no flag rows by
    # hand); the follow-ups below work on those flags.
    seed_demo_rules(session, now, password_hash=password_hash)
    seed_follow_ups(session, now)
    seed_demo_alerts(session, password_hash=password_hash)
    record(session, actor=None, action="seed_demo", detail="demo program and accounts")


def database_is_empty(session: Session) -> bool:
    return session.exec(select(User.id)).first() is None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m db.seed", description=__doc__.splitlines()[0])
    p.add_argument(
        "--cohort", type=int, metavar="N", help="write N synthetic patients (an empty database)"
    )
    p.add_argument("--days", type=int, default=180, metavar="D", help="days of history each")
    p.add_argument("--seed", type=int, default=None, help="the same seed gives the same cohort")
    p.add_argument(
        "--panels",
        type=lambda text: tuple(int(n) for n in text.split(",") if n.strip()),
        metavar="1000,5000",
        help="coordinators' panel sizes (the rest of the cohort goes to one more)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    keep_files_private()
    args = parser().parse_args(argv)  # exits 2 on bad arguments
    if args.cohort is not None:
        from db.seed_cohort import cohort_main

        return cohort_main(args)
    settings = load_settings()
    with write_session() as session:
        if not database_is_empty(session):
            program = ensure_program(session)
            print(f"database already has data; content synced for {program.slug}")
            return 0
        if not settings.demo:
            ensure_program(session)
            print("production mode: program content loaded, no demo accounts created")
            return 0
        seed_demo(session)
    print(
        "demo data seeded: log in as demo-patient / demo-coordinator / demo-clinician / demo-admin"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
