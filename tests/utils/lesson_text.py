"""A lesson's reader-facing text as plain sentences, for the readability and wording checks."""

from __future__ import annotations

import re

from program.lessons import Lesson

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_EMPHASIS = re.compile(r"[*_`]+")


def _plain(markdown: str) -> list[str]:
    lines: list[str] = []
    for raw in markdown.splitlines():
        if _RULE.match(raw):
            continue
        line = _LINK.sub(r"\1", raw)
        line = _QUOTE.sub("", line)
        line = _HEADING.sub("", line)
        line = _BULLET.sub("", line)
        line = _EMPHASIS.sub("", line).strip()
        if line:
            lines.append(line)
    return lines


def _sentence(line: str) -> str:
    return line if line[-1] in ".!?:;…\"')" else f"{line}."


def patient_text(lesson: Lesson) -> str:
    """All reader-facing text of a lesson as plain sentences (Markdown stripped), for checks."""
    parts = [lesson.title, lesson.summary, *_plain(lesson.body)]
    for question in lesson.check:
        parts += [question.question, *question.options, question.right, question.wrong]
    # Headings, list items and options stand alone on screen, so each reads as its own sentence.
    return "\n".join(_sentence(part.strip()) for part in parts if part.strip())
