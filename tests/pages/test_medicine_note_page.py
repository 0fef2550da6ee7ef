"""Staff read the medicine-change note the patient was told their care team would read."""

from db.actions import record_check_in
from tests.utils import actor_for

# Patient-typed text that Markdown or HTML would change: it must be shown exactly as typed.
NOTE = "Stopped **tramadol** on Monday <b>by myself</b> # dizzy since"


def test_it_shows_the_coordinator_the_patients_medicine_note_as_typed(app_as):
    record_check_in(
        actor=actor_for("demo-patient"),
        pain=4,
        sleep_quality=3,
        mood=3,
        stress=2,
        flare=False,
        medicines_changed=True,
        medicines_note=NOTE,
    )
    at = app_as("demo-coordinator")
    at.switch_page("pages/care/flags.py").run()
    assert not at.exception
    assert NOTE in [t.value for t in at.text]
    assert any("What the patient wrote on" in m.value for m in at.markdown)
    assert not any("tramadol" in m.value for m in at.markdown)  # never rendered as Markdown
