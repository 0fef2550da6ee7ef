"""The panel page's copy of a panel: per user, at most a minute old, audited on every view."""

from datetime import date, timedelta
from secrets import token_hex

from sqlmodel import select

from db.actions import record_check_in
from db.engine import read_session
from db.models import AuditEvent
from db.queries import recent_panel_for_staff
from tests.utils import CHECK_IN_ANSWERS, actor_for, make_patient, make_user


def test_it_keeps_a_users_panel_a_minute_and_refreshes_on_request(db, frozen):
    nurse = make_user("nurse", ["coordinator"])
    make_patient("Ana", username="ana", start=date(2026, 3, 2), coordinator=nurse)
    first = recent_panel_for_staff(actor=actor_for("nurse"))
    assert first.rows["last_check_in"].isna().all()
    record_check_in(actor=actor_for("ana"), **CHECK_IN_ANSWERS)
    frozen.shift(timedelta(seconds=30))
    assert recent_panel_for_staff(actor=actor_for("nurse")).rows["last_check_in"].isna().all()
    refreshed = recent_panel_for_staff(actor=actor_for("nurse"), fresh=True)
    assert refreshed.rows["last_check_in"].notna().all() and refreshed.as_of > first.as_of


def test_it_works_the_panel_out_again_after_a_minute(db, frozen):
    nurse = make_user("nurse", ["coordinator"])
    make_patient("Ana", username="ana", start=date(2026, 3, 2), coordinator=nurse)
    recent_panel_for_staff(actor=actor_for("nurse"))
    record_check_in(actor=actor_for("ana"), **CHECK_IN_ANSWERS)
    frozen.shift(timedelta(seconds=61))
    assert recent_panel_for_staff(actor=actor_for("nurse")).rows["last_check_in"].notna().all()


def test_it_never_serves_one_user_anothers_panel(db, frozen):
    for name, patient in (("nurse", "Ana"), ("other", "Ben")):
        make_patient(patient, start=date(2026, 3, 2), coordinator=make_user(name, ["coordinator"]))
    assert recent_panel_for_staff(actor=actor_for("nurse")).rows["name"].tolist() == ["Ana Test"]
    assert recent_panel_for_staff(actor=actor_for("other")).rows["name"].tolist() == ["Ben Test"]


def test_it_audits_every_view_even_of_a_kept_panel(db, frozen):
    nurse = make_user("nurse", ["coordinator"])
    make_patient("Ana", start=date(2026, 3, 2), coordinator=nurse)
    a, b = f"panel-{token_hex(4)}", f"panel-{token_hex(4)}"  # the audit's memory is per process
    for view in (a, a, b):
        recent_panel_for_staff(actor=actor_for("nurse"), view=view)
    with read_session() as session:
        rows = session.exec(
            select(AuditEvent.detail).where(AuditEvent.action == "recent_panel_for_staff")
        ).all()
    assert rows == [f"view {a}: panel of 1", f"view {b}: panel of 1"]
