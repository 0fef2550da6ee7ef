"""When the follow-up rules run, besides ``python -m db.rules --all`` from cron.

- **After a save**: right after a check-in or questionnaire is committed, that patient's rules run
  (``db.rules.run_for_patient``, the cohort run's own loader). A failure there is logged and never
  undoes or hides the patient's save, which is already committed.
- **Hourly**: the whole cohort runs at most once an hour, however many staff views open, replicas
  serve them or workers pass: the run holds the ``rules`` JobLease for the hour (database time).
  The app starts it on a background thread when staff open a view, so the page never waits for it
  (a run over the whole cohort takes seconds; a page must not); the mail worker tries on every
  pass too, so time-based rules fire on a weekend when nobody opens the app.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from typing import TYPE_CHECKING

from db.leases import claim, holder_name, release
from program.defaults import ALERT_DEFAULTS
from program.vocabulary import Job

if TYPE_CHECKING:
    from db.rules import RunResult

log = logging.getLogger("recalibrate.rules")
# A process asks the database whether the hourly run is due at most this often: a staff page
# rerun costs a clock read, not a write transaction.
ASK_EVERY_SECONDS = 60.0
_asked = {"at": -ASK_EVERY_SECONDS}
_asking = threading.Lock()


def rules_after_save(patient_id: int, *, now: datetime | None = None) -> RunResult | None:
    """This patient's rules after their save is committed; None (logged) when they failed."""
    # Imported here: db.rules writes through db.actions, whose saves call this module.
    from db.rules import run_for_patient

    try:
        result = run_for_patient(patient_id, now=now)
    except Exception:  # the save is committed: whatever happens here must not reach the patient
        log.exception("rules after a save failed for patient %s", patient_id)
        return None
    if result.failed:
        log.error("rules after a save failed for patient %s", patient_id)
    return result


def run_cohort_if_due(*, holder: str | None = None, now: datetime | None = None) -> bool:
    """Run every patient's rules unless a run started within the hour; True when this call ran."""
    from db.rules import run_all

    holder = holder or holder_name()
    if not claim(Job.RULES, holder=holder, seconds=ALERT_DEFAULTS.cohort_run_every_seconds):
        return False
    try:
        result = run_all(now=now)
        log.info(
            "hourly rules run: checked=%s opened=%s failed=%s",
            result.checked,
            result.opened,
            len(result.failed),
        )
    finally:  # done, but the lease stays until the hour is up: at most one run an hour
        release(Job.RULES, holder=holder, hold_seconds=ALERT_DEFAULTS.cohort_run_every_seconds)
    return True


def _run_in_background() -> None:
    try:
        run_cohort_if_due()
    except Exception:
        log.exception("hourly rules run failed")


def start_hourly_run() -> threading.Thread | None:
    """Called when staff open a view: if the hourly run may be due, start it on a daemon thread
    and return at once (None when this process asked within the last minute)."""
    with _asking:
        if time.monotonic() - _asked["at"] < ASK_EVERY_SECONDS:
            return None
        _asked["at"] = time.monotonic()
    thread = threading.Thread(target=_run_in_background, name="hourly rules run", daemon=True)
    thread.start()
    return thread
