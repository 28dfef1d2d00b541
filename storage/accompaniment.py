"""Implements flows.accompaniment.ports.CasesPort, and claims waiting cases for escalation."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.accompaniment.ports import CLOSED, OPEN, WAITING, Case
from storage.models.accompaniment import Case as CaseRow
from storage.models.base import utcnow


def _case(row: CaseRow) -> Case:
    return Case(
        id=row.id,
        kind=row.kind,
        status=row.status,
        district=row.district,
        user_id=row.user_id,
        staff_user_id=row.staff_user_id,
        reported=row.reported,
        safe_hours=row.safe_hours,
        created_at=row.created_at,
        accepted_at=row.accepted_at,
        closed_at=row.closed_at,
        escalated_at=row.escalated_at,
        next_contact_at=row.next_contact_at,
        last_contact_at=row.last_contact_at,
        priority=bool(row.priority),
    )


class Cases:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def open(
        self, kind: str, user_id: int, district: str, reported: bool | None, safe_hours: str, *, priority: bool = False
    ) -> Case:
        row = CaseRow(
            kind=kind, status=WAITING, district=district, user_id=user_id, reported=reported, safe_hours=safe_hours,
            created_at=utcnow(), priority=priority,
        )
        self.session.add(row)
        await self.session.flush()
        return _case(row)

    async def get(self, case_id: int) -> Case | None:
        # populate_existing: another transaction may have changed it since this session last looked.
        row = await self.session.get(CaseRow, case_id, populate_existing=True)
        return _case(row) if row else None

    async def accept(self, case_id: int, staff_user_id: int) -> bool:
        # One statement: of two staff members pressing at once, the second finds it no longer waiting.
        result = await self.session.execute(
            update(CaseRow)
            .where(CaseRow.id == case_id, CaseRow.status == WAITING)
            .values(status=OPEN, staff_user_id=staff_user_id, accepted_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    async def close(self, case_id: int, closed_by: str) -> Case | None:
        # Locked read: a staff member accepting at this very moment either finished first (and
        # the case we return is open, with her, so she is told) or waits until this is closed.
        row = (
            await self.session.execute(
                select(CaseRow)
                .where(CaseRow.id == case_id, CaseRow.status != CLOSED)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        ).scalar_one_or_none()
        if row is None:
            return None
        before = _case(row)
        row.status, row.closed_at, row.closed_by = CLOSED, utcnow(), closed_by
        row.user_id = None  # a closed case needs no link to her; the row stays for the statistics
        await self.session.flush()
        return before

    async def _list(self, *where) -> list[Case]:
        rows = await self.session.execute(select(CaseRow).where(*where).order_by(CaseRow.id).execution_options(populate_existing=True))
        return [_case(r) for r in rows.scalars()]

    async def of_user(self, user_id: int) -> list[Case]:
        return await self._list(CaseRow.user_id == user_id, CaseRow.status != CLOSED)

    async def of_staff(self, staff_user_id: int) -> list[Case]:
        return await self._list(CaseRow.staff_user_id == staff_user_id, CaseRow.status == OPEN)

    async def in_districts(self, districts: list[str], statuses: tuple[str, ...]) -> list[Case]:
        if not districts:
            return []
        return await self._list(CaseRow.district.in_(districts), CaseRow.status.in_(statuses))

    async def touch(self, case_id: int) -> None:
        await self.session.execute(update(CaseRow).where(CaseRow.id == case_id).values(last_contact_at=utcnow()))

    async def set_next_contact(self, case_id: int, when: datetime) -> None:
        await self.session.execute(update(CaseRow).where(CaseRow.id == case_id).values(next_contact_at=when))

    async def claim_escalations(self, now: datetime, after: timedelta) -> list[Case]:
        """Waiting cases older than `after` that were never escalated, marked escalated in one
        statement: whoever commits this owns them, so a second process finds nothing left."""
        result = await self.session.execute(
            update(CaseRow)
            .where(CaseRow.status == WAITING, CaseRow.escalated_at.is_(None), CaseRow.created_at <= now - after)
            .values(escalated_at=now)
            .returning(CaseRow.id)
            .execution_options(synchronize_session=False)
        )
        ids = sorted(r[0] for r in result)
        return [c for c in [await self.get(i) for i in ids] if c]
