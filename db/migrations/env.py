"""Alembic environment: the target is SQLModel's metadata, the URL comes from DATABASE_URL."""

from alembic import context
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers the tables)
from db.engine import engine_for, get_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=str(get_engine().url), target_metadata=target_metadata, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = config.attributes.get("url")
    engine = engine_for(url) if url else get_engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
