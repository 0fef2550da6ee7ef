"""Every user action: keyword-only, one transaction, permission check and audit row inside.

Pages call exactly one of these per action. Bad input raises ``InvalidInput`` with a message a
user can read; a refused action raises ``AccessDenied``/``NotFound`` after the refusal was audited.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import ParamSpec, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, select

from core.clock import utcnow
from core.passwords import hash_password, password_problems, temporary_password, verify_password
from core.settings import Settings, load_settings
from db.access import (
    AccessDenied,
    Actor,
    NotFound,
    may_close_risk_flag,
    may_disable_account,
    may_issue_temporary_password,
    own_patient_id,
    require_patient,
)
from db.audit import AuditActor, record
from db.auth import expire_reset_tokens, is_locked, note_wrong_password, revoke_user_sessions
from db.baseline import (
    active_goals,
    complete_baseline_if_ready,
    fresh_drafts,
    has_consent,
    position_on,
)
from db.engine import read_session, write_session
from db.guard import guarded
from db.lookups import current_enrolment, module_ref, patient_today, plan_events
from db.models import (
    ROLES,
    CareTeamMember,
    CheckIn,
    Consent,
    Enrolment,
    Flag,
    Goal,
    LoginSession,
    Module,
    ModuleCompletion,
    ModuleVersion,
    Patient,
    PlanEvent,
    Program,
    QuestionnaireDraft,
    QuestionnaireResponse,
    User,
)
from program.curriculum import (
    AVAILABLE,
    HELD,
    LOCKED,
    module_states,
    program_week,
)
from program.lessons import CheckResult, check_from_json, grade_questions
from program.measures import INSTRUMENTS, score
from program.onboarding import (
    CONSENT_VERSION,
    clean_goals,
    consent_hash,
    missing_items,
    partial_answers,
)
from program.rules import (
    FlagSpec,
    medicines_changed_flag,
    mood_flag,
    needs_risk_assessment,
    phq9_item9_flag,
    severity_rank,
    warning_sign_flag,
)
from program.warning_signs import Guidance, guidance_for, unknown_keys

P = ParamSpec("P")
R = TypeVar("R")

PLAN_EVENT_KINDS = ("hold", "release", "unlock", "skip", "pause", "resume")
MODULE_EVENT_KINDS = ("hold", "release", "unlock", "skip")
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


class InvalidInput(ValueError):
    """Input a user can correct; the message says how."""


ACTIONS: dict[str, Callable[..., object]] = {}


def action(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a user action behind POLICY[name] (db.guard); refusals are audited."""

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        run = guarded(name, fn)
        ACTIONS[name] = run
        return run

    return wrap


def _audit(
    session: Session,
    actor: Actor,
    action_name: str,
    patient_id: int | None = None,
    detail: str = "",
) -> None:
    record(
        session,
        actor=AuditActor(actor.user_id, actor.username),
        action=action_name,
        patient_id=patient_id,
        detail=detail,
    )


def _staff_today(now: datetime) -> date:
    return now.date()


def _bounded_int(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"Please choose {name} from {low} to {high}.")
    return value


def _text(name: str, value: str | None, max_len: int, required: bool = False) -> str | None:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"Please add {name}.")
    if len(value) > max_len:
        raise InvalidInput(f"Please keep {name} under {max_len} characters.")
    return value or None


# --- flags ------------------------------------------------------------------------------------


def open_or_update_flag(session: Session, patient_id: int, spec: FlagSpec) -> Flag:
    """Open a flag episode, or refresh the open one with the same dedupe key (never duplicate)."""
    existing = session.exec(
        select(Flag).where(
            Flag.patient_id == patient_id,
            Flag.dedupe_key == spec.dedupe_key,
            Flag.status != "resolved",
        )
    ).first()
    now = utcnow()
    if existing is not None:
        existing.last_seen_at = now
        existing.explanation = spec.explanation
        existing.inputs = spec.inputs
        if severity_rank(spec.severity) < severity_rank(existing.severity):
            existing.severity = spec.severity
        session.add(existing)
        return existing
    flag = Flag(
        patient_id=patient_id,
        rule=spec.rule,
        dedupe_key=spec.dedupe_key,
        severity=spec.severity,
        explanation=spec.explanation,
        inputs=spec.inputs,
        opened_at=now,
        last_seen_at=now,
    )
    session.add(flag)
    session.flush()
    return flag


