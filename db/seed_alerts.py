"""Demo data for alerts that reach someone (called from db.seed.seed_demo).

**demo-lead** (Riley Chen) is a clinic-wide coordinator with an e-mail address: escalations go to
them. Grace Okafor's warning sign, sent six days ago and never acknowledged (db.seed), shows as
overdue on the flag page, and the mail worker that ``make run`` starts escalates it on its first
pass: the flag's history says "Escalated", and the admin's Mail page lists the e-mails waiting
(the demo has no SMTP server, so they wait there).
"""

from __future__ import annotations

from sqlmodel import Session

from db.models import User
from program.vocabulary import Role

LEAD = ("demo-lead", "Riley Chen")


def seed_demo_alerts(session: Session, *, password_hash: str) -> None:
    username, name = LEAD
    session.add(
        User(
            username=username,
            display_name=name,
            roles=[Role.COORDINATOR],
            clinic_wide=True,
            password_hash=password_hash,
            email=f"{username}@example.org",
        )
    )
