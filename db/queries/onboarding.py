"""Where the patient is in onboarding: consent, goals, the baseline steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.clock import utcnow
from db.access import Actor
from db.baseline import active_goals, baseline_pain, fresh_drafts, progress_for
from db.engine import read_session
from db.lookups import current_enrolment
from db.queries import query
from db.queries.common import own_patient
from program.onboarding import CONSENT_VERSION, OnboardingProgress, onboarding_screen


@dataclass(frozen=True)
class OnboardingState:
    patient_name: str
    consent_version: str  # the version the page shows and give_consent expects
    consented: bool
    goals: tuple[str, ...]
    progress: OnboardingProgress
    enrolled: bool
    in_baseline: bool  # enrolled and started, week 1 not begun yet: Today shows the steps
    week1_start: date | None
    baseline_pain_mean: float | None
    drafts: dict[str, int]  # instrument -> answers saved so far

    @property
    def needs_consent(self) -> bool:
        return not self.consented

    @property
    def screen(self) -> str:
        """consent, goals, baseline or done."""
        return onboarding_screen(self.progress, week1_started=self.week1_start is not None)


@query("onboarding_state")
def onboarding_state(*, actor: Actor, now: datetime | None = None) -> OnboardingState:
    """Consent, goals, the baseline steps and half-done questionnaires of the acting patient."""
    now = now or utcnow()
    with read_session() as session:
        patient, day = own_patient(session, actor, "onboarding_state", now)
        enrolment = current_enrolment(session, patient.id)
        progress = progress_for(session, patient.id, enrolment, day)
        in_baseline = (
            enrolment is not None and enrolment.week1_start is None and day >= enrolment.start_date
        )
        return OnboardingState(
            patient_name=patient.given_name,
            consent_version=CONSENT_VERSION,
            consented=progress.consented,
            goals=tuple(g.text for g in active_goals(session, patient.id)),
            progress=progress,
            enrolled=enrolment is not None,
            in_baseline=in_baseline,
            week1_start=enrolment.week1_start if enrolment else None,
            baseline_pain_mean=baseline_pain(session, patient.id, enrolment, day)
            if enrolment
            else None,
            drafts={
                code: len(d.answers) for code, d in fresh_drafts(session, patient.id, now).items()
            },
        )