# --- patient actions --------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInResult:
    check_in: CheckIn
    created: bool
    guidance: Guidance | None
    flags: tuple[Flag, ...]


@action("record_check_in")
def record_check_in(
    *,
    actor: Actor,
    pain: int,
    sleep_quality: int,
    mood: int,
    stress: int,
    flare: bool,
    medicines_changed: bool,
    medicines_note: str | None = None,
    anything_new: bool = False,
    warning_signs: Iterable[str] = (),
    now: datetime | None = None,
) -> CheckInResult:
    """Save today's check-in (one per local day; saving again the same day updates it)."""
    now = now or utcnow()
    signs = sorted(set(warning_signs)) if anything_new else []
    if bad := unknown_keys(signs):
        raise InvalidInput(f"Unknown warning sign: {', '.join(bad)}")
    values = {
        "pain": _bounded_int("your pain", pain, 0, 10),
        "sleep_quality": _bounded_int("how you slept", sleep_quality, 1, 5),
        "mood": _bounded_int("your mood", mood, 1, 5),
        "stress": _bounded_int("your stress", stress, 1, 5),
        "flare": bool(flare),
        "medicines_changed": bool(medicines_changed),
        "medicines_note": _text("the medicine note", medicines_note, 1000)
        if medicines_changed
        else None,
        "anything_new": bool(anything_new),
        "warning_signs": signs,
    }
    with write_session() as session:
        patient_id = own_patient_id(actor, "record_check_in")
        day = patient_today(session, patient_id, now)
        require_patient(session, actor, "record_check_in", patient_id, day)
        row = session.exec(
            select(CheckIn).where(CheckIn.patient_id == patient_id, CheckIn.local_date == day)
        ).first()
        created = row is None
        if row is None:
            row = CheckIn(patient_id=patient_id, local_date=day, created_at=now, **values)
        else:
            for key, value in values.items():
                setattr(row, key, value)
        row.updated_at = now
        session.add(row)
        session.flush()
        flags = []
        if spec := warning_sign_flag(signs, day):
            flags.append(open_or_update_flag(session, patient_id, spec))
        if values["medicines_changed"]:
            flags.append(
                open_or_update_flag(
                    session, patient_id, medicines_changed_flag(values["medicines_note"], day)
                )
            )
        complete_baseline_if_ready(session, patient_id, day)  # may be the last baseline day
        _audit(session, actor, "record_check_in" if created else "update_check_in", patient_id)
        return CheckInResult(row, created, guidance_for(signs), tuple(flags))


# --- onboarding and questionnaires ------------------------------------------------------------


def _own_record(
    session: Session, actor: Actor, action_name: str, now: datetime
) -> tuple[int, date]:
    """The acting patient's id and local date; anyone else is refused."""
    patient_id = own_patient_id(actor, action_name)
    day = patient_today(session, patient_id, now)
    require_patient(session, actor, action_name, patient_id, day)
    return patient_id, day


@action("give_consent")
def give_consent(*, actor: Actor, version: str, now: datetime | None = None) -> Consent:
    """The patient agrees to the program terms of ``version`` (the version they were shown)."""
    now = now or utcnow()
    if version != CONSENT_VERSION:
        raise InvalidInput("These terms have changed. Please read them again, then tap I agree.")
    with write_session() as session:
        patient_id, day = _own_record(session, actor, "give_consent", now)
        if has_consent(session, patient_id):
            return session.exec(
                select(Consent).where(Consent.patient_id == patient_id, Consent.version == version)
            ).first()
        row = Consent(
            patient_id=patient_id, version=version, text_hash=consent_hash(version), accepted_at=now
        )
        session.add(row)
        session.flush()
        complete_baseline_if_ready(session, patient_id, day)
        _audit(session, actor, "give_consent", patient_id, f"version {version}")
        return row


