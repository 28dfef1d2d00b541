"""One scheduler per deployment: the advisory lock on PostgreSQL, always the leader on SQLite."""
from bot.scheduler import Leadership
from storage.db import make_engine


async def test_only_one_process_leads_and_another_takes_over(db_url):
    first_engine, second_engine = make_engine(db_url), make_engine(db_url)
    first, second = Leadership(first_engine), Leadership(second_engine)
    try:
        assert await first.held()
        assert await first.held()  # asked again each tick: still the leader
        if first_engine.dialect.name == "postgresql":
            assert not await second.held()
            await first.release()  # that process stopped or lost its connection
            assert await second.held()
            assert not await first.held()
        else:
            assert await second.held()  # SQLite: one process, nothing to share
    finally:
        await first.release()
        await second.release()
        await first_engine.dispose()
        await second_engine.dispose()
