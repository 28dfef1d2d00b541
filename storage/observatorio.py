"""Implements flows.observatorio.ports.StatsPort: counters upserted in the caller's transaction."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, bindparam, delete, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from flows.observatorio.ports import AGREEMENT, ATTENDANCE, MEETING, QUESTION_KEPT, Cell, month_of
from flows.observatorio.questions import KIND_QUESTION
from flows.when import lima_to_utc
from storage.fast import Fast
from storage.models.core import RoleGrant
from storage.models.instancias import Instancia, InstanciaAgreement, InstanciaAttendance, InstanciaMeeting
from storage.models.observatorio import StatCount
from storage.models.reminders import Reminder


def _upsert(dialect):
    stmt = dialect.insert(StatCount.__table__).values({c: bindparam(c) for c in ("metric", "dim", "service", "district", "month", "count")})
    return stmt.on_conflict_do_update(
        index_elements=["metric", "dim", "service", "district", "month"], set_={"count": StatCount.__table__.c.count + stmt.excluded.count}
    )


# Built once per dialect, run on the driver's connection (a press or a crisis counts on every
# update of its kind).
_COUNT = Fast({"postgresql": _upsert(postgresql), "sqlite": _upsert(sqlite)})


class Stats:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def count(self, metric: str, district: str | None, now: datetime, dim: str = "", service: str = "", by: int = 1) -> None:
        values = dict(metric=metric, dim=dim[:60], service=service[:240], district=(district or "")[:80], month=month_of(now), count=by)
        # One statement, atomic under concurrency: two events at once both count.
        await _COUNT.run(self.session, values)

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

    async def pending_question(self, user_id: int, now: datetime) -> bool:
        waiting = or_(Reminder.sent_at.is_(None), and_(Reminder.outcome == "sent", Reminder.sent_at > now - QUESTION_KEPT))
        found = await self.session.execute(
            select(Reminder.id).where(Reminder.kind == KIND_QUESTION, Reminder.user_id == user_id, waiting).limit(1)
        )
        return found.first() is not None

    async def drop_stale_questions(self, now: datetime) -> int:
        """Questions asked and not answered in QUESTION_KEPT, or never asked (outside her hours):
        nothing about them is kept."""
        gone = await self.session.execute(
            delete(Reminder).where(Reminder.kind == KIND_QUESTION, Reminder.sent_at < now - QUESTION_KEPT)
        )
        return gone.rowcount

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

    async def settle_instancias(self, month: str) -> None:
        """Instancia figures of a closed month, from the instancias' own records (institutional, not
        personal): meetings held (attendance recorded), attendance by institution, agreements due in
        the month, done by their date, overdue. Written over what was there, so settling twice, or
        after a sheet was corrected, gives the same figures."""
        start, end = month_bounds(month)
        place = Instancia.place
        found: dict[tuple[str, str, str], int] = defaultdict(int)
        meetings = and_(InstanciaMeeting.starts_at >= start, InstanciaMeeting.starts_at < end, InstanciaMeeting.cancelled_at.is_(None))
        held = await self.session.execute(
            select(place, func.count()).select_from(InstanciaMeeting).join(Instancia, Instancia.id == InstanciaMeeting.instancia_id)
            .where(meetings, InstanciaMeeting.attendance_at.is_not(None)).group_by(place)
        )
        for where, n in held:
            found[(MEETING, "", where)] += n
        present = or_(InstanciaAttendance.status == "present", and_(InstanciaAttendance.status.is_(None), InstanciaAttendance.present))
        came = await self.session.execute(
            select(place, InstanciaAttendance.institution, func.count())
            .select_from(InstanciaAttendance)
            .join(InstanciaMeeting, InstanciaMeeting.id == InstanciaAttendance.meeting_id)
            .join(Instancia, Instancia.id == InstanciaMeeting.instancia_id)
            .where(meetings, InstanciaMeeting.attendance_at.is_not(None), present)
            .group_by(place, InstanciaAttendance.institution)
        )
        for where, institution, n in came:
            found[(ATTENDANCE, institution or "", where)] += n
        first, last = _days(month)
        due = await self.session.execute(
            select(place, InstanciaAgreement.due_on, InstanciaAgreement.done_at)
            .select_from(InstanciaAgreement)
            .join(Instancia, Instancia.id == InstanciaAgreement.instancia_id)
            .where(InstanciaAgreement.due_on >= first, InstanciaAgreement.due_on <= last)
        )
        for where, due_on, done_at in due:
            found[(AGREEMENT, "due", where)] += 1
            on_time = done_at is not None and done_at < lima_to_utc(due_on + timedelta(days=1), time(0))
            found[(AGREEMENT, "done" if on_time else "overdue", where)] += 1
        await self.session.execute(
            delete(StatCount).where(StatCount.month == month, StatCount.metric.in_((MEETING, ATTENDANCE, AGREEMENT)))
        )
        self.session.add_all(
            StatCount(metric=metric, dim=dim[:60], service="", district=where[:80], month=month, count=n)
            for (metric, dim, where), n in found.items()
        )
        await self.session.flush()

    async def recipients(self) -> list[tuple[int, str, str]]:
        """(user_id, role, scope) of everyone who gets the monthly report: admins, coordinadoras,
        secretarías técnicas."""
        rows = await self.session.execute(
            select(RoleGrant.user_id, RoleGrant.role, RoleGrant.scope)
            .where(RoleGrant.revoked_at.is_(None), RoleGrant.role.in_(("admin", "coordinadora", "secretaria")))
            .order_by(RoleGrant.id)
        )
        return [tuple(r) for r in rows]


def _days(month: str) -> tuple[date, date]:
    year, number = map(int, month.split("-"))
    first = date(year, number, 1)
    following = date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)
    return first, following - timedelta(days=1)


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """The month in Lima, as UTC instants [start, end)."""
    first, last = _days(month)
    return lima_to_utc(first, time(0)), lima_to_utc(last + timedelta(days=1), time(0))
