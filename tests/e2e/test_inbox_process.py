"""Nothing lost, nothing twice: the bot as a process against the fake Bot API, killed with SIGKILL at
random moments while people write to it, in polling and in webhook mode; the same update delivered
twice; a dead letter listed and retried; two webhook workers on one PostgreSQL database."""
import asyncio
import random

import pytest

from tests.e2e.botproc import DATA_KEY, FAST, BotProcess, spawn, free_port, webhook_env

# Each command has exactly one answer, recognisable by this text: a chat's answers, in order, must be
# exactly its commands' (a lost answer and a doubled one cannot cancel out). A person goes through
# the script in turn, so no two answers in a row are the same message.
SCRIPT = [("/menu", "¿En qué te puedo ayudar?"), ("/privacidad", "Tu privacidad"), ("/noexiste", "No conozco ese comando")]


def answers(api, user, resent: frozenset = frozenset()) -> list[str]:
    """Which command each bot message in the chat answers, in order (deleted ones included),
    leaving out the messages at the positions in `resent` (see `in_doubt`)."""
    found = []
    for n, message in enumerate(api.bot_messages(user.chat_id, include_deleted=True)):
        if n not in resent:
            found += [command for command, marker in SCRIPT if marker in (message.text or "")]
    return found


def in_doubt(api, people, database: str) -> dict[int, int]:
    """Read right after a kill: the chats whose next parcel owed is the very message Telegram
    accepted last, i.e. it went out but the bot died before marking it sent. Telegram's sendMessage
    has no idempotency key, so the restarted bot cannot tell and sends it again (we chose a second
    copy over a lost answer). {chat: position of that second copy among the chat's bot messages}."""
    import json
    import sqlite3

    from storage.crypto import Cipher

    cipher = Cipher(DATA_KEY)
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT chat_id_enc, payload_enc FROM outbox WHERE dead_at IS NULL ORDER BY id").fetchall()
    head: dict[int, str] = {}
    for chat, payload in rows:
        head.setdefault(int(cipher.decrypt(chat)), json.loads(cipher.decrypt(payload)).get("text"))
    doubt = {}
    for p in people:
        sent = api.bot_messages(p.chat_id, include_deleted=True)
        if sent and (head.get(p.chat_id) or "").strip() == (sent[-1].source or "").strip():
            doubt[p.chat_id] = len(sent)
    return doubt


def _resent(api, people, doubts: list[dict[int, int]]) -> dict[int, frozenset]:
    """Every second copy `in_doubt` foresaw, checked to be there and to repeat the message before it."""
    resent = {}
    for p in people:
        positions = frozenset(d[p.chat_id] for d in doubts if p.chat_id in d)
        sent = api.bot_messages(p.chat_id, include_deleted=True)
        for n in positions:
            if n < len(sent):
                assert sent[n].source == sent[n - 1].source, f"message {n} was to be the copy sent again"
        resent[p.chat_id] = frozenset(n for n in positions if n < len(sent))
    return resent


async def in_flight_copies(api, people, expected: dict, timeout: float) -> dict[int, int]:
    """Waits until every chat got its answers, each second copy right after its first set aside;
    then {chat: position of that copy}, for `converge` to check as `in_doubt`'s."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    while True:
        copies = {}
        for p in people:
            sent = api.bot_messages(p.chat_id, include_deleted=True)
            copies.update({p.chat_id: n for n in range(1, len(sent)) if sent[n].source == sent[n - 1].source})
        if all(answers(api, p, frozenset([copies[p.chat_id]] if p.chat_id in copies else [])) == expected[p.chat_id] for p in people):
            return copies
        assert loop.time() - start < timeout, "the answers owed did not all arrive"
        await asyncio.sleep(0.2)


async def converge(api, people, expected: dict, timeout: float, doubts: list | None = None) -> float:
    """Seconds until every chat got exactly its expected answers; fails on a double or a timeout.
    `doubts`: what `in_doubt` found at each kill, the only second copies allowed."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    while True:
        resent = _resent(api, people, doubts or [])
        got = {p.chat_id: answers(api, p, resent[p.chat_id]) for p in people}
        for p in people:
            assert len(got[p.chat_id]) <= len(expected[p.chat_id]), f"answered twice: {got[p.chat_id]}"
        if got == expected:
            return loop.time() - start
        if loop.time() - start > timeout:
            missing = {k: len(expected[k]) - len(v) for k, v in got.items() if v != expected[k]}
            raise AssertionError(f"answers missing or out of order after {timeout}s: {missing}")
        await api.wait_change(0.2)


