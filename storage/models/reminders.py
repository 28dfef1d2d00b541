from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime, utcnow


class Reminder(Base):
    """One reminder to one chat. `sent_at` is set by the claim that sends it: never twice."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    ref: Mapped[str] = mapped_column(String(80), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    chat_key: Mapped[str] = mapped_column(String(64))
    chat_id_enc: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    grace_until: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))  # sent, missed, cancelled, nothing
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    # The claim reads only reminders not sent yet: a partial index keeps that read small however
    # many have been sent (storage.reminders.Reminders.claim_due).
    __table_args__ = (
        UniqueConstraint("kind", "ref", "chat_key", "due_at", name="uq_reminders_once"),
        Index("ix_reminders_pending", "due_at", "id", sqlite_where=sent_at.is_(None), postgresql_where=sent_at.is_(None)),
    )
