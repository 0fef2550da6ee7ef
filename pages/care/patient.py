"""Patient detail: one patient's record for their care team, reached from the panel or a flag
(``?patient=<id>``). One query (audited once per view); each data kind is a section below."""

import streamlit as st

from db.access import NotFound
from db.queries import patient_detail
from pages.care.patient_sections import SECTIONS
from pages.shell.common import current_actor, view_token
from pages.shell.page_table import may_open
from pages.shell.plain import plain

PLAN = "pages/care/plan.py"
actor = current_actor()
raw = st.query_params.get("patient", "")
if not raw.isdigit():
    st.title("Patient")
    st.info("Choose a patient on the panel or in the flag queue.")
    st.page_link("pages/care/panel.py", label="Open the panel", icon=":material/groups:")
    st.stop()
try:
    detail = patient_detail(actor=actor, patient_id=int(raw), view=view_token())
except NotFound:
    st.title("Patient")
    st.warning("This patient is not on your panel.")
    st.page_link("pages/care/panel.py", label="Open the panel", icon=":material/groups:")
    st.stop()

st.title(plain(detail.contact.name))
patient = {"patient": raw}
if may_open(actor.roles, PLAN):  # clinicians change the plan beside these trends
    st.page_link(PLAN, label="Change the plan", icon=":material/stethoscope:", query_params=patient)
for section in SECTIONS:
    section(detail)
st.page_link("pages/care/panel.py", label="Back to the panel", icon=":material/groups:")
