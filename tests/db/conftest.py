"""Database tests run on PostgreSQL, on a database migrated by Alembic from empty.
Each test runs inside a transaction that is rolled back at its end (savepoints inside),
so no test sees another's rows. Tests that need several real connections use
``committing_engine`` instead, whose tables are emptied afterwards."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from cocohop.db.migrations import upgrade_to_head
from tests.conftest import create_test_database, drop_test_database


@pytest.fixture(scope="session")
def database_url():
    url = create_test_database("db")
    upgrade_to_head(url)
    yield url
    drop_test_database(url)


@pytest.fixture(scope="session")
def engine(database_url):
    engine = sa.create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with engine.connect() as connection:
        outer = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False) as session:
            yield session
        outer.rollback()


@pytest.fixture
def committing_engine(engine):
    yield engine
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


def make_scope(session: Session, slug: str, role: str = "admin"):
    """An agency with one designer, and the scope of that designer."""
    from cocohop.db.tables import Agency, Designer
    from cocohop.services.auth import Scope

    agency = Agency(name=slug.title(), slug=slug)
    session.add(agency)
    session.flush()
    designer = Designer(agency_id=agency.id, email=f"{role}@{slug}.example", name=f"{role} of {slug}", role=role)
    session.add(designer)
    session.flush()
    return Scope(agency_id=agency.id, designer_id=designer.id, role=role, name=designer.name, email=designer.email)
