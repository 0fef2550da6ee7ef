"""The clinician's rule settings: the numbers in force, their history, and a cohort preview.

The preview evaluates the same pure rules (program.rules.preview) over the same data the cohort
run loads (db.rules.load_inputs), under each patient's settings now and after the change, so a
clinician sees before saving how many patients would be flagged and which ones change. Patients
are named only to a clinician who may see them; the others are counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from core.clock import utcnow
from db.access import Actor, NotFound, require_patient, visible_patient_ids_clause
from db.engine import read_session
from db.models import Clinic, Patient, Program, RuleSetting, User
from db.queries import query
from db.queries.clinic import CLINIC_ID
from db.read_audit import NoPatientData, StaffRead
from db.rule_settings import Version, current_programs, effective, newest_versions
from program.clinic_hours import DEFAULT_TIMEZONE
from program.flag_names import rule_name
from program.rules.preview import Firing, PreviewCase, preview
from program.rules.settings import RuleSettings, effective_settings
from program.rules.tuning import (
    ALWAYS_ON,
    DEFAULT_SETTINGS,
    TUNABLES,
    combine,
    merged_values,
    problems,
    version_changes,
)
from program.vocabulary import Role, RuleSettingScope

SHIPPED = "the shipped default"
PROGRAMS = "the program's setting"


@dataclass(frozen=True)
class SettingRow:
    name: str
    rule: str
    label: str
    meaning: str
    value: float  # in force at this scope
    shown: str
    default: float  # shipped with the app
    source: str  # "Shipped default", "Program, version 3", "This patient, version 2"
    below: float  # what this scope falls back to: the shipped default, or the program's setting
    low: float
    high: float
    whole: bool
    percent: bool


@dataclass(frozen=True)
class HistoryItem:
    version: int
    at: datetime
    by: str
    reason: str  # typed by the clinician: plain text
    changes: tuple[str, ...]


@dataclass(frozen=True)
class RuleSettingsView:
    program_id: int
    program_title: str
    programs: tuple[tuple[int, str], ...]
    patient_id: int | None
    patient_name: str | None
    version: int  # the newest version of this scope (0: none saved yet)
    rows: tuple[SettingRow, ...]
    history: tuple[HistoryItem, ...]  # newest first
    timezone: str = DEFAULT_TIMEZONE  # the clinic's, for the times in the history
    always_on: tuple[tuple[str, str], ...] = ALWAYS_ON


def _rows(
    settings: RuleSettings, below: RuleSettings, program: Version | None, patient: Version | None
) -> tuple[SettingRow, ...]:
    rows = []
    for t in TUNABLES:
        if patient and t.name in patient.values:
            source = f"This patient, version {patient.number}"
        elif program and t.name in program.values:
            source = f"Program, version {program.number}"
        else:
            source = "Shipped default"
        value = getattr(settings, t.name)
        rows.append(
            SettingRow(
                t.name,
                t.rule,
                t.label,
                t.meaning,
                value,
                t.shown(value),
                getattr(DEFAULT_SETTINGS, t.name),
                source,
                getattr(below, t.name),
                t.low,
                t.high,
                t.whole,
                t.percent,
            )  # fmt: skip
        )
    return tuple(rows)


def _history(session: Session, column, target: int, below: str) -> tuple[HistoryItem, ...]:
    rows = session.exec(
        select(RuleSetting, User.display_name)
        .join(User, User.id == RuleSetting.created_by)
        .where(column == target)
        .order_by(RuleSetting.version)
    ).all()
    items, before = [], {}
    for row, name in rows:
        items.append(
            HistoryItem(
                row.version,
                row.created_at,
                name,
                row.reason,
                version_changes(before, row.settings, below),
            )  # fmt: skip
        )
        before = row.settings
    return tuple(reversed(items))


def _programs(session: Session) -> tuple[tuple[int, str], ...]:
    return tuple(session.exec(select(Program.id, Program.title).order_by(Program.id)).all())


def _clinic_zone(session: Session) -> str:
    clinic = session.get(Clinic, CLINIC_ID)
    return clinic.timezone if clinic is not None and clinic.timezone else DEFAULT_TIMEZONE


@query(
    "rule_settings_for_program",
    audit=NoPatientData("a program's rule thresholds and who changed them, about no patient"),
)
def rule_settings_for_program(*, actor: Actor, program_id: int | None = None) -> RuleSettingsView:
    """The program's rule settings in force (its first program when none is named) and history."""
    with read_session() as session:
        programs = _programs(session)
        titles = dict(programs)
        chosen = program_id if program_id is not None else next(iter(titles), None)
        if chosen not in titles:
            raise NotFound(f"program {program_id}")
        version = newest_versions(session, program_ids=(chosen,), patient_ids=())[0].get(chosen)
        settings = effective(version, None).settings
        history = _history(session, RuleSetting.program_id, chosen, SHIPPED)
        zone = _clinic_zone(session)
    return RuleSettingsView(
        chosen, titles[chosen], programs, None, None, version.number if version else 0,
        _rows(settings, DEFAULT_SETTINGS, version, None), history, zone,
    )  # fmt: skip


