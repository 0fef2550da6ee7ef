"""The reading grade the tests hold patient text to: the app's own (program/readability.py)."""

from program.readability import GRADE_LIMIT, fk_grade

__all__ = ["GRADE_LIMIT", "fk_grade"]
