"""Synthetic patients as rows: the bulk-loaded tables of a cohort (db/seed_cohort.py).

Each synthetic patient (program.cohort) becomes tuples of driver-ready values (db.bulk) for the
tables below, written a chunk of patients at a time in the caller's transaction; the flags their
saves would have opened go through ``open_or_update_flag`` as the app's saves do.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlmodel import Session

from core.clock import local_today
from db.actions.flags import add_event, open_or_update_flag
from db.bulk import bulk_insert, values_for
from db.lookups import module_ref
from db.models import (
    CareTeamMember,
    CheckIn,
    Consent,
    Enrolment,
    Flag,
    Goal,
    ModuleCompletion,
    Patient,
    PlanEvent,
    QuestionnaireResponse,
)
from db.panel_summary import refresh_summaries
from program.cohort import (
    DayRecord,
    LessonPlan,
    LessonRecord,
    QuestionnaireRecord,
    SyntheticPatient,
)
from program.curriculum import due_days
from program.measures import PHQ9_CRISIS_ITEM, score
from program.onboarding import CONSENT_VERSION, consent_hash
from program.rules import (
    FlagSpec,
    medicines_changed_flag,
    needs_risk_assessment,
    phq9_item9_flag,
    warning_sign_flags,
)
from program.vocabulary import FlagEventKind, FlagStatus, PlanEventKind, QuestionnaireCode, Role

# A clinic works its flags: save-time flags older than this were seen and closed by the team.
HANDLED_AFTER_DAYS = 10
PAUSE_REASON = "Taking a short break from the program (synthetic cohort)."

# The bulk-loaded tables, in the order written, with the columns each row tuple holds.
TABLES = {
    "careteammember": CareTeamMember,
    "consent": Consent,
    "goal": Goal,
    "planevent": PlanEvent,
    "checkin": CheckIn,
    "questionnaireresponse": QuestionnaireResponse,
    "modulecompletion": ModuleCompletion,
}
COLUMNS = {
    "careteammember": ("patient_id", "user_id", "role", "from_date", "to_date"),
    "consent": ("patient_id", "version", "text_hash", "accepted_at"),
    "goal": ("patient_id", "text", "created_at", "achieved_at", "archived"),
    "planevent": (
        "enrolment_id",
        "kind",
        "module_id",
        "effective_date",
        "reason",
        "actor_id",
        "created_at",
        "details",
        "until_date",
    ),
    "checkin": (
        "patient_id",
        "local_date",
        "pain",
        "sleep_quality",
        "mood",
        "stress",
        "flare",
        "medicines_changed",
        "medicines_note",
        "anything_new",
        "warning_signs",
        "created_at",
        "updated_at",
    ),
    "questionnaireresponse": (
        "patient_id",
        "instrument",
        "version",
        "answers",
        "total",
        "band",
        "positive",
        "program_week",
        "local_date",
        "taken_at",
    ),
    "modulecompletion": (
        "patient_id",
        "module_version_id",
        "local_date",
        "completed_at",
        "minutes",
        "check_answers",
        "check_correct",
        "check_total",
    ),
}
COUNTED = {
    "checkin": "check_ins",
    "questionnaireresponse": "questionnaires",
    "modulecompletion": "lessons",
}


def insert_returning(session: Session, model, rows: list[dict]) -> list[int]:
    """Bulk insert, returning the new ids in the order of ``rows``."""
    if not rows:
        return []
    table = model.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [r[0] for r in session.execute(statement, rows)]


@cache
def _noon(timezone: str, day: date) -> datetime:
    """Midday where the patient lives, in UTC: when the synthetic saves happened."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(timezone)).astimezone(UTC)


@cache
def _score(instrument: str, answers: tuple[tuple[str, int], ...]):
    """``program.measures.score`` and the answers as JSON, once per distinct set of answers
    (weekly PEGs repeat a lot)."""
    return score(instrument, dict(answers)), json.dumps(dict(answers))