@action("save_goals")
def save_goals(*, actor: Actor, goals: Iterable[str], now: datetime | None = None) -> list[Goal]:
    """Save 1–3 goals in the patient's own words; goals left out are archived, never deleted."""
    now = now or utcnow()
    try:
        texts = clean_goals(goals)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    with write_session() as session:
        patient_id, _ = _own_record(session, actor, "save_goals", now)
        kept = []
        for goal in active_goals(session, patient_id):
            if goal.text in texts:
                kept.append(goal.text)
            else:
                goal.archived = True
                session.add(goal)
        for text in texts:
            if text not in kept:
                session.add(Goal(patient_id=patient_id, text=text, created_at=now))
        session.flush()
        _audit(session, actor, "save_goals", patient_id, f"{len(texts)} goals")
        return active_goals(session, patient_id)


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
        patient_id, day = _own_record(session, actor, "save_questionnaire_draft", now)
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
        if code == "PHQ9" and (spec := phq9_item9_flag(new.get("9", 0), day, finished=False)):
            open_or_update_flag(session, patient_id, spec)
        _audit(session, actor, "save_questionnaire_draft", patient_id, code)
        return draft


@dataclass(frozen=True)
class SubmitResult:
    response: QuestionnaireResponse
    flags: tuple[Flag, ...]
    baseline_completed: bool


@action("submit_questionnaire")
def submit_questionnaire(
    *, actor: Actor, instrument: str, now: datetime | None = None
) -> SubmitResult:
    """Score the finished draft, save it for the current program week, and open any flags."""
    now = now or utcnow()
    code = _instrument(instrument)
    with write_session() as session:
        patient_id, day = _own_record(session, actor, "submit_questionnaire", now)
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
        specs = [mood_flag(code, result.total, day, program_week=position.week)]
        if code == "PHQ9":
            specs.append(
                phq9_item9_flag(answers["9"], day, finished=True, program_week=position.week)
            )
        flags = tuple(open_or_update_flag(session, patient_id, s) for s in specs if s is not None)
        completed = position.week == 0 and complete_baseline_if_ready(session, patient_id, day)
        _audit(session, actor, "submit_questionnaire", patient_id, code)
        return SubmitResult(response, flags, completed)


# --- lessons ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LessonDone:
    completion: ModuleCompletion
    result: CheckResult


def _lesson_closed_message(state: str, week: int) -> str:
    if state == HELD:
        return "Your care team has paused this lesson for now, so it cannot be marked as done."
    if state == LOCKED:
        return f"This lesson is not open yet. It opens in week {week}."
    return "This lesson is not part of your plan right now."


@action("complete_module")
def complete_module(
    *,
    actor: Actor,
    module_version_id: int,
    check_answers: Sequence[int],
    now: datetime | None = None,
) -> LessonDone:
    """Mark a lesson version as done with the answers to its check (each attempt is kept)."""
    now = now or utcnow()
    with write_session() as session:
        patient_id, day = _own_record(session, actor, "complete_module", now)
        version = session.get(ModuleVersion, module_version_id)
        module = session.get(Module, version.module_id) if version else None
        enrolment = current_enrolment(session, patient_id)
        if (
            version is None
            or version.status != "published"
            or enrolment is None
            or module.program_id != enrolment.program_id
        ):
            raise NotFound(f"module version {module_version_id}")
        events = plan_events(session, enrolment.id)
        ref = module_ref(module)
        week = program_week(enrolment.week1_start, day, events)
        (state,) = module_states([ref], events, week, day)
        if state.state != AVAILABLE:
            raise InvalidInput(_lesson_closed_message(state.state, module.week))
        answers = list(check_answers or [])
        try:
            result = grade_questions(check_from_json(version.check), answers, module.slug)
        except ValueError as exc:
            raise InvalidInput("Please answer every question first.") from exc
        completion = ModuleCompletion(
            patient_id=patient_id,
            module_version_id=version.id,
            local_date=day,
            completed_at=now,
            minutes=version.minutes,
            check_answers=answers,
            check_correct=result.correct,
            check_total=result.total,
        )
        session.add(completion)
        session.flush()
        _audit(session, actor, "complete_module", patient_id, f"module version {version.id}")
        return LessonDone(completion, result)


