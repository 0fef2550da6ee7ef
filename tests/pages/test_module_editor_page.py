"""The program editor page through the real app: edit -> draft -> preview -> publish from a date ->
the patient gets the new version from that date; the grade warning; waiting shipped drafts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlmodel import select

from db.actions import complete_module
from db.content import sync_content
from db.engine import read_session, write_session
from db.models import Module, ModuleCompletion, ModuleVersion, Program
from db.queries import lessons_for_patient
from program.lessons import load_lessons
from program.wording import UPDATED
from tests.conftest import FROZEN_NOW
from tests.pages.conftest import texts, unreachable
from tests.utils import actor_for
from tests.utils.screens import button

SLUG = "pain-is-protection"
NEW_TITLE = "Pain is your protector"
NEW_BODY = "Pain is a signal from your brain.\n\n## A new part\n\nIt tries to keep you safe."
HARD_BODY = (
    "Nociceptive amplification characteristically manifests through multifactorial neurophysiological "
    "sensitisation, consequently necessitating comprehensive individualised rehabilitation programmes."
)
TODAY = date(2026, 3, 18)  # the clinic's date at FROZEN_NOW


def module_id(slug: str = SLUG) -> int:
    with read_session() as session:
        return session.exec(select(Module.id).where(Module.slug == slug)).one()


def open_editor(app_as, slug: str = SLUG):
    at = app_as("demo-clinician")
    at.query_params["module"] = str(module_id(slug))
    return at.switch_page("pages/care/modules.py").run()


def field(at, label: str):
    return next(w for w in [*at.text_input, *at.text_area] if w.label == label)


def alex_lesson(slug: str = SLUG):
    return next(
        x for x in lessons_for_patient(actor=actor_for("demo-patient")).lessons if x.slug == slug
    )


def versions() -> list[tuple[int, str, date | None]]:
    with read_session() as session:
        return [
            (v.number, v.status, v.effective_from)
            for v in session.exec(
                select(ModuleVersion)
                .where(ModuleVersion.module_id == module_id())
                .order_by(ModuleVersion.number)
            )
        ]


def test_it_saves_an_edit_as_a_draft_and_publishes_it_from_the_date_chosen(app_as, frozen):
    at = open_editor(app_as)
    assert not at.exception
    field(at, "Title").input(NEW_TITLE)
    field(at, "Lesson text (Markdown)").input(NEW_BODY)
    field(at, "What changed (for the history)").input("Shorter sentences")
    at.run()
    # The preview draws the edit as Learn would: title, then the body's own section heading.
    assert f"### {NEW_TITLE}" in texts(at) and "## A new part" in texts(at)
    button(at, "Save as draft").click().run()
    assert not at.exception
    assert versions() == [(1, "published", None), (2, "draft", None)]
    assert alex_lesson().title != NEW_TITLE  # a draft reaches no patient

    start = TODAY + timedelta(days=2)
    next(d for d in at.date_input if d.label.startswith("Patients get it from")).set_value(start)
    button(at, "Publish version 2").click().run()
    assert not at.exception
    assert versions() == [(1, "published", None), (2, "published", start)]
    history = at.dataframe[-1].value
    assert list(history["Status"]) == ["scheduled", "patients get it"]
    assert history.iloc[0]["Written by"] == "Dr. Jordan Lee"

    patient = app_as("demo-patient")
    patient.switch_page("pages/patient/learn.py").run()
    assert NEW_TITLE not in texts(patient)
    frozen.move_to(FROZEN_NOW + timedelta(days=2))
    patient = app_as("demo-patient")
    patient.switch_page("pages/patient/learn.py").run()
    assert f"**{NEW_TITLE}**" in texts(patient)


def test_it_keeps_a_completion_with_the_version_read_and_tells_the_patient_it_was_updated(
    app_as,
):
    old = alex_lesson()
    complete_module(
        actor=actor_for("demo-patient"), module_version_id=old.version_id, check_answers=[1, 0]
    )
    at = open_editor(app_as)
    field(at, "Title").input(NEW_TITLE)
    button(at, "Save as draft").click().run()
    button(at, "Publish version 2").click().run()
    with read_session() as session:
        [done] = session.exec(select(ModuleCompletion)).all()
    assert done.module_version_id == old.version_id
    patient = app_as("demo-patient")
    patient.switch_page("pages/patient/learn.py").run()
    assert UPDATED in texts(patient)
    assert at.dataframe[-1].value.set_index("Version").loc[1, "Completions"] == 1


def test_it_shows_the_reading_grade_and_warns_above_grade_eight_while_editing(app_as):
    at = open_editor(app_as)
    assert "**Reading grade:** lesson" in texts(at)
    assert not any("above grade 8" in w.value for w in at.warning)
    field(at, "Lesson text (Markdown)").input(HARD_BODY)
    at.run()
    assert any("above grade 8" in w.value for w in at.warning)


def test_it_warns_that_patients_will_not_see_an_outside_link_and_drops_it_from_the_preview(
    app_as,
):
    at = open_editor(app_as)
    field(at, "Lesson text (Markdown)").input("Read [this page](https://example.com/x) today.")
    at.run()
    assert any("links that leave the app" in w.value for w in at.warning)
    assert "Read this page today." in texts(at) and "example.com" not in texts(at)


def test_it_refuses_a_check_question_without_its_feedback_and_saves_nothing(app_as):
    at = open_editor(app_as)
    field(at, "Feedback for a wrong answer").set_value("").run()
    button(at, "Save as draft").click().run()
    assert any("feedback for a wrong answer to check question 1" in e.value for e in at.error)
    assert versions() == [(1, "published", None)]


def test_it_lists_a_changed_lesson_file_as_a_draft_waiting_and_publishes_it(app_as):
    lessons = [
        replace(x, body=x.body + "\n\nChest pain means call 911 now.") if x.slug == SLUG else x
        for x in load_lessons()
    ]
    with write_session() as session:
        sync_content(session, session.exec(select(Program)).one(), lessons)
    at = app_as("demo-clinician")
    at.switch_page("pages/care/modules.py").run()
    # The demo's own clinician draft (db/seed_editor.py) and the changed lesson file.
    assert "Drafts waiting (2)" in texts(at)
    with read_session() as session:
        draft = session.exec(
            select(ModuleVersion.id).where(
                ModuleVersion.module_id == module_id(), ModuleVersion.status == "draft"
            )
        ).one()
    next(b for b in at.button if b.key == f"draft-{draft}").click().run()
    assert not at.exception and at.query_params["module"] == str(module_id())
    assert "+Chest pain means call 911 now." in [c.value for c in at.code][0]
    button(at, "Publish version 2").click().run()
    assert versions() == [(1, "published", None), (2, "published", TODAY)]
    at.query_params.pop("module")
    at.run()
    assert "Drafts waiting (1)" in texts(at)


def test_it_keeps_the_editor_to_clinicians(app_as):
    for who in ("demo-coordinator", "demo-patient", "demo-admin"):
        assert unreachable(app_as(who), "pages/care/modules.py"), who
