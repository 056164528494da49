"""agency contacts, trip local contacts

Revision ID: 4e404fb2f4fd
Revises: 0cd08a2a2b05
Create Date: 2026-11-26 15:14:37.622494
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '4e404fb2f4fd'
down_revision: Union[str, None] = '0cd08a2a2b05'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('agency', sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False, server_default=''))
    op.add_column('agency', sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False, server_default=''))
    op.add_column('agency', sa.Column('website', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False, server_default=''))
    op.add_column('agency', sa.Column('emergency_phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False, server_default=''))
    op.add_column('trip', sa.Column('contacts', sa.JSON(), nullable=False, server_default='[]'))


def downgrade() -> None:
    op.drop_column('trip', 'contacts')
    op.drop_column('agency', 'emergency_phone')
    op.drop_column('agency', 'website')
    op.drop_column('agency', 'email')
    op.drop_column('agency', 'phone')
