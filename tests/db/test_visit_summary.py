"""The visit summaries built from the store: the care team's version (audited each time) holds the
open flags with their explanations, the medicines notes, score bands and change judgements; the
patient's own "share with my doctor" version holds none of them. Both read back with pypdf."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlmodel import func, select

from db.access import AccessDenied, NotFound
from db.actions import change_plan, edit_goal
from db.engine import read_session, write_session
from db.models import AuditEvent, CheckIn, QuestionnaireResponse
from db.queries import my_visit_summary, visit_summary_for_staff
from export.visit_summary import visit_summary_pdf
from program.measures import score
from tests.utils import actor_for

NOTE = "Doctor added pregabalin 75 mg at night"
BANDS = ("minimal", "mild", "moderate", "severe", "subclinical", "extreme")


def pdf_text(view) -> str:
    pdf = visit_summary_pdf(view)
    assert pdf.startswith(b"%PDF-")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def history(care_team):
    """Ana: two weeks of check-ins (one with a medicines note), PEGs, a PHQ-9, a hold, a goal."""
    ana = actor_for("ana")
    with write_session() as session:
        for n in range(1, 16):
            day = date(2026, 3, 18) - timedelta(days=n)
            session.add(
                CheckIn(
                    patient_id=ana.patient_id,
                    local_date=day,
                    pain=7 if n > 8 else 4,
                    sleep_quality=3,
                    mood=3,
                    stress=3,
                    medicines_changed=n == 2,
                    medicines_note=NOTE if n == 2 else None,
                )
            )
        for code, week, answers in (
            ("PEG", 0, {"1": 7, "2": 7, "3": 6}),
            ("PEG", 2, {"1": 5, "2": 4, "3": 5}),
            ("PHQ9", 0, {str(i): (2 if i <= 5 else 1) for i in range(1, 10)}),
        ):
            result = score(code, answers)
            session.add(
                QuestionnaireResponse(
                    patient_id=ana.patient_id,
                    instrument=code,
                    answers=answers,
                    total=result.total,
                    band=result.band,
                    program_week=week,
                    local_date=date(2026, 3, 2) + timedelta(days=7 * week),
                    taken_at=datetime(2026, 3, 2, 15, tzinfo=UTC) + timedelta(days=7 * week),
                )
            )
    change_plan(
        actor=actor_for("clin"),
        patient_id=ana.patient_id,
        kind="pause",
        reason="A week of rest after your procedure.",
        effective_date=date(2026, 3, 25),
        until=date(2026, 3, 31),
    )
    edit_goal(actor=ana, change="add", text="Garden again")
    return care_team


def test_it_gives_the_care_team_flags_notes_bands_and_judgements(history):
    view = visit_summary_for_staff(actor=actor_for("clin"), patient_id=actor_for("ana").patient_id)
    shown = pdf_text(view)
    for expected in (
        "Visit summary (care team)",
        "Ana Test",
        "PHQ-9 (depression): 14 of 27 (moderate)",  # 5 x 2 + 4 x 1
        "PEG (pain, enjoyment, activity): 4.67 of 10",
        "[URGENT] Warning sign",  # the calf the care_team fixture reported today
        NOTE,
        "30% line",
        "a meaningful fall",
        "Program paused (until Mar 31)",
        "A week of rest after your procedure.",
        "Garden again",
    ):
        assert expected in shown, expected
    assert [b for b in BANDS if b in shown]


def test_it_leaves_every_staff_only_thing_out_of_the_patients_own_summary(history):
    view = my_visit_summary(actor=actor_for("ana"))
    assert view.flags == () and view.medicine_notes == () and view.pain_judgement == ""
    assert all(s.band is None for s in view.scores)
    shown = pdf_text(view)
    for expected in (
        "My summary to share",
        "Ana Test",
        "Mood: 14 of 27",
        "Pain and daily life: 4.67 of 10",
        "My latest weekly score is 4.7. At the start it was 6.7.",
        "My program was paused (until Mar 31)",
        "A week of rest after your procedure.",
        "Garden again",
        "call or text 988",
    ):
        assert expected in shown, expected
    for hidden in (*BANDS, "Warning sign", "swollen", NOTE, "30%", "meaningful", "IMMPACT"):
        assert hidden.lower() not in shown.lower(), hidden


def staff_summary_reads() -> int:
    with read_session() as session:
        return session.exec(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.action == "visit_summary_for_staff", AuditEvent.outcome == "ok"
            )
        ).one()


def test_it_audits_every_staff_summary_made(history):
    ana = actor_for("ana").patient_id
    visit_summary_for_staff(actor=actor_for("clin"), patient_id=ana)
    visit_summary_for_staff(actor=actor_for("coord"), patient_id=ana)
    assert staff_summary_reads() == 2
    my_visit_summary(actor=actor_for("ana"))  # the patient's own record: not a staff read
    assert staff_summary_reads() == 2


@pytest.mark.parametrize(
    ("who", "refusal"),
    [("clin", None), ("coord", None), ("outsider-clin", NotFound), ("ana", AccessDenied)],
)
def test_it_makes_the_staff_summary_for_the_patients_own_care_team_only(history, who, refusal):
    ana = actor_for("ana").patient_id
    if refusal is None:
        assert (
            visit_summary_for_staff(actor=actor_for(who), patient_id=ana).patient_name == "Ana Test"
        )
    else:
        with pytest.raises(refusal):
            visit_summary_for_staff(actor=actor_for(who), patient_id=ana)


@pytest.mark.parametrize("who", ["clin", "coord", "ben"])
def test_it_makes_the_share_summary_for_the_patient_alone(history, who):
    if who == "ben":  # another patient gets their own summary, never Ana's
        assert my_visit_summary(actor=actor_for("ben")).patient_name == "Ben Test"
        return
    with pytest.raises(AccessDenied):
        my_visit_summary(actor=actor_for(who))


def test_it_counts_check_ins_on_days_that_were_due_and_lessons_open_so_far(history):
    view = my_visit_summary(actor=actor_for("ana"))
    # The 14 days to Mar 18: 13 check-ins from the fixture's history plus today's.
    assert (view.check_ins_recent, view.recent_days) == (14, 14)
    assert view.lessons_open == 7 and view.lessons_done == 0  # weeks 1-3 of the shipped lessons
