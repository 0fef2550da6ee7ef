"""An id no row can have (beyond an INTEGER column) is "not found", never a database error.

PostgreSQL refused to compare an INTEGER id with 2**31 ("integer out of range"): the bad-input
test found it for end_user_sessions, and every action taking an id had it (db/actions/arguments.py).
"""

from __future__ import annotations

import pytest

from db.access import AccessDenied
from db.actions import ACTIONS
from tests.utils import actor_for
from tests.utils.personas import USERNAMES, build_world

TOO_LARGE = (2**31, 2**40, 2**63 - 1)
ID_ACTIONS = sorted(
    (name, param)
    for name, fn in ACTIONS.items()
    for param in fn.__wrapped__.__wrapped__.__code__.co_varnames[
        : fn.__wrapped__.__wrapped__.__code__.co_kwonlyargcount
    ]
    if param.endswith("_id")
)


def test_it_knows_which_actions_take_a_row_id():
    assert ("end_user_sessions", "user_id") in ID_ACTIONS
    assert ("approve_admin_request", "approval_id") in ID_ACTIONS


@pytest.mark.parametrize(("name", "param"), ID_ACTIONS)
def test_it_answers_an_id_beyond_any_row_as_not_found(db, frozen, name, param):
    world = build_world()
    admin = actor_for(USERNAMES["admin"])
    for value in TOO_LARGE:
        with pytest.raises(AccessDenied):
            ACTIONS[name](actor=admin, **{param: value}, **_others(name, param, world))


def _others(name: str, param: str, world) -> dict[str, object]:  # noqa: ANN001
    """The other required arguments, plausible, so that only the id is wrong."""
    fn = ACTIONS[name].__wrapped__.__wrapped__
    required = fn.__code__.co_varnames[: fn.__code__.co_kwonlyargcount]
    defaults = fn.__kwdefaults__ or {}
    values = {"patient_id": world.ana.id, "user_id": world.ana_user_id, "active": False}
    return {
        p: values.get(p, 1) for p in required if p not in ("actor", param) and p not in defaults
    }