async def traffic(people, expected: dict, messages: int, pace: float) -> None:
    """Each person sends `messages` commands, one every `pace` seconds, all at the same time; each
    goes on through the script where her last command left it."""

    async def one(person, offset: int) -> None:
        for _ in range(messages):
            command, _ = SCRIPT[(offset + len(expected[person.chat_id])) % len(SCRIPT)]
            expected[person.chat_id].append(command)
            await person.send_command(command)
            await asyncio.sleep(pace * random.uniform(0.5, 1.5))

    await asyncio.gather(*(one(p, n) for n, p in enumerate(people)))


KILLS = 3  # per mode in the suite; `E2E_KILLS=10 ./test.sh tests/e2e/test_inbox_process.py` for the ten


def kills() -> int:
    import os

    return int(os.environ.get("E2E_KILLS", KILLS))


def owed(api, people, expected: dict) -> int:
    """The most messages one chat is still owed (an unknown command's answer is two)."""
    per = {"/noexiste": 2}
    return max(sum(per.get(c, 1) for c in expected[p.chat_id][len(answers(api, p)):]) for p in people)


@pytest.mark.parametrize("mode", ["run", "webhook"])
async def test_kill_9_during_traffic_loses_nothing_and_answers_nothing_twice(api, tmp_path, sqlite_url, mode):
    port = free_port()
    # At the tests' pace (not Telegram's 1 a second in a chat): what a restart owes goes out in a
    # moment, not in seconds of pacing per round; pacing has tests of its own (the announcement's).
    proc = BotProcess(tmp_path / "bot", sqlite_url, api.base_url, ACOMPANA_TESTING="1", ACOMPANA_TEST_PACE=FAST,
                      **(webhook_env(port) if mode == "webhook" else {}))
    people = [api.user(6100 + n) for n in range(6)]
    expected = {p.chat_id: [] for p in people}
    rng = random.Random()
    doubts: list[dict[int, int]] = []  # per kill: the messages in flight at that moment
    after_restart: list[tuple[float, int]] = []  # (seconds until all was out, messages a chat was owed)

    async def start() -> None:
        await proc.start(mode)
        await proc.ready()
        if mode == "webhook":
            await api.redeliver_webhook()  # what Telegram could not post meanwhile, as it would

    try:
        await start()
        for _ in range(kills()):
            running = asyncio.create_task(traffic(people, expected, messages=4, pace=0.3))
            await asyncio.sleep(rng.uniform(0.1, 1.2))  # a random moment in the middle of it
            await proc.kill()
            doubts.append(in_doubt(api, people, sqlite_url.split("///", 1)[1]))
            await running  # people go on writing while the bot is down
            await start()
            # Everything owed goes out, and nothing twice: checked at every restart.
            backlog = owed(api, people, expected)
            after_restart.append((await converge(api, people, expected, timeout=30, doubts=doubts), backlog))
        await traffic(people, expected, messages=2, pace=0.2)
        await converge(api, people, expected, timeout=15, doubts=doubts)
        await proc.settled()  # a late double would show up now
        await converge(api, people, expected, timeout=0, doubts=doubts)
    finally:
        await proc.stop()
    # Within 5 s of each restart, plus the pace in one chat (a burst of 3, then FAST a second).
    late = [(round(seconds, 1), backlog) for seconds, backlog in after_restart if seconds >= 5 + max(0, backlog - 3) / float(FAST)]
    assert not late, late
    resent = sum(len(d) for d in doubts)
    print(f"{mode}: {kills()} kills, {resent} message(s) in flight at a kill sent again, no other double;"
          f" all owed out {max(s for s, _ in after_restart):.1f} s after a restart at worst")


async def test_a_restart_sends_what_was_owed_within_5_seconds(api, tmp_path, sqlite_url):
    proc = BotProcess(tmp_path / "bot", sqlite_url, api.base_url)
    people = [api.user(6200 + n) for n in range(4)]
    expected = {p.chat_id: [] for p in people}
    try:
        await proc.start("run")
        api.fail_next("sendMessage", status=502, times=1000)  # Telegram away: everything stays owed
        await traffic(people, expected, messages=2, pace=0.05)
        await asyncio.sleep(1.0)
        await proc.kill()
        api._failures.clear()
        await proc.start("run")
        await proc.ready()
        assert await converge(api, people, expected, timeout=8) < 5
    finally:
        await proc.stop()


async def _same_update_twice(api, proc, mode: str, port: int) -> None:
    ana = api.user(6301)
    await proc.start(mode)
    await proc.ready()
    if mode == "webhook":
        api.webhook_delivery = False  # the test posts each update itself
        api.started.add(ana.chat_id)
        update = api.new_update("message", {"message_id": 1, "date": 0, "chat": api.chats[ana.chat_id], "from": api.users[ana.id],
                                            "text": "/privacidad", "entities": [{"type": "bot_command", "offset": 0, "length": 11}]})
        for _ in range(2):
            status, _ = await api.post_webhook(update)
            assert status == 200
        await ana.wait_for("Tu privacidad", timeout=20)
    else:
        update = await ana.send_command("/privacidad")
        await ana.wait_for("Tu privacidad", timeout=20)
        await proc.settled()  # the answer is marked sent: what follows is about the update alone
        await proc.kill()  # as if it died after storing the update, before confirming it:
        api._pending.append(update)  # Telegram sends it again to the next getUpdates
        await proc.start(mode)
        await proc.ready()
        for _ in range(100):  # the queue is empty once the bot confirmed the copy
            if not api.pending_updates():
                break
            await asyncio.sleep(0.1)
        assert not api.pending_updates()
    await proc.settled()  # a second answer would be out by now
    assert answers(api, ana) == ["/privacidad"]


