"""The questionnaires (PEG, CSI part A, PHQ-9, GAD-7) as data, their scoring and schedule.

Pure domain code: standard library only. PHQ-2 and GAD-2 are scored from items 1 and 2 of the
PHQ-9 and GAD-7; they are never shown as questionnaires of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from program.defaults import DEFAULTS
from program.vocabulary import QuestionnaireCode


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Instrument:
    code: str
    title: str
    intro: str
    timeframe: str
    items: tuple[Item, ...]
    stem: str = ""  # the published instruction shown above the items


@dataclass(frozen=True)
class Score:
    instrument: str
    total: float | int
    band: str | None
    positive: bool | None
    crisis: bool = False


# --- Published cut-offs -------------------------------------------------------------------------

CSI_POSITIVE_AT = 40  # Neblett 2017: CSI part A total of 40 or more
PHQ9_POSITIVE_AT = 10
GAD7_POSITIVE_AT = 10
PHQ2_POSITIVE_AT = 3
GAD2_POSITIVE_AT = 3
PHQ9_CRISIS_ITEM = "9"

# Bands as (lowest total, highest total, label), in order.
Band = tuple[int, int, str]

CSI_BANDS: tuple[Band, ...] = (
    (0, 29, "subclinical"),
    (30, 39, "mild"),
    (40, 49, "moderate"),
    (50, 59, "severe"),
    (60, 100, "extreme"),
)
PHQ9_BANDS: tuple[Band, ...] = (
    (0, 4, "minimal"),
    (5, 9, "mild"),
    (10, 14, "moderate"),
    (15, 19, "moderately severe"),
    (20, 27, "severe"),
)
GAD7_BANDS: tuple[Band, ...] = (
    (0, 4, "minimal"),
    (5, 9, "mild"),
    (10, 14, "moderate"),
    (15, 21, "severe"),
)


# --- Instruments --------------------------------------------------------------------------------


def _plain_scale(low: int, high: int, low_label: str, high_label: str) -> tuple[Option, ...]:
    options = []
    for value in range(low, high + 1):
        if value == low:
            label = f"{value} – {low_label}"
        elif value == high:
            label = f"{value} – {high_label}"
        else:
            label = str(value)
        options.append(Option(value, label))
    return tuple(options)


def _labelled_scale(labels: tuple[str, ...]) -> tuple[Option, ...]:
    return tuple(Option(value, label) for value, label in enumerate(labels))


_PAIN_SCALE = _plain_scale(0, 10, "No pain", "Pain as bad as you can imagine")
_INTERFERENCE_SCALE = _plain_scale(0, 10, "Does not interfere", "Completely interferes")
_FREQUENCY_SCALE = _labelled_scale(
    ("Not at all", "Several days", "More than half the days", "Nearly every day")
)
_CSI_SCALE = _labelled_scale(("Never", "Rarely", "Sometimes", "Often", "Always"))


def _items(texts: tuple[str, ...], options: tuple[Option, ...]) -> tuple[Item, ...]:
    return tuple(Item(str(number), text, options) for number, text in enumerate(texts, start=1))


PEG = Instrument(
    code=QuestionnaireCode.PEG,
    title="Pain and daily life",
    intro=(
        "Three quick questions about your pain this past week. Choose the number that fits best. "
        "There are no right or wrong answers."
    ),
    timeframe="past week",
    stem="",  # the published PEG has no stem: each item is its own question
    items=(
        Item(
            "1",
            "What number best describes your pain on average in the past week?",
            _PAIN_SCALE,
        ),
        Item(
            "2",
            "What number best describes how, during the past week, pain has interfered with "
            "your enjoyment of life?",
            _INTERFERENCE_SCALE,
        ),
        Item(
            "3",
            "What number best describes how, during the past week, pain has interfered with "
            "your general activity?",
            _INTERFERENCE_SCALE,
        ),
    ),
)

# CSI part A, verbatim as published (Mayer 2012; Neblett 2018): its items, stem and labels are
# exempt from the reading-grade limit. tests/data/instruments_reference.json is the check.
CSI = Instrument(
    code=QuestionnaireCode.CSI,
    title="Body symptoms",
    intro=(
        "These questions ask how often you notice some common body symptoms. "
        "There are no right or wrong answers."
    ),
    timeframe="these days",
    stem="Please circle the best response to the right of each statement.",
    items=_items(
        (
            "I feel tired and unrefreshed when I wake from sleeping.",
            "My muscles feel stiff and achy.",
            "I have anxiety attacks.",
            "I grind or clench my teeth.",
            "I have problems with diarrhea and/or constipation.",
            "I need help in performing my daily activities.",
            "I am sensitive to bright lights.",
            "I get tired very easily when I am physically active.",
            "I feel pain all over my body.",
            "I have headaches.",
            "I feel discomfort in my bladder and/or burning when I urinate.",
            "I do not sleep well.",
            "I have difficulty concentrating.",
            "I have skin problems such as dryness, itchiness, or rashes.",
            "Stress makes my physical symptoms get worse.",
            "I feel sad or depressed.",
            "I have low energy.",
            "I have muscle tension in my neck and shoulders.",
            "I have pain in my jaw.",
            "Certain smells, such as perfumes, make me feel dizzy and nauseated.",
            "I have to urinate frequently.",
            "My legs feel uncomfortable and restless when I am trying to go to sleep at night.",
            "I have difficulty remembering things.",
            "I suffered trauma as a child.",
            "I have pain in my pelvic area.",
        ),
        _CSI_SCALE,
    ),
)

PHQ9 = Instrument(
    code=QuestionnaireCode.PHQ9,
    title="Your mood",
    intro=(
        "Pain and mood often affect each other. "
        "These questions help you and your care team see how you have been feeling."
    ),
    timeframe="last 2 weeks",
    stem="Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    items=_items(
        (
            "Little interest or pleasure in doing things",
            "Feeling down, depressed, or hopeless",
            "Trouble falling or staying asleep, or sleeping too much",
            "Feeling tired or having little energy",
            "Poor appetite or overeating",
            "Feeling bad about yourself — or that you are a failure or have let yourself or "
            "your family down",
            "Trouble concentrating on things, such as reading the newspaper or watching television",
            "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
            "being so fidgety or restless that you have been moving around a lot more than usual",
            "Thoughts that you would be better off dead or of hurting yourself in some way",
        ),
        _FREQUENCY_SCALE,
    ),
)

GAD7 = Instrument(
    code=QuestionnaireCode.GAD7,
    title="Worry and stress",
    intro=(
        "Worry can turn the volume of pain up. "
        "These questions help you and your care team see how you have been feeling."
    ),
    timeframe="last 2 weeks",
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
    items=_items(
        (
            "Feeling nervous, anxious, or on edge",
            "Not being able to stop or control worrying",
            "Worrying too much about different things",
            "Trouble relaxing",
            "Being so restless that it is hard to sit still",
            "Becoming easily annoyed or irritable",
            "Feeling afraid, as if something awful might happen",
        ),
        _FREQUENCY_SCALE,
    ),
)

INSTRUMENTS: dict[str, Instrument] = {i.code: i for i in (PEG, CSI, PHQ9, GAD7)}


def get_instrument(code: str) -> Instrument:
    """The questionnaire with this code; ValueError naming the valid codes otherwise."""
    try:
        return INSTRUMENTS[code]
    except KeyError:
        valid = ", ".join(INSTRUMENTS)
        raise ValueError(f"Unknown questionnaire {code!r}; expected one of: {valid}.") from None


# --- Scoring ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ScoringRule:
    source: str  # the instrument whose items are answered
    item_keys: tuple[str, ...]
    bands: tuple[Band, ...] | None
    positive_at: int | None
    mean: bool = False


_SCORING: dict[str, _ScoringRule] = {
    QuestionnaireCode.PEG: _ScoringRule(
        QuestionnaireCode.PEG, ("1", "2", "3"), None, None, mean=True
    ),
    QuestionnaireCode.CSI: _ScoringRule(
        QuestionnaireCode.CSI, tuple(str(n) for n in range(1, 26)), CSI_BANDS, CSI_POSITIVE_AT
    ),
    "PHQ2": _ScoringRule(QuestionnaireCode.PHQ9, ("1", "2"), None, PHQ2_POSITIVE_AT),
    QuestionnaireCode.PHQ9: _ScoringRule(
        QuestionnaireCode.PHQ9, tuple(str(n) for n in range(1, 10)), PHQ9_BANDS, PHQ9_POSITIVE_AT
    ),
    "GAD2": _ScoringRule(QuestionnaireCode.GAD7, ("1", "2"), None, GAD2_POSITIVE_AT),
    QuestionnaireCode.GAD7: _ScoringRule(
        QuestionnaireCode.GAD7, tuple(str(n) for n in range(1, 8)), GAD7_BANDS, GAD7_POSITIVE_AT
    ),
}

SCORED_INSTRUMENTS: tuple[str, ...] = tuple(_SCORING)


def _item_sort_key(key: object) -> tuple[int, str]:
    text = str(key)
    return (int(text), text) if text.isdigit() else (10**6, text)


def _band_for(total: int, bands: tuple[Band, ...]) -> str:
    for low, high, label in bands:
        if low <= total <= high:
            return label
    raise ValueError(f"Total {total} is outside every band.")  # unreachable for valid answers


def _validate(instrument: str, rule: _ScoringRule, answers: Mapping[str, int]) -> None:
    if not isinstance(answers, Mapping):
        raise ValueError(f"{instrument} answers must be a mapping of item number to answer.")
    items = {item.key: item for item in get_instrument(rule.source).items}
    expected = set(rule.item_keys)
    problems: list[str] = []
    missing = sorted(expected - set(answers), key=_item_sort_key)
    extra = sorted((k for k in answers if k not in expected), key=_item_sort_key)
    if missing:
        problems.append(f"missing item(s) {', '.join(missing)}")
    if extra:
        problems.append(
            f"unexpected item(s) {', '.join(map(repr, extra))} "
            f"(expected items {rule.item_keys[0]}–{rule.item_keys[-1]})"
        )
    for key in sorted(expected & set(answers), key=_item_sort_key):
        value = answers[key]
        values = [option.value for option in items[key].options]
        low, high = min(values), max(values)
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(
                f"item {key} must be a whole number from {low} to {high}, got {value!r}"
            )
        elif not low <= value <= high:
            problems.append(f"item {key} must be from {low} to {high}, got {value}")
    if problems:
        raise ValueError(f"Invalid {instrument} answers: " + "; ".join(problems) + ".")


def score(instrument: str, answers: Mapping[str, int]) -> Score:
    """Score one questionnaire from answers keyed by item number ("1", "2", …)."""
    rule = _SCORING.get(instrument)
    if rule is None:
        valid = ", ".join(SCORED_INSTRUMENTS)
        raise ValueError(f"Unknown instrument {instrument!r}; expected one of: {valid}.")
    _validate(instrument, rule, answers)
    raw = sum(answers[key] for key in rule.item_keys)
    total: float | int = round(raw / len(rule.item_keys), 2) if rule.mean else raw
    band = _band_for(raw, rule.bands) if rule.bands is not None else None
    positive = raw >= rule.positive_at if rule.positive_at is not None else None
    crisis = instrument == QuestionnaireCode.PHQ9 and answers[PHQ9_CRISIS_ITEM] > 0
    return Score(instrument=instrument, total=total, band=band, positive=positive, crisis=crisis)


# --- Helpers ------------------------------------------------------------------------------------


def crisis_from_answers(answers: Mapping[str, int | None]) -> bool:
    """True when PHQ-9 item 9 is answered above 0, even in a partly filled questionnaire."""
    value = answers.get(PHQ9_CRISIS_ITEM)
    if value is None or isinstance(value, bool):
        return False
    try:
        return float(value) > 0
    except (TypeError, ValueError):
        return False


def meaningful_peg_change(
    baseline: float, current: float, *, threshold: float = DEFAULTS.peg_meaningful_change
) -> bool:
    """True when the PEG fell from baseline by at least `threshold` points."""
    return round(baseline - current, 6) >= threshold


# Weeks (0 = baseline week) each questionnaire is due: a set of weeks, or a number n for "every n
# weeks from the baseline week", which carries on after week 12 (the maintenance plan's safety net:
# PEG every week, PHQ-9 and GAD-7 every 4 weeks). The CSI is for the 12 weeks only.
SCHEDULE: dict[str, frozenset[int] | int] = {
    QuestionnaireCode.PEG: 1,
    QuestionnaireCode.CSI: frozenset({0, 6, 12}),
    QuestionnaireCode.PHQ9: DEFAULTS.mood_questionnaire_every_weeks,
    QuestionnaireCode.GAD7: DEFAULTS.mood_questionnaire_every_weeks,
}


def _check_week(instrument: str, program_week: int) -> None:
    if instrument not in SCHEDULE:
        valid = ", ".join(SCHEDULE)
        raise ValueError(f"Unknown questionnaire {instrument!r}; expected one of: {valid}.")
    if isinstance(program_week, bool) or not isinstance(program_week, int) or program_week < 0:
        raise ValueError(f"program_week must be a whole number of 0 or more, got {program_week!r}.")


def schedule_due(instrument: str, program_week: int) -> bool:
    """True when the questionnaire is due in this program week (0 is the baseline week)."""
    _check_week(instrument, program_week)
    weeks = SCHEDULE[instrument]
    return program_week % weeks == 0 if isinstance(weeks, int) else program_week in weeks


def weeks_until_due(instrument: str, program_week: int) -> int | None:
    """Weeks from ``program_week`` to the next week the questionnaire is due (0: due this week);
    None when it is never due again."""
    _check_week(instrument, program_week)
    weeks = SCHEDULE[instrument]
    if isinstance(weeks, int):
        return -program_week % weeks
    later = [week for week in weeks if week >= program_week]
    return min(later) - program_week if later else None
