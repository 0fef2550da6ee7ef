"""The panel's per-patient summary, pure: what is kept for each patient (db/panel_summary.py
keeps it current in the same transaction as each write) and the day-dependent values worked out
from it when the panel is read, so nothing goes stale at midnight.

Kept: the last check-in's date, the PEG at the two ends of the program (the lowest program week's
latest answer and the highest's), and a strip of the pain answers of the ``RECENT_DAYS`` days
ending on the last check-in (one character a day, newest first: ``0``-``9``, ``A`` for 10, ``.``
for no check-in). No check-in lies after the last one, so the strip holds every check-in of any
window that starts within it; the 7-day mean pain and the 14-day check-in count are counted from
it for each patient's own local date (``window_stats``, vectorized: a panel holds 10,000 rows).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import NamedTuple

import numpy as np

from program.defaults import DEFAULTS
from program.measures import SCHEDULE
from program.vocabulary import QuestionnaireCode

RECENT_DAYS = 32  # covers the adherence window (14 days ending yesterday) and the pain window
PAIN_DIGITS = "0123456789A"
NO_CHECK_IN = "."


def pain_strip(last: date | None, pains: Mapping[date, int]) -> str:
    """The ``RECENT_DAYS`` days ending on ``last``, newest first (``pains``: day -> 0-10)."""
    if last is None:
        return NO_CHECK_IN * RECENT_DAYS
    days = (last - timedelta(days=i) for i in range(RECENT_DAYS))
    return "".join(PAIN_DIGITS[pains[d]] if d in pains else NO_CHECK_IN for d in days)


def strip_covers(anchor: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Where a strip ending on ``anchor`` reaches back to ``first`` (or there is none: no check-in,
    so nothing to count); both datetime64[D]."""
    reach = anchor - np.timedelta64(RECENT_DAYS - 1, "D")
    return np.isnat(anchor) | (reach <= first)


