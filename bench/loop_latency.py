"""Item 7 of issue 14, `python -m bench --only loop`: does the follow-up loop flag on the right day?

1. **Replay.** A synthetic cohort (db.seed_cohort, real migrations, a temporary SQLite file;
   1,000 patients x 84 days, ``--quick`` 200) is written WITHOUT running the rules, each patient
   given a patient login (no password: nobody logs in, the queries get a real patient actor).
   Then, for each day D from the cohort's first to its last, the clock is set to D at 22:00 UTC
   (time-machine: D is every cohort time zone's local date then) and the cron command runs as of
   D, ``db.rules.main(["--all", "--as-of", D])``, in-process (84 interpreter starts would only
   time Python's imports). After each run the coordinator's queue is read through the queue's own
   query (``flags_for_staff`` as the clinic-wide ``cohort-lead``), and the Today prompt through
   its own query (``follow_up_prompts`` as the patient) for the patients whose open flags changed
   that day (a prompt is drawn from the open flags only), keeping what the page draws: every
   urgent prompt and the first calm one (pages/patient/today_prompt.py).
   Before the replay, one check that ``--as-of`` sees no future: the rules as of the middle day on
   a copy of the cohort, and on a copy with every row dated after that day deleted, must open the
   same flags.
2. **Truth.** bench/loop_truth.py works out each patient's first day per rule from the same rows
   with pandas and CLINICAL.md's words, never calling program/'s rule code.
3. **Compare**, per rule: patients meeting it, the same day, late (by how many days), early,
   flagged though never met, never flagged; the first few misses with both sides' numbers.
4. **Urgent e-mail** (bench/loop_mail.py): the outbox worker running continuously as a
   subprocess, urgent warning signs saved through the app's own action, the time to the sink.

Withdrawn patients are left out of both sides: an enrolment keeps no date of its withdrawal, so
the rules as of a past day cannot know the patient was still enrolled then (they see the
withdrawal from the first day); see the report.
"""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import pandas as pd

from bench import summary

PATIENTS, QUICK_PATIENTS, DAYS = 1000, 200, 84
RUN_AT = clock_time(22)  # UTC: the same local date from Honolulu to New York
MISSES_SHOWN = 4
WHERE_WORDS = {"queue": "coordinator's queue", "today": "patient's Today"}


def _seed(url: str, patients: int) -> datetime:
    """The cohort (no rules run), its patients given logins; the instant it was seeded 'at'."""
    from sqlalchemy import insert, select, update

    from db.engine import write_session
    from db.migrate import upgrade
    from db.models import Patient, User
    from db.seed_cohort import seed_cohort

    os.environ["DATABASE_URL"] = url
    upgrade(url)
    seeded_at = datetime.combine(datetime.now(UTC).date() - timedelta(days=1), RUN_AT, UTC)
    seed_cohort(patients=patients, days=DAYS, now=seeded_at, run_rules=False)
    with write_session() as session:
        ids = session.execute(select(Patient.id)).scalars().all()
        for patient_id in ids:
            user_id = session.execute(
                insert(User).returning(User.id),
                dict(
                    username=f"loop-patient-{patient_id}",
                    display_name="Loop patient",
                    roles=["patient"],
                    password_hash="!",  # nobody logs in with it  # nosec B106
                    active=True,
                    must_change_password=False,
                    failed_logins=0,
                    lockouts=0,
                    password_changed_at=seeded_at,
                    created_at=seeded_at,
                ),
            ).scalar_one()
            session.execute(update(Patient).where(Patient.id == patient_id).values(user_id=user_id))
    return seeded_at


def _copy(source: str, target: Path) -> str:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return f"sqlite:///{target}"


