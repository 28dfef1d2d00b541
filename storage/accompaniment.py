"""Implements flows.accompaniment.ports.CasesPort, claims waiting cases for escalation, and drops
closed cases' notes and links after their retention period."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.accompaniment.ports import CLOSED, OPEN, WAITING, Availability, Case, Note
from storage.crypto import Cipher
from storage.models.accompaniment import AbuseReport, CaseNote, RelayPause, StaffAvailability
from storage.models.accompaniment import Case as CaseRow
from storage.models.base import utcnow
from storage.models.core import User


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
        queued_at=row.queued_at,
    )


def _availability(row: StaffAvailability) -> Availability:
    return Availability(row.user_id, row.max_cases, row.hours_from, row.hours_to, bool(row.weekdays_only), row.away_from, row.away_until)


class Cases:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session = session
        self.cipher = cipher

    async def open(
        self, kind: str, user_id: int, district: str, reported: bool | None, safe_hours: str, priority: bool = False
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

    async def claim_escalations(self, now: datetime, after: timedelta, priority_after: timedelta) -> list[Case]:
        """Waiting cases that waited longer than `after` (a prioritised one: `priority_after`) since
        they were opened or went back to the queue, never escalated since, marked escalated in one
        statement: whoever commits this owns them, so a second process finds nothing left."""
        since = func.coalesce(CaseRow.queued_at, CaseRow.created_at)
        result = await self.session.execute(
            update(CaseRow)
            .where(
                CaseRow.status == WAITING,
                CaseRow.escalated_at.is_(None),
                or_(and_(CaseRow.priority.is_(True), since <= now - priority_after), since <= now - after),
            )
            .values(escalated_at=now)
            .returning(CaseRow.id)
            .execution_options(synchronize_session=False)
        )
        ids = sorted(r[0] for r in result)
        return [c for c in [await self.get(i) for i in ids] if c]

    # -----------------------------------------------------------------------------------------
    # Capacity and availability

    async def availability(self, user_ids: list[int]) -> dict[int, Availability]:
        found = {uid: Availability(uid) for uid in user_ids}
        if user_ids:
            rows = await self.session.execute(select(StaffAvailability).where(StaffAvailability.user_id.in_(user_ids)))
            found.update({r.user_id: _availability(r) for r in rows.scalars()})
        return found

    async def set_availability(self, availability: Availability) -> None:
        row = await self.session.get(StaffAvailability, availability.user_id)
        if row is None:
            row = StaffAvailability(user_id=availability.user_id)
            self.session.add(row)
        row.max_cases, row.weekdays_only = availability.max_cases, availability.weekdays_only
        row.hours_from, row.hours_to = availability.hours_from, availability.hours_to
        row.away_from, row.away_until = availability.away_from, availability.away_until
        await self.session.flush()

    async def open_counts(self, user_ids: list[int]) -> dict[int, int]:
        counts = {uid: 0 for uid in user_ids}
        if user_ids:
            rows = await self.session.execute(
                select(CaseRow.staff_user_id, func.count())
                .where(CaseRow.staff_user_id.in_(user_ids), CaseRow.status == OPEN)
                .group_by(CaseRow.staff_user_id)
            )
            counts.update({uid: n for uid, n in rows.all()})
        return counts

    # -----------------------------------------------------------------------------------------
    # Handing over

    async def hand_over(self, case_id: int, from_staff: int, to_staff: int | None, kind: str) -> Case | None:
        now = utcnow()
        if to_staff is None:
            values = dict(status=WAITING, staff_user_id=None, kind=kind, queued_at=now, escalated_at=None, accepted_at=None)
        else:
            values = dict(staff_user_id=to_staff, kind=kind, accepted_at=now)
        result = await self.session.execute(
            update(CaseRow)
            .where(CaseRow.id == case_id, CaseRow.status == OPEN, CaseRow.staff_user_id == from_staff)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return await self.get(case_id) if result.rowcount == 1 else None

    # -----------------------------------------------------------------------------------------
    # Notes

    def _note(self, row: CaseNote) -> Note:
        return Note(row.id, row.case_id, row.author_user_id, row.kind, self.cipher.decrypt(row.text_enc), row.created_at)

    async def add_note(self, case_id: int, author_user_id: int | None, text: str, kind: str = "note") -> Note:
        row = CaseNote(case_id=case_id, author_user_id=author_user_id, kind=kind, text_enc=self.cipher.encrypt(text), created_at=utcnow())
        self.session.add(row)
        await self.session.flush()
        return self._note(row)

    async def notes(self, case_id: int) -> list[Note]:
        rows = await self.session.execute(select(CaseNote).where(CaseNote.case_id == case_id).order_by(CaseNote.id))
        return [self._note(r) for r in rows.scalars()]

    async def forget_notes(self, case_id: int) -> None:
        await self.session.execute(delete(CaseNote).where(CaseNote.case_id == case_id))

    # -----------------------------------------------------------------------------------------
    # Abuse control

    async def _person_key(self, case_id: int) -> str | None:
        return (
            await self.session.execute(select(User.tg_key).join(CaseRow, CaseRow.user_id == User.id).where(CaseRow.id == case_id))
        ).scalar_one_or_none()

    async def report(self, case_id: int, reporter_user_id: int, reason: str) -> None:
        key = await self._person_key(case_id)
        self.session.add(AbuseReport(case_id=case_id, reporter_user_id=reporter_user_id, person_key=key, reason=reason, created_at=utcnow()))
        await self.session.flush()

    async def pause(self, case_id: int, until: datetime, by_user_id: int) -> bool:
        # Her key from the case, or, once the case closed and lost her, from a report on it.
        key = await self._person_key(case_id) or (
            await self.session.execute(
                select(AbuseReport.person_key).where(AbuseReport.case_id == case_id, AbuseReport.person_key.is_not(None)).limit(1)
            )
        ).scalar_one_or_none()
        if key is None:
            return False
        self.session.add(RelayPause(person_key=key, until=until, case_id=case_id, created_by=by_user_id, created_at=utcnow()))
        await self.session.flush()
        return True

    async def paused_until(self, person_key: str, now: datetime) -> datetime | None:
        return (
            await self.session.execute(
                select(func.max(RelayPause.until)).where(RelayPause.person_key == person_key, RelayPause.until > now)
            )
        ).scalar_one_or_none()

    # -----------------------------------------------------------------------------------------
    # Retention

    async def forget_closed(self, closed_before: datetime) -> int:
        """Cases closed before then lose their notes, their reports and the staff link; the row
        stays for the statistics. Returns how many rows lost something."""
        old = select(CaseRow.id).where(CaseRow.status == CLOSED, CaseRow.closed_at < closed_before)
        notes = await self.session.execute(delete(CaseNote).where(CaseNote.case_id.in_(old)))
        await self.session.execute(delete(AbuseReport).where(AbuseReport.case_id.in_(old)))
        await self.session.execute(update(RelayPause).where(RelayPause.case_id.in_(old)).values(case_id=None))
        links = await self.session.execute(
            update(CaseRow)
            .where(CaseRow.status == CLOSED, CaseRow.closed_at < closed_before, CaseRow.staff_user_id.is_not(None))
            .values(staff_user_id=None)
            .execution_options(synchronize_session=False)
        )
        return (notes.rowcount or 0) + (links.rowcount or 0)
