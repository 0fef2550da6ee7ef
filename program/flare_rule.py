"""The one flare rule, in the words every lesson, the flare plan and the Move screen use.

Pure. It says what program.movement does: the plan sets today's amount (a harder day is not a
reason to change it); a flare is met with the scale-down the patient wrote in their flare plan,
for the flare's days only; then they go back to the level the plan holds. At the end of a week the
engine holds the level after a flare, steps back one level after two flare episodes starting
within 14 days, never below 50% of the baseline (program/defaults.py), and goes up one level after
a week without a flare. tests/program/test_flare_rule.py checks both the words and the engine.
"""

from __future__ import annotations

FLARE_RULE = (
    "On a harder day, do the plan. In a flare, use the scale-down you wrote in your flare plan. "
    "Then go back to the level your plan is holding."
)
# How the weekly step works, in plain words (numbers from program/defaults.py: 14 days, two
# episodes, 50% of what felt comfortable).
WEEKLY_STEPS = (
    "A week with no flare: your plan goes up one small step.",
    "A week with a flare: your plan holds at the same level.",
    "Two flares that start within two weeks: your plan steps back one level.",
    "It never goes below half of what felt comfortable at the start.",
)
