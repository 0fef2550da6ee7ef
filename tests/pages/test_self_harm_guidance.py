"""Ticking only the self-harm sign on Today shows the crisis steps, not the emergency ones."""

from tests.pages.conftest import texts

NEW = "Anything new or different about your health since your last check-in?"


def answer_yes_to_anything_new(at):
    # A segmented control today; a horizontal radio would do the same job.
    widget = next(w for w in [*at.get("button_group"), *at.radio] if w.label == NEW)
    widget.set_value("Yes")
    return at.run()


def tick(at, label):
    next(c for c in at.checkbox if c.label == label).check()
    return at.run()


def test_it_shows_988_first_without_stopping_exercises_when_only_self_harm_is_ticked(app_as):
    at = tick(answer_yes_to_anything_new(app_as("demo-patient")), "Thoughts of harming yourself")
    box = next(e.value for e in at.error if "988" in e.value)
    assert box.index("988") < box.index("911")
    assert "exercise" not in box.lower()
    assert "Please get emergency help now" not in texts(at)


def test_it_puts_911_first_when_self_harm_comes_with_chest_pain(app_as):
    at = tick(answer_yes_to_anything_new(app_as("demo-patient")), "Thoughts of harming yourself")
    at = tick(at, "Chest pain or pressure")
    box = next(e.value for e in at.error if "Please get emergency help now" in e.value)
    assert "988" in box and box.index("911") < box.index("988")
