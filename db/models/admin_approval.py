"""Changes that let an admin reach clinical data, and the second admin who approved them.

A staff login (coordinator, clinician, admin or clinic-wide) or a temporary password issued by an
admin would let that admin log in as someone who sees patients. With two or more active admins
such a change waits here until another admin approves it (db/actions/admin_approval.py); with one,
it is applied at once and kept here as ``applied_alone`` until an admin marks it reviewed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from db.models.base import one_of
from program.vocabulary import ApprovalKind, ApprovalStatus


class AdminApproval(SQLModel, table=True):
    __table_args__ = (
        one_of("adminapproval", "kind", ApprovalKind),
        one_of("adminapproval", "status", ApprovalStatus),
    )
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30)
    # The login it is about: None for a staff login not created yet (``target_username`` then).
    target_user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    target_username: str = Field(max_length=64)
    # What to apply on approval (a new login's display name, e-mail, roles, clinic-wide); never a
    # password: that is made when the change is applied.
    change: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # What an admin reads before deciding ("roles: clinician; clinic-wide: yes").
    summary: str = Field(max_length=300)
    requested_by_id: int = Field(foreign_key="user.id")
    requested_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    status: str = Field(default=ApprovalStatus.PENDING, max_length=20, index=True)
    decided_by_id: int | None = Field(default=None, foreign_key="user.id")
    decided_at: datetime | None = None
    # For ``applied_alone``: the admin who marked it reviewed on the audit page, and when.
    reviewed_by_id: int | None = Field(default=None, foreign_key="user.id")
    reviewed_at: datetime | None = None
