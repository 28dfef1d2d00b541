"""A meeting announcement to 300 members, with Telegram answering 429s of a few seconds in the middle
of it: the bot as a process against the fake Bot API. Each member gets it once (0 doubled, 0 lost),
no second sees more than 30 send attempts, and someone who writes meanwhile is answered ahead of it.
(bench/broadcast.py measures the 2,000-member case and its times.) The bot sends at twice Telegram's
pace (ACOMPANA_TEST_PACE): each of Telegram's seconds is half a second here, the cap 30 in half a second."""
import asyncio

from flows.core import Notify
from flows.ports import Person
from storage.repos import People
from tests.e2e.botproc import DATA_KEY, BotProcess
from tests.harness import RecordingTransport

MEMBERS = 300
PACE = 2  # a second of Telegram's is half a second here
TEXT = "Nueva reunión de la instancia: jueves 10:00, Municipalidad"
SENDS = ("sendMessage", "copyMessage", "sendDocument", "sendPhoto", "sendPoll")


def attempts(api) -> list[float]:
    """When the bot asked to send anything, whether Telegram accepted it or not."""
    return sorted(c.time for c in api.calls + api.rejected if c.method in SENDS)


def most_in_one_second(times: list[float]) -> int:
    """The most attempts in one of Telegram's seconds (1 / PACE of a second here)."""
    return max((sum(1 for t in times if start <= t < start + 1 / PACE) for start in times), default=0)


async def announce(database_url: str, chat_ids: list[int]) -> None:
    """The announcement as a flow writes it: one notice per member, in one transaction (here from the
    test's own process, through the same Runtime code the bot runs)."""
    from bot.runtime import Runtime

    runtime = Runtime.create(database_url, DATA_KEY, RecordingTransport(), inline=False)
    try:
        async with runtime.sessions() as s:
            people = People(s, runtime.cipher)
            ids = [await people.consent(Person(key=runtime.cipher.key_of(c), address=str(c))) for c in chat_ids]
            await s.commit()
        async with runtime.sessions() as s:
            await runtime.enqueue(s, "", "", [Notify(uid, TEXT) for uid in ids])
            await s.commit()
    finally:
        await runtime.close()


async def test_an_announcement_with_429s_goes_once_to_each_within_the_cap(api, tmp_path, sqlite_url):
    bot = BotProcess(tmp_path / "bot", sqlite_url, api.base_url, ACOMPANA_TESTING="1", ACOMPANA_TEST_PACE=str(PACE))  # the cap is tested
    try:
        await _announce_with_429s(api, bot, sqlite_url)
    finally:
        await bot.stop()


async def _announce_with_429s(api, bot: BotProcess, sqlite_url: str) -> None:
    members = [api.user(9_100_000 + n) for n in range(MEMBERS)]
    api.started.update(m.chat_id for m in members)  # each of them once wrote to the bot
    bystander = api.user(9_000_001)
    await bot.start("run")
    await bot.ready()
    await announce(sqlite_url, [m.chat_id for m in members])

    def announced() -> int:
        return sum(1 for c in api.calls_for("sendMessage") if TEXT in (c.result or {}).get("text", ""))

    async def until(condition, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            assert loop.time() < deadline, f"{announced()} of {MEMBERS} announced"
            await api.wait_change(0.2)

    await until(lambda: announced() >= 40, timeout=60)
    api.fail_next("sendMessage", status=429, retry_after=3, times=25)  # Telegram: slow down
    await until(lambda: announced() >= 100, timeout=60)
    before = announced()
    await bystander.send_command("/menu")  # someone writes in the middle of the announcement
    [answer] = await bystander.wait_for("¿En qué te puedo ayudar?", timeout=30)
    after = announced()
    await until(lambda: announced() >= MEMBERS, timeout=120)
    await bot.settled()  # a late double would show up now

    got = {m.chat_id: [x for x in api.bot_messages(m.chat_id, include_deleted=True) if TEXT in (x.text or "")] for m in members}
    assert not [c for c, x in got.items() if len(x) > 1], "announced twice"
    assert not [c for c, x in got.items() if not x], "never announced"
    assert len([c for c in api.rejected if c.response.get("error_code") == 429]) == 25
    assert most_in_one_second(attempts(api)) <= 30
    # She is answered ahead of the announcement, not behind it: most of it was still owed then.
    assert after - before < 60 and MEMBERS - after > 100, (before, after)
    assert len(api.bot_messages(bystander.chat_id)) == 1, answer
    print(f"{MEMBERS} announced once each; at most {most_in_one_second(attempts(api))} send attempts in a second;"
          f" {after - before} announcement messages went out while the bystander waited")
