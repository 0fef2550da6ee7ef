"""Program lessons: load, validate and grade the Markdown lessons under ``program/content/``.

Pure: standard library and PyYAML only. Each lesson file is YAML front matter between two
``---`` lines, followed by a Markdown body. See ``program/content/education/`` for examples.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from program.vocabulary import Track

CONTENT_ROOT = Path(__file__).resolve().parent / "content"
TRACKS = frozenset(Track)
FIRST_WEEK, LAST_WEEK = 1, 12
MIN_MINUTES, MAX_MINUTES = 3, 6
CHECK_QUESTIONS = 2
MIN_OPTIONS, MAX_OPTIONS = 2, 4

REQUIRED_KEYS = ("slug", "week", "order", "track", "title", "minutes", "summary", "check")
QUESTION_KEYS = ("question", "options", "answer", "right", "wrong")

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)(.*)\Z", re.DOTALL)


@dataclass(frozen=True)
class CheckQuestion:
    question: str
    options: tuple[str, ...]
    answer: int
    right: str
    wrong: str


@dataclass(frozen=True)
class Lesson:
    slug: str
    week: int
    order: int
    track: str
    title: str
    minutes: int
    summary: str
    body: str
    check: tuple[CheckQuestion, ...]
    source_path: str = ""


@dataclass(frozen=True)
class CheckResult:
    correct: int
    total: int
    feedback: tuple[str, ...]


def _fail(source_path: str, problem: str) -> ValueError:
    return ValueError(f"{source_path or '<lesson>'}: {problem}")


def _check_keys(
    raw: dict, keys: Sequence[str], source_path: str, where: str, required: str
) -> None:
    """Every key in ``keys`` present and no other, else an error naming them."""
    if missing := [key for key in keys if key not in raw]:
        raise _fail(source_path, f"{where}missing {required}key(s): {', '.join(missing)}")
    if unknown := sorted(str(key) for key in raw if key not in keys):
        raise _fail(source_path, f"{where}unknown key(s): {', '.join(unknown)}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(meta: dict[str, Any], key: str, where: str, source_path: str) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(source_path, f"{where}'{key}' must be a non-empty string")
    return value.strip()


def _int_in(meta: dict[str, Any], key: str, low: int, high: int, source_path: str) -> int:
    value = meta.get(key)
    if not _is_int(value) or not low <= value <= high:
        raise _fail(
            source_path, f"'{key}' must be a whole number from {low} to {high}, got {value!r}"
        )
    return value


def _parse_question(raw: Any, number: int, source_path: str) -> CheckQuestion:
    where = f"check question {number}: "
    if not isinstance(raw, dict):
        raise _fail(source_path, f"{where}must be a mapping with keys {', '.join(QUESTION_KEYS)}")
    _check_keys(raw, QUESTION_KEYS, source_path, where, "")
    options = raw["options"]
    if not isinstance(options, list) or not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise _fail(
            source_path,
            f"{where}'options' must be a list of {MIN_OPTIONS} to {MAX_OPTIONS} options",
        )
    if not all(isinstance(option, str) and option.strip() for option in options):
        raise _fail(source_path, f"{where}every option must be a non-empty string")
    answer = raw["answer"]
    if not _is_int(answer) or not 0 <= answer < len(options):
        raise _fail(
            source_path,
            f"{where}'answer' index {answer!r} is out of range for {len(options)} options "
            f"(use 0 to {len(options) - 1})",
        )
    return CheckQuestion(
        question=_text(raw, "question", where, source_path),
        options=tuple(option.strip() for option in options),
        answer=answer,
        right=_text(raw, "right", where, source_path),
        wrong=_text(raw, "wrong", where, source_path),
    )


def parse_lesson(text: str, source_path: str = "") -> Lesson:
    """Parse and strictly validate one lesson file's text, raising ValueError on any problem."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise _fail(source_path, "missing front matter: the file must start with a '---' block")
    try:
        meta = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError as error:
        raise _fail(source_path, f"front matter is not valid YAML: {error}") from error
    if not isinstance(meta, dict):
        raise _fail(source_path, "front matter must be a mapping of keys to values")
    _check_keys(meta, REQUIRED_KEYS, source_path, "", "required ")

    slug = _text(meta, "slug", "", source_path)
    if not _SLUG.match(slug):
        raise _fail(source_path, f"'slug' {slug!r} must be lowercase letters, digits and hyphens")
    week = _int_in(meta, "week", FIRST_WEEK, LAST_WEEK, source_path)
    order = meta["order"]
    if not _is_int(order) or order < 1:
        raise _fail(source_path, f"'order' must be a whole number of 1 or more, got {order!r}")
    track = meta["track"]
    if track not in TRACKS:
        raise _fail(source_path, f"'track' {track!r} must be one of {', '.join(sorted(TRACKS))}")
    minutes = _int_in(meta, "minutes", MIN_MINUTES, MAX_MINUTES, source_path)
    check = meta["check"]
    if not isinstance(check, list) or len(check) != CHECK_QUESTIONS:
        count = len(check) if isinstance(check, list) else "no list of"
        raise _fail(
            source_path, f"'check' must have exactly {CHECK_QUESTIONS} questions, got {count}"
        )
    body = match.group(2).strip()
    if not body:
        raise _fail(source_path, "the lesson body after the front matter is empty")
    return Lesson(
        slug=slug,
        week=week,
        order=order,
        track=track,
        title=_text(meta, "title", "", source_path),
        minutes=minutes,
        summary=_text(meta, "summary", "", source_path),
        body=body,
        check=tuple(_parse_question(raw, n, source_path) for n, raw in enumerate(check, 1)),
        source_path=source_path,
    )


