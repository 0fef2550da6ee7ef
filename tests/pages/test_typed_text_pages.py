"""Text people type is shown as typed on the staff pages: never as HTML or Markdown (an image
link in Markdown would load a picture from anywhere, and tell its owner who read the note)."""

from db.actions import acknowledge_flag, record_check_in
from pages.shell.plain import plain
from tests.utils import actor_for

NOTE = "Dizzy <img src=x onerror=alert(document.cookie)> since ![chart](https://evil.test/p.png)"
STAFF_NOTE = "Called back ![x](https://evil.test/seen.png) <b>all well</b> :red[ok]"


def check_in_with_note() -> int:
    result = record_check_in(
        actor=actor_for("demo-patient"),
        pain=4,
        sleep_quality=3,
        mood=3,
        stress=2,
        flare=False,
        medicines_changed=True,
        medicines_note=NOTE,
    )
    return result.flags[0].id


def test_it_shows_a_patients_html_and_image_markup_as_literal_text_to_staff(app_as):
    check_in_with_note()
    at = app_as("demo-coordinator")
    at.switch_page("pages/care/flags.py").run()
    assert not at.exception
    assert NOTE in [t.value for t in at.text]
    rendered = [e.value for kind in ("markdown", "caption", "html") for e in at.get(kind)]
    assert not any("onerror" in str(v) or "](https://evil.test" in str(v) for v in rendered)


def test_it_shows_a_staff_note_on_a_flag_as_typed_not_as_markdown(app_as):
    acknowledge_flag(
        actor=actor_for("demo-coordinator"), flag_id=check_in_with_note(), note=STAFF_NOTE
    )
    at = app_as("demo-coordinator")
    at.switch_page("pages/care/flags.py").run()
    # The history shows the note in a plain-text element (st.text), exactly as typed.
    plain_texts = [t.value for t in at.text]
    assert any(t.endswith(f"Acknowledged by Casey Morgan: {STAFF_NOTE}") for t in plain_texts)
    assert not any("![x](https" in m.value or ":red[ok]" in m.value for m in at.markdown)
    assert not any("![x](https" in c.value for c in at.caption)


def test_it_escapes_every_mark_that_would_make_a_link_image_or_html():
    assert plain("![a](b) <i> :red[x] $y$ # z") == (
        "\\!\\[a\\](b) \\<i\\> \\:red\\[x\\] \\$y\\$ \\# z"
    )
