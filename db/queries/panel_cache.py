"""A short-lived copy of each staff member's panel, so that opening the panel again, paging and
filtering do not recompute 10,000 rows each time.

Keyed by the acting user (their id, roles and clinic-wide scope) and the database: one user is
never served another's panel. An entry lives ``PANEL_CACHE_SECONDS`` and never across a quarter
hour, so that values depending on each patient's local day (every time zone's midnight falls on a
quarter hour) are worked out again soon after midnight. The page says how old the panel is and
offers "Refresh". The flag queue is never cached. Per process: each replica keeps its own.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta

import pandas as pd

from core.settings import database_url
from db.access import Actor

PANEL_CACHE_SECONDS = 60
MAX_PANELS = 64  # staff panels kept per process; the oldest is forgotten first

_panels: OrderedDict[tuple, tuple[datetime, pd.DataFrame]] = OrderedDict()
_lock = threading.Lock()


def _key(actor: Actor) -> tuple:
    return (database_url(), actor.user_id, tuple(sorted(actor.roles)), actor.clinic_wide)


def _quarter(moment: datetime) -> datetime:
    return moment.replace(minute=moment.minute // 15 * 15, second=0, microsecond=0)


def cached_panel(
    actor: Actor, now: datetime, compute: Callable[[], pd.DataFrame], *, fresh: bool = False
) -> tuple[pd.DataFrame, datetime]:
    """The actor's panel and when it was worked out: the cached copy while it is young enough
    (and ``fresh`` is not asked for), else ``compute()``'s, kept for the next call."""
    key = _key(actor)
    with _lock:
        found = _panels.get(key)
    if found is not None and not fresh:
        made, frame = found
        if now - made < timedelta(seconds=PANEL_CACHE_SECONDS) and _quarter(made) == _quarter(now):
            return frame.copy(), made
    frame = compute()
    with _lock:
        _panels[key] = (now, frame)
        _panels.move_to_end(key)
        while len(_panels) > MAX_PANELS:
            _panels.popitem(last=False)
    return frame.copy(), now


def forget_panels() -> None:
    """Drop every cached panel (tests, and the benchmark's cold runs)."""
    with _lock:
        _panels.clear()
