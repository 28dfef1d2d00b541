"""Entre patas reflection spaces: sessions a facilitador publishes, and the men registered for them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime, utcnow


class ReflectionSpace(Base):
    """One session of a reflection space. Kept after it happens or is cancelled: it counts for statistics."""

    __tablename__ = "reflection_spaces"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    district: Mapped[str] = mapped_column(String(80), index=True)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    place: Mapped[str] = mapped_column(String(200))
    capacity: Mapped[int | None] = mapped_column(Integer)
    remind_before: Mapped[list] = mapped_column(JSON, default=list)  # minutes before the start
    facilitator_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ReflectionRegistration(Base):
    """A man registered for a session. Personal: deleted when he cancels or erases his data."""

    __tablename__ = "reflection_registrations"
    __table_args__ = (UniqueConstraint("space_id", "user_id", name="uq_reflection_registrations_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("reflection_spaces.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Commitment(Base):
    """A small commitment a man may choose after a session; the district's facilitador edits the list."""

    __tablename__ = "reflection_commitments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    district: Mapped[str] = mapped_column(String(80), index=True)
    text: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class CommitmentChoice(Base):
    """A man chose a commitment. Counted for the facilitador, never shown with who: the link to the
    man is only there to send his one prompt, and is dropped once he answers or it is old."""

    __tablename__ = "reflection_commitment_choices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("reflection_commitments.id", ondelete="CASCADE"), index=True)
    space_id: Mapped[int | None] = mapped_column(ForeignKey("reflection_spaces.id", ondelete="SET NULL"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    prompt_window: Mapped[str | None] = mapped_column(String(16))  # when he wants the prompt; None: no prompt
    kept: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
