"""Bad input gets a clear answer: random text, numbers, dates, time zones and lengths at every
registered action (db.actions.ACTIONS, arguments from each signature) with every persona of the
access matrix. The only acceptable failures are InvalidInput (a message the user can act on) and
AccessDenied/NotFound; and nothing invalid is ever stored.
"""

from __future__ import annotations

import contextlib
import inspect
import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, String, select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from db.access import AccessDenied
from db.actions import ACTIONS, InvalidInput
from db.actions.check_ins import check_in_draft_answers
from db.engine import get_engine
from db.models import CheckInDraft
from program.vocabulary import PlanEventKind
from program.warning_signs import WARNING_SIGNS
from tests.utils import actor_for
from tests.utils.personas import PERSONAS, USERNAMES, World, build_world

ZONES = sorted(available_timezones())
CONTROL = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r")

# Text of every shape: empty, blank, Unicode, control characters, markup, far too long.
TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=CONTROL + "ab <>&*_[]()!", max_size=20),
    st.builds(lambda ch, n: ch * n, st.characters(), st.integers(60, 5000)),
    st.sampled_from(["", "   ", "<img src=x onerror=alert(1)>", "![x](https://evil.test/p.png)"]),
)
NUMBER = st.one_of(
    st.integers(-3, 13), st.integers(), st.floats(allow_nan=True, allow_infinity=True)
)
MOMENT = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.timezones()
)
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    NUMBER,
    TEXT,
    st.dates(),
    MOMENT,
    st.lists(TEXT, max_size=4),
    st.dictionaries(TEXT, NUMBER | TEXT, max_size=3),
)
ZONE = st.one_of(st.sampled_from(ZONES), st.sampled_from(["", "Mars/Olympus", "UTC+25", "../etc"]))


def plausible(name: str, annotation: str, world: World) -> st.SearchStrategy[object]:
    """Values near the real ones (to get past the first check), by parameter name or type."""
    ids = st.integers(-2, 40)
    by_name: dict[str, st.SearchStrategy[object]] = {
        "instrument": st.sampled_from(["PEG", "PHQ9", "GAD7", "CSI", "peg", "XYZ"]),
        "answers": st.dictionaries(
            st.sampled_from([str(n) for n in range(0, 12)]) | TEXT, NUMBER | TEXT, max_size=10
        ),
        "warning_signs": st.lists(
            st.sampled_from([s.key for s in WARNING_SIGNS]) | TEXT, max_size=4
        ),
        "kind": st.sampled_from(list(PlanEventKind)) | TEXT,
        "timezone": ZONE,
        "roles": st.lists(
            st.sampled_from(["admin", "clinician", "coordinator", "patient", "root"]), max_size=3
        ),
        "hours": st.dictionaries(
            st.sampled_from(["mon", "tue", "sun", "xyz"]) | TEXT,
            st.lists(st.lists(st.sampled_from(["08:00", "17:00", "25:99", "noon"]) | TEXT)),
            max_size=3,
        ),
        "goals": st.lists(TEXT, max_size=5),
        "check_answers": st.lists(NUMBER, max_size=4),
        "program_slug": st.sampled_from(["recalibrate-12"]) | TEXT,
        "patient_id": st.sampled_from([world.ana.id]) | ids,
        "now": st.none() | MOMENT,
    }
    by_type: dict[str, st.SearchStrategy[object]] = {
        "int": ids,
        "int | None": st.none() | ids,
        "str": TEXT,
        "str | None": st.none() | TEXT,
        "bool": st.booleans(),
        "date": st.dates(),
        "date | None": st.none() | st.dates(),
    }
    if name in by_name:
        return by_name[name]
    return by_type.get(annotation, JUNK)


def arguments(fn: object, world: World) -> st.SearchStrategy[dict[str, object]]:
    params = {
        name: st.one_of(plausible(name, str(p.annotation), world), JUNK)
        for name, p in inspect.signature(fn).parameters.items()
        if name not in {"actor", "settings"}
    }
    params["settings"] = st.just(world.settings)
    accepted = set(inspect.signature(fn).parameters)
    return st.fixed_dictionaries({k: v for k, v in params.items() if k in accepted})


def _is_text(column: Column) -> bool:
    # String, or a type stored as one (SQLModel's AutoString)
    return isinstance(column.type, String) or isinstance(getattr(column.type, "impl", None), String)


