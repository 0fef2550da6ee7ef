"""The clinician's plan page shows the patient detail's trends beside the plan (AppTest, demo)."""

from sqlmodel import select

from db.engine import read_session
from db.models import AuditEvent, Patient


def alex() -> int:
    with read_session() as session:
        return session.exec(select(Patient.id).where(Patient.record_number == "DEMO-0001")).one()


def staff_reads() -> list[str]:
    with read_session() as session:
        return list(
            session.exec(
                select(AuditEvent.action).where(
                    AuditEvent.outcome == "ok", AuditEvent.patient_id == alex()
                )
            )
        )


def test_it_shows_the_trends_beside_the_plan_with_a_link_to_the_whole_record(app_as):
    at = app_as("demo-clinician")
    at.query_params["patient"] = str(alex())
    at.switch_page("pages/care/plan.py").run()
    assert not at.exception
    assert "Trends" in [s.value for s in at.subheader]
    assert (
        "Mar 04 to Mar 18: 14 check-ins, 3 flare days, 8 days with movement logged, "
        in " ".join(c.value for c in at.caption)
    )
    specs = [c.proto.spec for c in at.get("vega_lite_chart")]
    assert any('"pain"' in s for s in specs) and any('"movement_share"' in s for s in specs)
    assert any('"practice_minutes"' in s for s in specs)
    links = [link.proto for link in at.get("page_link") if link.proto.page == "patient"]
    assert [(link.label, link.query_string) for link in links] == [
        ("Open the whole record", f"patient={alex()}")
    ]
    # The trends come with the plan's own read: no second audited read of the record.
    assert "plan_for_clinician" in staff_reads() and "patient_detail" not in staff_reads()
