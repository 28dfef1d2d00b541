"""People, their conversations, staff roles, invites and the audit log: what every feature shares."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime, utcnow


class Conversation(Base):
    """Where a chat is in its flow, and the message ids quick exit must delete (kept 48 hours).

    Keyed by the keyed hash of the chat id: this row exists before consent and holds nothing personal.
    """

    __tablename__ = "conversations"

    chat_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    message_ids: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class User(Base):
    """A person we may write to first: created on consent, on staff sign-up, or on joining an instancia."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tg_key: Mapped[str] = mapped_column(String(64), unique=True)
    tg_id_enc: Mapped[str] = mapped_column(Text)
    consent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    minor: Mapped[bool] = mapped_column(Boolean, default=False)
    adult: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # said 18 or more: not asked again
    district: Mapped[str | None] = mapped_column(String(80))
    unreachable_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class RoleGrant(Base):
    """A role held by a user within a scope ("district:<code>", "instancia:<id>", or "" for everywhere).

    One mechanism for programme staff and instancia members alike; revoked grants are kept for history.
    """

    __tablename__ = "role_grants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str] = mapped_column(String(120), default="")
    display_name: Mapped[str | None] = mapped_column(String(120))
    institution: Mapped[str | None] = mapped_column(String(160))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Invite(Base):
    """A one-time code that grants a role in a scope. Only its hash is stored."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str] = mapped_column(String(120), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    max_uses: Mapped[int] = mapped_column(Integer, default=1)
    uses: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntry(Base):
    """Who did what to which case or instancia, and when. Never holds message content."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(120), default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class OutboxMessage(Base):
    """Something the bot owes a person: written in the same transaction as the change that caused
    it, sent by the one sender (bot.delivery.Sender) in order per chat, deleted once Telegram
    accepted it. A parcel that keeps failing becomes a dead letter: kept, listed by
    `acompana outbox`, retried by an operator."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_key: Mapped[str] = mapped_column(String(64), index=True)
    chat_id_enc: Mapped[str] = mapped_column(Text)
    payload_enc: Mapped[str] = mapped_column(Text)  # the effect, encrypted: it may hold her words
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    next_try_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # 0: answers and notices to a few people; 1: a fan-out (announcements), which waits behind them.
    lane: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    dead_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(String(120))  # an error class or Telegram's words, never content

    __table_args__ = (
        Index("ix_outbox_pending", "lane", "id", sqlite_where=dead_at.is_(None), postgresql_where=dead_at.is_(None)),
        # Never reuse an id: the sender settles parcels by id, also one deleted meanwhile (quick exit).
        {"sqlite_autoincrement": True},
    )


class InboxUpdate(Base):
    """Every Telegram update, stored (encrypted) before anything waits on it, and done once: the flow's
    changes, its outbox parcels and `done_at` commit in one transaction."""

    __tablename__ = "inbox"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_key: Mapped[str] = mapped_column(String(64))  # keyed hash of the chat: updates of a chat go in order
    payload_enc: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_inbox_pending", "chat_key", "update_id", sqlite_where=done_at.is_(None), postgresql_where=done_at.is_(None)),
    )
