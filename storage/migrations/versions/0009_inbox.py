"""inbox, outbox lanes and dead letters

Revision ID: 0009
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
import storage.models.base


revision = '0009'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('inbox',
    sa.Column('update_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('chat_key', sa.String(length=64), nullable=False),
    sa.Column('payload_enc', sa.Text(), nullable=False),
    sa.Column('received_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('done_at', storage.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('update_id', name=op.f('pk_inbox'))
    )
    with op.batch_alter_table('inbox', schema=None) as batch_op:
        batch_op.create_index('ix_inbox_pending', ['chat_key', 'update_id'], unique=False,
                              sqlite_where=sa.text('done_at IS NULL'), postgresql_where=sa.text('done_at IS NULL'))
    # recreate: SQLite's AUTOINCREMENT, so a deleted parcel's id is never given to a new one.
    with op.batch_alter_table('outbox', schema=None, recreate='always', table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('lane', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('dead_at', storage.models.base.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_error', sa.String(length=120), nullable=True))
        batch_op.create_index('ix_outbox_pending', ['lane', 'id'], unique=False,
                              sqlite_where=sa.text('dead_at IS NULL'), postgresql_where=sa.text('dead_at IS NULL'))


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_pending')
        batch_op.drop_column('last_error')
        batch_op.drop_column('dead_at')
        batch_op.drop_column('lane')
    with op.batch_alter_table('inbox', schema=None) as batch_op:
        batch_op.drop_index('ix_inbox_pending')
    op.drop_table('inbox')
