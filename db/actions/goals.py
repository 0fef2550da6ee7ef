"""The patient's goals after onboarding: add one, reword one, mark one achieved, archive one.

Goals are never deleted: archiving hides a goal from the patient and keeps it in the record.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from core.clock import utcnow
from db.access import Actor, NotFound
from db.actions import InvalidInput, action
from db.actions.common import own_record, write_audit
from db.baseline import active_goals
from db.engine import write_session
from db.models import Goal, max_length
from program.onboarding import MAX_GOALS, clean_goals

GOAL_CHANGES = ("add", "reword", "achieved", "not_achieved", "archive")


def _one_goal_text(text: str | None) -> str:
    try:
        return clean_goals([text], max_chars=max_length(Goal, "text"))[0]
    except ValueError as exc:
        raise InvalidInput(str(exc).replace("at least one goal", "your goal")) from None


def _own_goal(session: Session, patient_id: int, goal_id: int | None) -> Goal:
    goal = session.get(Goal, goal_id) if goal_id is not None else None
    if goal is None or goal.patient_id != patient_id or goal.archived:
        raise NotFound(f"goal {goal_id}")
    return goal


@action("edit_goal")
def edit_goal(
    *,
    actor: Actor,
    change: str,
    goal_id: int | None = None,
    text: str | None = None,
    now: datetime | None = None,
) -> Goal:
    """One change to the acting patient's own goals (``change`` is one of GOAL_CHANGES)."""
    now = now or utcnow()
    if change not in GOAL_CHANGES:
        raise InvalidInput(f"Unknown change to a goal: {change}.")
    with write_session() as session:
        patient_id, _ = own_record(session, actor, "edit_goal", now)
        others = [g for g in active_goals(session, patient_id) if g.id != goal_id]
        if change in ("add", "reword"):
            text = _one_goal_text(text)
            if any(g.text == text for g in others):
                raise InvalidInput("You already have that goal.")
        if change == "add":
            if len(others) >= MAX_GOALS:
                raise InvalidInput(
                    f"You can have up to {MAX_GOALS} goals. "
                    "Please archive one before you add another."
                )
            goal = Goal(patient_id=patient_id, text=text, created_at=now)
        else:
            goal = _own_goal(session, patient_id, goal_id)
            if change == "reword":
                goal.text = text
            elif change == "achieved":
                goal.achieved_at = goal.achieved_at or now
            elif change == "not_achieved":
                goal.achieved_at = None
            else:
                goal.archived = True
        session.add(goal)
        session.flush()
        write_audit(session, actor, "edit_goal", patient_id, f"{change} goal {goal.id}")
        return goal
