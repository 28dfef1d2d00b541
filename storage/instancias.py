"""Implements flows.instancias.model.InstanciasPort."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import String, and_, cast, delete, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.instancias.model import DEFAULT_OFFSETS, Agreement, DistrictSummary, Instancia, Meeting
from storage.crypto import Cipher
from storage.models import RoleGrant, User
from storage.models.base import utcnow
from storage.models.instancias import Instancia as InstanciaRow
from storage.models.instancias import InstanciaAgreement, InstanciaAttendance, InstanciaMeeting, InstanciaRsvp
from storage.repos import UNREACHABLE_HOOKS


def _offsets(raw: str) -> tuple[int, ...]:
    return tuple(int(s) for s in raw.split(",") if s.strip())


def _instancia(row: InstanciaRow) -> Instancia:
    return Instancia(
        row.id, row.name, row.level, row.place, row.parent_id, _offsets(row.reminder_offsets),
        has_group=row.group_key is not None, group_version=row.group_version,
    )


def _meeting(row: InstanciaMeeting) -> Meeting:
    return Meeting(
        row.id, row.instancia_id, row.starts_at, row.place, row.agenda, row.version, row.series_id, row.recurrence,
        cancelled=row.cancelled_at is not None, attendance_recorded=row.attendance_at is not None,
    )


def _agreement(row: InstanciaAgreement) -> Agreement:
    return Agreement(row.id, row.instancia_id, row.text, row.institution, row.due_on, done=row.done_at is not None)


class Instancias:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session = session
        self.cipher = cipher

    # -- the instancia -----------------------------------------------------------------------

    async def create(self, name: str, level: str, place: str, parent_id: int | None = None, offsets: tuple[int, ...] = DEFAULT_OFFSETS) -> int:
        row = InstanciaRow(name=name, level=level, place=place, parent_id=parent_id, reminder_offsets=",".join(map(str, offsets)), group_version=0)
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def get(self, instancia_id: int) -> Instancia | None:
        row = await self.session.get(InstanciaRow, instancia_id)
        return _instancia(row) if row else None

    async def all(self) -> list[Instancia]:
        rows = await self.session.execute(select(InstanciaRow).order_by(InstanciaRow.id))
        return [_instancia(r) for r in rows.scalars()]

    async def children(self, instancia_id: int) -> list[Instancia]:
        rows = await self.session.execute(select(InstanciaRow).where(InstanciaRow.parent_id == instancia_id).order_by(InstanciaRow.name))
        return [_instancia(r) for r in rows.scalars()]

    async def set_offsets(self, instancia_id: int, offsets: tuple[int, ...]) -> None:
        await self.session.execute(
            update(InstanciaRow).where(InstanciaRow.id == instancia_id).values(reminder_offsets=",".join(map(str, offsets)))
        )

    async def link_group(self, instancia_id: int, address: str) -> int:
        # A group follows one instancia: linking it here unlinks it from any other.
        key = self.cipher.key_of(address)
        await self.session.execute(
            update(InstanciaRow).where(InstanciaRow.group_key == key).values(group_key=None, group_chat_enc=None)
        )
        row = await self.session.get(InstanciaRow, instancia_id)
        if row is None:
            raise ValueError(f"no instancia {instancia_id}")
        row.group_key, row.group_chat_enc = key, self.cipher.encrypt(address)
        row.group_version = (row.group_version or 0) + 1
        await self.session.flush()
        return row.group_version

    async def unlink_group(self, address: str) -> Instancia | None:
        key = self.cipher.key_of(address)
        row = (await self.session.execute(select(InstanciaRow).where(InstanciaRow.group_key == key))).scalar_one_or_none()
        if row is None:
            return None
        row.group_key = row.group_chat_enc = None
        row.group_version += 1
        await self.session.flush()
        return _instancia(row)

    async def group_address(self, instancia_id: int) -> str | None:
        row = await self.session.get(InstanciaRow, instancia_id)
        return self.cipher.decrypt(row.group_chat_enc) if row and row.group_chat_enc else None

    async def unreachable(self, user_ids: list[int]) -> set[int]:
        if not user_ids:
            return set()
        rows = await self.session.execute(select(User.id).where(User.id.in_(user_ids), User.unreachable_at.is_not(None)))
        return set(rows.scalars())

    async def seen(self, user_id: int) -> None:
        await self.session.execute(
            update(User).where(User.id == user_id, User.unreachable_at.is_not(None)).values(unreachable_at=None)
        )

    # -- meetings -----------------------------------------------------------------------------

    async def add_meeting(
        self, instancia_id: int, starts_at: datetime, place: str, agenda: str, created_by: int | None,
        series_id: int | None = None, recurrence: str | None = None,
    ) -> Meeting:
        row = InstanciaMeeting(
            instancia_id=instancia_id, starts_at=starts_at, place=place, agenda=agenda, created_by=created_by,
            series_id=series_id, recurrence=recurrence, version=1,
        )
        self.session.add(row)
        await self.session.flush()
        return _meeting(row)

    async def meeting(self, meeting_id: int) -> Meeting | None:
        row = await self.session.get(InstanciaMeeting, meeting_id)
        return _meeting(row) if row else None

    async def upcoming(self, instancia_id: int, now: datetime, limit: int = 5) -> list[Meeting]:
        rows = await self.session.execute(
            select(InstanciaMeeting)
            .where(InstanciaMeeting.instancia_id == instancia_id, InstanciaMeeting.starts_at > now, InstanciaMeeting.cancelled_at.is_(None))
            .order_by(InstanciaMeeting.starts_at)
            .limit(limit)
        )
        return [_meeting(r) for r in rows.scalars()]

    async def past(self, instancia_id: int, now: datetime, limit: int = 5) -> list[Meeting]:
        rows = await self.session.execute(
            select(InstanciaMeeting)
            .where(InstanciaMeeting.instancia_id == instancia_id, InstanciaMeeting.starts_at <= now, InstanciaMeeting.cancelled_at.is_(None))
            .order_by(InstanciaMeeting.starts_at.desc())
            .limit(limit)
        )
        return [_meeting(r) for r in rows.scalars()]

    async def change_meeting(
        self, meeting_id: int, *, starts_at: datetime | None = None, place: str | None = None, agenda: str | None = None, bump: bool = False
    ) -> Meeting | None:
        row = await self.session.get(InstanciaMeeting, meeting_id)
        if row is None or row.cancelled_at is not None:
            return None
        if (starts_at is not None and starts_at != row.starts_at) or bump:
            row.starts_at = starts_at or row.starts_at
            row.version += 1
        if place is not None:
            row.place = place
        if agenda is not None:
            row.agenda = agenda
        await self.session.flush()
        return _meeting(row)

    async def cancel_meeting(self, meeting_id: int) -> bool:
        result = await self.session.execute(
            update(InstanciaMeeting)
            .where(InstanciaMeeting.id == meeting_id, InstanciaMeeting.cancelled_at.is_(None))
            .values(cancelled_at=utcnow())
        )
        return result.rowcount == 1

    # -- answers and attendance -----------------------------------------------------------------

    async def rsvp(self, meeting_id: int, user_id: int, attending: bool) -> bool:
        row = (
            await self.session.execute(
                select(InstanciaRsvp).where(InstanciaRsvp.meeting_id == meeting_id, InstanciaRsvp.user_id == user_id)
            )
        ).scalar_one_or_none()
        if row is None:
            self.session.add(InstanciaRsvp(meeting_id=meeting_id, user_id=user_id, attending=attending, at=utcnow()))
            await self.session.flush()
            return True
        if row.attending == attending:
            return False
        row.attending, row.at = attending, utcnow()
        return True

    async def rsvp_counts(self, meeting_id: int) -> tuple[int, int]:
        """Answers of people who are still members: someone who left (or was replaced) no longer counts."""
        member = (
            select(RoleGrant.id)
            .join(InstanciaMeeting, InstanciaMeeting.id == InstanciaRsvp.meeting_id)
            .where(
                RoleGrant.user_id == InstanciaRsvp.user_id,
                RoleGrant.scope == literal("instancia:", String) + cast(InstanciaMeeting.instancia_id, String),
                RoleGrant.revoked_at.is_(None),
            )
            .exists()
        )
        rows = await self.session.execute(
            select(InstanciaRsvp.attending, func.count())
            .where(InstanciaRsvp.meeting_id == meeting_id, member)
            .group_by(InstanciaRsvp.attending)
        )
        counts = dict(rows.all())
        return counts.get(True, 0), counts.get(False, 0)

    async def record_attendance(self, meeting_id: int, rows: list[tuple[int, str, bool]]) -> None:
        await self.session.execute(delete(InstanciaAttendance).where(InstanciaAttendance.meeting_id == meeting_id))
        for grant_id, institution, present in rows:
            self.session.add(InstanciaAttendance(meeting_id=meeting_id, grant_id=grant_id, institution=institution or "", present=present))
        await self.session.execute(update(InstanciaMeeting).where(InstanciaMeeting.id == meeting_id).values(attendance_at=utcnow()))
        await self.session.flush()

    async def attendance(self, meeting_id: int) -> tuple[int, int] | None:
        rows = (
            await self.session.execute(select(InstanciaAttendance.present).where(InstanciaAttendance.meeting_id == meeting_id))
        ).scalars().all()
        if not rows:
            return None
        return sum(1 for present in rows if present), len(rows)

    # -- agreements -----------------------------------------------------------------------------

    async def add_agreement(self, instancia_id: int, meeting_id: int | None, text: str, institution: str, due_on: date, created_by: int | None) -> Agreement:
        row = InstanciaAgreement(
            instancia_id=instancia_id, meeting_id=meeting_id, text=text, institution=institution, due_on=due_on, created_by=created_by
        )
        self.session.add(row)
        await self.session.flush()
        return _agreement(row)

    async def agreement(self, agreement_id: int) -> Agreement | None:
        row = await self.session.get(InstanciaAgreement, agreement_id)
        return _agreement(row) if row else None

    async def agreements(self, instancia_ids: list[int], pending_only: bool = True) -> list[Agreement]:
        query = select(InstanciaAgreement).where(InstanciaAgreement.instancia_id.in_(instancia_ids))
        if pending_only:
            query = query.where(InstanciaAgreement.done_at.is_(None))
        rows = await self.session.execute(query.order_by(InstanciaAgreement.due_on, InstanciaAgreement.id))
        return [_agreement(r) for r in rows.scalars()]

    async def mark_done(self, agreement_id: int, user_id: int | None) -> bool:
        result = await self.session.execute(
            update(InstanciaAgreement)
            .where(InstanciaAgreement.id == agreement_id, InstanciaAgreement.done_at.is_(None))
            .values(done_at=utcnow(), done_by=user_id)
        )
        return result.rowcount == 1

    # -- the provincial view --------------------------------------------------------------------

    async def overview(self, instancia_id: int, today: date, now: datetime) -> list[DistrictSummary]:
        summaries = []
        for child in await self.children(instancia_id):
            last = (await self.past(child.id, now, limit=1) or [None])[0]
            counted = await self.attendance(last.id) if last else None
            overdue = (
                await self.session.execute(
                    select(func.count()).select_from(InstanciaAgreement).where(
                        and_(InstanciaAgreement.instancia_id == child.id, InstanciaAgreement.done_at.is_(None), InstanciaAgreement.due_on < today)
                    )
                )
            ).scalar_one()
            summaries.append(
                DistrictSummary(child, last, counted[0] if counted else None, counted[1] if counted else None, overdue)
            )
        return summaries


async def unlink_lost_group(session: AsyncSession, chat_key: str) -> None:
    """The bot was removed from an instancia's group: unlink it, so reminders stop trying it and
    the secretaría's panel shows no group (she can link a new one)."""
    await session.execute(
        update(InstanciaRow)
        .where(InstanciaRow.group_key == chat_key)
        .values(group_key=None, group_chat_enc=None, group_version=InstanciaRow.group_version + 1)
    )


UNREACHABLE_HOOKS.append(unlink_lost_group)
