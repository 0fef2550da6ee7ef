"""The role personas of the access matrix (tests/db/test_access_matrix.py), shared with the
bad-input test (tests/db/test_bad_input.py): Ana's care team on and off her record, an admin, a
clinic-wide coordinator and a login with no role.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import select

from core.settings import load_settings
from db.actions import open_or_update_flag
from db.auth import open_session
from db.engine import read_session, write_session
from db.models import Module, ModuleVersion, Patient
from program.rules import FlagSpec
from tests.utils import make_patient, make_user

PERSONAS = (
    "patient_self",
    "other_patient",
    "coordinator_on_team",
    "coordinator_off_team",
    "clinician_on_team",
    "clinician_off_team",
    "admin",
    "clinic_wide_coordinator",
    "outsider",  # a login with no role at all
)
USERNAMES = {
    "patient_self": "ana",
    "other_patient": "ben",
    "coordinator_on_team": "coord-on",
    "coordinator_off_team": "coord-off",
    "clinician_on_team": "clin-on",
    "clinician_off_team": "clin-off",
    "admin": "admin",
    "clinic_wide_coordinator": "coord-wide",
    "outsider": "outsider",
}


@dataclass
class World:
    ana: Patient
    ana_user_id: int
    coordinator_id: int
    clinician_id: int
    settings: object = field(default_factory=lambda: load_settings({"RECALIBRATE_ENV": "test"}))
    serial: itertools.count = field(default_factory=lambda: itertools.count(1))

    def next(self) -> int:
        return next(self.serial)

    def new_flag(self) -> int:
        spec = FlagSpec("matrix", "routine", f"matrix-{self.next()}", "For the matrix test.", {})
        with write_session() as session:
            return open_or_update_flag(session, self.ana.id, spec).id

    def new_user_id(self) -> int:
        return make_user(f"victim-{self.next()}", ["coordinator"]).id

    def new_patient_login_id(self) -> int:
        return make_user(f"login-{self.next()}", ["patient"]).id

    def new_patient_id(self) -> int:
        return make_patient(f"New{self.next()}").id

    def version_id(self, slug: str) -> int:
        """The published version of a lesson that Ana and Ben can both open."""
        with read_session() as session:
            return session.exec(
                select(ModuleVersion.id)
                .join(Module, Module.id == ModuleVersion.module_id)
                .where(Module.slug == slug, ModuleVersion.status == "published")
            ).first()

    def new_session_id(self) -> int:
        return open_session(
            user_id=self.ana_user_id,
            kind="patient",
            sid=f"matrix-{self.next()}",
            settings=self.settings,
        )


def build_world() -> World:
    """The personas above, Ana and Ben enrolled with their care teams, and one open flag of Ana's."""
    coord_on = make_user("coord-on", ["coordinator"])
    clin_on = make_user("clin-on", ["clinician"])
    coord_off = make_user("coord-off", ["coordinator"])
    clin_off = make_user("clin-off", ["clinician"])
    make_user("coord-wide", ["coordinator"], clinic_wide=True)
    make_user("admin", ["admin"])
    make_user("outsider", [])
    start = date(2026, 3, 2)
    ana = make_patient("Ana", username="ana", start=start, coordinator=coord_on, clinician=clin_on)
    make_patient("Ben", username="ben", start=start, coordinator=coord_off, clinician=clin_off)
    world = World(ana, ana.user_id, coord_on.id, clin_on.id)
    world.new_flag()  # an open flag of Ana's for the flag lists
    return world
