"""Access-matrix rows for the second admin's approval: admins only, and never one's own request
(that rule is tested in tests/db/test_admin_approval.py)."""

from __future__ import annotations

from sqlmodel import select

from db import actions, queries
from db.engine import read_session
from db.models import User
from tests.utils import actor_for, make_user
from tests.utils.matrix import ADMIN_ONLY, Call
from tests.utils.personas import World

SECOND_ADMIN = "matrix-second-admin"


def _pending(world: World, asker: str) -> int:
    """A clinician login waiting for approval, asked by ``asker`` while two admins are active."""
    with read_session() as session:
        exists = session.exec(select(User.id).where(User.username == SECOND_ADMIN)).first()
    if exists is None:
        make_user(SECOND_ADMIN, ["admin"])
    request = actions.create_user(
        actor=actor_for(asker),
        username=f"waiting-{world.next()}",
        display_name="Waiting Doc",
        roles=["clinician"],
        temporary_password="river lantern copper 93",
    )
    return request.approval_id


EXPECTED = {
    "admin_approvals": ADMIN_ONLY,
    "unapproved_changes": ADMIN_ONLY,
    "approve_admin_request": ADMIN_ONLY,
    "refuse_admin_request": ADMIN_ONLY,
    "withdraw_admin_request": ADMIN_ONLY,
    "review_unapproved_changes": ADMIN_ONLY,
}

CALLS: dict[str, Call] = {
    "admin_approvals": lambda a, w: queries.admin_approvals(actor=a),
    "unapproved_changes": lambda a, w: queries.unapproved_changes(actor=a),
    # Asked by the second admin: the matrix's admin is another one, so may decide it.
    "approve_admin_request": lambda a, w: actions.approve_admin_request(
        actor=a, approval_id=_pending(w, SECOND_ADMIN)
    ),
    "refuse_admin_request": lambda a, w: actions.refuse_admin_request(
        actor=a, approval_id=_pending(w, SECOND_ADMIN)
    ),
    # Asked by the matrix's admin, who alone may withdraw it.
    "withdraw_admin_request": lambda a, w: actions.withdraw_admin_request(
        actor=a, approval_id=_pending(w, "admin")
    ),
    "review_unapproved_changes": lambda a, w: actions.review_unapproved_changes(
        actor=a, up_to=2**31 - 1
    ),
}
