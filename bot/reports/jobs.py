"""On the first working day of each month, at 09:00 in Lima, last month's report is scheduled for
every admin, coordinadora and secretaría técnica; in January, April, July and October the list of
services with problems of the quarter too. Questions about services left unanswered are deleted then. Scheduling is idempotent (one reminder per recipient,
ref and time), so every tick of that day may try and each still goes out once."""
from __future__ import annotations

import weakref
from datetime import datetime, time, timedelta

from bot.scheduler import job
from flows.observatorio import ports as m
from flows.observatorio.reports import KIND_PROBLEMS, KIND_REPORT, area_of, first_working_day
from flows.roles import ADMIN, SECRETARIA
from flows.when import lima_to_utc, today_in_lima
from storage.observatorio import Stats

REPORT_HOUR = time(9, 0)
GRACE = timedelta(hours=12)  # a report missed in the morning still goes out that day
# The day each runtime last scheduled them, so the other ticks of that day do nothing.
_done: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@job
async def schedule_monthly_reports(runtime, now: datetime) -> None:
    today = today_in_lima(now)
    due = lima_to_utc(today, REPORT_HOUR)
    if today != first_working_day(today.year, today.month) or now < due or _done.get(runtime) == today:
        return
    month = m.previous_month(today)
    async with runtime.sessions() as session:
        ports = runtime.ports(session)
        await Stats(session).drop_stale_questions(now)
        await Stats(session).settle_instancias(month)
        for user_id, role, scope in await Stats(session).recipients():
            area = await area_of(ports, role, scope)
            if area is None:
                continue
            await ports.reminders.schedule(KIND_REPORT, f"{area}|{month}", due, user_id=user_id, grace=GRACE)
            if today.month in (1, 4, 7, 10) and role in (ADMIN, SECRETARIA):
                instancia = scope.partition(":")[2] if role == SECRETARIA else ""
                await ports.reminders.schedule(KIND_PROBLEMS, f"{m.quarter_of(month)}|{area}|{instancia}", due, user_id=user_id, grace=GRACE)
        await session.commit()
    _done[runtime] = today
