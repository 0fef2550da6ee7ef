"""Today after week 12: the maintenance plan in plain words, then what is due (check-in, questions)."""

from __future__ import annotations

import streamlit as st

from program import maintenance_wording as m
from program import wording as w
from program.curriculum import DayPlan
from program.measures import weeks_until_due
from program.vocabulary import QuestionnaireCode


def maintenance_plan(plan: DayPlan) -> None:
    st.success(f"**{w.FINISHED_TITLE}** {w.FINISHED_TEXT}", icon=":material/celebration:")
    lines = m.plan_lines(weeks_until_due(QuestionnaireCode.PHQ9, plan.week))
    st.markdown(f"**{m.PLAN_TITLE}**\n\n" + "\n".join(f"- {line}" for line in lines))
