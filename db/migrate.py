"""Bring a database to the newest schema: ``python -m db.migrate`` (what ``make run`` calls)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from core.settings import ROOT, database_url


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["url"] = url or database_url()
    return config


def upgrade(url: str | None = None) -> None:
    """Run every migration not yet applied to the database at ``url``."""
    config = alembic_config(url)
    target = config.attributes["url"]
    if target.startswith("sqlite:///"):
        Path(target.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(config, "head")


if __name__ == "__main__":
    upgrade()
    print("database is at the newest schema")
