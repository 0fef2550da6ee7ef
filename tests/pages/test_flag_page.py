"""The coordinator's flag page: plain names, clinic time, a number to call, self-harm rules."""

from sqlmodel import select

from db.actions import report_warning_signs
from db.engine import read_session, write_session
from db.models import Clinic, Flag
from tests.pages.conftest import texts
from tests.utils import actor_for


def _self_harm_flag() -> Flag:
    report_warning_signs(actor=actor_for("demo-patient"), warning_signs=["self_harm"])
    with write_session() as session:  # the clinic sits in another zone than the patient
        session.get(Clinic, 1).timezone = "America/Chicago"
    with read_session() as session:
        return session.exec(select(Flag).where(Flag.rule == "self_harm_sign")).one()


def test_it_shows_the_coordinator_a_self_harm_flag_they_can_act_on_but_not_close(app_as):
    flag = _self_harm_flag()
    at = app_as("demo-coordinator")
    at.switch_page("pages/care/flags.py").run()
    assert not at.exception

    labels = [e.label for e in at.expander]
    # Self-harm ranks above every other flag, named in plain words, never by its code.
    assert labels[0] == "Alex Rivera · Emergency · Self-harm answer (warning sign) · open"
    assert not any("_" in label or "phq9" in label.lower() for label in labels)
    # Opened at FROZEN_NOW (15:00 UTC): shown in the clinic's zone, with the zone's name.
    page = texts(at)
    assert "opened Wed Mar 18, 10:00 am Central time" in page and "UTC" not in page
    calls = {e.proto.label: e.proto.url for e in at.get("link_button")}
    assert calls["Call Alex Rivera: 555-0100"] == "tel:5550100"
    assert "Prefers a phone call." in page
    close = next(
        b
        for b in at.button
        if b.proto.form_id == f"flag-{flag.id}" and b.label == "Record risk assessment and close"
    )
    assert close.disabled
    assert "Only a clinician can close this flag (a clinician on this patient's care team)" in page
    assert "Opened by Alex" in "\n".join(t.value for t in at.text)  # the flag's history


def test_it_shows_the_history_with_staff_notes_as_plain_text(app_as):
    flag = _self_harm_flag()
    at = app_as("demo-coordinator")
    at.switch_page("pages/care/flags.py").run()
    at.text_area(key=f"flag-note-{flag.id}").input("Paged **Dr Chen**, she calls at 2")
    next(
        b for b in at.button if b.label == "Acknowledge" and b.proto.form_id == f"flag-{flag.id}"
    ).click().run()
    assert not at.exception
    history = [t.value for t in at.text]
    mine = [
        t
        for t in history
        if "Acknowledged by" in t and t.endswith(": Paged **Dr Chen**, she calls at 2")
    ]
    assert len(mine) == 1, history
    assert not any("Dr Chen" in m.value for m in at.markdown)
