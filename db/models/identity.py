"""Identity and care team: logins, the people they belong to, who looks after whom, sessions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, false
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from db.models.base import SESSION_KINDS, one_of
from program.vocabulary import CARE_ROLES


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    display_name: str = Field(max_length=120)
    email: str | None = Field(default=None, max_length=254)
    roles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    password_hash: str = Field(max_length=200)
    active: bool = True
    must_change_password: bool = False
    clinic_wide: bool = False  # staff who may see every patient of the clinic
    failed_logins: int = 0
    locked_until: datetime | None = None
    # Lockouts in a row since the last good login: each lasts twice as long as the one before.
    lockouts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    password_changed_at: datetime = Field(default_factory=utcnow)
    created_at: datetime = Field(default_factory=utcnow)


class Patient(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", unique=True)
    given_name: str = Field(max_length=80)
    family_name: str = Field(max_length=80)
    date_of_birth: date
    record_number: str = Field(max_length=40, unique=True)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=254)
    preferred_contact: str = Field(default="phone", max_length=20)
    emergency_contact: str | None = Field(default=None, max_length=200)
    timezone: str = Field(default="America/New_York", max_length=64)
    created_at: datetime = Field(default_factory=utcnow)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class CareTeamMember(SQLModel, table=True):
    __table_args__ = (one_of("careteammember", "role", CARE_ROLES),)
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    role: str = Field(max_length=20)  # Role.COORDINATOR | Role.CLINICIAN
    from_date: date
    to_date: date | None = None


class LoginSession(SQLModel, table=True):
    __table_args__ = (one_of("loginsession", "kind", SESSION_KINDS),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    # The signed cookie carries a random session id; only its SHA-256 is kept here, so a revoked
    # session's cookie is refused and a copy of the database cannot be made into a cookie.
    sid_sha256: str = Field(max_length=64, unique=True)
    kind: str = Field(max_length=20)  # staff | patient
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
    revoked_reason: str | None = Field(default=None, max_length=40)
    # Logged in with a temporary password someone else issued (an admin or a coordinator): every
    # audit row written in this session says so (AuditEvent.temporary_password_session).
    began_with_temporary_password: bool = Field(
        default=False, sa_column_kwargs={"server_default": false()}
    )


class PasswordResetToken(SQLModel, table=True):
    """A single-use, expiring reset link; only the SHA-256 of the token is stored."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_sha256: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
