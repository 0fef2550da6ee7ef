"""Every action's arguments checked against its signature before it runs (the edge of ``db``).

A page, an import or a script that passes a number where text belongs, a date far outside any
program, a time without a time zone or a list of the wrong things gets ``InvalidInput`` with a
message, never a traceback from deep inside. Found by tests/db/test_bad_input.py.
"""

from __future__ import annotations

import math
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from db.access import NotFound
from db.actions import InvalidInput
from db.models.base import MAX_ROW_ID

P = ParamSpec("P")
R = TypeVar("R")

# Dates any action may store (birth dates, start dates, plan dates) and moments it may act at.
EARLIEST = date(1900, 1, 1)
# Every id and count column is INTEGER: PostgreSQL refuses 2**31 and above with a database error.
INT_LIMIT = MAX_ROW_ID + 1
LATEST = date(2200, 12, 31)
_COLLECTIONS = (list, tuple, set, frozenset)
# Control characters no form produces (tab and line breaks are fine). NUL in particular cannot be
# stored in PostgreSQL text and cuts SQLite's text functions short.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def conforms(value: object, hint: object) -> bool:
    """Whether ``value`` has the shape the annotation ``hint`` asks for (no coercion)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any or hint is object:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(conforms(value, arg) for arg in args)
    if hint is type(None):
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:  # within an INTEGER column (32 bits on PostgreSQL, where ids live)
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) < INT_LIMIT
    if hint is float:
        return (
            isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        )
    if hint is str:
        return isinstance(value, str)
    if hint is datetime:
        return isinstance(value, datetime) and value.utcoffset() is not None and _in_range(value)
    if hint is date:
        return isinstance(value, date) and not isinstance(value, datetime) and _in_range(value)
    # Inside collections only text is checked here: numbers inside (answers, quiz picks) are
    # checked by the action itself, whose message says which answer is missing.
    if origin in (dict, Mapping):
        key = args[0] if args else Any
        return isinstance(value, Mapping) and all(_text_ok(k, key) for k in value)
    if origin in (list, tuple, set, frozenset, Sequence, Iterable):
        kinds = (list, tuple) if origin in (list, tuple, Sequence) else _COLLECTIONS
        item = args[0] if args else Any
        return isinstance(value, kinds) and all(_text_ok(v, item) for v in value)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True


def _beyond_any_row(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > MAX_ROW_ID


def _text_ok(value: object, hint: object) -> bool:
    return hint is not str or isinstance(value, str)


def _in_range(value: date) -> bool:
    day = value.date() if isinstance(value, datetime) else value
    return EARLIEST <= day <= LATEST


def _strings(value: object) -> Iterable[str]:
    """Every piece of text in ``value``, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, _COLLECTIONS):
        for item in value:
            yield from _strings(item)


def checked(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` with every keyword argument checked against its type hints first."""
    hints: dict[str, object] = {}

    @wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if not hints:  # resolved on first use, when every name in the module exists
            hints.update(typing.get_type_hints(fn))
            hints.pop("return", None)
            hints.pop("actor", None)  # db.guard checks who is asking
        for name, value in kwargs.items():
            hint = hints.get(name)
            label = name.replace("_", " ")
            # An id no INTEGER column holds: "not found" (PostgreSQL would raise instead).
            if name.endswith("_id") and _beyond_any_row(value):
                raise NotFound(f"{label} {value}")
            if hint is not None and not conforms(value, hint):
                raise InvalidInput(
                    f"Something was not filled in as expected ({label}). "
                    "Please check it and try again."
                )
            if any(_CONTROL.search(text) for text in _strings(value)):
                raise InvalidInput(f"Please remove unusual characters from the {label}.")
        return fn(*args, **kwargs)

    return run