def _opened(url: str, day: date) -> set[tuple]:
    """The flags the rules open as of ``day`` on a fresh copy (patient, key, severity, numbers)."""
    import time_machine
    from sqlmodel import select

    from db import rules
    from db.engine import read_session
    from db.models import Flag
    from program.rules import SAVE_TIME_RULES
    from program.rules.tuning import numbers

    os.environ["DATABASE_URL"] = url
    with time_machine.travel(datetime.combine(day, RUN_AT, UTC), tick=True):
        rules.run_all(day)
    with read_session() as session:
        flags = session.exec(select(Flag).where(Flag.rule.not_in(tuple(SAVE_TIME_RULES)))).all()
        return {(f.patient_id, f.dedupe_key, f.severity, str(numbers(f.inputs))) for f in flags}


def future_check(path: str, tmp: str, day: date) -> str:
    """One Markdown line: do the rules as of ``day`` see rows dated after it?"""
    full = _copy(path, Path(tmp) / "full.db")
    cut = _copy(path, Path(tmp) / "cut.db")
    with sqlite3.connect(Path(tmp) / "cut.db") as conn:
        for table, column in (
            ("checkin", "local_date"),
            ("checkindraft", "local_date"),
            ("questionnaireresponse", "local_date"),
            ("modulecompletion", "local_date"),
            ("warningsignreport", "local_date"),
            ("visit", "local_date"),
            ("notnowanswer", "said_on"),
            ("planevent", "effective_date"),
        ):
            conn.execute(f"DELETE FROM {table} WHERE {column} > ?", (day.isoformat(),))  # nosec B608
    a, b = _opened(full, day), _opened(cut, day)
    verdict = "none (the same flags)" if a == b else f"**{len(a ^ b)} flags differ**"
    return (
        f"- `--as-of` and the future: the rules as of {day} on the cohort, and on a copy without "
        f"the rows dated after it, opened {len(a)} and {len(b)} flags; difference: {verdict}."
    )


def _actors(session) -> tuple[object, dict[int, object]]:
    from sqlmodel import select

    from db.access import actor_from_user
    from db.models import Patient, User

    lead = actor_from_user(
        session, session.exec(select(User).where(User.username == "cohort-lead")).one()
    )
    patients = {
        p.id: actor_from_user(session, u)
        for p, u in session.exec(select(Patient, User).join(User, User.id == Patient.user_id))
    }
    return lead, patients


def replay(first: date, last: date) -> dict:
    """Day by day: the cron command as of D, then the queue and the Today prompts on D."""
    import time_machine

    from db import rules
    from db.engine import read_session
    from db.queries import flags_for_staff, follow_up_prompts

    with read_session() as session:
        lead, patients = _actors(session)
    queue: dict[int, tuple[date, str]] = {}  # flag id -> the day first seen, its words then
    today: dict[int, date] = {}
    drawn: dict[int, date] = {}  # what the page draws of them: urgent ones, the first calm one
    seen: dict[int, tuple] = {}
    runs, reads, queries, exits = [], [], 0, set()
    for day in (first + timedelta(days=n) for n in range((last - first).days + 1)):
        with time_machine.travel(datetime.combine(day, RUN_AT, UTC), tick=True):
            started = time.process_time()
            with contextlib.redirect_stdout(io.StringIO()):
                exits.add(rules.main(["--all", "--as-of", day.isoformat()]))
            runs.append(time.process_time() - started)
            started = time.process_time()
            flags = flags_for_staff(actor=lead)
            by_patient = defaultdict(list)
            for f in flags:
                queue.setdefault(f.id, (day, f.explanation))
                by_patient[f.patient_id].append((f.id, f.severity, f.status))
            for patient_id, mine in by_patient.items():
                if seen.get(patient_id) == (signature := tuple(sorted(mine))):
                    continue  # no flag opened, closed or changed severity: nor did the prompts
                seen[patient_id] = signature
                queries += 1
                prompts = follow_up_prompts(actor=patients[patient_id]).prompts
                calm = [p for p in prompts if p.act_now is None]
                on_page = [p for p in prompts if p.act_now is not None] + calm[:1]
                for p in prompts:
                    today.setdefault(p.flag_id, day)
                for p in on_page:
                    drawn.setdefault(p.flag_id, day)
            reads.append(time.process_time() - started)
    return dict(queue=queue, today=today, drawn=drawn, runs=runs, reads=reads,
                today_queries=queries, exits=exits)  # fmt: skip


