"""Implements flows.instancias.model.InstanciasPort."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import String, and_, cast, delete, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.instancias.model import (
    DEFAULT_OFFSETS,
    Acta,
    Activity,
    AgendaItem,
    Agreement,
    DistrictSummary,
    Instancia,
    Meeting,
    Seat,
    Vote,
    VoteResult,
)
from storage.crypto import Cipher
from storage.models import RoleGrant, User
from storage.models.base import utcnow
from storage.models.instancias import Instancia as InstanciaRow
from storage.models.instancias import (
    InstanciaActa,
    InstanciaActivity,
    InstanciaAgendaItem,
    InstanciaAgreement,
    InstanciaAttendance,
    InstanciaMeeting,
    InstanciaProgress,
    InstanciaRsvp,
    InstanciaSeat,
    InstanciaVote,
    InstanciaVoteAnswer,
    InstanciaVotePoll,
)
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
    return Agreement(
        row.id, row.instancia_id, row.text, row.institution, row.due_on, done=row.done_at is not None,
        seat_id=row.seat_id, meeting_id=row.meeting_id, activity_id=row.activity_id,
    )


def _vote(row: InstanciaVote) -> Vote:
    return Vote(row.id, row.instancia_id, row.meeting_id, row.question, tuple(row.options.split("\n")), row.closes_at, row.closed_at is not None)


def _item(row: InstanciaAgendaItem) -> AgendaItem:
    return AgendaItem(row.id, row.meeting_id, row.title, row.seat_id, row.minutes, row.accepted)


def _key(institution: str) -> str:
    return " ".join(institution.lower().split())


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

    async def rsvps(self, meeting_id: int) -> dict[int, bool]:
        rows = await self.session.execute(select(InstanciaRsvp.user_id, InstanciaRsvp.attending).where(InstanciaRsvp.meeting_id == meeting_id))
        return dict(rows.all())

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

    async def add_agreement(
        self, instancia_id: int, meeting_id: int | None, text: str, institution: str, due_on: date, created_by: int | None,
        activity_id: int | None = None,
    ) -> Agreement:
        seat = await self.seat_for(instancia_id, institution)
        row = InstanciaAgreement(
            instancia_id=instancia_id, meeting_id=meeting_id, text=text, institution=seat.institution, due_on=due_on,
            created_by=created_by, seat_id=seat.id, activity_id=activity_id,
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

    # -- seats ----------------------------------------------------------------------------------

    async def seats(self, instancia_id: int) -> list[Seat]:
        rows = await self.session.execute(select(InstanciaSeat).where(InstanciaSeat.instancia_id == instancia_id).order_by(InstanciaSeat.id))
        return [Seat(r.id, r.instancia_id, r.institution) for r in rows.scalars()]

    async def seat(self, seat_id: int) -> Seat | None:
        row = await self.session.get(InstanciaSeat, seat_id)
        return Seat(row.id, row.instancia_id, row.institution) if row else None

    async def seat_for(self, instancia_id: int, institution: str) -> Seat:
        for seat in await self.seats(instancia_id):
            if _key(seat.institution) == _key(institution):
                return seat
        row = InstanciaSeat(instancia_id=instancia_id, institution=" ".join(institution.split()))
        self.session.add(row)
        await self.session.flush()
        return Seat(row.id, row.instancia_id, row.institution)

    # -- agenda ---------------------------------------------------------------------------------

    async def add_item(self, meeting_id: int, title: str, seat_id: int | None, minutes: int | None, accepted: bool, by: int | None) -> AgendaItem:
        row = InstanciaAgendaItem(meeting_id=meeting_id, title=title, seat_id=seat_id, minutes=minutes, accepted=accepted, proposed_by=by)
        self.session.add(row)
        await self.session.flush()
        return _item(row)

    async def items(self, meeting_id: int) -> list[AgendaItem]:
        rows = await self.session.execute(
            select(InstanciaAgendaItem).where(InstanciaAgendaItem.meeting_id == meeting_id).order_by(InstanciaAgendaItem.id)
        )
        return [_item(r) for r in rows.scalars()]

    async def accept_item(self, item_id: int, minutes: int | None) -> AgendaItem | None:
        row = await self.session.get(InstanciaAgendaItem, item_id)
        if row is None:
            return None
        row.accepted, row.minutes = True, minutes
        await self.session.flush()
        return _item(row)

    async def drop_item(self, item_id: int) -> bool:
        result = await self.session.execute(delete(InstanciaAgendaItem).where(InstanciaAgendaItem.id == item_id))
        return result.rowcount == 1

    # -- acta -----------------------------------------------------------------------------------

    async def record_seat_attendance(self, meeting_id: int, rows: list[tuple[int, str, str]]) -> None:
        await self.session.execute(delete(InstanciaAttendance).where(InstanciaAttendance.meeting_id == meeting_id))
        for seat_id, institution, status in rows:
            self.session.add(
                InstanciaAttendance(meeting_id=meeting_id, seat_id=seat_id, institution=institution, present=status == "present", status=status)
            )
        await self.session.execute(update(InstanciaMeeting).where(InstanciaMeeting.id == meeting_id).values(attendance_at=utcnow()))
        await self.session.flush()

    async def seat_attendance(self, meeting_id: int) -> dict[int, str]:
        rows = await self.session.execute(
            select(InstanciaAttendance.seat_id, InstanciaAttendance.status, InstanciaAttendance.present).where(
                InstanciaAttendance.meeting_id == meeting_id, InstanciaAttendance.seat_id.is_not(None)
            )
        )
        return {seat_id: status or ("present" if present else "absent") for seat_id, status, present in rows.all()}

    async def save_acta(self, meeting_id: int, notes: str, pdf: bytes, by: int | None) -> None:
        row = (await self.session.execute(select(InstanciaActa).where(InstanciaActa.meeting_id == meeting_id))).scalar_one_or_none()
        if row is None:
            self.session.add(InstanciaActa(meeting_id=meeting_id, notes=notes, pdf=pdf, created_by=by))
        else:
            row.notes, row.pdf, row.created_by, row.created_at = notes, pdf, by, utcnow()
        await self.session.flush()

    async def acta(self, meeting_id: int) -> Acta | None:
        row = (await self.session.execute(select(InstanciaActa).where(InstanciaActa.meeting_id == meeting_id))).scalar_one_or_none()
        return Acta(row.meeting_id, row.notes, row.pdf, row.created_at) if row else None

    async def last_actas(self, instancia_id: int, limit: int = 2) -> list[Acta]:
        rows = await self.session.execute(
            select(InstanciaActa)
            .join(InstanciaMeeting, InstanciaMeeting.id == InstanciaActa.meeting_id)
            .where(InstanciaMeeting.instancia_id == instancia_id)
            .order_by(InstanciaMeeting.starts_at.desc())
            .limit(limit)
        )
        return [Acta(r.meeting_id, r.notes, r.pdf, r.created_at) for r in rows.scalars()]

    async def attended(self, seat_id: int, since: datetime, until: datetime) -> list[tuple[Meeting, str]]:
        rows = await self.session.execute(
            select(InstanciaMeeting, InstanciaAttendance.status, InstanciaAttendance.present)
            .join(InstanciaAttendance, InstanciaAttendance.meeting_id == InstanciaMeeting.id)
            .where(InstanciaAttendance.seat_id == seat_id, InstanciaMeeting.starts_at >= since, InstanciaMeeting.starts_at < until)
            .order_by(InstanciaMeeting.starts_at)
        )
        return [(_meeting(m), status or ("present" if present else "absent")) for m, status, present in rows.all()]

    # -- votes ----------------------------------------------------------------------------------

    async def add_vote(self, instancia_id: int, meeting_id: int | None, question: str, options: tuple[str, ...], closes_at: datetime, by: int | None) -> Vote:
        row = InstanciaVote(instancia_id=instancia_id, meeting_id=meeting_id, question=question, options="\n".join(options), closes_at=closes_at, created_by=by)
        self.session.add(row)
        await self.session.flush()
        return _vote(row)

    async def vote(self, vote_id: int) -> Vote | None:
        row = await self.session.get(InstanciaVote, vote_id)
        return _vote(row) if row else None

    async def poll_sent(self, vote_id: int, poll_id: str) -> None:
        """Telegram gave the poll carrying this vote its id: its answers will name it."""
        if await self.session.get(InstanciaVote, vote_id) is not None:
            self.session.add(InstanciaVotePoll(vote_id=vote_id, poll_id=poll_id))
            await self.session.flush()

    async def vote_of_poll(self, poll_id: str) -> Vote | None:
        row = (
            await self.session.execute(
                select(InstanciaVote).join(InstanciaVotePoll, InstanciaVotePoll.vote_id == InstanciaVote.id).where(InstanciaVotePoll.poll_id == poll_id)
            )
        ).scalar_one_or_none()
        return _vote(row) if row else None

    async def answer_vote(self, vote_id: int, user_id: int, seat_id: int | None, option_ids: tuple[int, ...]) -> None:
        await self.session.execute(delete(InstanciaVoteAnswer).where(InstanciaVoteAnswer.vote_id == vote_id, InstanciaVoteAnswer.user_id == user_id))
        if option_ids:
            self.session.add(InstanciaVoteAnswer(vote_id=vote_id, user_id=user_id, seat_id=seat_id, option_ids=",".join(map(str, option_ids))))
        await self.session.flush()

    async def close_vote(self, vote_id: int) -> bool:
        result = await self.session.execute(
            update(InstanciaVote).where(InstanciaVote.id == vote_id, InstanciaVote.closed_at.is_(None)).values(closed_at=utcnow())
        )
        return result.rowcount == 1

    async def vote_result(self, vote_id: int) -> VoteResult | None:
        vote = await self.vote(vote_id)
        if vote is None:
            return None
        rows = await self.session.execute(
            select(InstanciaVoteAnswer.option_ids, InstanciaSeat.institution)
            .outerjoin(InstanciaSeat, InstanciaSeat.id == InstanciaVoteAnswer.seat_id)
            .where(InstanciaVoteAnswer.vote_id == vote_id)
            .order_by(InstanciaVoteAnswer.id)
        )
        counts = [0] * len(vote.options)
        by_seat = []
        for raw, institution in rows.all():
            chosen = [int(i) for i in raw.split(",") if i.isdigit() and int(i) < len(vote.options)]
            for i in chosen:
                counts[i] += 1
            by_seat.append((institution or "—", ", ".join(vote.options[i] for i in chosen)))
        return VoteResult(vote, tuple(counts), tuple(by_seat))

    async def votes(self, meeting_id: int) -> list[Vote]:
        rows = await self.session.execute(select(InstanciaVote).where(InstanciaVote.meeting_id == meeting_id).order_by(InstanciaVote.id))
        return [_vote(r) for r in rows.scalars()]

    # -- work plan ------------------------------------------------------------------------------

    async def add_activity(self, instancia_id: int, year: int, title: str, seat_id: int | None, quarter: int, indicator: str) -> Activity:
        row = InstanciaActivity(instancia_id=instancia_id, year=year, title=title, seat_id=seat_id, quarter=quarter, indicator=indicator)
        self.session.add(row)
        await self.session.flush()
        return Activity(row.id, instancia_id, year, title, seat_id, quarter, indicator)

    async def activities(self, instancia_id: int, year: int) -> list[Activity]:
        rows = (
            await self.session.execute(
                select(InstanciaActivity)
                .where(InstanciaActivity.instancia_id == instancia_id, InstanciaActivity.year == year)
                .order_by(InstanciaActivity.quarter, InstanciaActivity.id)
            )
        ).scalars().all()
        return [await self._with_progress(r) for r in rows]

    async def activity(self, activity_id: int) -> Activity | None:
        row = await self.session.get(InstanciaActivity, activity_id)
        return await self._with_progress(row) if row else None

    async def _with_progress(self, row: InstanciaActivity) -> Activity:
        latest = (
            await self.session.execute(
                select(InstanciaProgress).where(InstanciaProgress.activity_id == row.id).order_by(InstanciaProgress.id.desc()).limit(1)
            )
        ).scalar_one_or_none()
        return Activity(
            row.id, row.instancia_id, row.year, row.title, row.seat_id, row.quarter, row.indicator,
            latest.percent if latest else 0, latest.note if latest else "",
        )

    async def link_agreement(self, agreement_id: int, activity_id: int | None) -> None:
        await self.session.execute(update(InstanciaAgreement).where(InstanciaAgreement.id == agreement_id).values(activity_id=activity_id))

    async def mark_progress(self, activity_id: int, percent: int, note: str, photo_file_id: str | None, by: int | None) -> None:
        self.session.add(InstanciaProgress(activity_id=activity_id, percent=percent, note=note, photo_file_id=photo_file_id, by_user=by))
        await self.session.flush()


async def unlink_lost_group(session: AsyncSession, chat_key: str) -> None:
    """The bot was removed from an instancia's group: unlink it, so reminders stop trying it and
    the secretaría's panel shows no group (she can link a new one)."""
    await session.execute(
        update(InstanciaRow)
        .where(InstanciaRow.group_key == chat_key)
        .values(group_key=None, group_chat_enc=None, group_version=InstanciaRow.group_version + 1)
    )


UNREACHABLE_HOOKS.append(unlink_lost_group)
