"""The directory of services (CEM, comisarías, health, DEMUNA...). Holds no personal data."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class DirectoryEntry(Base):
    """One service. Replaced as a whole by `acompana directory import`; see flows/orientation/directory.py."""

    __tablename__ = "directory_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(160))
    district: Mapped[str] = mapped_column(String(120), index=True)
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(60))
    hours: Mapped[str | None] = mapped_column(String(160))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    adults_only: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(Text)
    last_checked: Mapped[date] = mapped_column(Date)  # a calendar day, not an instant
