"""accompaniment: cases

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-23 11:56:30.768854
"""
from alembic import op
import sqlalchemy as sa
import storage.models.base


revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('district', sa.String(length=80), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('staff_user_id', sa.Integer(), nullable=True),
    sa.Column('reported', sa.Boolean(), nullable=True),
    sa.Column('safe_hours', sa.String(length=16), nullable=False),
    sa.Column('created_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', storage.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('escalated_at', storage.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', storage.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.String(length=16), nullable=True),
    sa.Column('next_contact_at', storage.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('last_contact_at', storage.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['staff_user_id'], ['users.id'], name=op.f('fk_cases_staff_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_cases_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_staff_user_id'), ['staff_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_user_id'))
        batch_op.drop_index(batch_op.f('ix_cases_status'))
        batch_op.drop_index(batch_op.f('ix_cases_staff_user_id'))
        batch_op.drop_index(batch_op.f('ix_cases_district'))
    op.drop_table('cases')
