"""The access matrix's vocabulary (tests/db/test_access_matrix.py), shared with the capability
tables in tests/db/matrix/: outcomes, one row per persona, and the rows most names share.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from types import ModuleType

from db.access import Actor
from tests.utils.personas import PERSONAS, World

ALLOW, HIDDEN, DENY = "allow", "hidden", "deny"
Call = Callable[[Actor, World], object]


def row(**cells: str) -> dict[str, str]:
    """One expected row; personas not named are refused (default deny)."""
    assert set(cells) <= set(PERSONAS), set(cells) - set(PERSONAS)
    return {persona: cells.get(persona, DENY) for persona in PERSONAS}


OWN_RECORD = row(patient_self=ALLOW, other_patient=HIDDEN)
CARE_TEAM = row(
    coordinator_on_team=ALLOW,
    clinician_on_team=ALLOW,
    clinic_wide_coordinator=ALLOW,
)
CARE_TEAM_LIST = row(
    coordinator_on_team=ALLOW,
    coordinator_off_team=HIDDEN,
    clinician_on_team=ALLOW,
    clinician_off_team=HIDDEN,
    clinic_wide_coordinator=ALLOW,
)
CLINICIAN_ON_TEAM = row(clinician_on_team=ALLOW)
ADMIN_ONLY = row(admin=ALLOW)
EVERY_ROLE = row(**{p: ALLOW for p in PERSONAS if p != "outsider"})


def capability_tables() -> Iterator[ModuleType]:
    """Every module of tests/db/matrix/: each holds EXPECTED and CALLS (and optionally SHOWS_ANA,
    NAMES_A_RECORD) for the names one capability registers."""
    import tests.db.matrix as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        yield importlib.import_module(f"{package.__name__}.{info.name}")
