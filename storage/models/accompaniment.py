"""Accompaniment cases: a request, who took it, and its follow-up. Never any message content."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime, utcnow


class Case(Base):
    """One request for a mentora, a psicóloga comunitaria or an Entre patas facilitator.

    Cases count for the programme's statistics, so deleting a person (/borrar) keeps the row and
    loses the link to her (ON DELETE SET NULL)."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # the role it needs
    status: Mapped[str] = mapped_column(String(16), index=True)  # waiting, open, closed
    district: Mapped[str] = mapped_column(String(80), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    reported: Mapped[bool | None] = mapped_column(Boolean)
    safe_hours: Mapped[str] = mapped_column(String(16), default="any")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(16))  # user, staff, exit
    next_contact_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_contact_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Prioritaria: she asked right after a self-check with a red flag. Never her answers.
    priority: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
