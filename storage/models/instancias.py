"""Instancias de concertación: the bodies, their meetings, RSVPs, attendance and agreements.

Members are role_grants with scope "instancia:<id>" (storage/models/core.py) that hold a seat of an
institution (instancia_seats): agreements, attendance and history belong to the seat, so when a
representative leaves or is replaced the seat stays (vacant while nobody holds it). Rows that count for the instancia's
record point at users and grants with ON DELETE SET NULL; an RSVP is personal and goes with /borrar.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime, utcnow


class Instancia(Base):
    __tablename__ = "instancias"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    level: Mapped[str] = mapped_column(String(16))  # regional, provincial, district
    place: Mapped[str] = mapped_column(String(120), default="")  # a places.csv code at its level
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
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class InstanciaRsvp(Base):
    __tablename__ = "instancia_rsvps"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id", name="uq_instancia_rsvps_meeting_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("instancia_meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    attending: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class InstanciaAttendance(Base):
    """Who was there, by institution: it outlives the member (rotation, /borrar)."""

    __tablename__ = "instancia_attendance"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("instancia_meetings.id", ondelete="CASCADE"), index=True)
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("role_grants.id", ondelete="SET NULL"), index=True)
    institution: Mapped[str] = mapped_column(String(160), default="")
    present: Mapped[bool] = mapped_column(Boolean)
    seat_id: Mapped[int | None] = mapped_column(ForeignKey("instancia_seats.id", ondelete="SET NULL"), index=True)
    status: Mapped[str | None] = mapped_column(String(16))  # present, excused, absent (None: before seats)


class InstanciaAgreement(Base):
    __tablename__ = "instancia_agreements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instancia_id: Mapped[int] = mapped_column(ForeignKey("instancias.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("instancia_meetings.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(Text)
    institution: Mapped[str] = mapped_column(String(160))
    seat_id: Mapped[int | None] = mapped_column(ForeignKey("instancia_seats.id", ondelete="SET NULL"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("instancia_activities.id", ondelete="SET NULL"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class InstanciaSeat(Base):
    """An institution's seat: it outlives each of its representatives."""

    __tablename__ = "instancia_seats"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instancia_id: Mapped[int] = mapped_column(ForeignKey("instancias.id", ondelete="CASCADE"), index=True)
    institution: Mapped[str] = mapped_column(String(160))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class InstanciaAgendaItem(Base):
    """A point of a meeting's agenda: put by the secretaría (accepted) or proposed by a member."""

    __tablename__ = "instancia_agenda_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("instancia_meetings.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    seat_id: Mapped[int | None] = mapped_column(ForeignKey("instancia_seats.id", ondelete="SET NULL"), index=True)
    minutes: Mapped[int | None] = mapped_column(Integer)
    accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class InstanciaActa(Base):
    """The record of a meeting, with its PDF as it was sent."""

    __tablename__ = "instancia_actas"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("instancia_meetings.id", ondelete="CASCADE"), unique=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class InstanciaVote(Base):
    """A decision put to a vote through a Telegram poll (not anonymous, closing at `closes_at`)."""

    __tablename__ = "instancia_votes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instancia_id: Mapped[int] = mapped_column(ForeignKey("instancias.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("instancia_meetings.id", ondelete="SET NULL"), index=True)
    question: Mapped[str] = mapped_column(Text)
    options: Mapped[str] = mapped_column(Text)  # one option per line
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class InstanciaVotePoll(Base):
    """Telegram's id of a poll that carries a vote (one in the group, or one per member)."""

    __tablename__ = "instancia_vote_polls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("instancia_votes.id", ondelete="CASCADE"), index=True)
    poll_id: Mapped[str] = mapped_column(String(64), unique=True)


class InstanciaVoteAnswer(Base):
    """How a seat voted; the record of the decision outlives the person (SET NULL)."""

    __tablename__ = "instancia_vote_answers"
    __table_args__ = (UniqueConstraint("vote_id", "user_id", name="uq_instancia_vote_answers_vote_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("instancia_votes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    seat_id: Mapped[int | None] = mapped_column(ForeignKey("instancia_seats.id", ondelete="SET NULL"), index=True)
    option_ids: Mapped[str] = mapped_column(String(64))  # "0" or "0,2"
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class InstanciaActivity(Base):
    """An activity of the instancia's annual work plan (plan de trabajo)."""

    __tablename__ = "instancia_activities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instancia_id: Mapped[int] = mapped_column(ForeignKey("instancias.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    seat_id: Mapped[int | None] = mapped_column(ForeignKey("instancia_seats.id", ondelete="SET NULL"), index=True)
    quarter: Mapped[int] = mapped_column(Integer)  # 1-4
    indicator: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class InstanciaProgress(Base):
    """Progress marked on an activity: a short note, a percentage, optionally a photo (Telegram file id)."""

    __tablename__ = "instancia_progress"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("instancia_activities.id", ondelete="CASCADE"), index=True)
    percent: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    photo_file_id: Mapped[str | None] = mapped_column(String(255))
    by_user: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
