"""The one sender, on SQLite and PostgreSQL: a fan-out under Telegram's per-second cap with no
doubles, a bystander's answer ahead of it, 429s written to the parcel's next try, dead letters."""
import asyncio
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

from sqlalchemy import insert, update

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


async def _queued(runtime, chat: int, text: str = "hola") -> int:
    async with runtime.sessions() as s:
        [pid] = await runtime.enqueue(s, runtime.cipher.key_of(chat), str(chat), [Reply(text)])
        await s.commit()
    return pid


async def _until(condition, seconds: float = 10) -> bool:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return True
        await asyncio.sleep(0.02)
    return condition()


async def test_a_429s_retry_after_becomes_the_parcels_next_try(db_url):
    transport = TimedTransport(throttle=1, retry_after=7)
    runtime = Runtime.create(db_url, TEST_KEY, transport)
    pid = await _queued(runtime, 7)
    before = datetime.now(timezone.utc)
    assert await runtime.delivery.send() == 0
    async with runtime.sessions() as s:
        row = await s.get(OutboxMessage, pid)
        assert row.attempts == 1 and row.claimed_until is None and row.last_error == "429 retry after 7s"
        assert before + timedelta(seconds=7) <= row.next_try_at <= datetime.now(timezone.utc) + timedelta(seconds=7)
    assert runtime.delivery.counters["rate_limited"] == 1
    assert await runtime.delivery.send() == 0 and not transport.sent  # not before its time
    await runtime.close()


async def test_the_sender_releases_stale_claims_at_start_and_sends_them_at_once(db_url):
    """A process killed while sending left its claims (60 s long): its successor's sender frees them
    as it starts, instead of waiting for them to run out."""
    transport = RecordingTransport()
    runtime = Runtime.create(db_url, TEST_KEY, transport, inline=False)
    await _queued(runtime, 8)
    async with runtime.sessions() as s:
        assert len(await Outbox(s, runtime.cipher).claim(datetime.now(timezone.utc))) == 1  # the dead one's claim
        await s.commit()
    runtime.delivery.start()
    try:
        assert await _until(lambda: transport.sent.get("8"))
    finally:
        await runtime.close()
    assert [m.text for m in transport.sent["8"]] == ["hola"]


async def test_a_new_parcel_wakes_the_sender_which_does_not_poll(db_url):
    transport = RecordingTransport()
    runtime = Runtime.create(db_url, TEST_KEY, transport, inline=False)
    runtime.delivery.start()
    try:
        await asyncio.sleep(0.3)  # started, found nothing: now it waits for a wake (or 30 s)
        async with runtime.sessions() as s:  # written without telling it
            await s.execute(insert(OutboxMessage).values(
                chat_key=runtime.cipher.key_of(9), chat_id_enc=runtime.cipher.encrypt("9"),
                payload_enc=runtime.cipher.encrypt('{"type": "text", "text": "hola", "buttons": [], "ask_location": false}'),
                created_at=datetime.now(timezone.utc), next_try_at=datetime.now(timezone.utc), attempts=0, lane=0))
            await s.commit()
        await asyncio.sleep(1.0)
        assert not transport.sent  # it does not look by itself
        await _queued(runtime, 9, "otra")
        await runtime.outbox_written()  # what Runtime.process does after each commit
        assert await _until(lambda: len(transport.sent.get("9", [])) == 2)
    finally:
        await runtime.close()
    assert [m.text for m in transport.sent["9"]] == ["hola", "otra"]


async def test_on_postgresql_a_parcel_committed_by_another_process_wakes_the_sender(pg_url):
    transport = RecordingTransport()
    sender = Runtime.create(pg_url, TEST_KEY, transport, inline=False)
    other = Runtime.create(pg_url, TEST_KEY, RecordingTransport(), inline=False)  # a worker elsewhere
    sender.delivery.start()
    try:
        await asyncio.sleep(0.5)  # listening
        await _queued(other, 10)  # its transaction NOTIFYs; nobody calls sender.delivery.wake()
        assert await _until(lambda: transport.sent.get("10"))
    finally:
        await other.close()
        await sender.close()


async def test_the_sender_stops_even_when_woken_in_the_same_moment(db_url):
    """A stop that cancels the sender in the round its event is set (a chat task ending wakes it)
    must end it: Python 3.11's wait_for swallowed that cancel and a graceful stop hung."""
    runtime = Runtime.create(db_url, TEST_KEY, RecordingTransport(), inline=False)
    try:
        for _ in range(10):
            runtime.delivery.start()
            await asyncio.sleep(0.05)  # started, found nothing: waiting for a wake
            runtime.delivery.wake()
            await asyncio.wait_for(runtime.delivery.stop(), 5)
            assert not runtime.delivery.running
    finally:
        await runtime.close()
