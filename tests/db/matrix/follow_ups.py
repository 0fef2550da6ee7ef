"""Access-matrix rows for follow-ups: the patient's prompt, page, request, "Not now" and cancel;
the care team's queue, outreach, booking and completing a visit."""

from __future__ import annotations

from datetime import date, time

from sqlmodel import select

import db.actions as actions
import db.queries as queries
from db.access import Actor
from db.engine import write_session
from db.models import FollowUpRequest, Visit
from program.rules import FlagSpec
from tests.utils.matrix import ALLOW, CARE_TEAM, CARE_TEAM_LIST, OWN_RECORD, row
from tests.utils.personas import World

FROZEN_DAY = date(2026, 3, 18)  # FROZEN_NOW, where Ana lives


def _prompted_flag(world: World) -> int:
    """A new "soon" flag of Ana's that prompts her (a new episode each call)."""
    spec = FlagSpec(
        "persisting",
        "soon",
        f"persisting:matrix-{world.next()}",
        "For the matrix test.",
        {},
        patient_explanation="Your care team would like to hear how things are going.",
    )
    with write_session() as session:
        return actions.open_or_update_flag(session, world.ana.id, spec).id


def _anas_request(world: World, *, booked: bool = False) -> FollowUpRequest | Visit:
    """A new request of Ana's in progress (booked: its visit, today at 9:00), written directly;
    an earlier one still in progress is marked done first (one at a time per patient)."""
    with write_session() as session:
        for old in session.exec(
            select(FollowUpRequest).where(
                FollowUpRequest.patient_id == world.ana.id,
                FollowUpRequest.status.in_(("requested", "scheduled")),
            )
        ).all():
            old.status = "completed"
            session.add(old)
        session.flush()
        request = FollowUpRequest(
            patient_id=world.ana.id,
            modality="telehealth",
            asked_on=FROZEN_DAY,
            created_by=world.ana_user_id,
            status="scheduled" if booked else "requested",
        )
        session.add(request)
        session.flush()
        if not booked:
            return request
        visit = Visit(
            request_id=request.id,
            patient_id=world.ana.id,
            local_date=FROZEN_DAY,
            local_time=time(9, 0),
            timezone="America/New_York",
            starts_at=request.created_at,
            modality="telehealth",
            clinician_id=world.clinician_id,
            uid=f"matrix-{world.next()}@recalibrate",
            booked_by=world.coordinator_id,
        )
        session.add(visit)
        session.flush()
        return visit


def _book(actor: Actor, world: World) -> object:
    return actions.book_visit(
        actor=actor,
        request_id=_anas_request(world).id,
        local_date=FROZEN_DAY,
        local_time=time(16, 0),
        modality="telehealth",
        clinician_id=world.clinician_id,
    )


def _prompts(actor: Actor, world: World) -> object:
    _prompted_flag(world)
    return queries.follow_up_prompts(actor=actor)


def _page(actor: Actor, world: World) -> object:
    _anas_request(world)
    return queries.follow_ups_for_patient(actor=actor)


EXPECTED = {
    "follow_up_prompts": OWN_RECORD,
    "follow_ups_for_patient": OWN_RECORD,
    "request_follow_up": OWN_RECORD,
    "answer_not_now": row(patient_self=ALLOW),  # names Ana's flag: anyone else is refused
    "cancel_follow_up": row(
        patient_self=ALLOW,
        coordinator_on_team=ALLOW,
        clinician_on_team=ALLOW,
        clinic_wide_coordinator=ALLOW,
    ),
    "follow_up_queue": CARE_TEAM_LIST,
    "record_outreach": CARE_TEAM,
    "book_visit": CARE_TEAM,
    "complete_visit": CARE_TEAM,
}

CALLS = {
    "follow_up_prompts": _prompts,
    "follow_ups_for_patient": _page,
    "request_follow_up": lambda a, w: actions.request_follow_up(actor=a, modality="in_person"),
    "answer_not_now": lambda a, w: actions.answer_not_now(actor=a, flag_id=_prompted_flag(w)),
    "cancel_follow_up": lambda a, w: actions.cancel_follow_up(
        actor=a, request_id=_anas_request(w).id, reason="The time does not suit me"
    ),
    "follow_up_queue": lambda a, w: queries.follow_up_queue(actor=a),
    "record_outreach": lambda a, w: actions.record_outreach(
        actor=a, flag_id=_prompted_flag(w), method="called"
    ),
    "book_visit": _book,
    "complete_visit": lambda a, w: actions.complete_visit(
        actor=a, visit_id=_anas_request(w, booked=True).id, outcome="Seen by phone."
    ),
}

SHOWS_ANA = {
    "follow_up_prompts": lambda r, w: bool(r.prompts),
    "follow_ups_for_patient": lambda r, w: r.active is not None,
    "request_follow_up": lambda r, w: r.patient_id == w.ana.id,
    "follow_up_queue": lambda r, w: any(i.patient_id == w.ana.id for i in r.items),
}

NAMES_A_RECORD = {
    "answer_not_now",
    "cancel_follow_up",
    "record_outreach",
    "book_visit",
    "complete_visit",
}
