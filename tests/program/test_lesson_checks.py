"""The lessons' checks test the idea, not the position of the right answer.

Each patient sees a check question's options in a stable order of their own; the answers are kept
as the original option indices, so grading does not depend on the order shown. Distractors are real
misconceptions, not jokes or questions about the app.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from program.lessons import grade_questions, load_lessons, option_order, option_orders

LESSONS = load_lessons()
PATIENTS = range(1, 201)

# Jokes, trivia and app logistics: a distractor like these tests nothing about pain.
TRIVIA = re.compile(
    r"\b(plastic|random|app|program|week \d+|never move again|time you have|always makes)\b",
    re.IGNORECASE,
)


def _right_positions(patient_id: int) -> list[tuple[int, int]]:
    """(position of the right answer as shown, number of options) for every check question."""
    found = []
    for lesson in LESSONS:
        for order, question in zip(
            option_orders(patient_id, lesson.slug, lesson.check), lesson.check, strict=True
        ):
            found.append((order.index(question.answer), len(question.options)))
    return found


def test_it_spreads_the_right_answers_position_over_all_patients() -> None:
    positions = Counter(pos for pid in PATIENTS for pos, _ in _right_positions(pid))
    total = sum(positions.values())
    assert max(positions.values()) / total <= 0.5, positions


def test_it_spreads_the_right_answer_of_three_option_questions_evenly() -> None:
    positions = Counter(
        pos for pid in PATIENTS for pos, count in _right_positions(pid) if count == 3
    )
    total = sum(positions.values())
    assert set(positions) == {0, 1, 2}
    assert all(0.25 <= n / total <= 0.42 for n in positions.values()), positions


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_it_moves_each_questions_right_answer_between_patients(lesson) -> None:
    for number, question in enumerate(lesson.check, 1):
        shown = Counter(
            option_order(pid, f"{lesson.slug}/q{number}", len(question.options)).index(
                question.answer
            )
            for pid in PATIENTS
        )
        assert len(shown) == len(question.options)
        assert max(shown.values()) / len(PATIENTS) <= 0.65, (number, shown)


def test_it_keeps_one_patients_order_the_same_on_every_visit() -> None:
    lesson = LESSONS[0]
    first = option_orders(7, lesson.slug, lesson.check)
    assert all(option_orders(7, lesson.slug, lesson.check) == first for _ in range(5))
    assert option_order(7, "pain-is-protection/q1", 3) == first[0]
    assert sorted(first[0]) == [0, 1, 2]


def test_it_gives_different_patients_different_orders() -> None:
    lesson = next(x for x in LESSONS if len(x.check[0].options) == 3)
    orders = {option_orders(pid, lesson.slug, lesson.check)[0] for pid in PATIENTS}
    assert len(orders) == 6  # every order of three options occurs


def test_it_grades_the_idea_chosen_whatever_order_it_was_shown_in() -> None:
    for pid in (1, 2, 3, 42):
        for lesson in LESSONS:
            orders = option_orders(pid, lesson.slug, lesson.check)
            # The patient taps the option whose text is the right answer, wherever it is shown.
            picks = []
            for order, question in zip(orders, lesson.check, strict=True):
                shown = [question.options[i] for i in order]
                picks.append(order[shown.index(question.options[question.answer])])
            result = grade_questions(lesson.check, picks, lesson.slug)
            assert result.correct == result.total, (pid, lesson.slug)
            assert picks == [q.answer for q in lesson.check]  # stored answers stay meaningful


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_it_uses_real_misconceptions_not_trivia_as_distractors(lesson) -> None:
    for question in lesson.check:
        distractors = [o for i, o in enumerate(question.options) if i != question.answer]
        assert not [d for d in distractors if TRIVIA.search(d)], question.question


def test_it_flags_the_kind_of_distractor_it_is_meant_to_catch() -> None:
    assert TRIVIA.search("Pain is made of plastic")
    assert TRIVIA.search("You start again from week 1")
    assert not TRIVIA.search("Pain always means damage")
    assert not TRIVIA.search("Rest until the pain is gone")
