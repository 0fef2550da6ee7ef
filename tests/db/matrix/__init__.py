"""Access-matrix rows by capability: one module per capability added after the first matrix.

Each module defines ``EXPECTED`` (name -> row from tests.utils.matrix) and ``CALLS`` (name -> an
example call ``(actor, world) -> result`` against Ana's record), and may define ``SHOWS_ANA`` and
``NAMES_A_RECORD``; tests/db/test_access_matrix.py merges them and refuses a name given twice.
"""