@pytest.mark.parametrize("mode", ["run", "webhook"])
async def test_the_same_update_delivered_twice_is_answered_once(api, tmp_path, db_url, mode):
    port = free_port()
    proc = BotProcess(tmp_path / "bot", db_url, api.base_url, **(webhook_env(port) if mode == "webhook" else {}))
    try:
        await _same_update_twice(api, proc, mode, port)
    finally:
        await proc.stop()


async def outbox_command(proc: BotProcess, *args: str) -> str:
    run = await spawn(
        "--env-file", str(proc.workdir / "no.env"), "outbox", *args,
        cwd=proc.workdir, env=proc.env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await run.communicate()
    assert run.returncode == 0, out.decode()
    return out.decode()


async def test_a_dead_letter_is_listed_and_retried_by_an_operator(api, bot):
    await bot.start("run")
    ana = api.user(6401)
    api.fail_next("sendMessage", status=400, description="Bad Request: can't parse entities", chat_id=ana.chat_id)
    await ana.send_command("/privacidad")
    for _ in range(100):
        listed = await outbox_command(bot)
        if "Fallidos: 1" in listed:
            break
        await asyncio.sleep(0.2)
    assert "can't parse entities" in listed and "Fallidos: 1." in listed, listed
    assert answers(api, ana) == []
    assert "dead letter" in bot.output()
    retried = await outbox_command(bot, "--retry-all")
    assert "1 mensaje(s) vuelven a la cola" in retried and "Fallidos: 0." in retried
    await ana.wait_for("Tu privacidad", timeout=10)
    assert answers(api, ana) == ["/privacidad"]


async def test_two_webhook_workers_on_one_postgresql_database(api, tmp_path, pg_url):
    ports = [free_port(), free_port()]
    workers = [BotProcess(tmp_path / f"w{n}", pg_url, api.base_url, **webhook_env(port)) for n, port in enumerate(ports)]
    people = [api.user(6500 + n) for n in range(6)]
    expected = {p.chat_id: [] for p in people}
    api.webhook_delivery = False  # deliveries alternate between the two workers, as behind one address
    turn = iter(range(10**6))

    async def deliver(update):
        """Like a load balancer in front of both: in turn, or to the other one if this one is down;
        and every update twice, as Telegram may well post it again: the copy to the other worker."""
        first = next(turn) % 2
        api.webhook_updates[update["update_id"]] = update
        for copy in range(2):
            for port in (ports[(first + copy) % 2], ports[(first + copy + 1) % 2]):
                try:
                    status, _ = await api.post_webhook(update, url=f"http://127.0.0.1:{port}/webhook")
                except Exception:
                    status = 0
                api.webhook_log.append((update["update_id"], status))
                if status == 200:
                    break

    api.deliver = deliver
    try:
        for w in workers:
            await w.start("webhook")
        for w in workers:
            await w.ready()
        running = asyncio.create_task(traffic(people, expected, messages=6, pace=0.25))
        await asyncio.sleep(random.uniform(0.4, 1.0))
        await workers[0].kill()  # one worker dies mid-traffic
        killed_at = api.changes  # what the fake Telegram held when the worker died
        await running
        assert not api.unanswered_webhook_updates()
        # What the dead worker's sender had handed to Telegram and not yet marked sent may be sent
        # again by the other (Telegram has no idempotency key). The sender sends a round of parcels
        # at once, one per chat at most (a chat's parcels go in order), so: at most one second copy
        # in a chat, right after its first (`in_flight_copies` finds no other kind), nothing else.
        doubts = [await in_flight_copies(api, people, expected, timeout=15)]
        firsts = {chat: api.bot_messages(chat, include_deleted=True)[at - 1].seq for chat, at in doubts[0].items()}
        assert all(seq <= killed_at for seq in firsts.values()), f"a second copy of an answer first sent after the kill: {firsts}"
        await converge(api, people, expected, timeout=0, doubts=doubts)
        await workers[1].settled()  # a late double would show up now
        await converge(api, people, expected, timeout=0, doubts=doubts)
    finally:
        for w in workers:
            await w.stop()
    sends = sorted(c.time for c in api.calls if c.method == "sendMessage")
    assert max(sum(1 for t in sends if s <= t < s + 1) for s in sends) <= 30
