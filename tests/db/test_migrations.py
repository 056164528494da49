"""Alembic migrations: empty database to head and back, and the tables match the models."""

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import cocohop.db.tables  # noqa: F401
from cocohop.db.migrations import alembic_config, upgrade_to_head
from tests.conftest import create_test_database, drop_test_database


def test_migrations_run_from_empty_to_head_and_match_the_models():
    url = create_test_database("migrations")
    try:
        upgrade_to_head(url)
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
            assert {"agency", "designer", "client", "trip", "day", "item"} <= tables
            differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
            assert differences == [], f"models and migrations differ: {differences}"
        # And back down to nothing, then up again: every downgrade works.
        command.downgrade(alembic_config(url), "base")
        with engine.connect() as connection:
            assert set(sa.inspect(connection).get_table_names()) <= {"alembic_version"}
        upgrade_to_head(url)
        engine.dispose()
    finally:
        drop_test_database(url)
