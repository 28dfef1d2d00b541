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
    source: Mapped[str] = mapped_column(Text)  # the title of the document or page
    source_publisher: Mapped[str | None] = mapped_column(String(160))
    source_url: Mapped[str | None] = mapped_column(Text)
    # "2023", "2023-11" or "2023-11-22": as precise as the source is; null only on rows from before 0007
    source_date: Mapped[str | None] = mapped_column(String(10))
    source_note: Mapped[str | None] = mapped_column(Text)  # where in the source, for staff
    verified_by: Mapped[str | None] = mapped_column(String(120))
    verified_on: Mapped[date | None] = mapped_column(Date)  # a calendar day, not an instant
