"""What a clinician may tune in the follow-up rules, within which limits, and how versions combine.

Every number of ``RuleSettings`` is listed here once, with the rule it belongs to, its meaning in
the staff's words (from CLINICAL.md "When to prompt a follow-up"), and the range a clinic may set.
Warning signs and PHQ-9 item 9 are not listed: ``ALWAYS_ON`` names them so that the staff screen
can say "always on, cannot be changed", and nothing here or in ``RuleSettings`` could reach them.

Settings are stored as versions (db/models/rule_settings.py): each version of a scope (a program,
or one patient) holds the values set at that scope. The effective settings of a patient are the
shipped defaults, then the newest version of their program, then the newest version of their own.
Pure Python.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from program.rules.flags import FlagSpec
from program.rules.settings import FIELDS, RuleSettings, effective_settings

log = logging.getLogger("recalibrate.rules")

# What the staff screen shows for the two rules that always fire (CLINICAL.md).
ALWAYS_ON: tuple[tuple[str, str], ...] = (
    (
        "Warning signs",
        "An emergency or urgent warning sign ticked by the patient opens a flag of that severity "
        "at once and shows what to do now on the same screen.",
    ),
    (
        "PHQ-9 item 9 (thoughts of self-harm)",
        "Any answer above 0 shows crisis help at once and opens an urgent flag that closes only "
        "when a clinician records a risk assessment.",
    ),
)
ALWAYS_ON_NOTE = (
    "No setting, patient override, pause, quiet period or Not now changes or silences these."
)


@dataclass(frozen=True)
class Tunable:
    """One number of RuleSettings as the clinician's screen shows it."""

    name: str  # the RuleSettings field
    rule: str  # the heading it is grouped under
    label: str
    meaning: str  # what the number does, in staff words (CLINICAL.md)
    low: float
    high: float
    unit: str = ""
    percent: bool = False  # stored as a fraction (0.30), shown and typed as a percent (30)

    @property
    def where(self) -> str:
        """``Mood, soon at``: the rule and the number, for messages and history lines."""
        label = self.label if self.label[1:2].isupper() else self.label[0].lower() + self.label[1:]
        return f"{self.rule.split(' (')[0].split(':')[0]}, {label}"

    @property
    def whole(self) -> bool:
        """Whether the setting is a whole number (weeks, days, points of a questionnaire)."""
        return isinstance(getattr(DEFAULT_SETTINGS, self.name), int)

    def shown(self, value: float) -> str:
        """``30%``, ``week 6``, ``1.0 points``: the value as the screen writes it."""
        if self.percent:
            return f"{value * 100:g}%"
        number = f"{value:g}" if self.whole else f"{value:.1f}"
        if self.unit == "week":
            return f"week {number}"
        return f"{number} {self.unit}".strip()


DEFAULT_SETTINGS = RuleSettings.from_defaults()

PERSISTING, WORSENING, END, MOOD, ADHERENCE, QUIET = (
    "Persisting symptoms (soon)",
    "Worsening (soon)",
    "End of program (routine)",
    "Mood: PHQ-9 or GAD-7 (soon or routine)",
    "Low adherence (routine, care team only)",
    "Quiet periods (not for warning signs or item 9)",
)

