"""her safety: an adult not asked her age again, silent messages and her plan

(The cases' `priority` mark came with 0008, which needed it first.)

Revision ID: 0006
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
import storage.models.base


revision = '0006'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('adult', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('safety_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('silent', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('plan_enc', sa.Text(), nullable=True),
    sa.Column('updated_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_safety_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_safety_settings'))
    )


def downgrade() -> None:
    op.drop_table('safety_settings')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('adult')
