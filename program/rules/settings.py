"""RuleSettings: the numbers the follow-up rules use, from the program defaults and a patient's overrides.

Only the tunable rules (persisting, worsening, end of program, mood, low adherence, and their quiet
periods) have numbers here. Warning signs and PHQ-9 item 9 have no field on purpose: CLINICAL.md
says no setting, override, pause, quiet period or "Not now" changes or silences them, so there is
nothing a clinician's override could name to do so (``effective_settings`` refuses unknown names).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from program.defaults import DEFAULTS, RuleDefaults


@dataclass(frozen=True)
class RuleSettings:
    persisting_from_week: int
    persisting_min_weekly_pegs: int
    persisting_baseline_floor: float
    peg_fall_line: float
    worsening_peg_rise: float
    worsening_peg_weeks: int
    worsening_pain_rise: float
    end_of_program_week: int
    mood_soon_at: int
    mood_routine_at: int
    low_adherence_days: int
    quiet_after_visit_days: int
    not_now_days: int
    baseline_check_in_days: int
    pain_window_days: int
    pain_min_days: int

    @classmethod
    def from_defaults(cls, defaults: RuleDefaults = DEFAULTS) -> RuleSettings:
        """The program's settings: the same-named numbers of ``program.defaults``."""
        return cls(**{f.name: getattr(defaults, f.name) for f in dataclasses.fields(cls)})


FIELDS: frozenset[str] = frozenset(f.name for f in dataclasses.fields(RuleSettings))


def effective_settings(
    program_defaults: RuleSettings, patient_override: Mapping[str, Any] | None = None
) -> RuleSettings:
    """The program's settings with one patient's overrides merged over them.

    An override naming a number the rules do not have (a typo, or an attempt to tune warning signs
    or PHQ-9 item 9) raises ValueError; a value of the wrong kind raises TypeError.
    """
    override = dict(patient_override or {})
    unknown = sorted(set(override) - FIELDS)
    if unknown:
        raise ValueError(f"not a rule setting: {', '.join(unknown)}")
    for name, value in override.items():
        kind = type(getattr(program_defaults, name))
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{name} must be a number")
        if kind is int and not float(value).is_integer():
            raise TypeError(f"{name} must be a whole number")
        override[name] = kind(value)
    return dataclasses.replace(program_defaults, **override)