def window_stats(
    anchor: np.ndarray, strips: Sequence[str | None], first: np.ndarray, last: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """How many check-ins fall on ``first``..``last`` (both included) and their pain total, per
    row; ``anchor``: each strip's newest day. Arrays are datetime64[D] (NaT: no check-in yet, or
    no window); a row's window must start within its strip (``strip_covers``)."""
    n = len(strips)
    empty = NO_CHECK_IN * RECENT_DAYS
    text = "".join(s if isinstance(s, str) else empty for s in strips).encode("ascii")
    cells = np.frombuffer(text, dtype=np.uint8).reshape(n, RECENT_DAYS)
    present = cells != ord(NO_CHECK_IN)
    pains = np.where(cells == ord("A"), 10, cells.astype(np.int64) - ord("0"))
    ok = ~(np.isnat(anchor) | np.isnat(first) | np.isnat(last))
    # Position i holds the day anchor - i: in the window when anchor - last <= i <= anchor - first.
    low = np.where(ok, (anchor - last).astype("int64"), 1)
    high = np.where(ok, (anchor - first).astype("int64"), 0)
    i = np.arange(RECENT_DAYS)
    inside = present & (i >= low[:, None]) & (i <= high[:, None]) & ok[:, None]
    return inside.sum(axis=1), np.where(inside, pains, 0).sum(axis=1)


class PegEnds(NamedTuple):
    baseline: float | None
    baseline_week: int | None
    latest: float | None
    latest_week: int | None


def peg_ends(answers: Iterable[tuple[int, datetime, float]]) -> PegEnds:
    """From one patient's PEGs (program week, taken at, total): the lowest week's latest answer
    and the highest week's latest answer (one answer each week counts: the latest)."""
    latest: dict[int, tuple[datetime, float]] = {}
    for week, taken_at, total in answers:
        if week not in latest or taken_at > latest[week][0]:
            latest[week] = (taken_at, total)
    if not latest:
        return PegEnds(None, None, None, None)
    low, high = min(latest), max(latest)
    return PegEnds(latest[low][1], low, latest[high][1], high)


def _later(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The later of two date arrays (b where a is missing), as SQL's ``later``."""
    return np.where(~np.isnat(a) & (a > b), a, b)


def recent_windows(today: np.ndarray, start: np.ndarray) -> tuple[tuple, tuple]:
    """(first, last) of the 7-day pain window and of the adherence window's check-ins, per row:
    never before the enrolment's start (``start``: NaT when not enrolled)."""
    day = np.timedelta64(1, "D")
    pain = (_later(start, today - (DEFAULTS.pain_window_days - 1) * day), today)
    span = (_later(start, today - DEFAULTS.adherence_window_days * day), today - day)
    return pain, span


def recent_values(
    today: np.ndarray, start: np.ndarray, anchor: np.ndarray, strips: Sequence[str | None]
) -> tuple[np.ndarray, np.ndarray]:
    """The 7-day mean pain (NaN with fewer check-ins than a mean needs, as Progress) and the
    check-ins done in the adherence window, per row, from each patient's strip."""
    (pain_first, pain_last), (span_first, span_last) = recent_windows(today, start)
    count, total = window_stats(anchor, strips, pain_first, pain_last)
    mean = np.where(count >= DEFAULTS.pain_min_days, total / np.maximum(count, 1), np.nan)
    done, _ = window_stats(anchor, strips, span_first, span_last)
    return mean, done


# --- questionnaires answered, by program week ---------------------------------------------------

ANSWERED_WEEKS = 8  # program weeks kept, ending on the newest week answered (the window: 2 weeks)
INSTRUMENT_BITS = {code: 1 << n for n, code in enumerate(QuestionnaireCode)}
_BITS_SET = np.array([bin(n).count("1") for n in range(16)])


def answered_strip(newest: int | None, answered: Iterable[tuple[str, int]]) -> str:
    """The ``ANSWERED_WEEKS`` program weeks ending on ``newest``, newest first: one hex digit a
    week, the bits of the questionnaires answered for it (``INSTRUMENT_BITS``)."""
    bits: dict[int, int] = {}
    for code, week in answered:
        bits[week] = bits.get(week, 0) | INSTRUMENT_BITS.get(code, 0)
    if newest is None:
        return "0" * ANSWERED_WEEKS
    return "".join(f"{bits.get(newest - k, 0):x}" for k in range(ANSWERED_WEEKS))


def scheduled_bits(weeks: np.ndarray) -> np.ndarray:
    """The bits of the questionnaires the schedule sets for each program week (1 on)."""
    bits = np.zeros(len(weeks), dtype=np.int64)
    for code, every in SCHEDULE.items():
        due = weeks % every == 0 if isinstance(every, int) else np.isin(weeks, sorted(every))
        bits |= np.where(due & (weeks >= 1), INSTRUMENT_BITS[code], 0)
    return bits


def answers_cover(newest: np.ndarray, first_week: np.ndarray) -> np.ndarray:
    """Where a strip ending on week ``newest`` (NaN: nothing answered) reaches back to
    ``first_week`` (NaN: no week due)."""
    missing = np.isnan(newest) | np.isnan(first_week)
    return missing | (np.nan_to_num(newest) - (ANSWERED_WEEKS - 1) <= np.nan_to_num(first_week))


def questionnaires_answered(
    newest: np.ndarray, strips: Sequence[str | None], first_week: np.ndarray, last_week: np.ndarray
) -> np.ndarray:
    """Scheduled questionnaires answered for program weeks ``first_week``..``last_week`` (floats,
    NaN: none due), per row, from each patient's strip (its weeks must reach back: answers_cover)."""
    empty = "0" * ANSWERED_WEEKS
    text = "".join(s if isinstance(s, str) else empty for s in strips).encode("ascii")
    chars = np.frombuffer(text, dtype=np.uint8).astype(np.int64).reshape(len(strips), -1)
    cells = np.where(chars >= ord("a"), chars - ord("a") + 10, chars - ord("0"))
    ok = ~(np.isnan(newest) | np.isnan(first_week) | np.isnan(last_week))
    top, low, high = (
        np.where(ok, np.nan_to_num(a), 0).astype(np.int64) for a in (newest, first_week, last_week)
    )
    done = np.zeros(len(strips), dtype=np.int64)
    rows = np.arange(len(strips))
    steps = int((high - low)[ok].max(initial=-1)) + 1  # a 14-day window holds two week ends
    for step in range(max(0, steps)):
        week = low + step
        k = top - week
        inside = ok & (week <= high) & (k >= 0) & (k < ANSWERED_WEEKS)
        bits = cells[rows, np.clip(k, 0, ANSWERED_WEEKS - 1)] & scheduled_bits(week)
        done += np.where(inside, _BITS_SET[bits], 0)
    return done