def _frames(last: date) -> tuple[pd.DataFrame, ...]:
    """The cohort's rows the truth reads (current enrolments only), as the database holds them."""
    from db.engine import get_engine

    engine = get_engine()

    def read(sql: str, dates: tuple[str, ...]) -> pd.DataFrame:
        frame = pd.read_sql_query(sql, engine)
        for column in dates:
            frame[column] = pd.to_datetime(frame[column]).dt.date
        return frame

    current = "SELECT patient_id FROM enrolment WHERE status IN ('active', 'paused')"
    patients = read(
        f"SELECT patient_id, start_date, week1_start FROM enrolment WHERE patient_id IN ({current})",  # nosec B608
        ("start_date", "week1_start"),
    )
    check_ins = read(
        f"SELECT patient_id, local_date, pain FROM checkin WHERE patient_id IN ({current})",  # nosec B608
        ("local_date",),
    )
    questionnaires = read(
        "SELECT patient_id, instrument, program_week, local_date, total "
        f"FROM questionnaireresponse WHERE patient_id IN ({current})",  # nosec B608
        ("local_date",),
    )
    events = read(
        "SELECT e.patient_id, p.kind, p.effective_date, p.until_date FROM planevent p "
        "JOIN enrolment e ON e.id = p.enrolment_id WHERE p.kind IN ('pause', 'resume') "
        "ORDER BY p.id",
        ("effective_date", "until_date"),
    )
    pauses = []
    for patient_id, rows in events.groupby("patient_id"):
        start = None
        for r in rows.itertuples():
            if r.kind == "pause":
                start, until = r.effective_date, r.until_date if pd.notna(r.until_date) else last
            elif start is not None:
                pauses.append((patient_id, start, min(until, r.effective_date - timedelta(days=1))))
                start = None
        if start is not None:
            pauses.append((patient_id, start, until))
    return (
        patients,
        check_ins,
        questionnaires,
        pd.DataFrame(pauses, columns=["patient_id", "first_day", "last_day"]),
    )


def app_days(found: dict) -> pd.DataFrame:
    """The app's side: (patient, rule, where) -> the first replay day it showed, from flag ids."""
    from sqlmodel import select

    from db.engine import read_session
    from db.models import Flag

    with read_session() as session:
        flags = {
            f.id: f for f in session.exec(select(Flag).where(Flag.id.in_(tuple(found["queue"]))))
        }
    rows = []
    for flag_id, (day, words) in found["queue"].items():
        f = flags[flag_id]
        rule = f.dedupe_key.split(":after_visit")[0] if f.rule == "mood" else f.rule
        rows.append((f.patient_id, rule, "queue", day, words, None))
        if flag_id in found["today"]:
            drawn = found["drawn"].get(flag_id)
            rows.append((f.patient_id, rule, "today", found["today"][flag_id], words, drawn))
    frame = pd.DataFrame(
        rows, columns=["patient_id", "rule", "where", "day", "explanation", "drawn"]
    )
    return frame.sort_values("day").drop_duplicates(["patient_id", "rule", "where"])


