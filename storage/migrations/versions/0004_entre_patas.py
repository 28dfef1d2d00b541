"""entre patas: reflection spaces and registrations

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-23 11:52:26.566725
"""
from alembic import op
import sqlalchemy as sa
import storage.models.base


revision = '0004'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reflection_spaces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district', sa.String(length=80), nullable=False),
    sa.Column('starts_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('remind_before', sa.JSON(), nullable=False),
    sa.Column('facilitator_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', storage.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['facilitator_user_id'], ['users.id'], name=op.f('fk_reflection_spaces_facilitator_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection_spaces'))
    )
    with op.batch_alter_table('reflection_spaces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reflection_spaces_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_reflection_spaces_starts_at'), ['starts_at'], unique=False)

    op.create_table('reflection_registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('space_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('registered_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['reflection_spaces.id'], name=op.f('fk_reflection_registrations_space_id_reflection_spaces'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reflection_registrations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection_registrations')),
    sa.UniqueConstraint('space_id', 'user_id', name='uq_reflection_registrations_once')
    )
    with op.batch_alter_table('reflection_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reflection_registrations_space_id'), ['space_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reflection_registrations_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('reflection_registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reflection_registrations_user_id'))
        batch_op.drop_index(batch_op.f('ix_reflection_registrations_space_id'))

    op.drop_table('reflection_registrations')
    with op.batch_alter_table('reflection_spaces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reflection_spaces_starts_at'))
        batch_op.drop_index(batch_op.f('ix_reflection_spaces_district'))

    op.drop_table('reflection_spaces')
