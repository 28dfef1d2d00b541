"""directory: each entry's source (publisher, page, date) and who verified it when

The old `last_checked` held the day a file was written, not a fact about the service: it goes.

Revision ID: 0007
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('directory_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_publisher', sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column('source_url', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('source_date', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('source_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('verified_by', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('verified_on', sa.Date(), nullable=True))
        batch_op.drop_column('last_checked')


def downgrade() -> None:
    with op.batch_alter_table('directory_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_checked', sa.Date(), nullable=False, server_default='2000-01-01'))
        for name in ('verified_on', 'verified_by', 'source_note', 'source_date', 'source_url', 'source_publisher'):
            batch_op.drop_column(name)
