"""photos; item to_verify, unit, address, phone

Revision ID: 0cd08a2a2b05
Revises: fa808be1efe0
Create Date: 2026-11-26 14:29:07.490810
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0cd08a2a2b05'
down_revision: Union[str, None] = 'fa808be1efe0'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('owner_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('caption', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_photo_agency_id'), 'photo', ['agency_id'], unique=False)
    op.create_index(op.f('ix_photo_owner_id'), 'photo', ['owner_id'], unique=False)
    op.add_column('item', sa.Column('to_verify', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('item', sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default=''))
    op.add_column('item', sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False, server_default=''))
    op.add_column('item', sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False, server_default=''))
    op.add_column('item', sa.Column('rooms', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('item', 'rooms')
    op.drop_column('item', 'phone')
    op.drop_column('item', 'address')
    op.drop_column('item', 'unit')
    op.drop_column('item', 'to_verify')
    op.drop_index(op.f('ix_photo_owner_id'), table_name='photo')
    op.drop_index(op.f('ix_photo_agency_id'), table_name='photo')
    op.drop_table('photo')
