"""The patient's Pause page and Today during a pause (AppTest through the real app)."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from db.actions import change_plan, give_consent, pause_my_program
from db.engine import read_session
from db.models import PlanEvent
from program import pause_wording as w
from program.onboarding import CONSENT_VERSION
from program.warning_signs import WARNING_SIGNS
from tests.pages.conftest import login_as, texts
from tests.utils import actor_for, make_patient, make_user
from tests.utils.screens import answer_check_in, button, segmented

PAUSE = "pages/patient/pause.py"


@pytest.fixture
def ana(db, frozen):
    """Ana in New York, week 3 since Monday 2026-03-02 (frozen: Wednesday 18 March)."""
    clin = make_user("clin", ["clinician"])
    make_patient("Ana", username="ana", start=date(2026, 3, 2), clinician=clin)
    actor = actor_for("ana")
    give_consent(actor=actor, version=CONSENT_VERSION)
    return actor


def pause_page():
    at = login_as("ana")
    return at.switch_page(PAUSE).run()


def stored() -> list[tuple[str, date, date | None, str]]:
    with read_session() as session:
        rows = session.exec(select(PlanEvent).order_by(PlanEvent.id)).all()
        return [(e.kind, e.effective_date, e.until_date, e.reason) for e in rows]


def test_it_pauses_with_a_reason_in_the_patients_words_and_a_last_day(ana):
    at = pause_page()
    shown = texts(at)
    assert w.INTRO in shown and w.NOT_A_MESSAGE in shown
    assert all(line in shown for line in w.WHILE_PAUSED)
    at.radio(key="pause-reason").set_value("A holiday or a trip")
    at.text_input(key="pause-note").input("visiting my sister")
    at.date_input(key="pause-until").set_value(date(2026, 3, 27))
    next(b for b in at.button if b.label == w.PAUSE_BUTTON).click().run()
    assert stored() == [
        ("pause", date(2026, 3, 18), date(2026, 3, 27), "A holiday or a trip: visiting my sister")
    ]
    shown = texts(at)
    assert w.PAUSED_NOW in shown and w.paused_until(date(2026, 3, 27)) in shown
    assert w.starts_again(date(2026, 3, 27)) in shown  # "on Saturday, March 28"
    assert "Saturday, March 28" in shown


def test_it_asks_for_a_reason_and_stores_nothing_without_one(ana):
    at = pause_page()
    next(b for b in at.button if b.label == w.PAUSE_BUTTON).click().run()
    assert [e.value for e in at.error] == ["Please add a reason."]
    assert stored() == []


def test_it_starts_again_early_and_today_shows_the_week_again(ana):
    pause_my_program(actor=ana, reason="An illness", until=date(2026, 3, 31))
    at = pause_page()
    assert w.paused_until(date(2026, 3, 31)) in texts(at)
    button(at, w.RESUME_BUTTON).click().run()
    assert w.RESUMED in texts(at)
    assert [kind for kind, *_ in stored()] == ["pause", "resume"]
    today = at.switch_page("pages/patient/today.py").run()
    assert "Week 3 of 12" in texts(today)


def test_it_changes_the_last_day_of_a_running_pause(ana):
    pause_my_program(actor=ana, reason="An illness", until=date(2026, 3, 20))
    at = pause_page()
    at.date_input(key="pause-new-until").set_value(date(2026, 4, 3))
    next(b for b in at.button if b.label == w.CHANGE_END_BUTTON).click().run()
    assert w.END_CHANGED in texts(at) and w.paused_until(date(2026, 4, 3)) in texts(at)
    assert stored()[-1] == ("pause", date(2026, 3, 18), date(2026, 4, 3), "An illness")


def test_it_leaves_a_care_teams_pause_alone_and_says_whom_to_ask(ana):
    change_plan(
        actor=actor_for("clin"), patient_id=ana.patient_id, kind="pause",
        reason="Until your visit.", until=date(2026, 4, 1),
    )  # fmt: skip
    at = pause_page()
    shown = texts(at)
    assert w.BY_CARE_TEAM in shown and "Until your visit." in shown
    assert not [b for b in at.button if b.label in (w.RESUME_BUTTON, w.CHANGE_END_BUTTON)]


def test_it_says_calmly_on_today_until_when_and_keeps_the_check_in_and_warning_signs(ana):
    pause_my_program(actor=ana, reason="A holiday or a trip", until=date(2026, 3, 24))
    at = login_as("ana")
    shown = texts(at)
    assert w.paused_until(date(2026, 3, 24)) in shown and w.TODAY_PAUSED in shown
    assert "Your reason: A holiday or a trip" in shown
    assert "Week 3 of 12" not in shown and "Today's steps" not in shown
    assert [link.label for link in at.get("page_link") if link.label == w.LINK_PAUSED]
    # Safety is not paused: a new warning sign still shows what to do now, on the same screen.
    answer_check_in(at, new="Yes")
    chest = next(s.text for s in WARNING_SIGNS if s.key == "chest_pain")
    next(c for c in at.checkbox if c.label == chest).check().run()
    assert any("911" in e.value for e in at.error)
    assert button(at, "Send to my care team")
    assert segmented(at, "Are you having a flare today?")


def test_it_picks_up_where_it_left_off_on_today_after_the_last_day(ana, frozen):
    pause_my_program(actor=ana, reason="An illness", until=date(2026, 3, 22))
    frozen.move_to(datetime(2026, 3, 23, 15, 0, tzinfo=UTC))
    at = login_as("ana")
    shown = texts(at)
    assert "Week 3 of 12" in shown and w.paused_until(date(2026, 3, 22)) not in shown
    assert [link.label for link in at.get("page_link") if link.label == w.LINK]


def test_it_has_nothing_to_pause_before_week_1(db, frozen):
    from tests.utils.onboarding import baseline_patient

    give_consent(actor=baseline_patient("Bo", username="bo"), version=CONSENT_VERSION)
    at = login_as("bo")
    labels = [link.label for link in at.get("page_link")]
    assert w.LINK not in labels and "A reminder each day" in labels  # nothing to pause on Today
    at.switch_page(PAUSE).run()
    assert w.NOT_STARTED in texts(at)
    assert not [b for b in at.button if b.label == w.PAUSE_BUTTON]


def test_it_links_pause_and_reminder_from_account_for_patients_only(ana):
    at = login_as("ana").switch_page("pages/shell/account.py").run()
    labels = [link.label for link in at.get("page_link")]
    assert w.LINK in labels and "A reminder each day" in labels
    staff = login_as("clin").switch_page("pages/shell/account.py").run()
    labels = [link.label for link in staff.get("page_link")]
    assert w.LINK not in labels and "A reminder each day" not in labels and not staff.exception
