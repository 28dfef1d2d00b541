"""Implements flows.entre_patas.ports.EntrePatasPort on reflection_spaces and reflection_registrations,
and CommitmentsPort on reflection_commitments and reflection_commitment_choices."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from flows.entre_patas.ports import CommitmentChoice, CommitmentCount, CommitmentOption, JoinResult, Space
from storage.models.entre_patas import Commitment, ReflectionRegistration, ReflectionSpace
from storage.models.entre_patas import CommitmentChoice as ChoiceRow


def _space(row: ReflectionSpace, registered: int) -> Space:
    return Space(
        id=row.id,
        district=row.district,
        starts_at=row.starts_at,
        place=row.place,
        capacity=row.capacity,
        remind_before=tuple(row.remind_before or ()),
        facilitator_user_id=row.facilitator_user_id,
        cancelled=row.cancelled_at is not None,
        registered=registered,
    )


class EntrePatas:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _count(self, space_id: int) -> int:
        query = select(func.count()).select_from(ReflectionRegistration).where(ReflectionRegistration.space_id == space_id)
        return (await self.session.execute(query)).scalar_one()

    async def publish(
        self,
        district: str,
        starts_at: datetime,
        place: str,
        capacity: int | None,
        remind_before: tuple[int, ...],
        facilitator_user_id: int,
    ) -> Space:
        row = ReflectionSpace(
            district=district,
            starts_at=starts_at,
            place=place,
            capacity=capacity,
            remind_before=list(remind_before),
            facilitator_user_id=facilitator_user_id,
        )
        self.session.add(row)
        await self.session.flush()
        return _space(row, 0)

    async def space(self, space_id: int) -> Space | None:
        row = await self.session.get(ReflectionSpace, space_id)
        return _space(row, await self._count(space_id)) if row else None

    async def upcoming(self, now: datetime, districts: list[str] | None = None, limit: int = 8) -> list[Space]:
        counts = (
            select(ReflectionRegistration.space_id, func.count().label("n"))
            .group_by(ReflectionRegistration.space_id)
            .subquery()
        )
        query = (
            select(ReflectionSpace, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.space_id == ReflectionSpace.id)
            .where(ReflectionSpace.cancelled_at.is_(None), ReflectionSpace.starts_at > now)
            .order_by(ReflectionSpace.starts_at, ReflectionSpace.id)
            .limit(limit)
        )
        if districts is not None:
            query = query.where(ReflectionSpace.district.in_(districts))
        return [_space(row, n) for row, n in (await self.session.execute(query)).all()]

    async def join(self, space_id: int, user_id: int, now: datetime) -> JoinResult:
        # Locking the session row makes a concurrent join wait, so the count below is not stale and
        # two men cannot both take the last place (PostgreSQL; SQLite serialises writers anyway).
        row = (
            await self.session.execute(select(ReflectionSpace).where(ReflectionSpace.id == space_id).with_for_update())
        ).scalar_one_or_none()
        if row is None or row.cancelled_at is not None or row.starts_at <= now:
            return "closed"
        if await self.is_registered(space_id, user_id):
            return "already"
        if row.capacity is not None and await self._count(space_id) >= row.capacity:
            return "full"
        try:
            async with self.session.begin_nested():
                self.session.add(ReflectionRegistration(space_id=space_id, user_id=user_id))
        except IntegrityError:  # the same man, from a second process, a moment earlier
            return "already"
        return "joined"

    async def leave(self, space_id: int, user_id: int) -> bool:
        result = await self.session.execute(
            delete(ReflectionRegistration).where(
                ReflectionRegistration.space_id == space_id, ReflectionRegistration.user_id == user_id
            )
        )
        return result.rowcount == 1

    async def is_registered(self, space_id: int, user_id: int) -> bool:
        query = select(ReflectionRegistration.id).where(
            ReflectionRegistration.space_id == space_id, ReflectionRegistration.user_id == user_id
        )
        return (await self.session.execute(query)).first() is not None

    async def registered_users(self, space_id: int) -> list[int]:
        query = (
            select(ReflectionRegistration.user_id)
            .where(ReflectionRegistration.space_id == space_id)
            .order_by(ReflectionRegistration.id)
        )
        return list((await self.session.execute(query)).scalars())

    async def cancel(self, space_id: int, now: datetime) -> bool:
        result = await self.session.execute(
            update(ReflectionSpace)
            .where(ReflectionSpace.id == space_id, ReflectionSpace.cancelled_at.is_(None))
            .values(cancelled_at=now)
        )
        return result.rowcount == 1

    async def purge_past(self, started_before: datetime) -> int:
        """Registrations of sessions that started before then, and the link of a commitment chosen
        then to the man, are dropped: the counts stay, who does not."""
        old = select(ReflectionSpace.id).where(ReflectionSpace.starts_at < started_before)
        registrations = await self.session.execute(delete(ReflectionRegistration).where(ReflectionRegistration.space_id.in_(old)))
        links = await self.session.execute(
            update(ChoiceRow).where(ChoiceRow.space_id.in_(old), ChoiceRow.user_id.is_not(None)).values(user_id=None)
        )
        return (registrations.rowcount or 0) + (links.rowcount or 0)

    # -----------------------------------------------------------------------------------------
    # Commitments

    async def commitments(self, district: str) -> list[CommitmentOption]:
        rows = await self.session.execute(
            select(Commitment).where(Commitment.district == district, Commitment.active.is_(True)).order_by(Commitment.id)
        )
        return [CommitmentOption(r.id, r.district, r.text, r.active) for r in rows.scalars()]

    async def commitment(self, commitment_id: int) -> CommitmentOption | None:
        row = await self.session.get(Commitment, commitment_id)
        return CommitmentOption(row.id, row.district, row.text, row.active) if row else None

    async def add_commitment(self, district: str, text: str, by_user_id: int) -> CommitmentOption:
        row = Commitment(district=district, text=text, active=True, created_by=by_user_id)
        self.session.add(row)
        await self.session.flush()
        return CommitmentOption(row.id, row.district, row.text, True)

    async def remove_commitment(self, commitment_id: int) -> bool:
        result = await self.session.execute(
            update(Commitment).where(Commitment.id == commitment_id, Commitment.active.is_(True)).values(active=False)
        )
        return result.rowcount == 1

    async def choose(self, commitment_id: int, space_id: int, user_id: int) -> int:
        row = (
            await self.session.execute(select(ChoiceRow).where(ChoiceRow.space_id == space_id, ChoiceRow.user_id == user_id))
        ).scalar_one_or_none()
        if row is None:
            row = ChoiceRow(commitment_id=commitment_id, space_id=space_id, user_id=user_id)
            self.session.add(row)
        row.commitment_id, row.prompt_window = commitment_id, None
        await self.session.flush()
        return row.id

    async def choice(self, choice_id: int) -> CommitmentChoice | None:
        row = await self.session.get(ChoiceRow, choice_id, populate_existing=True)
        return CommitmentChoice(row.id, row.commitment_id, row.space_id, row.user_id, row.prompt_window, row.kept) if row else None

    async def set_prompt_window(self, choice_id: int, window: str | None) -> None:
        await self.session.execute(update(ChoiceRow).where(ChoiceRow.id == choice_id).values(prompt_window=window))

    async def answer(self, choice_id: int, kept: bool) -> bool:
        result = await self.session.execute(
            update(ChoiceRow).where(ChoiceRow.id == choice_id, ChoiceRow.kept.is_(None)).values(kept=kept, user_id=None)
        )
        return result.rowcount == 1

    async def counts(self, district: str) -> list[CommitmentCount]:
        kept = func.count(ChoiceRow.id).filter(ChoiceRow.kept.is_(True))
        rows = await self.session.execute(
            select(Commitment.id, Commitment.text, func.count(ChoiceRow.id), kept)
            .outerjoin(ChoiceRow, ChoiceRow.commitment_id == Commitment.id)
            .where(Commitment.district == district, Commitment.active.is_(True))
            .group_by(Commitment.id, Commitment.text)
            .order_by(Commitment.id)
        )
        return [CommitmentCount(cid, text, taken, n_kept) for cid, text, taken, n_kept in rows.all()]
