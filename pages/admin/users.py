"""Users and enrolment: create logins, register patients, enrol them with a care team."""

from datetime import date

import streamlit as st

from core.passwords import MAX_LENGTH as PASSWORD_MAX
from db.actions import (
    ROLE_CHOICES,
    InvalidInput,
    create_user,
    enrol_patient,
    link_patient_login,
    register_patient,
)
from db.approvals import ApprovalRequested
from db.models import Patient, User, max_length
from db.queries import admin_overview
from pages.shell.common import current_actor, view_token
from pages.shell.password_forms import SECOND_ADMIN
from pages.shell.plain import plain
from program.vocabulary import Role

actor = current_actor()
st.title("Users and enrolment")
overview = admin_overview(actor=actor, view=view_token())
if flash := st.session_state.pop("admin_flash", None):
    st.success(plain(flash))
users_tab, patients_tab, enrol_tab = st.tabs(["Users", "Patients", "Enrol"])


def _attempt(fn, success: str, **kwargs) -> None:  # noqa: ANN001
    try:
        result = fn(actor=actor, **kwargs)
    except InvalidInput as exc:
        st.error(str(exc))
    else:
        # Rerun so every list on the page (logins, unenrolled patients) includes what was just made.
        if isinstance(result, ApprovalRequested):
            success = SECOND_ADMIN.format(summary=result.summary)
        st.session_state["admin_flash"] = success
        st.rerun()


with users_tab:
    st.dataframe(overview.users, hide_index=True, width="stretch")
    with st.form("create-user", clear_on_submit=False):
        st.markdown("**Create a user**")
        username = st.text_input("Username", max_chars=max_length(User, "username"))
        display_name = st.text_input("Display name", max_chars=max_length(User, "display_name"))
        email = st.text_input("E-mail (optional)", max_chars=max_length(User, "email"))
        # One allowed combination, never a free multi-select: a patient is never also staff.
        role_label = st.selectbox("Role", list(ROLE_CHOICES), index=None, placeholder="Choose")
        temporary = st.text_input(
            "Temporary password",
            type="password",
            max_chars=PASSWORD_MAX,
            help=(
                "At least 12 characters. They choose their own at first login. A staff login "
                "waits for a second admin when there is one: that admin gets a new temporary "
                "password to give them, and this one is not kept."
            ),
        )
        clinic_wide = st.checkbox("Clinic-wide access (staff who see every patient)")
        if st.form_submit_button("Create user", type="primary"):
            _attempt(
                create_user,
                f"User {username.strip().lower()} created.",
                username=username,
                display_name=display_name,
                email=email,
                roles=ROLE_CHOICES.get(role_label, ()),
                temporary_password=temporary,
                clinic_wide=clinic_wide,
            )

with patients_tab:
    st.dataframe(overview.patients, hide_index=True, width="stretch")
    with st.form("register-patient"):
        st.markdown("**Register a patient**")
        given = st.text_input("Given name", max_chars=max_length(Patient, "given_name"))
        family = st.text_input("Family name", max_chars=max_length(Patient, "family_name"))
        dob = st.date_input(
            "Date of birth", value=None, min_value=date(1900, 1, 1), max_value=date.today()
        )
        record_number = st.text_input(
            "Record number", max_chars=max_length(Patient, "record_number")
        )
        phone = st.text_input("Phone", max_chars=max_length(Patient, "phone"))
        email = st.text_input("E-mail", max_chars=max_length(Patient, "email"), key="patient-email")
        contact = st.selectbox("Preferred contact", ["phone", "text", "email"])
        emergency = st.text_input(
            "Emergency contact (name and phone)",
            max_chars=max_length(Patient, "emergency_contact"),
        )
        timezone = st.text_input(
            "Time zone",
            value="America/New_York",
            max_chars=max_length(Patient, "timezone"),
            help="An IANA name like America/Chicago.",
        )
        login = st.selectbox(
            "Patient login",
            [None, *overview.patient_logins],
            format_func=lambda u: "None yet" if u is None else u[1],
        )
        if st.form_submit_button("Register patient", type="primary"):
            if dob is None:
                st.error("Please enter a date of birth.")
            else:
                _attempt(
                    register_patient,
                    f"{given} {family} registered.",
                    given_name=given,
                    family_name=family,
                    date_of_birth=dob,
                    record_number=record_number,
                    phone=phone,
                    email=email,
                    preferred_contact=contact,
                    emergency_contact=emergency,
                    timezone=timezone.strip(),
                    user_id=login[0] if login else None,
                )

    st.markdown("**Give a patient their login**")
    if not overview.patients_without_login:
        st.markdown("Every registered patient has a login.")
    elif not overview.patient_logins:
        st.markdown("Create a login with the role Patient first (Users tab), then link it here.")
    else:
        with st.form("link-login"):
            who = st.selectbox(
                "Patient without a login",
                overview.patients_without_login,
                format_func=lambda p: p[1],
            )
            new_login = st.selectbox(
                "Patient login to give them", overview.patient_logins, format_func=lambda u: u[1]
            )
            if st.form_submit_button("Give this login", type="primary"):
                _attempt(
                    link_patient_login,
                    f"{who[1]} can now log in as {new_login[1]}.",
                    patient_id=who[0],
                    user_id=new_login[0],
                )

with enrol_tab:
    unenrolled = (
        overview.patients[overview.patients["status"] == "not enrolled"]
        if not overview.patients.empty
        else overview.patients
    )
    if unenrolled.empty:
        st.info("Every registered patient is enrolled.")
    else:
        with st.form("enrol"):
            patient_id = st.selectbox(
                "Patient",
                unenrolled["id"].tolist(),
                format_func=lambda i: unenrolled.set_index("id").loc[i, "name"],
            )
            program = st.selectbox("Program", overview.programs, format_func=lambda p: p[1])
            start = st.date_input("Start date", value=date.today())
            coordinator = st.selectbox(
                "Care coordinator", overview.staff[Role.COORDINATOR], format_func=lambda s: s[1]
            )
            clinician = st.selectbox(
                "Clinician", overview.staff[Role.CLINICIAN], format_func=lambda s: s[1]
            )
            if st.form_submit_button("Enrol", type="primary"):
                if not (program and coordinator and clinician):
                    st.error("Please choose a program, a coordinator and a clinician.")
                else:
                    _attempt(
                        enrol_patient,
                        "Patient enrolled.",
                        patient_id=int(patient_id),
                        program_slug=program[0],
                        start_date=start,
                        coordinator_id=coordinator[0],
                        clinician_id=clinician[0],
                    )
