from __future__ import annotations

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class StatCount(Base):
    """One aggregated counter. Deliberately no user, no id of anything, no timestamp finer than
    the month: a row cannot be traced back to a person, so /borrar leaves it alone."""

    __tablename__ = "stat_counts"
    __table_args__ = (UniqueConstraint("metric", "dim", "service", "district", "month", name="uq_stat_counts_cell"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    metric: Mapped[str] = mapped_column(String(40))
    dim: Mapped[str] = mapped_column(String(60), default="")
    service: Mapped[str] = mapped_column(String(240), default="")  # "kind|name" of a directory entry
    district: Mapped[str] = mapped_column(String(80), default="", index=True)  # "" when unknown
    month: Mapped[str] = mapped_column(String(7), index=True)  # "2026-11", Lima time
    count: Mapped[int] = mapped_column(Integer, default=0)