TUNABLES: tuple[Tunable, ...] = (
    Tunable(
        "persisting_from_week", PERSISTING, "From program week",
        "The persisting rule is checked from this program week on.", 1, 52, "week",
    ),
    Tunable(
        "persisting_min_weekly_pegs", PERSISTING, "Weekly PEGs needed",
        "Weekly PEGs after baseline needed before the rule is checked; the mean of this many "
        "latest weekly PEGs is compared with baseline.", 1, 8, "PEGs",
    ),
    Tunable(
        "persisting_baseline_floor", PERSISTING, "Lowest baseline PEG",
        "Patients whose baseline PEG is below this are not checked (little room to fall). Also "
        "used by the end-of-program rule.", 0, 10, "points",
    ),
    Tunable(
        "peg_fall_line", PERSISTING, "PEG fall line",
        "The rule fires when PEG has fallen by less than this share of baseline (IMMPACT: 30% "
        "is a moderate, meaningful change). Also the end-of-program line.", 0.05, 0.9,
        percent=True,
    ),
    Tunable(
        "worsening_peg_rise", WORSENING, "Weekly PEG rise",
        "Fires when weekly PEG is at least this many points above baseline, for the weeks "
        "running below.", 0.5, 5, "points",
    ),
    Tunable(
        "worsening_peg_weeks", WORSENING, "Weeks running",
        "Weekly PEGs above baseline needed in a row (a week without a PEG breaks the run).",
        1, 6, "weeks",
    ),
    Tunable(
        "worsening_pain_rise", WORSENING, "Daily pain rise",
        "Or when the recent mean of daily pain is at least this many points above the baseline "
        "week's mean (IMMPACT: about 2 points is clinically important).", 0.5, 6, "points",
    ),
    Tunable(
        "pain_window_days", WORSENING, "Daily pain window",
        "The recent mean of daily pain covers this many days (for this rule only; Progress "
        "and the panel keep 7).", 3, 14, "days",
    ),
    Tunable(
        "pain_min_days", WORSENING, "Check-ins in the window",
        "The recent mean needs at least this many check-ins in the window.", 1, 14, "days",
    ),
    Tunable(
        "baseline_check_in_days", WORSENING, "Baseline check-ins",
        "The baseline week's mean needs at least this many check-ins (for this rule only).",
        1, 7, "days",
    ),
    Tunable(
        "end_of_program_week", END, "Review at program week",
        "Fires once this program week is reached with less than the PEG fall line.", 1, 52,
        "week",
    ),
    Tunable(
        "mood_soon_at", MOOD, "Soon at",
        "A PHQ-9 or GAD-7 total at or above this opens a soon flag and a prompt (PHQ-9 15 is "
        "moderately severe; GAD-7 15 is severe).", 5, 27, "points",
    ),
    Tunable(
        "mood_routine_at", MOOD, "Routine at",
        "A total at or above this (and below the soon line) opens a routine flag for the care "
        "team only (10 is moderate on both).", 5, 27, "points",
    ),
    Tunable(
        "low_adherence_days", ADHERENCE, "Days without a check-in",
        "Fires after this many days in a row with no check-in (never while paused; never a "
        "patient prompt).", 2, 60, "days",
    ),
    Tunable(
        "quiet_after_visit_days", QUIET, "Quiet after a visit",
        "After a completed visit the same rule does not fire again for this many days.", 0, 90,
        "days",
    ),
    Tunable(
        "not_now_days", QUIET, "Not now lasts",
        'A patient\'s "Not now" to a soon or routine prompt keeps it away this many days.', 1, 30,
        "days",
    ),
)  # fmt: skip
BY_NAME: dict[str, Tunable] = {t.name: t for t in TUNABLES}
assert set(BY_NAME) == FIELDS, "every RuleSettings number has its Tunable, and nothing else"


def problems(settings: RuleSettings) -> list[str]:
    """What is wrong with these settings as a whole, in words a clinician can act on."""
    found = []
    for t in TUNABLES:
        value = getattr(settings, t.name)
        if not t.low <= value <= t.high:
            found.append(f"{t.where}: please choose from {t.shown(t.low)} to {t.shown(t.high)}.")
    if settings.mood_routine_at > settings.mood_soon_at:
        found.append("Mood: the routine line cannot be above the soon line.")
    if settings.pain_min_days > settings.pain_window_days:
        found.append("Worsening: the check-ins needed cannot be more than the window's days.")
    return found


