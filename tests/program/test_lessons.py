"""Tests for the lesson loader and the shipped pain-education lessons."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from program.lessons import (
    CheckResult,
    Lesson,
    content_hash,
    grade_questions,
    load_lessons,
    parse_lesson,
)
from tests.utils.lesson_text import patient_text
from tests.utils.readability import fk_grade

LESSONS = load_lessons()
EDUCATION = [lesson for lesson in LESSONS if lesson.track == "education"]

VALID = """\
---
slug: sample-lesson
week: 3
order: 1
track: education
title: A sample lesson
minutes: 4
summary: A short summary.
check:
  - question: "First question?"
    options: ["No", "Yes", "Maybe"]
    answer: 1
    right: "Right one."
    wrong: "Wrong one."
  - question: "Second question?"
    options: ["A", "B"]
    answer: 0
    right: "Right two."
    wrong: "Wrong two."
---
## A heading

Some **bold** text and a [link](https://example.org/page).

- a bullet
* another bullet
"""

# Each topic from CLINICAL.md's Education bullet (and the brief), and the lesson that teaches it.
TOPICS = {
    "pain is protection, not a damage meter": ["pain-is-protection", "hurt-and-harm"],
    "sensitization": ["over-protective-alarm"],
    "plasticity": ["your-system-can-learn"],
    "danger and safety signals": ["danger-and-safety-signals", "adding-safety"],
    "fear-avoidance cycle": ["fear-avoidance-cycle", "small-steps-out"],
    "pacing and graded movement": ["pacing", "moving-on-a-plan"],
    "flares are temporary; flare plan": ["flares-pass", "your-flare-plan"],
    "stress and mood turn the volume": ["stress-and-the-volume", "mood-and-pain"],
    "what long stress does to the nerves": ["when-stress-goes-on"],
    "realistic hope: what 12 weeks usually brings": ["your-system-can-learn"],
    "sleep": ["sleep-and-pain", "sleep-habits"],
    "breathing and the calming system": ["your-calming-system", "noticing-without-judging"],
    "thoughts and attention": ["thoughts-and-attention"],
    "valued activities and goals": ["getting-back-to-what-matters"],
    "care team and when to ask for help": ["your-care-team"],
    "medicines are one tool among many": ["medicines-one-tool"],
    "setbacks are part of recovery": ["setbacks-are-part-of-the-path"],
    "maintenance after week 12": ["keeping-your-gains"],
}

# Phrases that would be advice to start, stop or change a medicine or its dose.
FORBIDDEN_MEDICINE_PHRASES = (
    "stop taking",
    "start taking",
    "increase your dose",
    "increase the dose",
    "reduce your dose",
    "reduce the dose",
    "lower your dose",
    "lower the dose",
    "raise your dose",
    "double your dose",
    "double the dose",
    "skip a dose",
    "cut back on your medicine",
    "come off",
    "wean",
    "taper",
)
# The exact sentences that use such a phrase only to say: do not do this on your own.
ALLOWED_MEDICINE_SENTENCES = (
    "Never stop taking a medicine, or change a dose, without talking to your prescriber first.",
)


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9']+", text))


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.replace("\n", " ")) if s.strip()]


def _by_path(lessons: list[Lesson]) -> list:
    return [pytest.param(lesson, id=lesson.source_path) for lesson in lessons]


# --- the shipped lessons ---------------------------------------------------------------------


def test_it_ships_at_least_24_education_lessons_one_to_three_in_every_week() -> None:
    # Week 1 has three (the warning-sign lesson moved there from week 11); every other week two.
    assert len(EDUCATION) >= 25
    per_week = Counter(lesson.week for lesson in EDUCATION)
    assert {week: per_week[week] for week in range(1, 13) if not 1 <= per_week[week] <= 3} == {}


# The order: the lessons that explain a track come before or with it (movement from week
# 2, the flare plan from week 3, breathing and sleep from week 4), then the rest in this sequence.
CURRICULUM = (
    ("pain-is-protection", "hurt-and-harm", "your-care-team"),
    ("over-protective-alarm", "moving-on-a-plan"),
    ("flares-pass", "your-flare-plan"),
    ("your-calming-system", "sleep-and-pain"),
    ("danger-and-safety-signals", "adding-safety"),
    ("fear-avoidance-cycle", "small-steps-out"),
    ("your-system-can-learn", "getting-back-to-what-matters"),
    ("pacing", "sleep-habits"),
    ("stress-and-the-volume", "when-stress-goes-on"),
    ("mood-and-pain", "thoughts-and-attention"),
    ("noticing-without-judging", "medicines-one-tool"),
    ("setbacks-are-part-of-the-path", "keeping-your-gains"),
)


def test_it_teaches_each_track_before_or_with_it_two_lessons_a_week() -> None:
    weeks = [
        tuple(lesson.slug for lesson in EDUCATION if lesson.week == week) for week in range(1, 13)
    ]
    assert weeks == list(CURRICULUM)


def test_it_names_the_track_pages_in_the_lessons_that_start_them() -> None:
    by_slug = {lesson.slug: lesson.body for lesson in LESSONS}
    assert "the Move page" in by_slug["moving-on-a-plan"]
    assert "one tap from Today" in by_slug["your-flare-plan"]
    assert "the Breathe page" in by_slug["your-calming-system"]
    assert "the Sleep page" in by_slug["sleep-and-pain"]


def test_it_gives_realistic_hope_kindly() -> None:
    body = next(lesson for lesson in LESSONS if lesson.slug == "your-system-can-learn").body
    assert "do more" in body and "Hurting less often comes later" in body
    assert "does not go all the way to zero" in body
    assert "keeps going after the 12 weeks" in body
    assert "## If your change has been small" in body and "you have not failed" in body
    alarm = next(lesson for lesson in LESSONS if lesson.slug == "over-protective-alarm").body
    assert "## Not every pain starts with an injury" in alarm


def test_it_loads_lessons_sorted_by_week_then_order() -> None:
    keys = [(lesson.week, lesson.order) for lesson in LESSONS]
    assert keys == sorted(keys)


@pytest.mark.parametrize("lesson", _by_path(EDUCATION))
def test_it_names_each_file_after_its_week_order_and_slug(lesson: Lesson) -> None:
    name = Path(lesson.source_path).name
    assert name == f"w{lesson.week:02d}-{lesson.order}-{lesson.slug}.md"
    assert lesson.source_path.startswith("education/")


def test_it_covers_every_education_topic() -> None:
    slugs = {lesson.slug for lesson in EDUCATION}
    missing = {topic: s for topic, s in TOPICS.items() if not set(s) <= slugs}
    assert missing == {}


def test_it_has_exactly_one_lesson_about_medicines() -> None:
    about = [
        lesson.slug
        for lesson in LESSONS
        if "medicin" in lesson.slug or "medicin" in lesson.title.lower()
    ]
    assert about == ["medicines-one-tool"]
    body = next(lesson for lesson in LESSONS if lesson.slug == "medicines-one-tool").body
    assert "one tool among many" in body
    assert "don't change a medicine on your own" in body
    assert "Stopping some medicines suddenly can be dangerous." in body
    assert "prescriber" in body


@pytest.mark.parametrize("lesson", _by_path(LESSONS))
def test_it_never_advises_starting_stopping_or_changing_a_medicine(lesson: Lesson) -> None:
    text = patient_text(lesson)
    for allowed in ALLOWED_MEDICINE_SENTENCES:
        text = text.replace(allowed, " ")
    lowered = text.lower()
    found = [phrase for phrase in FORBIDDEN_MEDICINE_PHRASES if re.search(rf"\b{phrase}", lowered)]
    assert found == [], f"{lesson.source_path}: medicine advice phrase(s) {found}"


def test_it_uses_each_allowed_medicine_sentence_somewhere() -> None:
    everything = "\n".join(patient_text(lesson) for lesson in LESSONS)
    for allowed in ALLOWED_MEDICINE_SENTENCES:
        assert allowed in everything


@pytest.mark.parametrize("lesson", _by_path(LESSONS))
def test_it_keeps_every_lesson_at_grade_8_or_below(
    lesson: Lesson, monkeypatch: pytest.MonkeyPatch
) -> None:
    grade = fk_grade(patient_text(lesson))
    assert grade <= 8, f"{lesson.source_path}: Flesch-Kincaid grade {grade}"


@pytest.mark.parametrize("lesson", _by_path(LESSONS))
def test_it_includes_every_check_string_in_patient_text(lesson: Lesson) -> None:
    text = patient_text(lesson)
    for question in lesson.check:
        for part in (question.question, *question.options, question.right, question.wrong):
            assert part.rstrip(".") in text


@pytest.mark.parametrize("lesson", _by_path(LESSONS))
def test_it_keeps_minutes_consistent_with_word_count(lesson: Lesson) -> None:
    assert 3 <= lesson.minutes <= 6
    words = _words(lesson.body)
    assert 350 <= words <= 800, f"{lesson.source_path}: {words} words"
    assert 60 <= words / lesson.minutes <= 250, f"{lesson.source_path}: {words} words"


@pytest.mark.parametrize("lesson", _by_path(EDUCATION))
def test_it_gives_every_lesson_subheadings_and_a_try_this_today(lesson: Lesson) -> None:
    headings = re.findall(r"^## (.+)$", lesson.body, re.MULTILINE)
    assert len(headings) >= 3
    assert headings[-1] == "Try this today"
    assert "\n# " not in f"\n{lesson.body}"  # the title is shown by the app, not in the body


@pytest.mark.parametrize("lesson", _by_path(LESSONS))
def test_it_speaks_to_you_without_calling_you_a_patient_or_promising_a_cure(
    lesson: Lesson,
) -> None:
    text = patient_text(lesson)
    assert re.search(r"\bpatients?\b", text, re.IGNORECASE) is None
    assert re.search(r"\b(cure|cures|cured|guarantee|guaranteed)\b", text, re.IGNORECASE) is None
    assert re.search(r"\byou\b", text, re.IGNORECASE)


@pytest.mark.parametrize("lesson", _by_path(LESSONS))
def test_it_pairs_emergency_advice_with_the_app_not_being_watched(lesson: Lesson) -> None:
    if "911" in lesson.body:
        assert "not watched around the clock" in lesson.body


def test_it_tells_the_reader_when_to_get_help_in_the_care_team_and_mood_lessons() -> None:
    by_slug = {lesson.slug: lesson.body for lesson in LESSONS}
    for slug in ("your-care-team", "mood-and-pain"):
        assert "988" in by_slug[slug]
        assert "911" in by_slug[slug]
    for slug in ("moving-on-a-plan", "your-care-team"):
        assert "chest pain or pressure" in by_slug[slug].lower()


@pytest.mark.parametrize("lesson", _by_path(LESSONS))
def test_it_gives_two_check_questions_with_kind_feedback(lesson: Lesson) -> None:
    assert len(lesson.check) == 2
    for question in lesson.check:
        assert 2 <= len(question.options) <= 4
        assert 0 <= question.answer < len(question.options)
        assert question.question.endswith(("?", "…"))
        for feedback in (question.right, question.wrong):
            assert 1 <= len(_sentences(feedback)) <= 3


def test_it_keeps_slugs_unique_and_hashes_stable() -> None:
    slugs = [lesson.slug for lesson in LESSONS]
    assert len(slugs) == len(set(slugs))
    hashes = {content_hash(lesson) for lesson in LESSONS}
    assert len(hashes) == len(LESSONS)
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)


# --- parse_lesson ----------------------------------------------------------------------------


def test_it_parses_a_valid_lesson() -> None:
    lesson = parse_lesson(VALID, "education/sample.md")
    assert (lesson.slug, lesson.week, lesson.order, lesson.track) == (
        "sample-lesson",
        3,
        1,
        "education",
    )
    assert lesson.minutes == 4
    assert lesson.check[0].options == ("No", "Yes", "Maybe")
    assert lesson.check[1].answer == 0
    assert lesson.body.startswith("## A heading")
    assert lesson.source_path == "education/sample.md"


def test_it_rejects_a_file_without_front_matter() -> None:
    with pytest.raises(ValueError, match=r"sample\.md: missing front matter"):
        parse_lesson("## Just a body\n\nText.\n", "sample.md")


def test_it_rejects_a_missing_key() -> None:
    text = VALID.replace("summary: A short summary.\n", "")
    with pytest.raises(ValueError, match=r"sample\.md: missing required key\(s\): summary"):
        parse_lesson(text, "sample.md")


def test_it_rejects_week_13() -> None:
    with pytest.raises(ValueError, match=r"sample\.md: 'week' must be .*1 to 12, got 13"):
        parse_lesson(VALID.replace("week: 3", "week: 13"), "sample.md")


def test_it_rejects_three_check_questions() -> None:
    extra = (
        '  - question: "Third?"\n'
        '    options: ["A", "B"]\n'
        "    answer: 0\n"
        '    right: "R."\n'
        '    wrong: "W."\n'
        "---\n"
    )
    text = VALID.replace('    wrong: "Wrong two."\n---\n', '    wrong: "Wrong two."\n' + extra)
    with pytest.raises(
        ValueError, match=r"sample\.md: 'check' must have exactly 2 questions, got 3"
    ):
        parse_lesson(text, "sample.md")


def test_it_rejects_an_answer_index_out_of_range() -> None:
    text = VALID.replace("answer: 1", "answer: 3")
    with pytest.raises(
        ValueError, match=r"sample\.md: check question 1: 'answer' index 3 is out of range"
    ):
        parse_lesson(text, "sample.md")


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("minutes: 4", "minutes: 7", r"'minutes' must be .*3 to 6"),
        ("track: education", "track: cooking", r"'track' 'cooking' must be one of"),
        ('options: ["A", "B"]', 'options: ["A"]', r"check question 2: 'options' must be a list"),
        ('options: ["A", "B"]', 'options: ["A", "B", "C", "D", "E"]', r"'options' must be a list"),
        ("slug: sample-lesson", "slug: Sample Lesson", r"'slug' 'Sample Lesson' must be lowercase"),
        ("order: 1", "order: 0", r"'order' must be a whole number"),
        ("week: 3", "week: three", r"'week' must be a whole number"),
        ("week: 3", "week: 3\ncolour: blue", r"unknown key\(s\): colour"),
    ],
)
def test_it_rejects_other_invalid_front_matter(old: str, new: str, problem: str) -> None:
    assert old in VALID
    with pytest.raises(ValueError, match=rf"sample\.md: .*{problem}"):
        parse_lesson(VALID.replace(old, new, 1), "sample.md")


def test_it_rejects_an_empty_body() -> None:
    text = VALID.split("## A heading")[0]
    with pytest.raises(ValueError, match="body .* is empty"):
        parse_lesson(text, "sample.md")


# --- grade_questions ---------------------------------------------------------------------------


def test_it_grades_all_answers_right() -> None:
    result = grade_questions(parse_lesson(VALID).check, [1, 0])
    assert result == CheckResult(correct=2, total=2, feedback=("Right one.", "Right two."))


def test_it_grades_one_wrong_answer_with_teaching_feedback() -> None:
    result = grade_questions(parse_lesson(VALID).check, [2, 0])
    assert (result.correct, result.total) == (1, 2)
    assert result.feedback == ("Wrong one.", "Right two.")


def test_it_rejects_the_wrong_number_of_answers() -> None:
    lesson = parse_lesson(VALID)
    with pytest.raises(ValueError, match="1 answer"):
        grade_questions(lesson.check, [1])
    with pytest.raises(ValueError, match="3 answer"):
        grade_questions(lesson.check, [1, 0, 0])


def test_it_rejects_an_answer_out_of_range() -> None:
    with pytest.raises(ValueError, match="out of range"):
        grade_questions(parse_lesson(VALID).check, [1, 2])


def test_it_gives_feedback_for_every_shipped_lesson() -> None:
    for lesson in LESSONS:
        right = grade_questions(lesson.check, [q.answer for q in lesson.check])
        assert right.correct == right.total == len(lesson.check)
        wrong = grade_questions(
            lesson.check, [(q.answer + 1) % len(q.options) for q in lesson.check]
        )
        assert wrong.correct == 0
        assert wrong.feedback == tuple(q.wrong for q in lesson.check)


# --- load_lessons ----------------------------------------------------------------------------


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_it_rejects_a_duplicate_slug_across_two_files(tmp_path: Path) -> None:
    _write(tmp_path, "education/a.md", VALID)
    _write(tmp_path, "education/b.md", VALID.replace("order: 1", "order: 2"))
    with pytest.raises(ValueError, match=r"duplicate slug 'sample-lesson'.*education/a\.md"):
        load_lessons(tmp_path)


def test_it_rejects_a_duplicate_week_and_order_within_a_track(tmp_path: Path) -> None:
    _write(tmp_path, "a.md", VALID)
    _write(tmp_path, "b.md", VALID.replace("slug: sample-lesson", "slug: other"))
    with pytest.raises(ValueError, match="duplicate week 3 order 1 in track 'education'"):
        load_lessons(tmp_path)


def test_it_allows_the_same_week_and_order_in_different_tracks(tmp_path: Path) -> None:
    _write(tmp_path, "education/a.md", VALID)
    other = VALID.replace("slug: sample-lesson", "slug: other").replace(
        "track: education", "track: sleep"
    )
    _write(tmp_path, "sleep/b.md", other)
    _write(
        tmp_path,
        "sleep/early.md",
        other.replace("slug: other", "slug: e").replace("week: 3", "week: 1"),
    )
    lessons = load_lessons(tmp_path)
    assert [lesson.slug for lesson in lessons] == ["e", "sample-lesson", "other"]
    assert lessons[0].source_path == "sleep/early.md"


def test_it_names_the_file_when_a_lesson_in_a_folder_is_invalid(tmp_path: Path) -> None:
    _write(tmp_path, "education/deep/bad.md", VALID.replace("week: 3", "week: 0"))
    with pytest.raises(ValueError, match=r"education/deep/bad\.md: 'week'"):
        load_lessons(tmp_path)


# --- patient_text and content_hash -----------------------------------------------------------


def test_it_strips_markdown_from_patient_text() -> None:
    text = patient_text(parse_lesson(VALID))
    assert "#" not in text and "*" not in text and "](" not in text
    assert "Some bold text and a link." in text
    assert "\na bullet.\nanother bullet." in text
    assert text.startswith("A sample lesson.\nA short summary.\nA heading.\n")
    for part in ("First question?", "Maybe.", "Right one.", "Wrong two."):
        assert part in text


def test_it_hashes_meaningful_content_only() -> None:
    lesson = parse_lesson(VALID, "a.md")
    same = parse_lesson(VALID.replace("\n", "\r\n") + "\n\n", "moved/b.md")
    changed = parse_lesson(VALID.replace("Some **bold** text", "Some **new** text"), "a.md")
    new_answer = parse_lesson(VALID.replace("answer: 1", "answer: 2"), "a.md")
    assert content_hash(lesson) == content_hash(same)
    assert content_hash(lesson) != content_hash(changed)
    assert content_hash(lesson) != content_hash(new_answer)
