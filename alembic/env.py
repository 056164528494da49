"""Alembic environment: the schema is SQLModel's metadata, the URL the app's settings
(unless the caller set ``sqlalchemy.url``, as the tests do)."""

from logging.config import fileConfig

import sqlalchemy as sa
from alembic import context
from sqlmodel import SQLModel

import cocohop.db.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from cocohop.db.tables import UTCDateTime
from cocohop.settings import get_settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def render_item(kind, obj, autogen_context):
    """Our UTCDateTime is a plain timezone-aware DateTime in the schema: write it so,
    so that migrations import nothing of the app."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or get_settings().database_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = _url()
    connectable = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            # SQLite alters tables by copying them.
            render_as_batch=url.startswith("sqlite"),
            compare_type=True,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
