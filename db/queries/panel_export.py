"""The filtered panel as a CSV file for the care team (audited: it is patient data leaving the app)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.clock import utcnow
from db.access import Actor
from db.queries import query
from db.queries.panel import panel_frame
from db.read_audit import StaffRead
from export.panel_csv import panel_csv
from program.panel import PanelFilters, apply_filters

# What the file holds, in order, with its headings (no contact details: the panel's own columns).
EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Patient"),
    ("record_number", "Record number"),
    ("status", "Status"),
    ("week", "Program week"),
    ("last_check_in", "Last check-in"),
    ("days_since_check_in", "Days since check-in"),
    ("mean_pain_7d", "Pain, 7-day mean"),
    ("pain_first_week", "Pain, first week"),
    ("pain_change", "Pain change"),
    ("pain_mark", "Pain mark"),
    ("peg_baseline", "PEG, baseline"),
    ("peg_latest", "PEG, latest"),
    ("peg_change", "PEG change"),
    ("peg_mark", "PEG mark"),
    ("adherence", "Adherence, last 14 days"),
    ("items_done", "Items done"),
    ("items_due", "Items due"),
    ("emergency", "Open emergency flags"),
    ("urgent", "Open urgent flags"),
    ("soon", "Open soon flags"),
    ("routine", "Open routine flags"),
)


@dataclass(frozen=True)
class PanelExport:
    data: bytes
    patients: int


@query(
    "panel_csv_for_staff",
    audit=StaffRead(lambda export: f"CSV export, panel of {export.patients}"),
)
def panel_csv_for_staff(
    *, actor: Actor, filters: PanelFilters | None = None, now: datetime | None = None
) -> PanelExport:
    """The actor's panel, filtered and sorted as on screen, as CSV (every call audited)."""
    now = now or utcnow()
    frame = apply_filters(panel_frame(actor, now), filters or PanelFilters())
    columns = [key for key, _ in EXPORT_COLUMNS]
    plain = (
        frame[columns].astype(object).where(frame[columns].notna(), None) if len(frame) else frame
    )
    records = plain.to_dict("records") if len(frame) else []
    data = panel_csv(records, EXPORT_COLUMNS)
    return PanelExport(data, len(frame))
