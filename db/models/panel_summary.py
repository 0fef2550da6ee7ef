"""The panel's summary of each patient (DESIGN.md "PatientSummary"), kept for speed.

One row per patient who has checked in or answered a questionnaire, rewritten from that patient's own rows in
the same transaction as every write that changes them (db/panel_summary.py). It holds nothing that
depends on today's date: the panel works those values out from it when it is read
(program/panel_summary.py).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from db.models.base import between
from program.panel_summary import ANSWERED_WEEKS, RECENT_DAYS


class PatientSummary(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint(
            f"length(recent_pain) = {RECENT_DAYS}", name="ck_patientsummary_recent_pain"
        ),
        CheckConstraint(f"length(answered) = {ANSWERED_WEEKS}", name="ck_patientsummary_answered"),
        between("patientsummary", "answered_week", 0),
        between("patientsummary", "peg_baseline_week", 0),
        between("patientsummary", "peg_latest_week", 0),
    )

    patient_id: int = Field(foreign_key="patient.id", primary_key=True)
    last_check_in: date | None = None  # the newest check-in's local date
    # Pain of the RECENT_DAYS days ending on last_check_in, newest first (program.panel_summary).
    recent_pain: str = Field(max_length=RECENT_DAYS)
    peg_baseline: float | None = None  # the lowest program week's latest PEG total
    peg_baseline_week: int | None = None
    peg_latest: float | None = None  # the highest program week's latest PEG total
    peg_latest_week: int | None = None
    answered_week: int | None = None  # the highest program week any questionnaire was for
    # The questionnaires answered for each of the ANSWERED_WEEKS weeks ending on answered_week.
    answered: str = Field(max_length=ANSWERED_WEEKS)
