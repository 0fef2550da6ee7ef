"""Today after week 12: the maintenance plan in plain words, then what is due (check-in, questions),
and the one-page "my plan from here" PDF (made only when downloaded)."""

from __future__ import annotations

import streamlit as st

from core.clock import utcnow
from db.access import Actor
from db.queries import my_plan_from_here
from export.plan_from_here import plan_from_here_pdf
from program import maintenance_wording as m
from program import plan_from_here_wording as pw
from program import wording as w
from program.curriculum import DayPlan
from program.measures import weeks_until_due
from program.vocabulary import QuestionnaireCode

TAP_TARGET = (
    "<style>.st-key-plan-from-here [data-testid='stDownloadButton'] button "
    "{ min-height: 48px; }</style>"
)


def my_plan_file(actor: Actor) -> bytes:
    """The patient's one-page plan from here as PDF bytes."""
    return plan_from_here_pdf(my_plan_from_here(actor=actor))


def maintenance_plan(plan: DayPlan, actor: Actor) -> None:
    st.success(f"**{w.FINISHED_TITLE}** {w.FINISHED_TEXT}", icon=":material/celebration:")
    lines = m.plan_lines(weeks_until_due(QuestionnaireCode.PHQ9, plan.week))
    st.markdown(f"**{m.PLAN_TITLE}**\n\n" + "\n".join(f"- {line}" for line in lines))
    st.html(TAP_TARGET)
    with st.container(key="plan-from-here"):
        st.download_button(
            pw.BUTTON,
            data=lambda: my_plan_file(actor),
            file_name=f"my-plan-from-here-{utcnow():%Y-%m-%d}.pdf",
            mime="application/pdf",
            icon=":material/download:",
            width="stretch",
            key="my-plan-from-here",
        )
