"""Bring a database to the newest schema: ``python -m db.migrate`` (what ``make run`` calls)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from core.settings import ROOT, database_url
from db.engine import keep_files_private, private_sqlite_files


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["url"] = url or database_url()
    return config


def upgrade(url: str | None = None) -> None:
    """Run every migration not yet applied to the database at ``url``."""
    config = alembic_config(url)
    target = config.attributes["url"]
    private_sqlite_files(target)
    command.upgrade(config, "head")


if __name__ == "__main__":
    keep_files_private()
    upgrade()
    print("database is at the newest schema")
