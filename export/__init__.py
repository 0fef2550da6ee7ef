"""Records that leave the app, built purely: a view in, bytes (PDF, .ics) or JSON (FHIR) out.

Nothing here reads the database or Streamlit: ``db/queries`` builds the view, a page offers the
bytes as a download. One module per kind of record.
"""
