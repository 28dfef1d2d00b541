"""observatorio: aggregated counters

Revision ID: 0011
Revises: 0001
Create Date: 2026-12-01 23:59:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stat_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=40), nullable=False),
    sa.Column('dim', sa.String(length=60), nullable=False),
    sa.Column('service', sa.String(length=240), nullable=False),
    sa.Column('district', sa.String(length=80), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stat_counts')),
    sa.UniqueConstraint('metric', 'dim', 'service', 'district', 'month', name='uq_stat_counts_cell')
    )
    with op.batch_alter_table('stat_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stat_counts_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_stat_counts_month'), ['month'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('stat_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stat_counts_month'))
        batch_op.drop_index(batch_op.f('ix_stat_counts_district'))
    op.drop_table('stat_counts')
