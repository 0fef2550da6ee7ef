"""Admin: the clinic's contact card that patients see on Get help, in warning-sign advice and at
login. Nothing is saved unless every field is valid; what was typed stays on screen."""

import streamlit as st

from db.actions import InvalidInput, update_clinic
from db.models import Clinic, max_length
from db.queries import clinic_settings
from pages.shell.common import clinic_card, current_actor
from program.clinic_hours import LONG, WEEKDAYS, HoursError, day_text, parse_day_text

actor = current_actor()
st.title("Clinic contact card")
st.markdown(
    "Patients see this card on **Get help**, under warning-sign advice that says to call the "
    "clinic, and on the login page when they forget their password."
)

saved = clinic_settings(actor=actor)
# Filled once from what is saved; after a refused save the typed values stay as they were.
defaults = {
    "clinic-name": saved.name if saved else "",
    "clinic-phone": saved.phone if saved else "",
    "clinic-after-phone": (saved.after_hours_phone or "") if saved else "",
    "clinic-after-label": saved.after_hours_label if saved else "Nurse line, after hours",
    "clinic-tz": saved.timezone if saved else "America/New_York",
    "clinic-email": (saved.email or "") if saved else "",
    "clinic-address": (saved.address or "") if saved else "",
} | {f"clinic-{day}": day_text(saved.hours, day) if saved else "" for day in WEEKDAYS}
for key, value in defaults.items():
    st.session_state.setdefault(key, value)

with st.form("clinic"):
    name = st.text_input("Clinic name", max_chars=max_length(Clinic, "name"), key="clinic-name")
    phone = st.text_input("Clinic phone", max_chars=max_length(Clinic, "phone"), key="clinic-phone")
    after_phone = st.text_input(
        "After-hours phone (optional)",
        max_chars=max_length(Clinic, "after_hours_phone"),
        key="clinic-after-phone",
    )
    after_label = st.text_input(
        "After-hours label",
        max_chars=max_length(Clinic, "after_hours_label"),
        key="clinic-after-label",
        help="Like: Nurse line, after hours",
    )
    timezone = st.text_input(
        "Time zone",
        max_chars=max_length(Clinic, "timezone"),
        key="clinic-tz",
        help="A time zone name, like America/New_York",
    )
    st.markdown(
        "**Opening hours**, in the clinic's time zone. Use 24-hour times like `08:00-17:00`; "
        "separate two openings with a comma (`08:00-12:00, 13:00-17:00`). Leave a day blank "
        "when the clinic is closed."
    )
    typed = {day: st.text_input(LONG[day], max_chars=100, key=f"clinic-{day}") for day in WEEKDAYS}
    email = st.text_input(
        "E-mail (optional)", max_chars=max_length(Clinic, "email"), key="clinic-email"
    )
    address = st.text_input(
        "Address (optional)", max_chars=max_length(Clinic, "address"), key="clinic-address"
    )
    submitted = st.form_submit_button("Save contact card", type="primary", width="stretch")

if submitted:
    try:
        hours = {day: parse_day_text(day, text) for day, text in typed.items()}
        update_clinic(
            actor=actor,
            name=name,
            phone=phone,
            after_hours_phone=after_phone,
            after_hours_label=after_label,
            timezone=timezone,
            hours=hours,
            email=email,
            address=address,
        )
    except (InvalidInput, HoursError) as exc:
        st.error(f"Not saved. {exc}", icon=":material/error:")
    else:
        st.success("Saved. Patients now see this card:", icon=":material/check_circle:")

st.subheader("What patients see")
clinic_card()
