"""The floor for bench/patient_pages.py: a Streamlit page with a title and one line, no database."""

import streamlit as st

st.title("A bare page")
st.write("One line of text, as a rerun of the smallest page costs.")
