"""Fixtures every level shares: where ../shared is, and fresh PostgreSQL databases."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COCOHOP_SHARED_DIR", REPO.parent / "shared"))
PG_SERVER = os.environ.get("COCOHOP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


def create_test_database(label: str) -> str:
    """A new, empty database named cocohop_test_<label>_<random>; returns its URL.
    Only databases named so are ever created or dropped."""
    name = f"cocohop_test_{label}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{PG_SERVER}/{name}"


def drop_test_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    assert name.startswith("cocohop_test_")
    admin = sa.create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
