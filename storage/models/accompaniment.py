"""Accompaniment cases: a request, who took it, and its follow-up. Never any message content."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, false
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
    priority: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # from the self-check's red flags, with her agreement
    queued_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # back in the queue (handed over, staff gone)


class StaffAvailability(Base):
    """What a staff member said of herself with /disponibilidad: how many open cases she can hold,
    her hours (Lima) and an absence. No row: no limit, any hour, not away."""

    __tablename__ = "staff_availability"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    max_cases: Mapped[int | None] = mapped_column(Integer)
    hours_from: Mapped[int | None] = mapped_column(Integer)  # hour of the day, Lima, inclusive
    hours_to: Mapped[int | None] = mapped_column(Integer)  # exclusive; smaller than hours_from: past midnight
    weekdays_only: Mapped[bool] = mapped_column(Boolean, default=False)
    away_from: Mapped[datetime | None] = mapped_column(UtcDateTime)
    away_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class CaseNote(Base):
    """A staff member's short note on a case, or the summary written when handing it over.
    Encrypted; deleted with the case's data (retention)."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="note")  # note, handover
    text_enc: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AbuseReport(Base):
    """A staff member reported the messages of a case's person (the reason only, never the words).
    Deleted with the case's data (retention)."""

    __tablename__ = "abuse_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"), index=True)
    reporter_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    person_key: Mapped[str | None] = mapped_column(String(64))  # her keyed hash: she can be paused after the case closed
    reason: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class RelayPause(Base):
    """The relay does not pass this person's messages until `until`. Found by the keyed hash of her
    Telegram id (users.tg_key), so it holds across /borrar; the emergency answer never pauses."""

    __tablename__ = "relay_pauses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_key: Mapped[str] = mapped_column(String(64), index=True)
    until: Mapped[datetime] = mapped_column(UtcDateTime)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