# --- care-team actions ------------------------------------------------------------------------


def _flag_for(
    session: Session, actor: Actor, flag_id: int, action_name: str, now: datetime
) -> Flag:
    flag = session.get(Flag, flag_id)
    if flag is None:
        raise NotFound(f"flag {flag_id}")
    require_patient(session, actor, action_name, flag.patient_id, _staff_today(now))
    return flag


@action("acknowledge_flag")
def acknowledge_flag(
    *, actor: Actor, flag_id: int, note: str = "", now: datetime | None = None
) -> Flag:
    """Mark a flag as seen and being handled, with an optional note."""
    now = now or utcnow()
    note = _text("a note", note, 2000)
    with write_session() as session:
        flag = _flag_for(session, actor, flag_id, "acknowledge_flag", now)
        if flag.status != "open":
            raise InvalidInput("This flag was already acknowledged or resolved.")
        flag.status, flag.acknowledged_at, flag.acknowledged_by = "acknowledged", now, actor.user_id
        flag.acknowledge_note = note
        session.add(flag)
        _audit(session, actor, "acknowledge_flag", flag.patient_id, f"flag {flag.id}")
        return flag


@action("resolve_flag")
def resolve_flag(*, actor: Actor, flag_id: int, note: str, now: datetime | None = None) -> Flag:
    """Close a flag with a note saying what was done."""
    now = now or utcnow()
    note = _text("a note saying what was done", note, 2000, required=True)
    with write_session() as session:
        flag = _flag_for(session, actor, flag_id, "resolve_flag", now)
        if flag.status == "resolved":
            raise InvalidInput("This flag is already resolved.")
        if not may_close_risk_flag(session, actor, flag.patient_id, flag.rule, _staff_today(now)):
            raise AccessDenied("resolve_flag: only a clinician may close this flag")
        if needs_risk_assessment(flag.rule):
            raise InvalidInput("Please record a risk assessment to close this flag.")
        return _close_flag(session, actor, flag, note, now, "resolve_flag")


@action("record_risk_assessment")
def record_risk_assessment(
    *, actor: Actor, flag_id: int, risk_assessment: str, now: datetime | None = None
) -> Flag:
    """A clinician closes a flag (the only way for a PHQ-9 item 9 flag) with a risk assessment."""
    now = now or utcnow()
    text = _text("the risk assessment", risk_assessment, 2000, required=True)
    with write_session() as session:
        flag = _flag_for(session, actor, flag_id, "record_risk_assessment", now)
        if flag.status == "resolved":
            raise InvalidInput("This flag is already resolved.")
        return _close_flag(session, actor, flag, text, now, "record_risk_assessment")


def _close_flag(
    session: Session, actor: Actor, flag: Flag, note: str, now: datetime, action_name: str
) -> Flag:
    """Resolve a flag with the closing note, audited under the action that closed it."""
    flag.status, flag.resolved_at, flag.resolved_by = "resolved", now, actor.user_id
    flag.resolution_note = note
    session.add(flag)
    _audit(session, actor, action_name, flag.patient_id, f"flag {flag.id}")
    return flag


def _active_enrolment(session: Session, patient_id: int) -> Enrolment:
    enrolment = current_enrolment(session, patient_id)
    if enrolment is None:
        raise InvalidInput("This patient is not enrolled in a program.")
    return enrolment


