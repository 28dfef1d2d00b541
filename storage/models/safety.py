"""Her safety choices: silent messages, and her safety plan if she chose to keep it (encrypted)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime, utcnow


class SafetySettings(Base):
    """One row per person who chose something here; /borrar deletes it with her (ON DELETE CASCADE)."""

    __tablename__ = "safety_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    silent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    plan_enc: Mapped[str | None] = mapped_column(Text)  # her plan's choices as JSON, encrypted with DATA_KEY
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
