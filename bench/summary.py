"""The run's goals in one Markdown table at the end of ``make bench``: every figure issue 14 gives a
goal for, as each part measured it, with the goal and whether it was met."""

from __future__ import annotations

_ROWS: list[tuple[str, str, str, str, bool | None]] = []


def add(item: str, what: str, figure: str, goal: str, met: bool | None) -> None:
    """One figure of issue 14's item ``item``; ``met`` None: reported, no verdict possible."""
    _ROWS.append((item, what, figure, goal, met))


def lines(title: str) -> list[str]:
    out = [f"## {title}", "", "| item | figure | measured | goal | |", "|---|---|---:|---|---|"]
    for item, what, figure, goal, met in _ROWS:
        verdict = "" if met is None else ("met" if met else "**missed**")
        out.append(f"| {item} | {what} | {figure} | {goal} | {verdict} |")
    return out


def save(path: str) -> None:
    """This process's rows, for the run that started it (bench/background.py)."""
    import json
    from pathlib import Path

    Path(path).write_text(json.dumps(_ROWS))


def load(path: str) -> None:
    """Another process's rows, added to this run's table."""
    import json
    from pathlib import Path

    _ROWS.extend(tuple(row) for row in json.loads(Path(path).read_text()))