class CohortWriter:
    """Turns synthetic patients into rows, a chunk at a time, in the caller's transaction."""

    def __init__(self, session: Session, program_id: int, versions, now: datetime) -> None:
        self.session, self.program_id, self.now = session, program_id, now
        self.versions = versions
        self.counts = {"check_ins": 0, "questionnaires": 0, "lessons": 0, "flags": 0}
        self.consent_hash = consent_hash()
        self.values = values_for(session)

    def lesson_plans(self) -> list[LessonPlan]:
        due = due_days([module_ref(m) for m, _ in self.versions])
        self.by_slug = {m.slug: v for m, v in self.versions}
        return [
            LessonPlan(m.slug, m.week, due[m.id], len(v.check or ()))
            for m, v in self.versions
            if m.week >= 1
        ]

    def write(self, people: list[SyntheticPatient], teams: list[tuple[int, int]]) -> None:
        s, v = self.session, self.values
        ids = insert_returning(s, Patient, [self._patient(p) for p in people])
        enrolments = insert_returning(
            s, Enrolment, [self._enrolment(p, pid) for p, pid in zip(people, ids, strict=True)]
        )
        rows: dict[str, list[tuple]] = {name: [] for name in COLUMNS}
        for p, pid, eid, (coordinator, clinician) in zip(
            people, ids, enrolments, teams, strict=True
        ):
            start, at = v.day(p.start_date), v.time(_noon(p.timezone, p.start_date))
            for user_id, role in ((coordinator, Role.COORDINATOR), (clinician, Role.CLINICIAN)):
                rows["careteammember"].append((pid, user_id, str(role), start, None))
            rows["consent"].append((pid, CONSENT_VERSION, self.consent_hash, at))
            rows["goal"].extend((pid, text, at, None, False) for text in p.goals)
            if p.pause is not None:
                rows["planevent"].extend(self._pause(p, eid, clinician))
            rows["checkin"].extend(self._check_in(p.timezone, pid, c) for c in p.check_ins)
            rows["questionnaireresponse"].extend(
                self._response(p.timezone, pid, q) for q in p.questionnaires
            )
            rows["modulecompletion"].extend(
                self._completion(p.timezone, pid, done) for done in p.lessons
            )
        for name, columns in COLUMNS.items():
            written = bulk_insert(s, TABLES[name].__table__, columns, rows[name])
            if name in COUNTED:
                self.counts[COUNTED[name]] += written
        # COPY bypasses the ORM flush that keeps each summary current: rewrite them here.
        refresh_summaries(s.connection(), ids)
        for p, pid, (coordinator, clinician) in zip(people, ids, teams, strict=True):
            self.counts["flags"] += self._save_time_flags(p, pid, coordinator, clinician)

    def _patient(self, p: SyntheticPatient) -> dict:
        return dict(
            user_id=None,
            given_name=p.given_name,
            family_name=p.family_name,
            date_of_birth=p.date_of_birth,
            record_number=f"SYN-{p.number + 1:06d}",
            phone=p.phone,
            email=p.email,
            preferred_contact=p.preferred_contact,
            emergency_contact=None,
            timezone=p.timezone,
            created_at=_noon(p.timezone, p.start_date),
        )

    def _enrolment(self, p: SyntheticPatient, patient_id: int) -> dict:
        return dict(
            patient_id=patient_id,
            program_id=self.program_id,
            start_date=p.start_date,
            week1_start=p.week1_start,
            status=str(p.status),
            created_at=_noon(p.timezone, p.start_date),
        )

    def _pause(self, p: SyntheticPatient, enrolment_id: int, clinician: int) -> list[tuple]:
        v = self.values
        first, back = p.pause
        return [
            (
                enrolment_id,
                str(kind),
                None,
                v.day(day),
                PAUSE_REASON,
                clinician,
                v.time(_noon(p.timezone, day)),
                "{}",
                v.day(back - timedelta(days=1)) if kind == PlanEventKind.PAUSE else None,
            )
            for kind, day in ((PlanEventKind.PAUSE, first), (PlanEventKind.RESUME, back))
        ]

    def _check_in(self, timezone: str, patient_id: int, c: DayRecord) -> tuple:
        v = self.values
        at = v.time(_noon(timezone, c.local_date))
        signs = v.json(list(c.warning_signs)) if c.warning_signs else "[]"
        return (
            patient_id,
            v.day(c.local_date),
            c.pain,
            c.sleep_quality,
            c.mood,
            c.stress,
            c.flare,
            c.medicines_note is not None,
            c.medicines_note,
            bool(c.warning_signs),
            signs,
            at,
            at,
        )

    def _response(self, timezone: str, patient_id: int, q: QuestionnaireRecord) -> tuple:
        v = self.values
        result, answers = _score(q.instrument, tuple(q.answers.items()))
        return (
            patient_id,
            str(q.instrument),
            "1",
            answers,
            float(result.total),
            result.band,
            result.positive,
            q.program_week,
            v.day(q.local_date),
            v.time(_noon(timezone, q.local_date)),
        )

    def _completion(self, timezone: str, patient_id: int, lesson: LessonRecord) -> tuple:
        v = self.values
        version = self.by_slug[lesson.module_slug]
        check = list(version.check or ())
        answers = [
            int(question.get("answer", 0))
            if n < lesson.correct
            else (int(question.get("answer", 0)) + 1) % max(1, len(question.get("options", [1])))
            for n, question in enumerate(check)
        ]
        return (
            patient_id,
            version.id,
            v.day(lesson.local_date),
            v.time(_noon(timezone, lesson.local_date)),
            version.minutes,
            v.json(answers),
            lesson.correct if check else None,
            len(check) if check else None,
        )

    def _save_time_flags(
        self, p: SyntheticPatient, patient_id: int, coordinator: int, clinician: int
    ) -> int:
        """The flags each save would have opened, in order; older ones handled by the team."""
        saves: list[tuple[date, FlagSpec]] = []
        for c in p.check_ins:
            if c.warning_signs:
                signs = warning_sign_flags(c.warning_signs, c.local_date)
                saves.extend((c.local_date, spec) for spec in signs)
            if c.medicines_note is not None:
                saves.append((c.local_date, medicines_changed_flag(c.medicines_note, c.local_date)))
        for q in p.questionnaires:
            if q.instrument == QuestionnaireCode.PHQ9:
                item9 = q.answers.get(PHQ9_CRISIS_ITEM, 0)
                spec = phq9_item9_flag(
                    item9, q.local_date, finished=True, program_week=q.program_week
                )
                if spec is not None:
                    saves.append((q.local_date, spec))
        handled_before = local_today(p.timezone, self.now) - timedelta(days=HANDLED_AFTER_DAYS)
        for day, spec in sorted(saves, key=lambda s: s[0]):
            at = _noon(p.timezone, day)
            flag = open_or_update_flag(self.session, patient_id, spec, now=at)
            if day < handled_before:
                self._handle(flag, at + timedelta(days=1), coordinator, clinician)
        return len(saves)

    def _handle(self, flag: Flag, at: datetime, coordinator: int, clinician: int) -> None:
        """Close a flag as the care team would: a clinician's risk assessment for self-harm."""
        risk = needs_risk_assessment(flag.rule, flag.inputs)
        who = clinician if risk else coordinator
        note = (
            "Risk assessment by phone: no current plan or intent; safety plan reviewed."
            if risk
            else "Called the patient; discussed and documented."
        )
        flag.status = FlagStatus.RESOLVED
        flag.resolved_at, flag.resolved_by, flag.resolution_note = at, who, note
        self.session.add(flag)
        kind = FlagEventKind.RISK_ASSESSED if risk else FlagEventKind.RESOLVED
        add_event(self.session, flag, kind, at, actor_id=who, note=note)
        self.session.flush()