@action("change_plan")
def change_plan(
    *,
    actor: Actor,
    patient_id: int,
    kind: str,
    reason: str,
    module_id: int | None = None,
    effective_date: date | None = None,
    now: datetime | None = None,
) -> PlanEvent:
    """Append a plan change (hold, release, unlock, skip, pause, resume) with a reason the patient sees."""
    now = now or utcnow()
    if kind not in PLAN_EVENT_KINDS:
        raise InvalidInput(f"Unknown plan change {kind!r}.")
    reason = _text("a reason the patient will see", reason, 500, required=True)
    if kind in MODULE_EVENT_KINDS and module_id is None:
        raise InvalidInput("Please choose a module.")
    with write_session() as session:
        require_patient(session, actor, "change_plan", patient_id, _staff_today(now))
        enrolment = _active_enrolment(session, patient_id)
        if module_id is not None:
            module = session.get(Module, module_id)
            if module is None or module.program_id != enrolment.program_id:
                raise InvalidInput("That module is not part of this patient's program.")
        day = effective_date or patient_today(session, patient_id, now)
        event = PlanEvent(
            enrolment_id=enrolment.id,
            kind=kind,
            module_id=module_id if kind in MODULE_EVENT_KINDS else None,
            effective_date=day,
            reason=reason,
            actor_id=actor.user_id,
            created_at=now,
        )
        session.add(event)
        if kind in ("pause", "resume"):
            enrolment.status = "paused" if kind == "pause" else "active"
            session.add(enrolment)
        session.flush()
        _audit(session, actor, f"plan_{kind}", patient_id)
        return event


# --- admin actions ----------------------------------------------------------------------------


def _roles(roles: Iterable[str]) -> list[str]:
    roles = sorted(set(roles))
    if not roles:
        raise InvalidInput("Please choose at least one role.")
    if bad := [r for r in roles if r not in ROLES]:
        raise InvalidInput(f"Unknown role: {', '.join(bad)}")
    return roles


@action("create_user")
def create_user(
    *,
    actor: Actor,
    username: str,
    display_name: str,
    roles: Iterable[str],
    temporary_password: str,
    email: str | None = None,
    clinic_wide: bool = False,
) -> User:
    """Create a login; the person must choose their own password at first login."""
    username = (username or "").strip().lower()
    if not USERNAME_RE.match(username):
        raise InvalidInput(
            "Usernames are 3–64 characters: lowercase letters, digits, dot, dash or underscore."
        )
    display_name = _text("a display name", display_name, 120, required=True)
    email = _text("an e-mail address", email, 254)
    if email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
        raise InvalidInput("That e-mail address does not look right.")
    roles = _roles(roles)
    if problems := password_problems(temporary_password, user_inputs=[username, display_name]):
        raise InvalidInput("Temporary password: " + " ".join(problems))
    with write_session() as session:
        if session.exec(select(User.id).where(User.username == username)).first() is not None:
            raise InvalidInput("That username is taken.")
        user = User(
            username=username,
            display_name=display_name,
            email=email,
            roles=roles,
            password_hash=hash_password(temporary_password),
            must_change_password=True,
            clinic_wide=clinic_wide,
        )
        session.add(user)
        session.flush()
        _audit(session, actor, "create_user", detail=f"user {user.id}")
        return user


@action("set_user_active")
def set_user_active(*, actor: Actor, user_id: int, active: bool) -> User:
    """Disable or re-enable a login; disabling ends all of its sessions at once."""
    with write_session() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(f"user {user_id}")
        if not active and not may_disable_account(actor, user):
            raise InvalidInput("You cannot disable your own account.")
        user.active = active
        session.add(user)
        if not active:
            revoke_user_sessions(session, user.id, "user disabled")
        _audit(
            session, actor, "enable_user" if active else "disable_user", detail=f"user {user.id}"
        )
        return user


def _valid_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(f"Unknown time zone {name!r}; use a name like America/Chicago.") from exc
    return name


