"""The movement library: enough plain exercises of each kind, each with the stop rules."""

import re

import pytest

from program.exercises import LibraryError, load_library, parse_library, picture
from program.vocabulary import ExerciseKind
from tests.utils.readability import fk_grade

LIBRARY = load_library()


def test_it_offers_at_least_twelve_exercises_of_every_kind():
    assert len(LIBRARY) >= 12
    assert {e.kind for e in LIBRARY} == set(ExerciseKind)
    assert {e.unit for e in LIBRARY} == {"minutes", "reps"}


def test_it_shows_every_stop_rule_of_clinical_md_with_every_exercise():
    wanted = [
        "chest pain or pressure",
        "shortness of breath",
        "dizzy or faint",
        "sharp new pain",
        "new numbness or weakness",
    ]
    for exercise in LIBRARY:
        rules = " ".join(exercise.stop_rules).lower()
        assert all(rule in rules for rule in wanted), exercise.slug
        assert "get help" in exercise.stop_intro


def test_it_gives_each_exercise_a_safe_starting_range_and_plain_steps():
    for exercise in LIBRARY:
        assert 1 <= exercise.start_low <= exercise.start_high <= 15, exercise.slug
        assert exercise.steps and exercise.easier


def test_it_words_every_exercise_at_grade_8_or_below():
    for exercise in LIBRARY:
        for text in (*exercise.steps, exercise.easier, *exercise.stop_rules, exercise.stop_intro):
            assert fk_grade(text) <= 8, text


_ONE = """
  - slug: easy-walk
    name: Easy walk
    kind: walking
    unit: minutes
    start: [5, 15]
    steps: [Walk.]
    easier: Walk less.
"""


def _library(exercise: str = _ONE, rules: str = "[Chest pain.]") -> str:
    return f"stop_rules: {rules}\nstop_intro: Stop.\nexercises:\n{exercise}"


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (_library(rules="[]"), "stop rules"),
        (_library(_ONE.replace("minutes", "miles")), "miles"),
        (_library(_ONE.replace("[5, 15]", "[15, 5]")), "start"),
        (_library(_ONE.replace("[Walk.]", "[]")), "step"),
        (_library(_ONE * 2), "share a slug"),
        (_library(_ONE), "at least 12"),
    ],
)
def test_it_refuses_a_library_with_a_mistake(broken, message):
    with pytest.raises(LibraryError, match=message):
        parse_library(broken)


def test_it_draws_every_exercise_as_a_small_accessible_picture_of_our_own():
    for exercise in LIBRARY:
        drawn = picture(exercise.slug)
        assert drawn is not None, exercise.slug
        svg = drawn.svg
        assert len(svg.encode()) < 3000, exercise.slug  # small on a phone
        assert 'role="img"' in svg and f'aria-labelledby="pic-{exercise.slug}"' in svg
        title = re.search(rf'<title id="pic-{exercise.slug}">([^<]+)</title>', svg)
        assert title and title.group(1) == drawn.alt, exercise.slug
        assert len(drawn.alt.split()) >= 5 and fk_grade(drawn.alt) <= 8, drawn.alt
        # Nothing that runs or loads from elsewhere: only references inside the picture itself.
        assert not re.search(r"<script|on\w+=|href=|url\((?!#)", svg), exercise.slug
    assert picture("../exercises") is None and picture("no-such-exercise") is None
