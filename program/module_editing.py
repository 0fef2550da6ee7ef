"""A clinician's edit of a module, checked before it is stored, with its reading grade.

Pure: the fields from the editor in, a ``ModuleEdit`` (or ``ValueError`` with a message the
clinician can act on) out. The same limits as the shipped lesson files (program/lessons.py): a
title, a summary, a Markdown body, 3 to 6 minutes, a week of the program, and exactly two check
questions of 2 to 4 options with feedback for a right and a wrong answer.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from program.lesson_markdown import safe_lesson_markdown
from program.lessons import (
    CHECK_QUESTIONS,
    MAX_MINUTES,
    MAX_OPTIONS,
    MIN_MINUTES,
    MIN_OPTIONS,
    CheckQuestion,
)
from program.readability import GRADE_LIMIT, fk_grade

TITLE_MAX, SUMMARY_MAX, BODY_MAX, NOTE_MAX = 120, 400, 20_000, 300
QUESTION_MAX, OPTION_MAX, FEEDBACK_MAX = 300, 200, 400


@dataclass(frozen=True)
class ModuleEdit:
    """What a clinician wrote, checked: ready to become a draft version."""

    title: str
    summary: str
    body: str
    minutes: int
    week: int
    check: tuple[CheckQuestion, ...]
    change_note: str = ""


def _text(value: object, what: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"Please write the {what}.")
    text = value.strip()
    if len(text) > limit:
        raise ValueError(f"Please keep the {what} under {limit} characters.")
    return text


def _whole(value: object, what: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"Please choose the {what} from {low} to {high}.")
    return value


def _question(raw: object, number: int) -> CheckQuestion:
    where = f"check question {number}"
    if not isinstance(raw, Mapping):
        raise ValueError(f"Please fill in {where}.")
    options = raw.get("options")
    if isinstance(options, str):
        options = options.splitlines()
    if not isinstance(options, Sequence):
        raise ValueError(f"Please give the answers to {where}, one per line.")
    options = [o.strip() for o in options if isinstance(o, str) and o.strip()]
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise ValueError(
            f"Please give {where} {MIN_OPTIONS} to {MAX_OPTIONS} answers, one per line."
        )
    if len(set(options)) != len(options):
        raise ValueError(f"Two answers to {where} are the same.")
    for option in options:
        _text(option, f"answers to {where}", OPTION_MAX)
    answer = raw.get("answer")
    if not isinstance(answer, int) or isinstance(answer, bool) or not 0 <= answer < len(options):
        raise ValueError(f"Please choose which answer to {where} is right.")
    return CheckQuestion(
        question=_text(raw.get("question"), f"question of {where}", QUESTION_MAX),
        options=tuple(options),
        answer=answer,
        right=_text(raw.get("right"), f"feedback for a right answer to {where}", FEEDBACK_MAX),
        wrong=_text(raw.get("wrong"), f"feedback for a wrong answer to {where}", FEEDBACK_MAX),
    )


def checked_edit(
    *,
    title: object,
    summary: object,
    body: object,
    minutes: object,
    week: object,
    check: object,
    change_note: object = "",
    weeks: int = 12,
) -> ModuleEdit:
    """The edit to store as a draft, or ``ValueError`` naming the first thing to fix."""
    if not isinstance(check, Sequence) or isinstance(check, str) or len(check) != CHECK_QUESTIONS:
        raise ValueError(f"A lesson has exactly {CHECK_QUESTIONS} check questions.")
    note = change_note.strip() if isinstance(change_note, str) else ""
    if len(note) > NOTE_MAX:
        raise ValueError(f"Please keep the note on what changed under {NOTE_MAX} characters.")
    return ModuleEdit(
        title=_text(title, "title", TITLE_MAX),
        summary=_text(summary, "summary", SUMMARY_MAX),
        body=_text(body, "lesson text", BODY_MAX),
        minutes=_whole(minutes, "minutes", MIN_MINUTES, MAX_MINUTES),
        week=_whole(week, "week", 1, weeks),
        check=tuple(_question(q, n) for n, q in enumerate(check, 1)),
        change_note=note,
    )


def check_as_json(check: Sequence[CheckQuestion]) -> list[dict[str, Any]]:
    """Check questions in the stored form (ModuleVersion.check)."""
    return [
        {
            "question": q.question,
            "options": list(q.options),
            "answer": q.answer,
            "right": q.right,
            "wrong": q.wrong,
        }
        for q in check
    ]


# --- reading grade --------------------------------------------------------------------------

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = (
    re.compile(r"^\s{0,3}#{1,6}\s*"),  # headings
    re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+"),  # list items
    re.compile(r"^\s*>\s?"),  # quotes
)
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_EMPHASIS = re.compile(r"[*_`]+")


def plain_sentences(markdown: str) -> str:
    """What a patient reads in ``markdown``, as sentences (marks removed, a line is a sentence)."""
    lines = []
    for raw in safe_lesson_markdown(markdown).replace("\\", "").splitlines():
        if _RULE.match(raw):
            continue
        line = _LINK.sub(r"\1", raw)
        for mark in _MARKS:
            line = mark.sub("", line)
        line = _EMPHASIS.sub("", line).strip()
        if line:
            lines.append(line if line[-1] in ".!?:;…\"')" else f"{line}.")
    return " ".join(lines)


@dataclass(frozen=True)
class Readability:
    lesson_grade: float  # title, summary and body
    check_grade: float | None  # the check questions, their answers and feedback

    @property
    def highest(self) -> float:
        return max(self.lesson_grade, self.check_grade or 0.0)

    @property
    def too_hard(self) -> bool:
        return self.highest > GRADE_LIMIT


def readability(
    title: str, summary: str, body: str, check: Sequence[CheckQuestion] = ()
) -> Readability:
    """The Flesch-Kincaid grade of what the patient reads (the program aims for grade 8 or lower)."""
    lesson = plain_sentences("\n".join((title, summary, body)))
    parts = [text for q in check for text in (q.question, *q.options, q.right, q.wrong)]
    check_text = plain_sentences("\n".join(parts)) if parts else ""
    return Readability(
        lesson_grade=round(fk_grade(lesson), 1) if lesson else 0.0,
        check_grade=round(fk_grade(check_text), 1) if check_text else None,
    )


def removed_for_patients(body: str) -> bool:
    """True when the body holds something patients will not see (raw HTML, an outside link or
    image): lesson Markdown is shown through program.lesson_markdown."""
    return safe_lesson_markdown(body).replace("\\", "") != body.replace("\\", "")


def text_changes(old: str, new: str) -> list[str]:
    """The lines that differ between two versions' text (``- old`` / ``+ new``), for review."""
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
    return [
        line
        for line in diff
        if line[:1] in "+-" and line[:3] not in ("+++", "---") and line[1:].strip()
    ]
