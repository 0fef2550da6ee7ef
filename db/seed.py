"""Demo program and demo accounts: ``python -m db.seed`` seeds only an empty database.

Demo accounts exist in demo mode only; their password is documented in the README.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from core.clock import local_today, utcnow
from core.passwords import DEMO_PASSWORD, hash_password
from core.settings import load_settings
from db.actions import open_or_update_flag
from db.actions.clinic import save_clinic
from db.audit import record
from db.content import sync_content
from db.engine import keep_files_private, write_session
from db.models import CareTeamMember, CheckIn, Consent, Enrolment, Goal, Patient, Program, User
from db.seed_movement import seed_demo_movement
from db.seed_rules import seed_demo_rules
from program.onboarding import CONSENT_VERSION, consent_hash
from program.rules import warning_sign_flags
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
    seed_demo_rules(session, now, password_hash=password_hash)  # each rule's records, its flags
    record(session, actor=None, action="seed_demo", detail="demo program and accounts")


def seed_cohort(
    session: Session, *, patients: int, days: int, coordinator: str, now: datetime | None = None
) -> int:
    """A synthetic cohort on one coordinator's panel, for benchmarks; returns check-ins written."""
    now = now or utcnow()
    rng = random.Random(11)
    program = ensure_program(session)
    staff = User(
        username=coordinator,
        display_name="Bench Coordinator",
        roles=[Role.COORDINATOR],
        password_hash=hash_password(DEMO_PASSWORD),
    )
    session.add(staff)
    session.flush()
    rows = 0
    for n in range(patients):
        patient = Patient(
            given_name=f"P{n}",
            family_name="Cohort",
            date_of_birth=date(1970, 1, 1),
            record_number=f"BENCH-{n:06d}",
            timezone="America/Chicago",
        )
        session.add(patient)
        session.flush()
        today = local_today(patient.timezone, now)
        start = today - timedelta(days=rng.randint(0, 80))
        session.add(
            Enrolment(
                patient_id=patient.id, program_id=program.id, start_date=start, week1_start=start
            )
        )
        session.add(
            CareTeamMember(
                patient_id=patient.id, user_id=staff.id, role=Role.COORDINATOR, from_date=start
            )
        )
        pain = rng.randint(2, 8)
        for back in range(days, 0, -1):
            if rng.random() < 0.8:
                session.add(
                    CheckIn(
                        patient_id=patient.id,
                        local_date=today - timedelta(days=back),
                        pain=max(0, min(10, pain + rng.choice((-1, 0, 1)))),
                        sleep_quality=3,
                        mood=3,
                        stress=3,
                    )
                )
                rows += 1
        if rng.random() < 0.1:
            for spec in warning_sign_flags([rng.choice(("calf", "chest_pain"))], today):
                open_or_update_flag(session, patient.id, spec, now=now)
    session.flush()
    return rows


def database_is_empty(session: Session) -> bool:
    return session.exec(select(User.id)).first() is None


def main() -> int:
    keep_files_private()
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
