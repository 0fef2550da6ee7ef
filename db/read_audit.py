"""Staff reads of patient data, audited by the query registry itself (HIPAA §164.312(b)).

A query registered with ``audit=StaffRead(...)`` writes one audit row when it answers a staff
member: who, which query and page view, which patient (``patient_id``) or how many ("panel of 12"),
when. Pages pass ``view=`` — a token they create once per page view (pages.shell.common.view_token);
reruns of the same view with the same token, and the same patient, write nothing more. Without a
token every call is recorded. A query that staff may call but that holds no patient data says so
with ``NoPatientData(reason)``; tests/db/test_access_matrix.py fails for a staff query declaring
neither. Patients reading their own record are not audited per rerun (their queries declare
nothing).

The "already recorded" memory is per process (Streamlit serves a session from one process); after
a restart the next rerun of an open page writes one more row, never one fewer.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from db.access import AccessDenied, Actor
from db.audit import AuditActor, record
from db.engine import write_session

VIEW_TOKEN_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,47}$")
REMEMBERED_VIEWS = 50_000  # (view, query) pairs kept; the oldest are forgotten first


@dataclass(frozen=True)
class StaffRead:
    """A staff query that returns patient data; ``describe`` says how much ("panel of 12")."""

    describe: Callable[[object], str]


@dataclass(frozen=True)
class NoPatientData:
    """A staff query that returns no patient data, and why (read by the access-matrix test)."""

    reason: str


ReadAudit = StaffRead | NoPatientData

_seen: OrderedDict[tuple[str, str], int | None] = OrderedDict()
_lock = threading.Lock()


def take_view(name: str, kwargs: dict[str, object]) -> str | None:
    """Remove and check the ``view`` token a page passed (the query function never sees it)."""
    view = kwargs.pop("view", None)
    if view is None:
        return None
    if not isinstance(view, str) or not VIEW_TOKEN_RE.match(view):
        raise AccessDenied(f"{name}: not a view token")
    return view


def _first_in_view(view: str | None, name: str, patient_id: int | None) -> bool:
    if view is None:
        return True
    key = (view, name)
    with _lock:
        if key in _seen and _seen[key] == patient_id:
            _seen.move_to_end(key)
            return False
        _seen[key] = patient_id
        _seen.move_to_end(key)
        while len(_seen) > REMEMBERED_VIEWS:
            _seen.popitem(last=False)
        return True


def audit_read(
    name: str,
    audit: StaffRead,
    actor: Actor,
    kwargs: dict[str, object],
    result: object,
    view: str | None,
) -> None:
    """Write the audit row for a staff read, unless this view already has one for it."""
    patient_id = kwargs.get("patient_id")
    patient_id = patient_id if isinstance(patient_id, int) else None
    if not _first_in_view(view, name, patient_id):
        return
    detail = f"view {view or 'none'}: {audit.describe(result)}"
    with write_session() as session:
        record(
            session,
            actor=AuditActor(actor.user_id, actor.username, actor.temporary_session),
            action=name,
            patient_id=patient_id,
            detail=detail,
        )


def panel_of(rows: object) -> str:
    """``panel of N`` for a list or table of patients."""
    return f"panel of {len(rows)}"  # type: ignore[arg-type]