@action("register_patient")
def register_patient(
    *,
    actor: Actor,
    given_name: str,
    family_name: str,
    date_of_birth: date,
    record_number: str,
    timezone: str,
    phone: str | None = None,
    email: str | None = None,
    preferred_contact: str = "phone",
    emergency_contact: str | None = None,
    user_id: int | None = None,
    now: datetime | None = None,
) -> Patient:
    """Register the person (apart from their login) and optionally link their patient login."""
    now = now or utcnow()
    given_name = _text("a given name", given_name, 80, required=True)
    family_name = _text("a family name", family_name, 80, required=True)
    record_number = _text("a record number", record_number, 40, required=True)
    if not isinstance(date_of_birth, date) or not date(1900, 1, 1) <= date_of_birth <= now.date():
        raise InvalidInput("Please enter a real date of birth.")
    if preferred_contact not in ("phone", "text", "email"):
        raise InvalidInput("Preferred contact must be phone, text or email.")
    timezone = _valid_timezone(timezone)
    with write_session() as session:
        if session.exec(select(Patient.id).where(Patient.record_number == record_number)).first():
            raise InvalidInput("A patient with that record number already exists.")
        if user_id is not None:
            user = session.get(User, user_id)
            if user is None or "patient" not in user.roles:
                raise InvalidInput("The linked login must exist and have the patient role.")
            if session.exec(select(Patient.id).where(Patient.user_id == user_id)).first():
                raise InvalidInput("That login already belongs to another patient.")
        patient = Patient(
            user_id=user_id,
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            record_number=record_number,
            phone=_text("a phone number", phone, 40),
            email=_text("an e-mail address", email, 254),
            preferred_contact=preferred_contact,
            emergency_contact=_text("an emergency contact", emergency_contact, 200),
            timezone=timezone,
        )
        session.add(patient)
        session.flush()
        _audit(session, actor, "register_patient", patient.id)
        return patient


@action("enrol_patient")
def enrol_patient(
    *,
    actor: Actor,
    patient_id: int,
    program_slug: str,
    start_date: date,
    coordinator_id: int,
    clinician_id: int,
    now: datetime | None = None,
) -> Enrolment:
    """Enrol a patient in a program from a start date, with a coordinator and a clinician."""
    now = now or utcnow()
    with write_session() as session:
        if session.get(Patient, patient_id) is None:
            raise NotFound(f"patient {patient_id}")
        program = session.exec(select(Program).where(Program.slug == program_slug)).first()
        if program is None:
            raise InvalidInput("Unknown program.")
        if current_enrolment(session, patient_id) is not None:
            raise InvalidInput("This patient is already enrolled.")
        for user_id, role in ((coordinator_id, "coordinator"), (clinician_id, "clinician")):
            staff = session.get(User, user_id)
            if staff is None or role not in staff.roles or not staff.active:
                raise InvalidInput(f"Please choose an active {role}.")
        enrolment = Enrolment(patient_id=patient_id, program_id=program.id, start_date=start_date)
        session.add(enrolment)
        for user_id, role in ((coordinator_id, "coordinator"), (clinician_id, "clinician")):
            session.add(
                CareTeamMember(
                    patient_id=patient_id, user_id=user_id, role=role, from_date=now.date()
                )
            )
        session.flush()
        _audit(session, actor, "enrol_patient", patient_id)
        return enrolment


# --- accounts and sessions (HIPAA person authentication; OWASP ASVS V6, V7) -------------------

VIEW_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,29}$")
SAME_PASSWORD = "Please choose a new password, not the one you have now."


def _audit_outcome(session: Session, actor: Actor, name: str, outcome: str, detail: str) -> None:
    record(
        session,
        actor=AuditActor(actor.user_id, actor.username),
        action=name,
        outcome=outcome,
        detail=detail,
    )


def _new_password_hash(new_password: str, actor: Actor) -> str:
    """Apply the password policy (before any transaction: hashing is slow on purpose)."""
    if problems := password_problems(
        new_password, user_inputs=[actor.username, actor.display_name]
    ):
        raise InvalidInput(" ".join(problems))
    return hash_password(new_password)


