"""indexes: every foreign key has one; a partial index on pending reminders

A foreign key without an index makes each delete of the row it points at scan the referring table
(/borrar at 1M rows took 0.4 s), and the reminder claim scanned every reminder ever sent.

Revision ID: 0012
Revises: 0006, 0007, 0008, 0009, 0010, 0011
Create Date: 2026-12-02 12:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = ('0006', '0007', '0008', '0009', '0010', '0011')
branch_labels = None
depends_on = None

# (table, column) of each foreign key that had no index; the index is named as the models name it.
FOREIGN_KEYS = (
    ('abuse_reports', 'reporter_user_id'),
    ('case_notes', 'author_user_id'),
    ('instancia_actas', 'created_by'),
    ('instancia_activities', 'seat_id'),
    ('instancia_agenda_items', 'proposed_by'),
    ('instancia_agenda_items', 'seat_id'),
    ('instancia_agreements', 'activity_id'),
    ('instancia_agreements', 'created_by'),
    ('instancia_agreements', 'done_by'),
    ('instancia_agreements', 'meeting_id'),
    ('instancia_attendance', 'grant_id'),
    ('instancia_meetings', 'created_by'),
    ('instancia_progress', 'by_user'),
    ('instancia_rsvps', 'user_id'),
    ('instancia_vote_answers', 'seat_id'),
    ('instancia_vote_answers', 'user_id'),
    ('instancia_votes', 'created_by'),
    ('invites', 'created_by'),
    ('reflection_commitment_choices', 'space_id'),
    ('reflection_commitments', 'created_by'),
    ('reflection_spaces', 'facilitator_user_id'),
    ('relay_pauses', 'case_id'),
    ('relay_pauses', 'created_by'),
    ('reminders', 'user_id'),
)


def upgrade() -> None:
    for table, column in FOREIGN_KEYS:
        op.create_index(f"ix_{table}_{column}", table, [column], unique=False)
    pending = sa.text("sent_at IS NULL")
    op.create_index("ix_reminders_pending", "reminders", ["due_at", "id"], unique=False,
                    sqlite_where=pending, postgresql_where=pending)


def downgrade() -> None:
    op.drop_index("ix_reminders_pending", table_name="reminders")
    for table, column in reversed(FOREIGN_KEYS):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
