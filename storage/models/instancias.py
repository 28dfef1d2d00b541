"""Instancias de concertación: the bodies, their meetings, RSVPs, attendance and agreements.

Members are role_grants with scope "instancia:<id>" (storage/models/core.py): rotation revokes a
grant and adds another, so the institution's history stays. Rows that count for the instancia's
record point at users and grants with ON DELETE SET NULL; an RSVP is personal and goes with /borrar.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime, utcnow


class Instancia(Base):
    __tablename__ = "instancias"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    level: Mapped[str] = mapped_column(String(16))  # regional, provincial, district
    place: Mapped[str] = mapped_column(String(120), default="")  # a places.yaml code at its level
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("instancias.id", ondelete="SET NULL"), index=True)
    reminder_offsets: Mapped[str] = mapped_column(String(120))  # seconds before a meeting, "172800,7200"
    group_key: Mapped[str | None] = mapped_column(String(64), index=True)  # the linked Telegram group
    group_chat_enc: Mapped[str | None] = mapped_column(Text)
    group_version: Mapped[int] = mapped_column(Integer, default=0)  # bumped on each link, so stale posts stop
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class InstanciaMeeting(Base):
    """One meeting. A monthly series is stored as its occurrences, sharing `series_id`."""

    __tablename__ = "instancia_meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instancia_id: Mapped[int] = mapped_column(ForeignKey("instancias.id", ondelete="CASCADE"), index=True)
    series_id: Mapped[int | None] = mapped_column(Integer)
    recurrence: Mapped[str | None] = mapped_column(String(16))  # "monthly:<nth>:<weekday>", nth -1 = last
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    place: Mapped[str] = mapped_column(Text)
    agenda: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)  # bumped when the time changes
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attendance_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class InstanciaRsvp(Base):
    __tablename__ = "instancia_rsvps"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id", name="uq_instancia_rsvps_meeting_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("instancia_meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    attending: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class InstanciaAttendance(Base):
    """Who was there, by institution: it outlives the member (rotation, /borrar)."""

    __tablename__ = "instancia_attendance"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("instancia_meetings.id", ondelete="CASCADE"), index=True)
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("role_grants.id", ondelete="SET NULL"))
    institution: Mapped[str] = mapped_column(String(160), default="")
    present: Mapped[bool] = mapped_column(Boolean)


class InstanciaAgreement(Base):
    __tablename__ = "instancia_agreements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instancia_id: Mapped[int] = mapped_column(ForeignKey("instancias.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("instancia_meetings.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    institution: Mapped[str] = mapped_column(String(160))
    due_on: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
