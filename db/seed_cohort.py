"""A synthetic cohort: ``python -m db.seed --cohort N --days D [--seed S] [--panels 1000,5000]``.

For load tests (``make bench``) and for practising triage on a full panel. The histories come from
``program.cohort`` (pure, seeded); this module writes them with bulk inserts (SQLAlchemy Core
executemany, no ORM object per row) in one transaction, so a failure leaves nothing behind. Flags
come the way the app opens them: the save-time flags (warning signs, medicines, PHQ-9 item 9)
through ``open_or_update_flag`` as each save would, older ones closed by the care team as a
clinic would have; then the cohort run of the follow-up rules (``db.rules.run_all``) for the rest.

Care teams: coordinators with panels of the sizes asked for (the rest of the cohort goes to one
more), each paired with a clinician, and a clinic-wide lead coordinator who sees everyone.
Staff log in with the demo password (demo and test modes only; production is refused).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from core.clock import local_today, utcnow
from core.passwords import DEMO_PASSWORD, hash_password
from db.audit import record
from db.cohort_rows import CohortWriter, insert_returning
from db.engine import write_session
from db.lookups import newest_published_versions
from db.models import (
    Clinic,
    Patient,
    User,
)
from db.queries.clinic import CLINIC_ID
from db.seed import ensure_program, seed_demo_clinic
from program.cohort import (
    TIMEZONES,
    staff_names,
    synthetic_patient,
)
from program.vocabulary import Role

DEFAULT_SEED = 12
CHUNK = 1000  # patients generated and written at a time (bounds the memory a large cohort needs)
LEAD = "cohort-lead"
# A clinic works its flags: save-time flags older than this were seen and closed by the team.
HANDLED_AFTER_DAYS = 10
PAUSE_REASON = "Taking a short break from the program (synthetic cohort)."


class CohortRefused(Exception):
    """The database is not one a synthetic cohort may be written into (the message says why)."""


@dataclass(frozen=True)
class CohortResult:
    patients: int
    check_ins: int
    questionnaires: int
    lessons: int
    save_time_flags: int
    rules_opened: int
    panels: dict[str, int]  # coordinator username -> panel size
    seconds: float  # in all
    rules_seconds: float  # of which the cohort run of the rules


def default_panels(patients: int) -> tuple[int, ...]:
    """Coordinators' panels of different sizes: a half, a quarter, an eighth, then the rest."""
    sizes, left = [], patients
    for share in (2, 4, 8):
        size = patients // share
        if size and left - size > 0:
            sizes.append(size)
            left -= size
    return tuple(sizes)


def check_panels(patients: int, panels: Sequence[int]) -> tuple[int, ...]:
    """The coordinators' panel sizes, the rest of the cohort as one more; ValueError if they
    cannot be cut from ``patients``."""
    if any(size < 1 for size in panels):
        raise ValueError("every panel needs at least one patient")
    if sum(panels) > patients:
        raise ValueError(f"panels of {sum(panels)} patients do not fit a cohort of {patients}")
    rest = patients - sum(panels)
    return (*panels, rest) if rest else tuple(panels)


def refusal(session: Session) -> str | None:
    """Why a cohort may not be written here, or None: only into an empty database (synthetic
    patients must never mix with real ones, or with the demo's)."""
    if session.exec(select(Patient.id).limit(1)).first() is not None:
        return "the database already holds patients; use an empty database for a cohort"
    if session.exec(select(User.id).limit(1)).first() is not None:
        return "the database already holds users; use an empty database for a cohort"
    return None


def seed_cohort(
    *,
    patients: int,
    days: int,
    seed: int = DEFAULT_SEED,
    panels: Sequence[int] | None = None,
    now: datetime | None = None,
    run_rules: bool = True,
) -> CohortResult:
    """Write a synthetic cohort into the (empty) database in DATABASE_URL; CohortRefused if not."""
    started = time.perf_counter()
    now = now or utcnow()
    if patients < 1 or days < 1:
        raise ValueError("a cohort needs at least one patient and one day")
    sizes = check_panels(patients, default_panels(patients) if panels is None else panels)
    today = {tz: local_today(tz, now) for tz, _ in TIMEZONES}
    counts = {"check_ins": 0, "questionnaires": 0, "lessons": 0, "flags": 0}
    with write_session() as session:
        if reason := refusal(session):
            raise CohortRefused(reason)
        program = ensure_program(session)
        if session.get(Clinic, CLINIC_ID) is None:
            seed_demo_clinic(session, now)
        versions = newest_published_versions(session, program.id)
        teams = _staff(session, sizes)
        writer = CohortWriter(session, program.id, versions, now)
        plans = writer.lesson_plans()
        for first in range(0, patients, CHUNK):
            people = [
                synthetic_patient(seed, n, today=today, days=days, lessons=plans)
                for n in range(first, min(patients, first + CHUNK))
            ]
            writer.write(people, [_team_of(n, teams) for n in range(first, first + len(people))])
        for key in counts:
            counts[key] = writer.counts[key]
        record(
            session,
            actor=None,
            action="seed_cohort",
            detail=f"synthetic cohort: {patients} patients, {days} days, seed {seed}",
        )
    opened, rules_started = 0, time.perf_counter()
    if run_rules:
        from db.rules import run_all  # the cohort run of the follow-up rules, as cron runs it

        opened = run_all(now=now).opened
    rules_seconds = time.perf_counter() - rules_started
    names = [f"cohort-coord-{i + 1}" for i in range(len(sizes))]
    return CohortResult(
        patients=patients,
        check_ins=counts["check_ins"],
        questionnaires=counts["questionnaires"],
        lessons=counts["lessons"],
        save_time_flags=counts["flags"],
        rules_opened=opened,
        panels=dict(zip(names, sizes, strict=True)) | {LEAD: patients},
        seconds=time.perf_counter() - started,
        rules_seconds=rules_seconds,
    )


