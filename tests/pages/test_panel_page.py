"""The coordinator's panel and the patient detail, through the real app (AppTest)."""

from datetime import date

from sqlmodel import select

from db.engine import read_session
from db.models import Patient, User
from tests.pages.conftest import texts
from tests.utils import make_patient, make_user
from tests.utils.screens import panel_cards

cards = panel_cards


def widget(at, kind: str, label: str):
    return next(w for w in at.get(kind) if w.proto.label == label)


def demo_user(username: str) -> User:
    with read_session() as session:
        return session.exec(select(User).where(User.username == username)).one()


def test_it_shows_the_panel_as_cards_most_urgent_first(app_as):
    at = app_as("demo-coordinator")
    assert not at.exception
    assert len(cards(at)) == 7 and cards(at)[0] == "Grace Okafor (DEMO-0004)"
    first = next(m.value for m in at.markdown if "badge[" in m.value)
    # Grace: a warning sign (urgent) and persisting symptoms (soon), db/seed_rules.py.
    assert first.startswith(":orange-badge[Urgent] 2 open · Week 8 · Last check-in 3 days ago")
    assert "7 patients · page 1 of 1" in texts(at)
    assert at.get("download_button")[0].proto.label == "Download these 7 as CSV"


def test_it_finds_a_patient_by_name_and_filters_by_flag(app_as):
    at = app_as("demo-coordinator")
    next(t for t in at.text_input if t.label == "Find a patient").input("haddad").run()
    assert cards(at) == ["Omar Haddad (DEMO-0007)"]
    next(t for t in at.text_input if t.label == "Find a patient").input("").run()
    widget(at, "button_group", "Open flags").set_value(["urgent"]).run()
    # Grace's warning sign and Lena's item-9 answer (db/seed_rules.py).
    assert sorted(cards(at)) == ["Grace Okafor (DEMO-0004)", "Lena Fischer (DEMO-0006)"]
    next(s for s in at.selectbox if s.label == "No check-in for").set_value("5 days or more").run()
    assert cards(at) == []
    widget(at, "button_group", "Open flags").set_value(["routine"]).run()
    assert cards(at) == ["Omar Haddad (DEMO-0007)"]  # ten days without a check-in


def test_it_marks_who_asked_for_a_follow_up_and_filters_to_them(app_as):
    at = app_as("demo-coordinator")  # the demo: Maria asked, Grace has a visit booked
    toggle = next(t for t in at.toggle if t.label.startswith("Asked for a follow-up"))
    toggle.set_value(True).run()
    assert sorted(cards(at)) == ["Grace Okafor (DEMO-0004)", "Maria Santos (DEMO-0002)"]
    shown = texts(at)
    assert "Asked for a follow-up" in shown and "Visit booked" in shown
    toggle.set_value(False).run()
    assert len(cards(at)) == 7


def test_it_pages_through_a_long_panel(app_as):
    coordinator = demo_user("demo-coordinator")
    for n in range(30):
        make_patient(f"Extra{n:02d}", start=date(2026, 3, 2), coordinator=coordinator)
    at = app_as("demo-coordinator")
    assert len(cards(at)) == 20 and "37 patients · page 1 of 2" in texts(at)
    next(b for b in at.button if b.label == "Next page").click().run()
    assert len(cards(at)) == 17 and "37 patients · page 2 of 2" in texts(at)
    assert next(b for b in at.button if b.label == "Next page").disabled


def test_it_shows_a_table_on_a_wide_screen_when_asked(app_as):
    at = app_as("demo-coordinator")
    next(t for t in at.toggle if t.label.startswith("Show as a table")).set_value(True).run()
    table = at.dataframe[0].value
    assert len(table) == 7 and table.iloc[0]["name"] == "Grace Okafor"
    assert not cards(at)


def open_detail(at, patient_id: int):
    at.query_params["patient"] = str(patient_id)
    return at.switch_page("pages/care/patient.py").run()


def test_it_opens_a_patients_whole_record(app_as):
    with read_session() as session:
        tom = session.exec(select(Patient).where(Patient.record_number == "DEMO-0005")).one()
    at = open_detail(app_as("demo-coordinator"), tom.id)
    assert not at.exception
    assert at.title[0].value == "Tom Becker"
    headings = [h.value for h in at.subheader]
    assert headings == [
        "Trends",
        "Movement",
        "Practice",
        "Sleep diary",
        "Questionnaires",
        "What the patient wrote",
        "Flags",
        "Outreach",
        "Plan changes",
        "Goals",
    ]
    shown = [t.value for t in at.text]
    assert "My GP changed the dose of my nerve pain pill." in shown  # as typed
    assert "Get back to work full days" in shown
    assert len(at.get("vega_lite_chart")) == 4  # pain, sleep, mood, stress: no movement or practice
    questionnaires = at.dataframe[0].value
    assert {"PEG", "PHQ-9", "GAD-7"} <= set(questionnaires["Questionnaire"])
    assert "fell 1 or more" in set(questionnaires["Meaningful change"])


def test_it_says_plainly_when_a_patient_is_not_on_the_panel(app_as):
    stranger = make_patient(
        "Stranger", start=date(2026, 3, 2), coordinator=make_user("x", ["coordinator"])
    )
    at = open_detail(app_as("demo-coordinator"), stranger.id)
    assert not at.exception
    assert "This patient is not on your panel." in texts(at)
    assert "Stranger" not in texts(at)


def test_it_lets_the_clinician_open_the_detail_from_a_flag(app_as):
    at = app_as("demo-clinician")
    at.switch_page("pages/care/flags.py").run()
    links = [link.proto for link in at.get("page_link") if link.proto.page == "patient"]
    # Lena's item-9 answer comes first (self-harm before any other urgent flag).
    assert links and links[0].label == "Open Lena Fischer's record"
    patient_id = int(links[0].query_string.removeprefix("patient="))
    detail = open_detail(at, patient_id)
    assert detail.title[0].value == "Lena Fischer" and not detail.exception