@query("rule_settings_for_patient", audit=StaffRead(lambda view: "rule settings of one patient"))
def rule_settings_for_patient(
    *, actor: Actor, patient_id: int, now: datetime | None = None
) -> RuleSettingsView:
    """One patient's rule settings in force (their program's, then their own) and their history."""
    now = now or utcnow()
    with read_session() as session:
        require_patient(session, actor, "rule_settings_for_patient", patient_id, now.date())
        program_id = current_programs(session, (patient_id,)).get(patient_id)
        if program_id is None:
            raise NotFound("enrolment")
        by_program, by_patient = newest_versions(
            session, program_ids=(program_id,), patient_ids=(patient_id,)
        )
        program, mine = by_program.get(program_id), by_patient.get(patient_id)
        settings = effective(program, mine).settings
        history = _history(session, RuleSetting.patient_id, patient_id, PROGRAMS)
        patient = session.get(Patient, patient_id)
        programs = _programs(session)
        zone = _clinic_zone(session)
    below = effective(program, None).settings
    return RuleSettingsView(
        program_id, dict(programs)[program_id], programs, patient_id, patient.full_name,
        mine.number if mine else 0, _rows(settings, below, program, mine), history, zone,
    )  # fmt: skip


@dataclass(frozen=True)
class ChangedPatient:
    patient_id: int
    name: str
    record_number: str
    before: tuple[str, ...]  # "Pain not improving (PEG) (soon)"; empty: not flagged
    after: tuple[str, ...]


@dataclass(frozen=True)
class RulePreview:
    problems: tuple[str, ...]  # the change cannot be saved as it is (nothing was evaluated)
    changes: tuple[str, ...]  # what the change does, a line per number
    checked: int = 0
    flagged_before: int = 0
    flagged_after: int = 0
    by_rule: tuple[tuple[str, int, int], ...] = ()  # (plain rule name, before, after)
    changed: tuple[ChangedPatient, ...] = ()  # patients the clinician may see, by name
    changed_elsewhere: int = 0  # patients whose flags change, not on the clinician's care team


def _firing_names(firings: tuple[Firing, ...]) -> tuple[str, ...]:
    return tuple(f"{rule_name(f.rule)} ({f.severity})" for f in firings)


@query(
    "preview_rule_settings",
    audit=StaffRead(lambda p: f"rule preview over {p.checked} patients, {len(p.changed)} named"),
)
def preview_rule_settings(
    *,
    actor: Actor,
    changes: Mapping[str, Any],
    program_id: int | None = None,
    patient_id: int | None = None,
    now: datetime | None = None,
) -> RulePreview:
    """How many current patients the tunable rules flag today under the settings in force and
    after ``changes`` (as change_rule_settings would save them), and which patients change."""
    now = now or utcnow()
    if (program_id is None) == (patient_id is None):
        return RulePreview(("Please choose a program or one patient.",), ())
    with read_session() as session:
        if patient_id is not None:
            require_patient(session, actor, "preview_rule_settings", patient_id, now.date())
        programs = current_programs(session)
        if patient_id is not None:
            if patient_id not in programs:
                raise NotFound("enrolment")
            program_id = programs[patient_id]
        elif session.get(Program, program_id) is None:
            raise NotFound(f"program {program_id}")
        by_program, by_patient = newest_versions(session)
        program = by_program.get(program_id)
        scope, version = (
            (RuleSettingScope.PATIENT, by_patient.get(patient_id))
            if patient_id is not None
            else (RuleSettingScope.PROGRAM, program)
        )
        below = effective(program, None).settings if patient_id else DEFAULT_SETTINGS
        before = dict(version.values) if version else {}
        try:
            after = merged_values(before, changes, below)
        except (ValueError, TypeError) as exc:
            return RulePreview((str(exc),), ())
        lines = version_changes(before, after, PROGRAMS if patient_id else SHIPPED)
        if found := problems(effective_settings(below, after)):
            return RulePreview(tuple(found), lines)
        cohort = (
            [patient_id]
            if patient_id is not None
            else [p for p, prog in programs.items() if prog == program_id]
        )
        everyone = len(cohort) == len(programs)
        # The cohort run's own loader; imported here because db.rules imports the actions, which
        # import db.queries (a first "import db.rules" would find this module half-made).
        from db.rules import load_inputs

        inputs, _ = load_inputs(session, None, now, None if everyone else cohort)

        def settings_after(pid: int) -> RuleSettings:
            mine = by_patient.get(pid)
            if scope == RuleSettingScope.PATIENT:
                return combine(program.values if program else None, 0, after).settings
            return combine(after, 0, mine.values if mine else None).settings

        result = preview(
            PreviewCase(
                data,
                day,
                effective(program, by_patient.get(data.patient_id)).settings,
                settings_after(data.patient_id),
            )
            for data, day in inputs
        )
        ids = [c.patient_id for c in result.changes]
        visible = {
            p.id: (p.full_name, p.record_number)
            for p in session.exec(
                select(Patient).where(
                    Patient.id.in_(ids),
                    visible_patient_ids_clause(actor, (Role.CLINICIAN,), now.date()),
                )
            )
        }
    named = tuple(
        ChangedPatient(
            c.patient_id, *visible[c.patient_id], _firing_names(c.before), _firing_names(c.after)
        )
        for c in result.changes
        if c.patient_id in visible
    )
    return RulePreview(
        (),
        lines,
        result.checked,
        result.flagged_before,
        result.flagged_after,
        tuple((rule_name(rule), old, new) for rule, old, new in result.by_rule),
        tuple(sorted(named, key=lambda p: p.name)),
        len(result.changes) - len(named),
    )
