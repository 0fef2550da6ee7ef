"""Rule settings: the follow-up rules' numbers as a clinic tunes them, every version kept.

A row is one version for one scope: a program (every patient in it) or one patient (over the
program's). It holds the values set at that scope (only ``RuleSettings`` numbers, checked by
db/actions/rule_settings.py), who saved it, when and why. Rows are never updated or deleted: the
newest version of each scope is in force (db/rule_settings.py), the older ones are its history.
Warning signs and PHQ-9 item 9 have no setting, so no row can name them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index, text
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from db.models.base import between, one_of
from program.vocabulary import RuleSettingScope

PROGRAM_SCOPE_WHERE = "patient_id IS NULL"
PATIENT_SCOPE_WHERE = "patient_id IS NOT NULL"
TARGET_CHECK = (
    f"(scope = '{RuleSettingScope.PROGRAM}' AND program_id IS NOT NULL AND patient_id IS NULL) OR "
    f"(scope = '{RuleSettingScope.PATIENT}' AND patient_id IS NOT NULL AND program_id IS NULL)"
)


class RuleSetting(SQLModel, table=True):
    """One version of the rule settings of a program or of one patient (append-only)."""

    __table_args__ = (
        one_of("rulesetting", "scope", tuple(RuleSettingScope)),
        CheckConstraint(TARGET_CHECK, name="ck_rulesetting_target"),
        between("rulesetting", "version", 1),
        CheckConstraint("length(trim(reason)) > 0", name="ck_rulesetting_reason"),
        # One version number per scope: two clinicians saving at once cannot both be version 3.
        Index(
            "uq_rulesetting_program_version",
            "program_id",
            "version",
            unique=True,
            sqlite_where=text(PROGRAM_SCOPE_WHERE),
            postgresql_where=text(PROGRAM_SCOPE_WHERE),
        ),
        Index(
            "uq_rulesetting_patient_version",
            "patient_id",
            "version",
            unique=True,
            sqlite_where=text(PATIENT_SCOPE_WHERE),
            postgresql_where=text(PATIENT_SCOPE_WHERE),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=10)  # RuleSettingScope
    program_id: int | None = Field(default=None, foreign_key="program.id", index=True)
    patient_id: int | None = Field(default=None, foreign_key="patient.id", index=True)
    version: int
    # The values set at this scope, e.g. {"mood_soon_at": 16}; {} = all from the level below.
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    reason: str = Field(max_length=1000)
    created_by: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