def checked_changes(changes: Mapping[str, Any]) -> dict[str, int | float | None]:
    """The changes with each name checked: ValueError for a name that is not a rule setting
    (warning signs and PHQ-9 item 9 have none), TypeError for a value that is not a number.

    ``None`` means "remove this scope's value" (back to the level below).
    """
    unknown = sorted(set(changes) - FIELDS)
    if unknown:
        raise ValueError(
            f"Not a rule setting: {', '.join(unknown)}. Warning signs and PHQ-9 item 9 are always "
            "on and cannot be changed."
        )
    kept = {k: v for k, v in changes.items() if v is not None}
    typed = effective_settings(DEFAULT_SETTINGS, kept)  # raises TypeError for a wrong kind
    return {k: (getattr(typed, k) if v is not None else None) for k, v in changes.items()}


def merged_values(
    previous: Mapping[str, Any], changes: Mapping[str, Any], below: RuleSettings
) -> dict[str, int | float]:
    """A scope's values after ``changes``: a ``None``, or a value equal to ``below`` (the level
    under this scope: the shipped defaults for a program, the program's for a patient), removes
    the scope's own value, so that it follows the level below again."""
    values = dict(previous)
    for name, value in checked_changes(changes).items():
        if value is None or value == getattr(below, name):
            values.pop(name, None)
        else:
            values[name] = value
    return dict(sorted(values.items()))


def stored_values(raw: object) -> dict[str, int | float]:
    """A stored version's values, keeping only real rule settings of the right kind.

    The action never stores anything else; a row written some other way (a script, a bad
    restore) loses what the rules do not know instead of stopping the rules for everyone. Nothing
    it holds could reach warning signs or PHQ-9 item 9: they read no settings.
    """
    if not isinstance(raw, Mapping):
        return {}
    kept: dict[str, int | float] = {}
    for name, value in raw.items():
        try:
            kept[name] = getattr(effective_settings(DEFAULT_SETTINGS, {name: value}), name)
        except (ValueError, TypeError):
            log.warning("ignored a stored rule setting that is not one: %r", name)
    return kept


@dataclass(frozen=True)
class EffectiveSettings:
    """A patient's settings and the versions they come from (0: the shipped defaults; None: no
    override of their own)."""

    settings: RuleSettings
    program_version: int = 0
    patient_version: int | None = None

    def version(self) -> dict[str, int | None]:
        """What a flag records of the settings that fired it."""
        return {"program": self.program_version, "patient": self.patient_version}


def combine(
    program_values: Mapping[str, Any] | None = None,
    program_version: int = 0,
    patient_values: Mapping[str, Any] | None = None,
    patient_version: int | None = None,
    defaults: RuleSettings = DEFAULT_SETTINGS,
) -> EffectiveSettings:
    """The shipped defaults, then the program's newest values, then the patient's newest."""
    program = effective_settings(defaults, stored_values(program_values))
    mine = effective_settings(program, stored_values(patient_values))
    return EffectiveSettings(mine, program_version, patient_version)


SETTINGS_VERSION = "settings_version"


def numbers(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """A flag's inputs without the settings version: what the rule read and decided on."""
    return {k: v for k, v in inputs.items() if k != SETTINGS_VERSION}


def stamped(spec: FlagSpec, effective: EffectiveSettings) -> FlagSpec:
    """The flag with the settings version that fired it in its inputs (and so in its history)."""
    return dataclasses.replace(spec, inputs={**spec.inputs, SETTINGS_VERSION: effective.version()})


def version_changes(
    before: Mapping[str, Any], after: Mapping[str, Any], below: str
) -> tuple[str, ...]:
    """What one version changed against the one before it, a line per number:
    ``Mood, soon at: 15 points to 18 points``; ``below`` names the level a removed value returns
    to ("the program's setting", "the shipped default")."""
    lines = []
    for t in TUNABLES:
        old, new = before.get(t.name), after.get(t.name)
        if old == new:
            continue
        where = t.where
        if new is None:
            lines.append(f"{where}: {t.shown(old)}, back to {below}")
        elif old is None:
            lines.append(f"{where}: set to {t.shown(new)}")
        else:
            lines.append(f"{where}: {t.shown(old)} to {t.shown(new)}")
    return tuple(lines)
