"""The spelling helpers of bench/panel_best_sql.py: where SQLite and PostgreSQL write the same
thing differently (dates, rounding, ``%``, ``greatest``), integer floor division, and the
questionnaire schedule as rows. Split out to keep that file's statement readable."""

from __future__ import annotations

from datetime import date

from program.defaults import DEFAULTS
from program.measures import SCHEDULE


def quoted(values) -> str:
    """A SQL list of vocabulary words (StrEnum values from program/vocabulary.py, never input)."""
    return ", ".join(f"'{str(v)}'" for v in values)


class Dialect:
    """The few places where the two engines spell the same thing differently."""

    def __init__(self, name: str):
        self.name = name
        self.ph = "?" if name == "sqlite" else "%s"

    def days(self, later: str, earlier: str) -> str:
        """later - earlier in whole days (NULL if either is)."""
        if self.name == "sqlite":
            return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
        return f"({later} - {earlier})"

    def plus(self, day: str, n: int) -> str:
        if self.name == "sqlite":
            return f"date({day}, '+{n} days')"
        return f"({day} + {n})"

    def mean(self, col: str) -> str:
        """Mean of an integer column as a double, NULL with fewer check-ins than a mean needs."""
        return (
            f"CASE WHEN count(*) >= {DEFAULTS.pain_min_days} "
            f"THEN CAST(sum({col}) AS DOUBLE PRECISION) / count(*) END"
            if self.name == "postgresql"
            else f"CASE WHEN count(*) >= {DEFAULTS.pain_min_days} "
            f"THEN CAST(sum({col}) AS REAL) / count(*) END"
        )

    def round(self, x: str, digits: int) -> str:
        """Round half to even at ``digits`` decimals, as numpy does (rint(x * 10**d) / 10**d)."""
        k = 10**digits
        if self.name == "postgresql":  # round(double precision) is rint: half to even
            return f"(round(CAST({x} AS DOUBLE PRECISION) * {k}) / {k})"
        y = f"(({x}) * {k})"
        t = f"CAST({y} AS INTEGER)"  # towards zero; floor() is a Python callback (see fdiv)
        low = f"(CASE WHEN {y} < {t} THEN {t} - 1 ELSE {t} END)"
        return (
            f"((CASE WHEN {y} IS NULL THEN NULL WHEN {y} - {low} = 0.5 "
            f"THEN {low} + (abs({low}) % 2) ELSE round({y}) END) / {k}.0)"
        )

    def text(self, value: str) -> str:
        """A constant string (program vocabulary, never input); psycopg wants ``%`` doubled."""
        return "'" + (value.replace("%", "%%") if self.name == "postgresql" else value) + "'"

    def mod(self, a: str, b: str) -> str:
        return f"({a} % {b})" if self.name == "sqlite" else f"MOD({a}, {b})"

    def greatest0(self, x: str) -> str:
        return f"max(0, {x})" if self.name == "sqlite" else f"GREATEST(0, {x})"


def schedule_rows() -> list[tuple[str, int | None, int | None]]:
    """(instrument, every N weeks, or one fixed week) for program weeks 1 on (SCHEDULE)."""
    rows = []
    for code, weeks in SCHEDULE.items():
        if isinstance(weeks, int):
            rows.append((str(code), weeks, None))
        else:
            rows.extend((str(code), None, w) for w in sorted(weeks) if w >= 1)
    return rows


def fdiv(n: str, k: int) -> str:
    """floor(n / k) for a whole number n and k > 0, in integer arithmetic (both engines divide
    integers towards zero; SQLAlchemy's SQLite connections swap floor() for Python's)."""
    return f"(CASE WHEN ({n}) >= 0 THEN ({n}) / {k} ELSE -(({k - 1} - ({n})) / {k}) END)"


def ceil7(n: str) -> str:
    return f"(-{fdiv(f'-({n})', 7)})"


def date_param(d: Dialect, ph: str) -> str:
    return ph if d.name == "sqlite" else f"CAST({ph} AS DATE)"


def day_param(d: Dialect, day: date):
    return day.isoformat() if d.name == "sqlite" else day
