"""What people type (staff reasons, names, goals, the clinic card) and what clinicians write in
lessons never makes a patient's phone fetch a picture from elsewhere or show a live outside link."""

import re

from sqlmodel import select

from db.actions import change_plan
from db.engine import read_session, write_session
from db.models import Clinic, Goal, Module, ModuleVersion, Patient
from program import wording as w
from tests.utils import actor_for
from tests.utils.screens import button

TYPED = "Talk first ![x](https://evil.test/a.png) and [click](https://evil.test)"


def elements(at):
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success")
    return [str(e.value) for kind in kinds for e in at.get(kind)] + [
        str(b.proto.label) for b in at.get("link_button")
    ]


def live_markup(value: str) -> bool:
    """True when Markdown would draw an image or a link from ``value`` (escaped marks removed)."""
    bare = re.sub(r"\\.", "", value)
    return "](" in bare or "<img" in bare.lower() or "<a " in bare.lower()


def shown_as_typed(at, text: str) -> bool:
    return any(text in re.sub(r"\\(.)", r"\1", v) for v in elements(at))


def alex_and_module(slug: str) -> tuple[int, int]:
    with read_session() as session:
        alex = session.exec(select(Patient).where(Patient.record_number == "DEMO-0001")).one()
        module = session.exec(select(Module).where(Module.slug == slug)).one()
        return alex.id, module.id


def test_it_shows_a_hold_reason_with_image_and_link_marks_as_literal_text_on_today(app_as):
    alex, module = alex_and_module("your-flare-plan")
    change_plan(
        actor=actor_for("demo-clinician"),
        patient_id=alex,
        kind="hold",
        module_id=module,
        reason=TYPED,
    )
    at = app_as("demo-patient").switch_page("pages/patient/today.py").run()
    assert not at.exception
    assert shown_as_typed(at, TYPED)
    assert not any(live_markup(v) for v in elements(at) if "evil.test" in v)


def test_it_shows_a_pause_reason_as_literal_text_on_today(app_as):
    alex, _ = alex_and_module("your-flare-plan")
    change_plan(actor=actor_for("demo-clinician"), patient_id=alex, kind="pause", reason=TYPED)
    at = app_as("demo-patient").switch_page("pages/patient/today.py").run()
    assert not at.exception
    assert shown_as_typed(at, TYPED)
    assert not any(live_markup(v) for v in elements(at) if "evil.test" in v)


def test_it_shows_names_goals_and_the_clinic_card_as_typed(app_as):
    with write_session() as session:
        alex = session.exec(select(Patient).where(Patient.record_number == "DEMO-0001")).one()
        alex.given_name = "Al ![x](https://evil.test/n.png)"
        clinic = session.get(Clinic, 1)
        clinic.name = "Clinic [home](https://evil.test/c)"
        clinic.address = "1 Main St ![map](https://evil.test/m.png)"
        session.add(Goal(patient_id=alex.id, text="Walk [far](https://evil.test/g)"))
    at = app_as("demo-patient").switch_page("pages/patient/today.py").run()
    assert shown_as_typed(at, "Al ![x](https://evil.test/n.png)")
    at.switch_page("pages/patient/help.py").run()
    assert shown_as_typed(at, "Clinic [home](https://evil.test/c)")
    assert shown_as_typed(at, "1 Main St ![map](https://evil.test/m.png)")
    at.switch_page("pages/patient/progress.py").run()
    assert shown_as_typed(at, "Walk [far](https://evil.test/g)")
    for page in ("today", "help", "progress"):
        at.switch_page(f"pages/patient/{page}.py").run()
        assert not at.exception
        assert not any(live_markup(v) for v in elements(at) if "evil.test" in v), page


def test_it_renders_no_html_outside_image_or_outside_link_from_a_lesson(app_as):
    _, module = alex_and_module("flares-pass")
    with write_session() as session:
        for version in session.exec(select(ModuleVersion).where(ModuleVersion.module_id == module)):
            version.body = (
                "Safety first.\n\n<img src=https://evil.test/i.png onerror=alert(1)>\n\n"
                "![lake](https://evil.test/lake.png) and [more](https://evil.test/more).\n"
            )
            session.add(version)
    at = app_as("demo-patient").switch_page("pages/patient/learn.py").run()
    button(at, w.OPEN_LESSON).click().run()
    assert at.title[0].value == "Flares pass"
    body = next(m.value for m in at.markdown if "Safety first." in m.value)
    assert "evil.test" not in body and "<img" not in body
    assert "lake and more." in body
    assert not any("evil.test" in v for v in elements(at))
