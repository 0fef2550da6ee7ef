"""The patient's sleep diary: save a night (saving the same night again updates it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from core.clock import utcnow
from db.access import Actor
from db.actions import InvalidInput, action
from db.actions.common import bounded_int, own_record, save_daily_row, write_audit
from db.engine import write_session
from db.models import SleepDiaryEntry
from db.models.sleep import MAX_AWAKENINGS, MAX_NIGHT_MINUTES
from program.defaults import DEFAULTS
from program.sleep import SleepSummary, summarize


@dataclass(frozen=True)
class DiaryResult:
    entry: SleepDiaryEntry
    created: bool


def _clock(value: str) -> time:
    hours, minutes = value.strip().split(":")
    return time(int(hours), int(minutes))


def _night_summary(entry: dict[str, object]) -> SleepSummary:
    try:
        return summarize(entry)
    except ValueError as exc:  # summarize's message is written for the patient
        raise InvalidInput(str(exc)) from None


def _check_night(night: date, today: date) -> None:
    earliest = today - timedelta(days=DEFAULTS.sleep_diary_nights_back)
    if night >= today:
        raise InvalidInput("Please choose a night that has already happened, like last night.")
    if night < earliest:
        raise InvalidInput(
            f"The diary goes back {DEFAULTS.sleep_diary_nights_back} nights. "
            "Please choose a more recent night."
        )


@action("save_sleep_diary")
def save_sleep_diary(
    *,
    actor: Actor,
    night: date,
    into_bed: str,
    minutes_to_sleep: int,
    awakenings: int,
    minutes_awake: int,
    final_wake: str,
    out_of_bed: str,
    quality: int,
    now: datetime | None = None,
) -> DiaryResult:
    """Save one night of the acting patient's diary (``night``: the date of its evening)."""
    now = now or utcnow()
    entry = {
        "into_bed": into_bed,
        "final_wake": final_wake,
        "out_of_bed": out_of_bed,
        "minutes_to_sleep": bounded_int(
            "how long it took to fall asleep (minutes)", minutes_to_sleep, 0, MAX_NIGHT_MINUTES
        ),
        "awakenings": bounded_int("how many times you woke up", awakenings, 0, MAX_AWAKENINGS),
        "minutes_awake": bounded_int(
            "how long you were awake in the night (minutes)", minutes_awake, 0, MAX_NIGHT_MINUTES
        ),
    }
    summary = _night_summary(entry)  # also checks the clock times
    values = {
        **entry,
        "into_bed": _clock(into_bed),
        "final_wake": _clock(final_wake),
        "out_of_bed": _clock(out_of_bed),
        "quality": bounded_int("how well you slept", quality, 1, 5),
        "time_in_bed": summary.time_in_bed,
        "total_sleep": summary.total_sleep,
        "efficiency": summary.efficiency,
    }
    with write_session() as session:
        patient_id, today = own_record(session, actor, "save_sleep_diary", now)
        _check_night(night, today)
        row, created = save_daily_row(
            session, SleepDiaryEntry, patient_id, "night", night, values, now
        )
        write_audit(
            session,
            actor,
            "save_sleep_diary" if created else "update_sleep_diary",
            patient_id,
            f"night {night.isoformat()}",
        )
        return DiaryResult(row, created)
