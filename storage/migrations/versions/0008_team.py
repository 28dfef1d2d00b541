"""team: staff availability, case notes, abuse reports and relay pauses, Entre patas commitments;
cases get their priority mark and the time they went back to the queue

Revision ID: 0008
Revises: 0003, 0004
Create Date: 2026-12-01 23:52:51.858237
"""
from alembic import op
import sqlalchemy as sa
import storage.models.base


revision = '0008'
down_revision = ('0003', '0004')
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reflection_commitments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district', sa.String(length=80), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_reflection_commitments_created_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection_commitments'))
    )
    with op.batch_alter_table('reflection_commitments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reflection_commitments_district'), ['district'], unique=False)

    op.create_table('staff_availability',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('max_cases', sa.Integer(), nullable=True),
    sa.Column('hours_from', sa.Integer(), nullable=True),
    sa.Column('hours_to', sa.Integer(), nullable=True),
    sa.Column('weekdays_only', sa.Boolean(), nullable=False),
    sa.Column('away_from', storage.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('away_until', storage.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_staff_availability_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_staff_availability'))
    )
    op.create_table('abuse_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('reporter_user_id', sa.Integer(), nullable=True),
    sa.Column('person_key', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('created_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_abuse_reports_case_id_cases'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reporter_user_id'], ['users.id'], name=op.f('fk_abuse_reports_reporter_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_abuse_reports'))
    )
    with op.batch_alter_table('abuse_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_abuse_reports_case_id'), ['case_id'], unique=False)

    op.create_table('case_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('author_user_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text_enc', sa.Text(), nullable=False),
    sa.Column('created_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_user_id'], ['users.id'], name=op.f('fk_case_notes_author_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_notes_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_notes'))
    )
    with op.batch_alter_table('case_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_notes_case_id'), ['case_id'], unique=False)

    op.create_table('reflection_commitment_choices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('space_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('prompt_window', sa.String(length=16), nullable=True),
    sa.Column('kept', sa.Boolean(), nullable=True),
    sa.Column('created_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['reflection_commitments.id'], name=op.f('fk_reflection_commitment_choices_commitment_id_reflection_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['space_id'], ['reflection_spaces.id'], name=op.f('fk_reflection_commitment_choices_space_id_reflection_spaces'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reflection_commitment_choices_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection_commitment_choices'))
    )
    with op.batch_alter_table('reflection_commitment_choices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reflection_commitment_choices_commitment_id'), ['commitment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reflection_commitment_choices_user_id'), ['user_id'], unique=False)

    op.create_table('relay_pauses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_key', sa.String(length=64), nullable=False),
    sa.Column('until', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_relay_pauses_case_id_cases'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_relay_pauses_created_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relay_pauses'))
    )
    with op.batch_alter_table('relay_pauses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_relay_pauses_person_key'), ['person_key'], unique=False)

    with op.batch_alter_table('cases', schema=None) as batch_op:
        # The `priority` mark (issue 9 asked for it; not on main when issue 13 needed it).
        batch_op.add_column(sa.Column('priority', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('queued_at', storage.models.base.UtcDateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('queued_at')
        batch_op.drop_column('priority')

    with op.batch_alter_table('relay_pauses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_relay_pauses_person_key'))

    op.drop_table('relay_pauses')
    with op.batch_alter_table('reflection_commitment_choices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reflection_commitment_choices_user_id'))
        batch_op.drop_index(batch_op.f('ix_reflection_commitment_choices_commitment_id'))

    op.drop_table('reflection_commitment_choices')
    with op.batch_alter_table('case_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_notes_case_id'))

    op.drop_table('case_notes')
    with op.batch_alter_table('abuse_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_abuse_reports_case_id'))

    op.drop_table('abuse_reports')
    op.drop_table('staff_availability')
    with op.batch_alter_table('reflection_commitments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reflection_commitments_district'))

    op.drop_table('reflection_commitments')
