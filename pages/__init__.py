"""Screens, by role in subfolders. Nothing else lives at this level: Streamlit's old multipage
mode would run a top-level pages/*.py on its own, without the login gate in app.py."""