@functools.lru_cache(maxsize=256)
def _parse_file(text: str, source_path: str) -> Lesson:
    """parse_lesson, remembered by the file's exact text: a Lesson is immutable, and creating the
    program (every new database, every test that enrols a patient) re-reads the same unchanged
    files; parsing their YAML again each time was a quarter of a second. A changed file is a
    different text and is parsed (and validated) afresh; a file that fails is never remembered."""
    return parse_lesson(text, source_path)


def load_lessons(root: Path | None = None) -> list[Lesson]:
    """Load and validate every ``*.md`` lesson under ``root`` (default: program/content)."""
    root = Path(root) if root is not None else CONTENT_ROOT
    lessons: list[Lesson] = []
    by_slug: dict[str, Lesson] = {}
    by_place: dict[tuple[str, int, int], Lesson] = {}
    for path in sorted(root.rglob("*.md")):
        source = path.relative_to(root).as_posix()
        lesson = _parse_file(path.read_text(encoding="utf-8"), source)
        if lesson.slug in by_slug:
            raise _fail(
                source,
                f"duplicate slug {lesson.slug!r}, also used by {by_slug[lesson.slug].source_path}",
            )
        place = (lesson.track, lesson.week, lesson.order)
        if place in by_place:
            raise _fail(
                source,
                f"duplicate week {lesson.week} order {lesson.order} in track {lesson.track!r}, "
                f"also used by {by_place[place].source_path}",
            )
        by_slug[lesson.slug] = by_place[place] = lesson
        lessons.append(lesson)
    return sorted(lessons, key=lambda item: (item.week, item.order, item.track, item.slug))


def grade_questions(
    questions: Sequence[CheckQuestion], chosen: Sequence[int], name: str = "check"
) -> CheckResult:
    """Grade the chosen option index per check question and return the feedback to show."""
    if len(chosen) != len(questions):
        raise ValueError(f"{name}: got {len(chosen)} answer(s) for {len(questions)} question(s)")
    correct = 0
    feedback: list[str] = []
    for number, (question, pick) in enumerate(zip(questions, chosen, strict=True), 1):
        if not _is_int(pick) or not 0 <= pick < len(question.options):
            raise ValueError(
                f"{name}: answer {pick!r} to question {number} is out of range "
                f"(0 to {len(question.options) - 1})"
            )
        if pick == question.answer:
            correct += 1
            feedback.append(question.right)
        else:
            feedback.append(question.wrong)
    return CheckResult(correct=correct, total=len(questions), feedback=tuple(feedback))


def option_order(patient_id: int, question_id: str, count: int) -> tuple[int, ...]:
    """The order one patient sees a check question's options in: original indices, shuffled.

    Seeded by the patient and the question, so the order is the same on every visit and differs
    between patients: the right answer is not always in the same place. Answers are kept as
    original indices, so grading and stored ``check_answers`` do not depend on the order shown.
    """
    seed = hashlib.sha256(f"{patient_id}:{question_id}".encode()).digest()
    order = list(range(count))
    random.Random(int.from_bytes(seed[:8], "big")).shuffle(order)
    return tuple(order)


def option_orders(
    patient_id: int, slug: str, questions: Sequence[CheckQuestion]
) -> tuple[tuple[int, ...], ...]:
    """``option_order`` for each check question of the lesson ``slug``."""
    return tuple(
        option_order(patient_id, f"{slug}/q{number}", len(question.options))
        for number, question in enumerate(questions, 1)
    )


def check_from_json(raw: Sequence[dict[str, Any]]) -> tuple[CheckQuestion, ...]:
    """The check questions of a stored module version (validated like a lesson file's)."""
    items = [{**item, "options": list(item.get("options") or ())} for item in raw]
    return tuple(_parse_question(item, n, "module version") for n, item in enumerate(items, 1))


def content_hash(lesson: Lesson) -> str:
    """SHA-256 of the lesson's meaningful content (not its file path or whitespace layout)."""
    body = "\n".join(line.rstrip() for line in lesson.body.strip().splitlines())
    payload = {
        "slug": lesson.slug,
        "week": lesson.week,
        "order": lesson.order,
        "track": lesson.track,
        "title": lesson.title,
        "minutes": lesson.minutes,
        "summary": lesson.summary,
        "body": body,
        "check": [
            {
                "question": q.question,
                "options": list(q.options),
                "answer": q.answer,
                "right": q.right,
                "wrong": q.wrong,
            }
            for q in lesson.check
        ],
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
