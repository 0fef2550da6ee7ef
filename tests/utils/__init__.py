"""Small factories for tests: real rows in the test's own database."""

from __future__ import annotations

from datetime import date

from sqlmodel import SQLModel, select

from core.clock import utcnow
from core.passwords import hash_password
from db.access import Actor, actor_from_user
from db.engine import read_session, write_session
from db.models import CareTeamMember, CheckIn, Enrolment, Patient, Program, User
from db.seed import ensure_program

PASSWORD = "correct horse battery staple 42"
# A plain day: every daily check-in question answered, nothing to flag.
CHECK_IN_ANSWERS = dict(
    pain=5, sleep_quality=3, mood=3, stress=3, flare=False, medicines_changed=False
)


def make_user(
    username: str, roles: list[str], *, password: str = PASSWORD, **extra: object
) -> User:
    with write_session() as session:
        user = User(
            username=username,
            display_name=username.title(),
            roles=roles,
            password_hash=hash_password(password),
            **extra,
        )
        session.add(user)
        session.flush()
        return user


def make_patient(
    given: str = "Pat",
    *,
    username: str | None = None,
    timezone: str = "America/New_York",
    start: date | None = None,
    coordinator: User | None = None,
    clinician: User | None = None,
) -> Patient:
    """A patient (with a login when ``username`` is given), enrolled from ``start`` if given."""
    user = make_user(username, ["patient"]) if username else None
    with write_session() as session:
        patient = Patient(
            user_id=user.id if user else None,
            given_name=given,
            family_name="Test",
            date_of_birth=date(1980, 1, 1),
            record_number=f"T-{given}-{utcnow().timestamp()}",
            timezone=timezone,
        )
        session.add(patient)
        session.flush()
        if start is not None:
            program = session.exec(select(Program)).first() or ensure_program(session)
            session.add(
                Enrolment(
                    patient_id=patient.id,
                    program_id=program.id,
                    start_date=start,
                    week1_start=start,
                )
            )
        for staff, role in ((coordinator, "coordinator"), (clinician, "clinician")):
            if staff is not None:
                session.add(
                    CareTeamMember(
                        patient_id=patient.id,
                        user_id=staff.id,
                        role=role,
                        from_date=date(2000, 1, 1),
                    )
                )
        return patient


def actor_for(username: str) -> Actor:
    with read_session() as session:
        user = session.exec(select(User).where(User.username == username)).one()
        return actor_from_user(session, user)


def rows(model: type[SQLModel], **where: object) -> list:
    """Every row of ``model`` matching ``where`` (column=value), oldest first."""
    with read_session() as session:
        query = select(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return list(session.exec(query.order_by(model.id)).all())


def add_pains(patient_id: int, pains: dict[date, int]) -> None:
    """Check-ins with these pain scores on these days (sleep, mood and stress all 3)."""
    with write_session() as session:
        for day, pain in pains.items():
            session.add(
                CheckIn(
                    patient_id=patient_id,
                    local_date=day,
                    pain=pain,
                    sleep_quality=3,
                    mood=3,
                    stress=3,
                )
            )
