"""The rule settings in force: each patient's effective settings, set-based.

The shipped defaults (program.defaults), then the newest version of the patient's program, then
the newest version of the patient's own (db/models/rule_settings.py). Two queries for any number of
patients: the cohort run (db.rules), the save paths (a mood flag at a questionnaire's save) and
the clinician's cohort preview all read them here, so they agree.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, select

from db.lookups import is_current_enrolment
from db.models import Enrolment, RuleSetting
from program.rules.tuning import EffectiveSettings, combine
from program.vocabulary import RuleSettingScope


@dataclass(frozen=True)
class Version:
    """The newest version of one scope's values."""

    number: int
    values: dict


def current_programs(
    session: Session, patient_ids: Collection[int] | None = None
) -> dict[int, int]:
    """Each patient's program (of their newest current enrolment), in one query."""
    newest = select(func.max(Enrolment.id)).where(is_current_enrolment())
    if patient_ids is not None:
        newest = newest.where(Enrolment.patient_id.in_(tuple(patient_ids)))
    rows = session.exec(
        select(Enrolment.patient_id, Enrolment.program_id).where(
            Enrolment.id.in_(newest.group_by(Enrolment.patient_id))
        )
    )
    return dict(rows.all())


def newest_versions(
    session: Session,
    *,
    program_ids: Collection[int] | None = None,
    patient_ids: Collection[int] | None = None,
) -> tuple[dict[int, Version], dict[int, Version]]:
    """The newest version per program and per patient (every scope when both are None), in one
    query: (by program id, by patient id)."""
    query = select(
        RuleSetting.scope,
        RuleSetting.program_id,
        RuleSetting.patient_id,
        RuleSetting.version,
        RuleSetting.settings,
    )
    if program_ids is not None or patient_ids is not None:
        query = query.where(
            or_(
                RuleSetting.program_id.in_(tuple(program_ids or ())),
                RuleSetting.patient_id.in_(tuple(patient_ids or ())),
            )
        )
    programs: dict[int, Version] = {}
    patients: dict[int, Version] = {}
    for scope, program_id, patient_id, number, values in session.exec(query):
        by, key = (
            (programs, program_id) if scope == RuleSettingScope.PROGRAM else (patients, patient_id)
        )
        if key not in by or number > by[key].number:
            by[key] = Version(number, dict(values or {}))
    return programs, patients


def settings_by_patient(
    session: Session, patient_ids: Collection[int] | None = None
) -> dict[int, EffectiveSettings]:
    """The effective settings of every patient with a current enrolment (or only of
    ``patient_ids``), in two queries however many patients."""
    programs = current_programs(session, patient_ids)
    if not programs:
        return {}
    everyone = patient_ids is None
    by_program, by_patient = newest_versions(
        session,
        program_ids=None if everyone else set(programs.values()),
        patient_ids=None if everyone else set(programs),
    )
    shared: dict[int, EffectiveSettings] = {}  # one per program for patients without their own

    def of(patient_id: int, program_id: int) -> EffectiveSettings:
        if patient_id in by_patient:
            return effective(by_program.get(program_id), by_patient[patient_id])
        if program_id not in shared:
            shared[program_id] = effective(by_program.get(program_id), None)
        return shared[program_id]

    return {patient_id: of(patient_id, program_id) for patient_id, program_id in programs.items()}


def effective(program: Version | None, patient: Version | None) -> EffectiveSettings:
    """Settings from a program's and a patient's newest versions (None: that scope has none)."""
    return combine(
        program.values if program else None,
        program.number if program else 0,
        patient.values if patient else None,
        patient.number if patient else None,
    )


def settings_for_patient(session: Session, patient_id: int) -> EffectiveSettings:
    """One patient's effective settings (the shipped defaults without a current enrolment)."""
    return settings_by_patient(session, (patient_id,)).get(patient_id) or effective(None, None)