@action("change_password")
def change_password(
    *,
    actor: Actor,
    current_password: str | None,
    new_password: str,
    keep_session_id: int | None,
    settings: Settings | None = None,
) -> User:
    """Set a password the user chose; every other session of theirs ends (a copied cookie too).

    ``current_password`` may be None only while the user must replace a temporary password: they
    typed it to log in a moment ago, and the app does not keep it.
    """
    settings = settings or load_settings()
    if current_password is not None and new_password == current_password:
        raise InvalidInput(SAME_PASSWORD)
    new_hash = _new_password_hash(new_password, actor)
    with read_session() as session:
        user = session.get(User, actor.user_id)
    if user is None or not user.active:
        raise AccessDenied("change_password")
    if current_password is None and not user.must_change_password:
        raise InvalidInput("Please enter your current password.")
    if current_password is None and verify_password(new_password, user.password_hash):
        raise InvalidInput(SAME_PASSWORD)
    right = current_password is None or verify_password(current_password, user.password_hash)
    now = utcnow()
    with write_session() as session:
        user = session.get(User, actor.user_id)
        if is_locked(user, now):
            refusal = "Too many tries. Please wait a while, then try again."
            _audit_outcome(session, actor, "change_password", "refused", "account locked")
        elif not right:
            refusal = "Your current password is not right. Please try again."
            detail = note_wrong_password(session, user, settings, now)
            _audit_outcome(session, actor, "change_password", "failed", detail)
        else:
            user.password_hash = new_hash
            user.must_change_password = False
            user.password_changed_at = now
            user.failed_logins = 0
            session.add(user)
            ended = revoke_user_sessions(session, user.id, "password changed", keep=keep_session_id)
            expire_reset_tokens(session, user.id, now)
            _audit(session, actor, "change_password", detail=f"{ended} other sessions ended")
            return user
    raise InvalidInput(refusal)


@action("issue_temporary_password")
def issue_temporary_password(*, actor: Actor, user_id: int, now: datetime | None = None) -> str:
    """Give a login a random temporary password, returned once to show to the staff member.

    Admins may do this for anyone; a coordinator only for the patient login of a patient on their
    care team. The person must choose their own password at the next login, and every session
    they had ends. Only the hash is stored; the password is never logged.
    """
    now = now or utcnow()
    temporary = temporary_password()
    password_hash = hash_password(temporary)
    with write_session() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(f"user {user_id}")
        if not may_issue_temporary_password(session, actor, user, _staff_today(now)):
            raise NotFound(f"user {user_id}")
        patient_id = session.exec(select(Patient.id).where(Patient.user_id == user.id)).first()
        if user.id == actor.user_id:
            raise InvalidInput("To change your own password, use the form on your account page.")
        user.password_hash = password_hash
        user.must_change_password = True
        user.password_changed_at = now
        user.failed_logins = 0
        user.locked_until = None
        session.add(user)
        ended = revoke_user_sessions(session, user.id, "temporary password")
        expire_reset_tokens(session, user.id, now)
        _audit(
            session,
            actor,
            "issue_temporary_password",
            patient_id,
            f"user {user.id}; {ended} sessions ended",
        )
    return temporary


@action("end_login_session")
def end_login_session(*, actor: Actor, session_id: int) -> LoginSession:
    """End one live session (its cookie stops working at the next click)."""
    with write_session() as session:
        row = session.get(LoginSession, session_id)
        if row is None:
            raise NotFound(f"session {session_id}")
        if row.revoked_at is not None:
            raise InvalidInput("That session has already ended.")
        row.revoked_at, row.revoked_reason = utcnow(), "ended by admin"
        session.add(row)
        _audit(
            session, actor, "end_login_session", detail=f"session {row.id} of user {row.user_id}"
        )
        return row


@action("end_user_sessions")
def end_user_sessions(*, actor: Actor, user_id: int) -> int:
    """End every live session of one user; returns how many ended."""
    with write_session() as session:
        if session.get(User, user_id) is None:
            raise NotFound(f"user {user_id}")
        ended = revoke_user_sessions(session, user_id, "ended by admin")
        _audit(
            session, actor, "end_user_sessions", detail=f"user {user_id}; {ended} sessions ended"
        )
        return ended


@action("record_view")
def record_view(*, actor: Actor, patient_id: int, view: str, now: datetime | None = None) -> None:
    """Audit that a staff member opened one patient's record (pages call it once per view)."""
    now = now or utcnow()
    if not VIEW_NAME_RE.match(view or ""):
        raise InvalidInput("Unknown view.")
    with write_session() as session:
        require_patient(session, actor, "record_view", patient_id, _staff_today(now))
        _audit(session, actor, "record_view", patient_id, f"view {view}")
