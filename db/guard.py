"""The one gate every registered action and query passes (OWASP ASVS V8, default deny).

``db.actions.action(name)`` and ``db.queries.query(name)`` wrap their functions with ``guarded``:
the actor must hold a role that ``POLICY[name]`` lists (a name without an entry is refused for
everyone), then the function makes its own object-level checks (``require_patient``). Every
refusal is written to the audit trail in a transaction of its own, so it survives the rollback of
the refused work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from db.access import POLICY, AccessDenied, Actor, NotFound, require_role
from db.audit import AuditActor, record
from db.engine import write_session
from db.models.base import MAX_ROW_ID
from db.read_audit import ReadAudit, StaffRead, audit_read, take_view

P = ParamSpec("P")
R = TypeVar("R")
log = logging.getLogger("recalibrate.access")

# Arguments that name what was asked for; ids only, never health details.
TARGETS = ("user_id", "flag_id", "session_id", "module_id", "request_id", "visit_id")


def _is_row_id(value: object) -> bool:
    """Whether ``value`` could be a row id (ids are INTEGER: PostgreSQL stores at most 2**31 - 1)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ROW_ID


def _not_an_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and not _is_row_id(value)


def audit_refusal(name: str, actor: object, kwargs: dict[str, object]) -> None:
    """Append a ``refused`` audit row for ``name``."""
    who = actor if isinstance(actor, Actor) else None
    # Only real-looking ids: whatever else was sent may be junk (or an attack) and is not kept.
    detail = ", ".join(f"{key} {kwargs[key]}" for key in TARGETS if _is_row_id(kwargs.get(key)))
    patient_id = kwargs.get("patient_id")
    with write_session() as session:
        record(
            session,
            actor=AuditActor(who.user_id, who.username, who.temporary_session) if who else None,
            action=name,
            outcome="refused",
            patient_id=patient_id if _is_row_id(patient_id) else None,
            detail=detail,
        )


def guarded(name: str, fn: Callable[P, R], audit: ReadAudit | None = None) -> Callable[P, R]:
    """``fn`` behind the role check of ``POLICY[name]``, with every refusal audited; a staff read
    of patient data (``audit=StaffRead``) is audited once per page view (db/read_audit.py)."""
    if name not in POLICY:
        log.warning("%s has no POLICY entry in db/access.py: everyone will be refused", name)

    @wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        actor = kwargs.get("actor")
        view = take_view(name, kwargs) if isinstance(audit, StaffRead) else None
        try:
            if not isinstance(actor, Actor):
                raise AccessDenied(name)
            try:
                require_role(actor, name)
            except AccessDenied:
                # Asked about a record: answer as if it did not exist (reveals nothing).
                if any(kwargs.get(key) is not None for key in (*TARGETS, "patient_id")):
                    raise NotFound(name) from None
                raise
            # An id no row can have (a typed URL, a script) is "not found", never a database error.
            if any(_not_an_id(kwargs.get(key)) for key in (*TARGETS, "patient_id")):
                raise NotFound(name)
            result = fn(*args, **kwargs)
        except AccessDenied:
            audit_refusal(name, actor, kwargs)
            raise
        if isinstance(audit, StaffRead):
            audit_read(name, audit, actor, kwargs, result, view)
        return result

    return run