def invalid_rows() -> list[str]:
    """Stored values no action may write: over-long or NUL text, out-of-range answers, bad zones."""
    found: list[str] = []
    sqlite = get_engine().dialect.name == "sqlite"
    with get_engine().connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            columns = [c for c in table.columns if _is_text(c)]
            if not columns:
                continue
            # PostgreSQL refuses NUL in text outright; SQLite stores it, so look for it there.
            nul = "OR instr(CAST(\"{}\" AS BLOB), x'00') > 0" if sqlite else ""
            checks = ", ".join(
                f'sum(CASE WHEN length("{c.name}") > {getattr(c.type, "length", None) or 10**6} '
                f"{nul.format(c.name)} THEN 1 ELSE 0 END)"
                for c in columns
            )
            sums = conn.execute(text(f'SELECT {checks} FROM "{table.name}"')).one()  # noqa: S608
            found += [
                f"{table.name}.{c.name}: {n} row(s) too long or with NUL"
                for c, n in zip(columns, sums, strict=True)
                if n
            ]
        ranges = (
            "pain NOT BETWEEN 0 AND 10 OR sleep_quality NOT BETWEEN 1 AND 5 "
            "OR mood NOT BETWEEN 1 AND 5 OR stress NOT BETWEEN 1 AND 5"
        )
        if conn.execute(text(f"SELECT count(*) FROM checkin WHERE {ranges}")).scalar_one():  # noqa: S608
            found.append("checkin: an answer out of range")
        for (draft,) in conn.execute(select(CheckInDraft.answers)):
            try:
                check_in_draft_answers(draft)
            except InvalidInput as exc:
                found.append(f"checkindraft.answers: {exc}")
        for table in ("patient", "clinic"):
            for (zone,) in conn.execute(text(f"SELECT timezone FROM {table}")):  # noqa: S608
                try:
                    ZoneInfo(zone)
                except Exception:  # noqa: BLE001
                    found.append(f"{table}.timezone: {zone!r} is not a time zone")
    return found


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_it_answers_random_input_to_every_action_with_a_clear_message(world, name):
    actors = {persona: actor_for(USERNAMES[persona]) for persona in PERSONAS}
    fn = ACTIONS[name]

    @settings(
        max_examples=int(os.environ.get("BAD_INPUT_EXAMPLES", "30")),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(persona=st.sampled_from(PERSONAS), kwargs=arguments(fn, world))
    def run(persona: str, kwargs: dict[str, object]) -> None:
        with contextlib.suppress(InvalidInput, AccessDenied):
            fn(actor=actors[persona], **kwargs)
        assert invalid_rows() == []

    run()


def test_it_catches_a_stored_out_of_range_answer(world):
    # The check above must be able to fail. The database itself refuses a check-in with a pain of
    # 11 (0007's CHECKs); JSON answers are only checked by the actions, so one written past them
    # into a check-in draft is what the check must find.
    with pytest.raises(IntegrityError), get_engine().begin() as conn:
        conn.execute(
            text(
                "INSERT INTO checkin (patient_id, local_date, pain, sleep_quality, mood, stress, "
                "flare, medicines_changed, anything_new, warning_signs, created_at, updated_at) "
                "VALUES (:p, :d, 11, 3, 3, 3, false, false, false, '[]', :t, :t)"
            ),
            {"p": world.ana.id, "d": date(2026, 3, 18), "t": datetime(2026, 3, 18, tzinfo=UTC)},
        )
    with get_engine().begin() as conn:
        conn.execute(
            text(
                "INSERT INTO checkindraft (patient_id, local_date, answers, updated_at) "
                "VALUES (:p, :d, :a, :t)"
            ),
            {
                "p": world.ana.id,
                "d": date(2026, 3, 18),
                "a": '{"pain": 11}',
                "t": datetime(2026, 3, 18, tzinfo=UTC),
            },
        )
    assert invalid_rows() == ["checkindraft.answers: Please choose your pain from 0 to 10."]


def test_it_refuses_control_characters_and_wrong_types_with_a_plain_message(world):
    from db.actions import acknowledge_flag, record_check_in

    coordinator = actor_for("coord-on")
    with pytest.raises(InvalidInput, match="unusual characters from the note"):
        acknowledge_flag(actor=coordinator, flag_id=1, note="called\x00back")
    with pytest.raises(InvalidInput, match=r"not filled in as expected \(pain\)"):
        record_check_in(
            actor=actor_for("ana"),
            pain="7",
            sleep_quality=3,
            mood=3,
            stress=3,
            flare=False,
            medicines_changed=False,
        )
    assert invalid_rows() == []