def compare(truth: pd.DataFrame, app: pd.DataFrame) -> list[str]:
    """The Markdown tables and the first misses."""
    from bench.loop_truth import RULES

    both = truth.merge(app, on=["patient_id", "rule", "where"], how="outer", suffixes=("", "_app"))
    lines = [
        "| rule | where | patients meeting it | same day | late: n (days median / max) | "
        "early | flagged, never met | never flagged | in Today's query, not drawn: later / never |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    misses = []
    meeting = off_day = 0
    for rule in RULES:
        for where in ("queue", "today"):
            rows = both[(both["rule"] == rule) & (both["where"] == where)]
            if rows.empty and (rule == "low_adherence" and where == "today"):
                continue
            met = rows[rows["day"].notna()]
            flagged = met[met["day_app"].notna()]
            delay = [(a - t).days for a, t in zip(flagged["day_app"], flagged["day"], strict=True)]
            late = [d for d in delay if d > 0]
            early = sum(d < 0 for d in delay)
            never_met = int((rows["day"].isna() & rows["day_app"].notna()).sum())
            never = int(met["day_app"].isna().sum())
            lateness = f"{len(late)} ({statistics.median(late):.0f} / {max(late)})" if late else "0"
            shown = rows[rows["day_app"].notna()]
            drawn = (
                f"{int((shown['drawn'] > shown['day_app']).sum())} / "
                f"{int(shown['drawn'].isna().sum())}"
                if where == "today"
                else ""
            )
            meeting += len(met)
            off_day += len(met) - delay.count(0) + never_met
            lines.append(
                f"| {rule} | {WHERE_WORDS[where]} | {len(met)} | {delay.count(0)} | {lateness} | "
                f"{early} | {never_met} | {never} | {drawn} |"
            )
            wrong = rows[(rows["day"] != rows["day_app"])]
            misses.extend(wrong.head(MISSES_SHOWN).itertuples())
    lines += ["", "First misses (truth: the day and the numbers; app: its day and its words):", ""]
    for m in misses[: 3 * MISSES_SHOWN]:
        truth_side = f"{m.day} ({m.why})" if pd.notna(m.day) else "never met"
        app_side = f"{m.day_app}: {m.explanation}" if pd.notna(m.day_app) else "never flagged"
        lines.append(
            f"- patient {m.patient_id}, {m.rule}, {m.where}: truth {truth_side}; app {app_side}"
        )
    summary.add("7", f"criteria met (patient x rule x queue/Today): not flagged that day, of "
                f"{meeting}", str(off_day), "0", off_day == 0)  # fmt: skip
    return lines


def _spread(samples: list[float]) -> str:
    return f"{statistics.median(samples):.2f} ({min(samples):.2f}-{max(samples):.2f})"


def run(quick: bool) -> list[str]:
    """The ``loop`` part of ``python -m bench``: Markdown lines."""
    from bench.loop_mail import measure_mail
    from bench.loop_truth import first_days

    patients = QUICK_PATIENTS if quick else PATIENTS
    with tempfile.TemporaryDirectory(prefix="recalibrate-loop-") as tmp:
        path = str(Path(tmp) / "loop.db")
        url = f"sqlite:///{path}"
        started = time.perf_counter()
        seeded_at = _seed(url, patients)
        seeded = time.perf_counter() - started
        last = seeded_at.date()
        first = last - timedelta(days=DAYS - 1)
        check = future_check(path, tmp, first + timedelta(days=DAYS // 2))
        os.environ["DATABASE_URL"] = url
        started = time.perf_counter()
        found = replay(first, last)
        replayed = time.perf_counter() - started
        started = time.perf_counter()
        truth = first_days(*_frames(last), last)
        truth_seconds = time.perf_counter() - started
        app = app_days(found)
        quiet = _quiet_rows()
        lines = [
            f"### The loop's latency (item 7): {patients} patients x {DAYS} days, replayed "
            f"{first} to {last}",
            "",
            f"Seeded in {seeded:.0f} s; replay {replayed:.0f} s wall: the cron command in-process "
            f"per day, CPU s median (min-max) {_spread(found['runs'])}, the queue and "
            f"{found['today_queries']} Today reads {_spread(found['reads'])} a day; exit codes "
            f"{sorted(found['exits'])}; the truth (pandas) {truth_seconds:.1f} s. Goal: the same "
            "day for every patient.",
            "",
            check,
            f"- Quiet periods in the cohort (completed visits, Not now answers): {quiet}.",
            "",
            *compare(truth, app),
        ]
        lines += ["", *measure_mail(url, tmp, quick)]
    return lines


def _quiet_rows() -> int:
    from sqlalchemy import func
    from sqlmodel import select

    from db.engine import read_session
    from db.models import NotNowAnswer, Visit

    with read_session() as session:
        return sum(
            session.exec(select(func.count()).select_from(model)).one()
            for model in (Visit, NotNowAnswer)
        )
