"""Questionnaires: half-done answers kept as a draft, then scored and saved for the week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from core.clock import utcnow
from db.access import Actor
from db.actions import InvalidInput, action
from db.actions.common import own_record, write_audit
from db.actions.flags import open_or_update_flag
from db.baseline import complete_baseline_if_ready, fresh_drafts, position_on
from db.engine import write_session
from db.follow_up_lookups import quiet_now
from db.lookups import current_enrolment
from db.models import Flag, QuestionnaireDraft, QuestionnaireResponse
from db.rule_runs import rules_after_save
from db.rule_settings import settings_for_patient
from program.measures import INSTRUMENTS, score
from program.onboarding import missing_items, partial_answers
from program.rules import MOOD_RULE, mood_flag, phq9_item9_flag
from program.rules.tuning import stamped
from program.vocabulary import QuestionnaireCode


def _instrument(code: str) -> str:
    if code not in INSTRUMENTS:
        raise InvalidInput("We could not find that questionnaire.")
    return code


@action("save_questionnaire_draft")
def save_questionnaire_draft(
    *, actor: Actor, instrument: str, answers: dict[str, int], now: datetime | None = None
) -> QuestionnaireDraft:
    """Keep the answers so far of a half-done questionnaire (merged into the saved ones)."""
    now = now or utcnow()
    code = _instrument(instrument)
    try:
        new = partial_answers(code, answers)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    if not new:
        raise InvalidInput("Please choose an answer.")
    with write_session() as session:
        patient_id, day = own_record(session, actor, "save_questionnaire_draft", now)
        draft = session.exec(
            select(QuestionnaireDraft).where(
                QuestionnaireDraft.patient_id == patient_id, QuestionnaireDraft.instrument == code
            )
        ).first()
        if draft is None:
            draft = QuestionnaireDraft(patient_id=patient_id, instrument=code, answers={})
        # A draft too old to resume (fresh_drafts) starts again from these answers.
        kept = draft.answers if code in fresh_drafts(session, patient_id, now) else {}
        draft.answers = {**kept, **new}
        draft.updated_at = now
        session.add(draft)
        session.flush()
        # Safety first: item 9 above 0 reaches the care team even if the questionnaire is
        # never finished.
        if code == QuestionnaireCode.PHQ9 and (
            spec := phq9_item9_flag(new.get("9", 0), day, finished=False)
        ):
            open_or_update_flag(session, patient_id, spec, actor_id=actor.user_id, now=now)
        write_audit(session, actor, "save_questionnaire_draft", patient_id, code)
        return draft


@dataclass(frozen=True)
class SubmitResult:
    response: QuestionnaireResponse
    flags: tuple[Flag, ...]


@action("submit_questionnaire")
def submit_questionnaire(
    *, actor: Actor, instrument: str, now: datetime | None = None
) -> SubmitResult:
    """Score the finished draft, save it for the current program week, and open any flags; once
    it is committed, the patient's follow-up rules run (db.rule_runs)."""
    now = now or utcnow()
    code = _instrument(instrument)
    with write_session() as session:
        patient_id, day = own_record(session, actor, "submit_questionnaire", now)
        enrolment = current_enrolment(session, patient_id)
        position = position_on(session, enrolment, day) if enrolment else None
        if position is None or not position.started:
            raise InvalidInput(
                "Your program has not started yet. Your care team will tell you when."
            )
        draft = fresh_drafts(session, patient_id, now).get(code)
        answers = dict(draft.answers) if draft else {}
        if left := missing_items(code, answers):
            raise InvalidInput(
                f"Please answer every question first. {len(left)} still to go."
                if answers
                else "Please answer the questions first."
            )
        done = session.exec(
            select(QuestionnaireResponse.id).where(
                QuestionnaireResponse.patient_id == patient_id,
                QuestionnaireResponse.instrument == code,
                QuestionnaireResponse.program_week == position.week,
                QuestionnaireResponse.local_date >= enrolment.start_date,
            )
        ).first()
        if done is not None:
            raise InvalidInput("You already answered these this week. Thank you!")
        result = score(code, answers)
        response = QuestionnaireResponse(
            patient_id=patient_id,
            instrument=code,
            answers=answers,
            total=float(result.total),
            band=result.band,
            positive=result.positive,
            program_week=position.week,
            local_date=day,
            taken_at=now,
        )
        session.add(response)
        session.delete(draft)
        session.flush()
        # The mood lines in force for this patient (their program's, then their own), with the
        # quiet periods (after a visit, after "Not now"); item 9 reads no setting and is never
        # quiet.
        effective = settings_for_patient(session, patient_id)
        specs = []
        if quiet_now(session, patient_id, MOOD_RULE, day, effective.settings) is None:
            mood = mood_flag(
                code,
                result.total,
                day,
                program_week=position.week,
                soon_at=effective.settings.mood_soon_at,
                routine_at=effective.settings.mood_routine_at,
            )
            specs.append(stamped(mood, effective) if mood else None)
        if code == QuestionnaireCode.PHQ9:
            specs.append(
                phq9_item9_flag(answers["9"], day, finished=True, program_week=position.week)
            )
        flags = tuple(
            open_or_update_flag(session, patient_id, s, actor_id=actor.user_id, now=now)
            for s in specs
            if s is not None
        )
        if position.week == 0:
            complete_baseline_if_ready(session, patient_id, day)
        write_audit(session, actor, "submit_questionnaire", patient_id, code)
        result = SubmitResult(response, flags)
    rules_after_save(patient_id, now=now)
    return result
