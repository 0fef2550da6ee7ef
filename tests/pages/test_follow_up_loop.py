"""The follow-up loop through the real app, across the three roles: the patient sees the prompt
and asks for a visit, the coordinator books it, the clinician completes it with a plan change,
and the patient sees the visit and "Why your plan changed"."""

from datetime import date, time

from sqlmodel import select

from db.engine import read_session
from db.models import Flag, FollowUpRequest, Patient, PlanEvent, Visit
from program import follow_up_wording as fw
from tests.pages.conftest import texts

FOLLOW_UP = "pages/patient/follow_up.py"
QUEUE = "pages/care/follow_up_queue.py"
TODAY = date(2026, 3, 18)  # FROZEN_NOW where Alex lives (New York)


def button(at, label, form=None):
    return next(
        b for b in at.button if b.label == label and (form is None or b.proto.form_id == form)
    )


def alex_request() -> FollowUpRequest:
    """Alex's request about his mood flag (Maria's demo request is about hers too)."""
    with read_session() as session:
        return session.exec(
            select(FollowUpRequest)
            .join(Flag, Flag.id == FollowUpRequest.flag_id)
            .join(Patient, Patient.id == FollowUpRequest.patient_id)
            .where(Flag.rule == "mood", Patient.family_name == "Rivera")
        ).one()


def test_it_closes_the_loop_from_the_prompt_to_why_your_plan_changed(app_as):
    # The patient: the prompt at the top of Today, in the rule's words from their own answers.
    at = app_as("demo-patient")
    assert not at.exception
    shown = texts(at)
    assert fw.PROMPT_TITLE in shown
    assert "Your answers about worry and stress on March 13 show it has been a hard time." in shown
    assert [b.label for b in at.button][:2] == [fw.SCHEDULE, fw.NOT_NOW]
    button(at, fw.SCHEDULE).click().run()
    assert not at.exception
    assert fw.PAGE_TITLE in [t.value for t in at.title]
    assert "Your answers about worry and stress" in texts(at)  # what they are asking about
    next(w for w in at.get("button_group") if w.key == "fu-modality").set_value("in_person")
    at.multiselect(key="fu-windows").select("tue:morning").select("thu:afternoon")
    at.text_area(key="fu-note").input("Mornings are **easier** for me.")
    button(at, fw.SEND, "follow-up-request").click().run()
    assert not at.exception
    assert fw.SENT in texts(at) and fw.requested_line(TODAY) in texts(at)
    assert "Mornings are **easier** for me." in [t.value for t in at.text]  # as typed
    request = alex_request()
    assert request.windows == [
        {"day": "tue", "time": "morning"},
        {"day": "thu", "time": "afternoon"},
    ]

    # The coordinator books it from the queue.
    at = app_as("demo-coordinator")
    at.switch_page(QUEUE).run()
    assert not at.exception
    key = f"request-{request.id}"
    titles = [e.label for e in at.expander]
    assert "Alex Rivera · Soon · Mood score (PHQ-9/GAD-7) · requested" in titles, titles
    at.get("button_group")  # the task picker of each item
    next(w for w in at.get("button_group") if w.key == f"task-{key}").set_value(
        "Book a visit"
    ).run()
    at.date_input(key=f"date-{key}").set_value(TODAY)
    at.time_input(key=f"time-{key}").set_value(time(16, 30))
    button(at, "Book the visit", f"book-{key}").click().run()
    assert not at.exception, at.exception

    # The patient sees the booked visit on Today and on the follow-up page, with the calendar file.
    at = app_as("demo-patient")
    line = fw.scheduled_line(TODAY, time(16, 30), "in_person")
    assert line in texts(at)
    at.switch_page(FOLLOW_UP).run()
    assert line in texts(at)
    assert [d.label for d in at.get("download_button")] == [fw.ADD_TO_CALENDAR]

    # The clinician completes it with a plan change and the reason the patient reads.
    at = app_as("demo-clinician")
    at.switch_page(QUEUE).run()
    next(w for w in at.get("button_group") if w.key == f"task-{key}").set_value(
        "Mark the visit done"
    ).run()
    at.text_area(key=f"outcome-{key}").input("Worry is high after the move; referred to support.")
    at.selectbox(key=f"plan-{key}").set_value("pause")
    at.date_input(key=f"until-{key}").set_value(date(2026, 3, 25))
    at.text_area(key=f"why-{key}").input("We agreed you will take a week off to settle in.")
    button(at, "Mark the visit done", f"done-{key}").click().run()
    assert not at.exception, at.exception
    with read_session() as session:
        visit = session.exec(select(Visit).where(Visit.request_id == request.id)).one()
        event = session.get(PlanEvent, visit.plan_event_id)
        flag = session.get(Flag, request.flag_id)
    assert visit.completed_at is not None and (event.kind, event.until_date) == (
        "pause",
        date(2026, 3, 25),
    )
    assert flag.status == "resolved"

    # The patient: no prompt any more, the visit done, and why the plan changed.
    at = app_as("demo-patient")
    assert fw.PROMPT_TITLE not in texts(at)
    assert fw.completed_line(TODAY) in texts(at)  # Today points to why the plan changed
    assert fw.SEE_WHY in [link.proto.label for link in at.get("page_link")]
    at.switch_page(FOLLOW_UP).run()
    shown = texts(at)
    assert fw.WHY_HEADING in shown and fw.completed_line(TODAY) in shown
    assert "We agreed you will take a week off to settle in." in [t.value for t in at.text]
    assert "Your program is paused until Wednesday, March 25." in shown
    assert "referred to support" not in shown  # the staff outcome stays with the staff


def test_it_hides_the_prompt_after_not_now_and_says_when_it_returns(app_as):
    at = app_as("demo-patient")
    button(at, fw.NOT_NOW).click().run()
    assert not at.exception
    shown = texts(at)
    assert fw.not_now_done(7) in shown and fw.PROMPT_TITLE not in shown


def test_it_puts_what_to_do_now_before_the_request_for_an_urgent_prompt(app_as):
    from db.actions import report_warning_signs
    from tests.utils import actor_for

    report_warning_signs(actor=actor_for("demo-patient"), warning_signs=["self_harm"])
    at = app_as("demo-patient")
    assert not at.exception
    order = [e.value for e in at.main if hasattr(e, "value") and isinstance(e.value, str)]
    shown = "\n".join(order)
    assert shown.index("Please reach out for support now") < shown.index(fw.ALSO_ASK)
    calls = [e.proto.label for e in at.get("link_button")]
    assert calls[:2] == ["Call or text 988", "Call 911"]
    assert fw.NOT_NOW not in [b.label for b in at.button][:3]  # only the calm prompt has one
