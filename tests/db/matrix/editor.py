"""Access-matrix rows for the program editor, the visit summaries and the FHIR export.

The editor changes program content for every patient of the clinic: any clinician may use it (on
Ana's team or not), nobody else. The exports are one patient's record: their own care team (the
FHIR bundle: their clinician), or the patient for their own "share with my doctor" summary.
"""

from __future__ import annotations

from sqlmodel import select

import db.actions as actions
import db.queries as queries
from db.engine import read_session, write_session
from db.models import Module, ModuleVersion
from tests.utils.matrix import (
    ALLOW,
    CARE_TEAM,
    CLINICIAN_ON_TEAM,
    HIDDEN,
    OWN_RECORD,
    Call,
    row,
)
from tests.utils.personas import World

ANY_CLINICIAN = row(clinician_on_team=ALLOW, clinician_off_team=ALLOW)
SLUG = "pain-is-protection"


def module_id() -> int:
    with read_session() as session:
        return session.exec(select(Module.id).where(Module.slug == SLUG)).one()


def edit(world: World) -> dict[str, object]:
    """A valid edit of the first lesson (each call a little different, so it is a change)."""
    return dict(
        module_id=module_id(),
        title=f"Pain is a protector ({world.next()})",
        summary="Pain is your body's alarm.",
        body="Pain is a signal from your brain. It tries to keep you safe.",
        minutes=4,
        week=1,
        check=[
            {
                "question": "What is pain?",
                "options": ["A signal", "Damage"],
                "answer": 0,
                "right": "Yes. Pain is a signal.",
                "wrong": "Pain is a signal, not a measure of damage.",
            }
        ]
        * 2,
    )


def new_draft(world: World) -> int:
    """A draft of the first lesson written straight to the store (so any persona may act on it)."""
    with write_session() as session:
        top = max(
            session.exec(select(ModuleVersion.number).where(ModuleVersion.module_id == module_id()))
        )
        draft = ModuleVersion(
            module_id=module_id(),
            number=top + 1,
            status="draft",
            title=f"Draft {world.next()}",
            body="A draft.",
            minutes=4,
            source="shipped",
        )
        session.add(draft)
        session.flush()
        return draft.id


EXPECTED: dict[str, dict[str, str]] = {
    "program_modules_for_editor": ANY_CLINICIAN,
    "module_for_editor": ANY_CLINICIAN,
    "save_module_draft": ANY_CLINICIAN,
    "publish_module_version": ANY_CLINICIAN,
    "discard_module_draft": ANY_CLINICIAN,
    "find_my_patients": row(clinician_on_team=ALLOW, clinician_off_team=HIDDEN),
    "visit_summary_for_staff": CARE_TEAM,
    "my_visit_summary": OWN_RECORD,
    "fhir_export_for_staff": CLINICIAN_ON_TEAM,
}

CALLS: dict[str, Call] = {
    "program_modules_for_editor": lambda a, w: queries.program_modules_for_editor(actor=a),
    "module_for_editor": lambda a, w: queries.module_for_editor(actor=a, module_id=module_id()),
    "save_module_draft": lambda a, w: actions.save_module_draft(actor=a, **edit(w)),
    "publish_module_version": lambda a, w: actions.publish_module_version(
        actor=a, version_id=new_draft(w)
    ),
    "discard_module_draft": lambda a, w: actions.discard_module_draft(
        actor=a, version_id=new_draft(w)
    ),
    "find_my_patients": lambda a, w: queries.find_my_patients(actor=a, text="ana"),
    "visit_summary_for_staff": lambda a, w: queries.visit_summary_for_staff(
        actor=a, patient_id=w.ana.id
    ),
    "my_visit_summary": lambda a, w: queries.my_visit_summary(actor=a),
    "fhir_export_for_staff": lambda a, w: queries.fhir_export_for_staff(
        actor=a, patient_id=w.ana.id
    ),
}

NAMES_A_RECORD = {"visit_summary_for_staff", "fhir_export_for_staff"}

SHOWS_ANA = {
    "find_my_patients": lambda r, w: any(p.id == w.ana.id for p in r),
    "my_visit_summary": lambda r, w: r.patient_name == w.ana.full_name,
}
