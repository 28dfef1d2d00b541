"""The one sender, on SQLite and PostgreSQL: a fan-out under Telegram's per-second cap with no
doubles, a bystander's answer ahead of it, 429s written to the parcel's next try, dead letters."""
import asyncio
import time
from collections import Counter

from sqlalchemy import update

from bot.delivery import Limits, TryLater
from bot.runtime import Runtime
from flows.core import Notify, Reply
from storage.models import OutboxMessage
from storage.repos import Outbox, People
from flows.ports import Person
from tests.harness import TEST_KEY, RecordingTransport


class TimedTransport(RecordingTransport):
    """Records when each message went out; answers the first sends with a 429."""

    def __init__(self, throttle: int = 0, retry_after: float = 1) -> None:
        super().__init__()
        self.times: list[tuple[float, str]] = []
        self.throttle, self.retry_after = throttle, retry_after

    async def send(self, chat_id, payload):
        await asyncio.sleep(0.005)  # a network round trip
        if self.throttle > 0:
            self.throttle -= 1
            raise TryLater(self.retry_after)
        self.times.append((time.monotonic(), chat_id))
        return await super().send(chat_id, payload)


async def _members(runtime, n: int) -> list[int]:
    async with runtime.sessions() as s:
        ids = [await People(s, runtime.cipher).consent(Person(key=runtime.cipher.key_of(9000 + i), address=str(9000 + i))) for i in range(n)]
        await s.commit()
    return ids


def _max_per_second(times: list[float]) -> int:
    return max(sum(1 for t in times if start <= t < start + 1) for start in times)


async def _fan_out(db_url, throttle: int):
    transport = TimedTransport(throttle=throttle)
    runtime = Runtime.create(db_url, TEST_KEY, transport, limits=Limits(), inline=False)
    members = await _members(runtime, 90)
    runtime.delivery.start()
    try:
        async with runtime.sessions() as s:  # one announcement, written in one transaction
            await runtime.enqueue(s, "", "", [Notify(uid, "Reunión el jueves") for uid in members])
            await s.commit()
        await runtime.outbox_written()
        await asyncio.sleep(0.5)
        asked = time.monotonic()
        async with runtime.sessions() as s:  # meanwhile someone else writes to the bot
            await runtime.enqueue(s, runtime.cipher.key_of(1), "1", [Reply("hola")])
            await s.commit()
        await runtime.outbox_written()
        for _ in range(200):
            if sum(len(v) for k, v in transport.sent.items() if k != "1") >= 90:
                break
            await asyncio.sleep(0.05)
    finally:
        await runtime.close()
    answered = next(t for t, chat in transport.times if chat == "1")
    counts = Counter(chat for _, chat in transport.times if chat != "1")
    return transport, counts, answered - asked


async def test_a_fan_out_goes_once_to_each_within_the_cap_and_a_bystander_is_answered_first(db_url):
    transport, counts, bystander = await _fan_out(db_url, throttle=0)
    assert len(counts) == 90 and set(counts.values()) == {1}  # none lost, none doubled
    assert _max_per_second([t for t, _ in transport.times]) <= 30
    assert bystander < 1.0


async def test_429s_become_next_tries_and_still_nothing_is_doubled(db_url):
    transport, counts, bystander = await _fan_out(db_url, throttle=10)
    assert len(counts) == 90 and set(counts.values()) == {1}
    assert _max_per_second([t for t, _ in transport.times]) <= 30
    assert bystander < 1.0


async def test_a_parcel_failing_past_its_last_try_is_a_dead_letter_kept_for_a_retry(db_url):
    transport = RecordingTransport(failing={"5"})
    runtime = Runtime.create(db_url, TEST_KEY, transport)
    async with runtime.sessions() as s:
        await runtime.enqueue(s, runtime.cipher.key_of(5), "5", [Reply("hola")])
        await s.commit()
    for _ in range(Outbox.MAX_ATTEMPTS):
        async with runtime.sessions() as s:  # time passes: the backoff is over
            await s.execute(update(OutboxMessage).values(next_try_at=OutboxMessage.created_at))
            await s.commit()
        assert await runtime.delivery.send() == 0
    async with runtime.sessions() as s:
        outbox = Outbox(s, runtime.cipher)
        [dead] = await outbox.dead_letters()
        assert dead.attempts == Outbox.MAX_ATTEMPTS and dead.last_error == "TryLater"
        assert (await outbox.stats())["dead"] == 1
    assert runtime.delivery.counters["dead"] == 1
    transport.failing.clear()
    async with runtime.sessions() as s:
        assert await Outbox(s, runtime.cipher).revive(dead.id) == 1
        await s.commit()
    assert await runtime.delivery.send() == 1
    assert [m.text for m in transport.sent["5"]] == ["hola"]
    await runtime.close()
