"""``python -m bench.rule_settings [N ...]``: the cohort run and the rule-settings preview at size.

Builds N patients x 84 days in a temporary SQLite file (real migrations; rows written with bulk
inserts: weekly PEGs, daily check-ins with gaps), then times the cohort run (first run and a rerun),
the two-query settings load, and a clinician's program-wide preview, with and without a program
version and 1% of patients holding an override of their own. Figures, never assertions.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("RECALIBRATE_ENV", "test")
os.environ.setdefault("BCRYPT_ROUNDS", "4")

NOW = datetime(2026, 3, 18, 15, 0, tzinfo=UTC)
DAYS = 84


def build(patients: int) -> None:
    from sqlalchemy import insert

    from db.engine import write_session
    from db.models import CareTeamMember, CheckIn, Enrolment, Patient, QuestionnaireResponse, User
    from db.seed import ensure_program

    rng = random.Random(12)
    today = NOW.date()
    with write_session() as session:
        program = ensure_program(session)
        doc = User(username="bench-doc", display_name="Bench Doc", roles=["clinician"],
                   password_hash="x")  # fmt: skip
        session.add(doc)
        session.flush()
        session.execute(insert(Patient), [
            dict(given_name=f"P{n}", family_name="Bench", date_of_birth=datetime(1970, 1, 1).date(),
                 record_number=f"B-{n}", timezone="America/Chicago", preferred_contact="phone",
                 created_at=NOW)
            for n in range(patients)
        ])  # fmt: skip
        ids = [i for (i,) in session.execute(Patient.__table__.select().with_only_columns(
            Patient.id).order_by(Patient.id))]  # fmt: skip
        enrolments, team, check_ins, pegs = [], [], [], []
        for pid in ids:
            start = today - timedelta(days=rng.randint(7, DAYS))
            enrolments.append(dict(patient_id=pid, program_id=program.id, start_date=start,
                                   week1_start=start, status="active"))  # fmt: skip
            team.append(dict(patient_id=pid, user_id=doc.id, role="clinician",
                             from_date=start))  # fmt: skip
            pain, trend = rng.randint(3, 8), rng.choice((-0.05, 0, 0, 0.03))
            quits = rng.random() < 0.1
            for back in range((today - start).days, 0, -1):
                if quits and back < 8 or rng.random() < 0.15:
                    continue
                day = today - timedelta(days=back)
                level = max(0, min(10, round(pain + trend * (today - start).days - trend * back)))
                check_ins.append(dict(patient_id=pid, local_date=day, pain=level,
                                      sleep_quality=3, mood=3, stress=3, flare=False,
                                      medicines_changed=False, anything_new=False,
                                      warning_signs=[], created_at=NOW, updated_at=NOW))  # fmt: skip
                if (day - start).days % 7 == 1 or day == start:
                    week = 0 if day == start else (day - start).days // 7 + 1
                    total = max(0.0, min(10.0, level + rng.choice((-0.3, 0, 0.3))))
                    pegs.append(dict(patient_id=pid, instrument="PEG", version="1",
                                     answers={"1": round(total)}, total=total, program_week=week,
                                     local_date=day, taken_at=NOW))  # fmt: skip
        session.execute(insert(Enrolment), enrolments)
        session.execute(insert(CareTeamMember), team)
        session.execute(insert(CheckIn), check_ins)
        session.execute(insert(QuestionnaireResponse), pegs)
        print(f"  {patients} patients, {len(check_ins)} check-ins, {len(pegs)} PEGs", flush=True)


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"  {label:<52} {time.perf_counter() - start:7.2f} s", flush=True)
    return result


def main(argv: list[str]) -> int:
    from sqlmodel import select

    from db import rules
    from db.access import actor_from_user
    from db.actions import change_rule_settings
    from db.engine import engine_for, read_session
    from db.migrate import upgrade
    from db.models import Patient, Program, User
    from db.queries import preview_rule_settings
    from db.rule_settings import settings_by_patient

    for size in [int(a) for a in argv] or [2000]:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            os.environ["DATABASE_URL"] = url
            upgrade(url)
            print(f"{size} patients x {DAYS} days (SQLite):")
            timed("build the cohort", lambda s=size: build(s))
            with read_session() as session:
                doc = actor_from_user(session, session.exec(select(User)).one())
                program_id = session.exec(select(Program.id)).one()
                some = session.exec(select(Patient.id).limit(max(1, size // 100))).all()
            first = timed("cohort run, first (opens flags)", lambda: rules.run_all(now=NOW))
            again = timed("cohort run, rerun", lambda: rules.run_all(now=NOW))
            print(f"    first opened={first.opened}, rerun opened={again.opened}")
            change_rule_settings(actor=doc, program_id=program_id, changes={"peg_fall_line": 0.25},
                                 reason="bench", now=NOW)  # fmt: skip
            for pid in some:
                change_rule_settings(actor=doc, patient_id=pid, changes={"low_adherence_days": 9},
                                     reason="bench", now=NOW)  # fmt: skip

            def load():
                with read_session() as session:
                    return settings_by_patient(session)

            timed(f"settings of everyone ({len(some)} overrides)", load)
            timed("cohort run after the change (refreshes)", lambda: rules.run_all(now=NOW))
            timed("cohort run, rerun with stored settings", lambda: rules.run_all(now=NOW))
            preview = timed(
                "preview of a program change (PEG line 25% -> 35%)",
                lambda d=doc, p=program_id: preview_rule_settings(
                    actor=d, program_id=p, changes={"peg_fall_line": 0.35}, now=NOW
                ),
            )
            print(f"    flagged {preview.flagged_before} -> {preview.flagged_after}, "
                  f"{len(preview.changed)} named")  # fmt: skip
            engine_for(url).dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
