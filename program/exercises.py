"""The movement library: load and check ``program/content/movement/exercises.yaml``.

Pure: PyYAML only. Every exercise carries the library's stop rules, so a screen that shows an
exercise has them at hand and shows them every time (CLINICAL.md, "Stop rules during movement").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from program.vocabulary import ExerciseKind, ExerciseUnit

LIBRARY_PATH = Path(__file__).resolve().parent / "content" / "movement" / "exercises.yaml"
# Our own diagrams, one per exercise: <slug>.svg next to the library, with its alt text as <title>.
PICTURES = LIBRARY_PATH.parent
MIN_EXERCISES = 12
KEYS = ("slug", "name", "kind", "unit", "start", "steps", "easier")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class LibraryError(ValueError):
    """The exercise library file is not valid (a content mistake, found before any patient sees it)."""


@dataclass(frozen=True)
class Exercise:
    slug: str
    name: str
    kind: ExerciseKind
    unit: ExerciseUnit
    start_low: int  # a safe range to try in the baseline week
    start_high: int
    steps: tuple[str, ...]
    easier: str
    stop_intro: str
    stop_rules: tuple[str, ...]


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise LibraryError(f"{where}: needs some text")
    return value.strip()


def _exercise(raw: Any, stop_intro: str, stop_rules: tuple[str, ...]) -> Exercise:
    if not isinstance(raw, dict):
        raise LibraryError(f"an exercise must be a mapping, not {raw!r}")
    slug = raw.get("slug", "?")
    missing = [key for key in KEYS if key not in raw]
    unknown = sorted(set(raw) - set(KEYS))
    if missing or unknown:
        raise LibraryError(f"{slug}: missing {missing}, unknown {unknown}")
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise LibraryError(f"{slug!r}: a slug is lower-case words joined by hyphens")
    try:
        kind, unit = ExerciseKind(raw["kind"]), ExerciseUnit(raw["unit"])
    except ValueError as error:
        raise LibraryError(f"{slug}: {error}") from None
    start = raw["start"]
    if (
        not isinstance(start, list)
        or len(start) != 2
        or not all(type(n) is int for n in start)
        or not 1 <= start[0] <= start[1]
    ):
        raise LibraryError(f"{slug}: start must be [lowest, highest], whole numbers from 1")
    steps = raw["steps"]
    if not isinstance(steps, list) or not steps:
        raise LibraryError(f"{slug}: needs at least one step")
    return Exercise(
        slug=slug,
        name=_text(raw["name"], slug),
        kind=kind,
        unit=unit,
        start_low=start[0],
        start_high=start[1],
        steps=tuple(_text(step, slug) for step in steps),
        easier=_text(raw["easier"], slug),
        stop_intro=stop_intro,
        stop_rules=stop_rules,
    )


def parse_library(text: str) -> tuple[Exercise, ...]:
    """The exercises of a library file's text; raises LibraryError on any mistake."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or set(data) != {"stop_rules", "stop_intro", "exercises"}:
        raise LibraryError("the library needs exactly stop_rules, stop_intro and exercises")
    rules = data["stop_rules"]
    if not isinstance(rules, list) or not rules:
        raise LibraryError("the library needs its stop rules")
    stop_rules = tuple(_text(rule, "stop_rules") for rule in rules)
    stop_intro = _text(data["stop_intro"], "stop_intro")
    if not isinstance(data["exercises"], list):
        raise LibraryError("exercises must be a list")
    exercises = tuple(_exercise(raw, stop_intro, stop_rules) for raw in data["exercises"])
    slugs = [e.slug for e in exercises]
    if len(set(slugs)) != len(slugs):
        raise LibraryError("two exercises share a slug")
    if len(exercises) < MIN_EXERCISES:
        raise LibraryError(f"the library needs at least {MIN_EXERCISES} exercises")
    if {e.kind for e in exercises} != set(ExerciseKind):
        raise LibraryError("the library needs walking, mobility and strength exercises")
    return exercises


def load_library(path: Path = LIBRARY_PATH) -> tuple[Exercise, ...]:
    """The program's exercise library, checked."""
    return parse_library(path.read_text(encoding="utf-8"))


@functools.cache
def library_by_slug() -> MappingProxyType[str, Exercise]:
    """The shipped library by slug, read once per process (the screens ask on every rerun)."""
    return MappingProxyType({exercise.slug: exercise for exercise in load_library()})


@dataclass(frozen=True)
class Picture:
    svg: str  # an SVG we drew: no scripts, nothing loaded from elsewhere
    alt: str  # what it shows, for screen readers (the SVG's own <title>)


_TITLE = re.compile(r"<title[^>]*>([^<]+)</title>")


@functools.cache
def picture(slug: str) -> Picture | None:
    """The exercise's diagram and its alt text, or None without one."""
    path = PICTURES / f"{slug}.svg"
    if not _SLUG.match(slug) or not path.is_file():
        return None
    svg = path.read_text(encoding="utf-8")
    title = _TITLE.search(svg)
    return Picture(svg, title.group(1).strip() if title else "")
