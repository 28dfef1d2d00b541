"""Implements flows.observatorio.ports.StatsPort: counters upserted in the caller's transaction."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from flows.observatorio.ports import Cell, month_of
from flows.observatorio.questions import KIND_QUESTION
from storage.models.core import RoleGrant
from storage.models.observatorio import StatCount
from storage.models.reminders import Reminder


class Stats:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def count(self, metric: str, district: str | None, now: datetime, dim: str = "", service: str = "", by: int = 1) -> None:
        dialect = postgresql if self.session.get_bind().dialect.name == "postgresql" else sqlite
        values = dict(metric=metric, dim=dim[:60], service=service[:240], district=(district or "")[:80], month=month_of(now), count=by)
        # One statement, atomic under concurrency: two events at once both count.
        stmt = dialect.insert(StatCount).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["metric", "dim", "service", "district", "month"], set_={"count": StatCount.count + by}
        )
        await self.session.execute(stmt)

    async def cells(self, area: str, months: list[str], metric: str | None = None) -> list[Cell]:
        where = [StatCount.month.in_(months)]
        if area:
            where.append(or_(StatCount.district == area, StatCount.district.startswith(area + "/", autoescape=True)))
        if metric:
            where.append(StatCount.metric == metric)
        rows = await self.session.execute(
            select(StatCount.metric, StatCount.dim, StatCount.service, StatCount.district, func.sum(StatCount.count))
            .where(*where)
            .group_by(StatCount.metric, StatCount.dim, StatCount.service, StatCount.district)
        )
        return [Cell(metric, dim, service, district, int(n)) for metric, dim, service, district, n in rows]

    async def pending_question(self, user_id: int) -> bool:
        found = await self.session.execute(
            select(Reminder.id)
            .where(Reminder.kind == KIND_QUESTION, Reminder.user_id == user_id, or_(Reminder.sent_at.is_(None), Reminder.outcome == "sent"))
            .limit(1)
        )
        return found.first() is not None

    async def take_question(self, user_id: int, token: str) -> str | None:
        # The reminder was sent (sent_at set) and not yet answered; deleting it is the claim.
        taken = await self.session.execute(
            delete(Reminder)
            .where(
                Reminder.kind == KIND_QUESTION,
                Reminder.user_id == user_id,
                Reminder.outcome == "sent",
                Reminder.ref.endswith("|" + token, autoescape=True),
            )
            .returning(Reminder.ref)
        )
        return taken.scalar_one_or_none()

    async def recipients(self) -> list[tuple[int, str, str]]:
        """(user_id, role, scope) of everyone who gets the monthly report: admins, coordinadoras,
        secretarías técnicas."""
        rows = await self.session.execute(
            select(RoleGrant.user_id, RoleGrant.role, RoleGrant.scope)
            .where(RoleGrant.revoked_at.is_(None), RoleGrant.role.in_(("admin", "coordinadora", "secretaria")))
            .order_by(RoleGrant.id)
        )
        return [tuple(r) for r in rows]