def _staff(session: Session, sizes: Sequence[int]) -> list[tuple[int, int, int]]:
    """Coordinator and clinician logins for each panel, and the clinic-wide lead; returns
    (coordinator id, clinician id, panel's last patient number + 1) per team."""
    password = hash_password(DEMO_PASSWORD)
    names = staff_names(2 * len(sizes) + 1)
    rows = [
        dict(
            username=LEAD,
            display_name=names[0],
            roles=[Role.COORDINATOR],
            clinic_wide=True,
        )
    ]
    for i in range(len(sizes)):
        rows.append(
            dict(
                username=f"cohort-coord-{i + 1}",
                display_name=names[2 * i + 1],
                roles=[Role.COORDINATOR],
                clinic_wide=False,
            )
        )
        rows.append(
            dict(
                username=f"cohort-clin-{i + 1}",
                display_name=f"Dr. {names[2 * i + 2]}",
                roles=[Role.CLINICIAN],
                clinic_wide=False,
            )
        )
    now = utcnow()
    for row in rows:
        row.update(
            email=f"{row['username']}@example.org",
            password_hash=password,
            active=True,
            must_change_password=False,
            failed_logins=0,
            lockouts=0,
            password_changed_at=now,
            created_at=now,
        )
    ids = insert_returning(session, User, rows)
    teams, end = [], 0
    for i, size in enumerate(sizes):
        end += size
        teams.append((ids[1 + 2 * i], ids[2 + 2 * i], end))
    return teams


def _team_of(number: int, teams: Sequence[tuple[int, int, int]]) -> tuple[int, int]:
    for coordinator, clinician, end in teams:
        if number < end:
            return coordinator, clinician
    raise ValueError(f"patient {number} is on no panel")


def cohort_summary(result: CohortResult) -> Iterable[str]:
    """What a run wrote, for the command line."""
    yield (
        f"cohort: {result.patients} patients, {result.check_ins} check-ins, "
        f"{result.questionnaires} questionnaires, {result.lessons} lessons done"
    )
    yield f"flags: {result.save_time_flags} from saves, {result.rules_opened} opened by the rules"
    yield "panels: " + ", ".join(f"{name} {size}" for name, size in result.panels.items())
    yield "log in as any of them with the demo password"
    yield f"took {result.seconds:.1f} s, of which the rules run {result.rules_seconds:.1f} s"


def _prepare_database(url: str) -> None:
    """Create the database when it is missing (a SQLite file, or a PostgreSQL database on a
    server we can reach), then bring it to the newest schema."""
    from sqlalchemy import create_engine, make_url
    from sqlalchemy.exc import OperationalError

    from db.migrate import upgrade

    target = make_url(url)
    if target.get_backend_name() == "postgresql":
        probe = create_engine(url)
        try:
            with probe.connect():
                pass
        except OperationalError as exc:
            if "does not exist" not in str(exc):
                raise
            admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{target.database}"')
            admin.dispose()
        finally:
            probe.dispose()
    upgrade(url)


def cohort_main(args) -> int:
    """``python -m db.seed --cohort N --days D``: 0 written, 1 refused, 2 bad arguments."""
    import sys

    from core.settings import SettingsError, database_url, load_settings

    seed = DEFAULT_SEED if args.seed is None else args.seed
    try:
        try:
            settings = load_settings()
        except SettingsError as exc:
            raise CohortRefused(f"the settings are not ones the app starts with: {exc}") from None
        if not settings.demo and settings.mode != "test":
            raise CohortRefused(
                "synthetic patients are only written in demo or test mode (RECALIBRATE_ENV)"
            )
        if args.cohort < 1 or args.days < 1:
            raise ValueError("--cohort and --days must be at least 1")
        if args.panels is not None:
            check_panels(args.cohort, args.panels)
        _prepare_database(database_url())
        result = seed_cohort(patients=args.cohort, days=args.days, seed=seed, panels=args.panels)
    except ValueError as exc:
        print(f"bad arguments: {exc}", file=sys.stderr)
        return 2
    except CohortRefused as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    for line in cohort_summary(result):
        print(line)
    return 0
