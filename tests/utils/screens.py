"""Finding and using widgets in an AppTest of the real app (one copy for every page test)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

PAIN = "How strong is your pain right now? (0 = no pain, 10 = worst you can imagine)"
CHECK_IN_QUESTIONS = (
    PAIN,
    "How did you sleep last night?",
    "How is your mood today?",
    "How stressed do you feel?",
    "Are you having a flare today?",
    "Any change in your medicines?",
    "Anything new or different about your health since your last check-in?",
)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def segmented(at: AppTest, label: str):
    return next(w for w in at.get("button_group") if w.label == label)


def answer_check_in(
    at: AppTest,
    *,
    pain: int = 3,
    sleep: int = 4,
    mood: int = 3,
    stress: int = 2,
    flare: bool = False,
    new: str = "No",
) -> AppTest:
    """Answer every question of Today's check-in (without saving it)."""
    values = (pain, sleep, mood, stress, "Yes" if flare else "No", "No", new)
    for label, value in zip(CHECK_IN_QUESTIONS, values, strict=True):
        segmented(at, label).set_value(value)
    return at.run()


def cards(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if "**" in m.value and "badge[" in m.value]


def card(at: AppTest, title: str) -> str:
    return next(c for c in cards(at) if f"**{title}**" in c)


def open_lesson(at: AppTest, slug: str) -> AppTest:
    at.query_params["lesson"] = slug
    return at.switch_page("pages/patient/learn.py").run()


def answer(at: AppTest, picks: list[int]) -> AppTest:
    """Pick one option per check question of the open lesson."""
    for radio, pick in zip(at.radio, picks, strict=True):
        radio.set_value(pick)
    return at.run()


def panel_cards(at: AppTest) -> list[str]:
    """The panel's patients as shown on their cards, in order (each links to the detail)."""
    return [link.proto.label for link in at.get("page_link") if link.proto.page == "patient"]
