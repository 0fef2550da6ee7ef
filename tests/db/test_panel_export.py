"""The panel's CSV export: the filtered panel, escaped for spreadsheets, audited every time."""

import csv
import io
from datetime import date

from sqlmodel import select

from db.actions import record_check_in
from db.engine import read_session, write_session
from db.models import AuditEvent, Patient
from db.queries import panel_csv_for_staff
from program.panel import PanelFilters
from tests.utils import CHECK_IN_ANSWERS, actor_for, make_patient, make_user


def table(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_it_exports_the_filtered_panel_with_typed_formulas_made_harmless(db, frozen):
    nurse = make_user("nurse", ["coordinator"])
    make_patient("Ana", username="ana", start=date(2026, 3, 2), coordinator=nurse)
    evil = make_patient("Eve", start=date(2026, 3, 2), coordinator=nurse)
    with write_session() as session:
        row = session.get(Patient, evil.id)
        row.given_name, row.family_name = '=HYPERLINK("http://x.example"', '"x")'
        session.add(row)
    record_check_in(
        actor=actor_for("ana"), anything_new=True, warning_signs=["calf"], **CHECK_IN_ANSWERS
    )

    everyone = table(panel_csv_for_staff(actor=actor_for("nurse")).data)
    assert sorted(r["Patient"] for r in everyone) == sorted(
        ["Ana Test", '\'=HYPERLINK("http://x.example" "x")']
    )
    urgent = panel_csv_for_staff(
        actor=actor_for("nurse"), filters=PanelFilters(severities=("urgent",))
    )
    assert [r["Patient"] for r in table(urgent.data)] == ["Ana Test"]
    assert table(urgent.data)[0]["Open urgent flags"] == "1"


def test_it_records_every_export_in_the_audit_log(db, frozen):
    nurse = make_user("nurse", ["coordinator"])
    make_patient("Ana", start=date(2026, 3, 2), coordinator=nurse)
    for _ in range(2):
        panel_csv_for_staff(actor=actor_for("nurse"))
    with read_session() as session:
        details = session.exec(
            select(AuditEvent.detail).where(AuditEvent.action == "panel_csv_for_staff")
        ).all()
    assert details == ["view none: CSV export, panel of 1"] * 2
