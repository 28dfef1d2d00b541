"""Implements flows.orientation.directory.DirectoryPort on the directory_entries table.

While the table is empty (a fresh install that never ran `acompana directory import`), the
directory shipped in flows/content/directory.yaml answers instead, so nobody gets an empty list.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.orientation.directory import FIELDS, Entry, shipped
from storage.models.directory import DirectoryEntry


def _entry(row: DirectoryEntry) -> Entry:
    return Entry(**{c: getattr(row, c) for c in FIELDS})


class Directory:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def stored(self) -> int:
        return (await self.session.execute(select(func.count()).select_from(DirectoryEntry))).scalar_one()

    async def _select(self, *where) -> list[Entry] | None:
        """Matching rows, or None when the table is empty (then the shipped file answers)."""
        rows = (await self.session.execute(select(DirectoryEntry).where(*where).order_by(DirectoryEntry.id))).scalars().all()
        if rows:
            return [_entry(r) for r in rows]
        return [] if await self.stored() else None

    async def in_area(self, area: str) -> list[Entry]:
        found = await self._select(
            or_(DirectoryEntry.district == area, DirectoryEntry.district.startswith(area + "/", autoescape=True))
        )
        return found if found is not None else [e for e in shipped() if e.in_area(area)]

    async def located(self) -> list[Entry]:
        found = await self._select(DirectoryEntry.lat.is_not(None), DirectoryEntry.lon.is_not(None))
        return found if found is not None else [e for e in shipped() if e.located]

    async def all(self) -> list[Entry]:
        found = await self._select()
        return found if found is not None else list(shipped())

    async def numbered(self) -> list[tuple[int, Entry]]:
        """Stored entries with their ids (what `directory verify ID` takes)."""
        rows = (await self.session.execute(select(DirectoryEntry).order_by(DirectoryEntry.id))).scalars().all()
        return [(r.id, _entry(r)) for r in rows]

    async def verify(self, entry_id: int, by: str, on: date) -> Entry | None:
        """Records that `by` checked entry `entry_id` on `on`; None if there is no such entry."""
        row = await self.session.get(DirectoryEntry, entry_id)
        if row is None:
            return None
        row.verified_by, row.verified_on = by, on
        await self.session.flush()
        return _entry(row)

    async def verify_entry(self, entry: Entry, by: str, on: date) -> Entry | None:
        """The same, for an entry as the flows hold it (kind, name and district identify it; an
        import refuses two alike). The shipped directory is stored first if the table is empty."""
        if not await self.stored():
            await self.replace(list(shipped()))
        row = (
            await self.session.execute(
                select(DirectoryEntry).where(
                    DirectoryEntry.kind == entry.kind, DirectoryEntry.name == entry.name, DirectoryEntry.district == entry.district
                )
            )
        ).scalars().first()
        return await self.verify(row.id, by, on) if row else None

    async def stale(self, before: date) -> list[tuple[int, Entry]]:
        """Entries nobody verified since `before` (or ever), oldest first."""
        rows = (
            await self.session.execute(
                select(DirectoryEntry)
                .where(or_(DirectoryEntry.verified_on.is_(None), DirectoryEntry.verified_on < before))
                .order_by(DirectoryEntry.verified_on.is_not(None), DirectoryEntry.verified_on, DirectoryEntry.id)
            )
        ).scalars().all()
        return [(r.id, _entry(r)) for r in rows]

    async def replace(self, entries: list[Entry]) -> None:
        """The whole directory at once: the caller commits, so a failure changes nothing."""
        await self.session.execute(delete(DirectoryEntry))
        self.session.add_all(DirectoryEntry(**{c: getattr(e, c) for c in FIELDS}) for e in entries)
        await self.session.flush()
