"""`acompana rotate-key` (the command as a process, on SQLite and PostgreSQL): afterwards the old key
reads nothing, the new one reads everything, and look-ups find people, their conversation, what
they are owed and their stored updates again."""
import asyncio
from datetime import datetime, timedelta, timezone

from sqlalchemy import insert, select

from bot.rekey import check_readable
from bot.runtime import Runtime
from storage.crypto import Cipher
from storage.db import make_engine
from storage.inbox import Inbox
from storage.models import Conversation, Invite
from storage.repos import Outbox, People
from storage.roles import Roles
from tests.e2e.botproc import BotProcess
from tests.harness import TEST_KEY, Harness, RecordingTransport
from tests.ops.test_operator_errors import finish, said

NEW_KEY = "new-data-key-9876543210-zyxwvutsrqponmlk"
ANA = 5501


async def seed(db_url):
    """Ana agreed and is in a flow; a parcel owed to her; an update of hers stored; an unused invite;
    a conversation nobody can be traced to. Returns her state."""
    harness = Harness(db_url)
    old = harness.runtime.cipher
    ana = harness.person(ANA)
    await ana.agree()
    await ana.press("Privacidad")
    state = await ana.state()
    async with harness.runtime.sessions() as session:
        later = datetime.now(timezone.utc) + timedelta(hours=1)
        await Outbox(session, old).put_many([(old.key_of(ANA), old.encrypt(ANA), {"method": "send_message", "text": "luego"}, later, 0)])
        await Inbox(session, old).store([(900, old.key_of(ANA), {"update_id": 900, "message": {"chat": {"id": ANA}, "text": "hola"}})])
        await Roles(session, old).create_invite("mentora", "district:150101", None, timedelta(days=3))
        await session.execute(insert(Conversation).values(chat_key="f" * 64, state={}, message_ids=[]))
        await session.commit()
    await harness.close()
    return state


def rotating(tmp_path, db_url, old: str = TEST_KEY) -> BotProcess:
    return BotProcess(tmp_path / "ops", db_url, DATA_KEY=NEW_KEY, DATA_KEY_OLD=old)


async def test_after_rotation_the_old_key_reads_nothing_and_people_are_found(db_url, tmp_path):
    state = await seed(db_url)
    engine = make_engine(db_url)
    values = await check_readable(engine, NEW_KEY)  # all of them, before
    assert values >= 4 and await check_readable(engine, TEST_KEY) == 0

    code, out = await finish(rotating(tmp_path, db_url), "rotate-key")
    assert code == 0 and "Clave cambiada" in out and "Ya puedes quitar DATA_KEY_OLD" in out, out
    assert "1 código(s) de invitación sin usar" in out and "1 conversación(es)" in out
    assert await check_readable(engine, TEST_KEY) == values  # the old key reads none
    assert await check_readable(engine, NEW_KEY) == 0

    runtime = Runtime.create(db_url, NEW_KEY, RecordingTransport())
    try:
        assert await runtime.state_of(ANA) == state  # her conversation, where she was
        new = Cipher(NEW_KEY)
        async with runtime.sessions() as session:
            user = await People(session, new).find(new.key_of(ANA))
            assert user is not None and new.decrypt(user.tg_id_enc) == str(ANA)
            [(uid, raw)] = await Inbox(session, new).pending_for(new.key_of(ANA))
            assert uid == 900 and raw["message"]["text"] == "hola"
            [parcel] = await Outbox(session, new).claim(datetime.now(timezone.utc) + timedelta(hours=2))
            assert parcel.chat_id == str(ANA) and parcel.chat_key == new.key_of(ANA) and parcel.payload["text"] == "luego"
            assert await session.scalar(select(Conversation).where(Conversation.chat_key == "f" * 64)) is None
            assert (await session.execute(select(Invite))).first() is None
    finally:
        await runtime.close()
        await engine.dispose()

    # A second run (the old key still set) changes nothing that matters.
    code, out = await finish(rotating(tmp_path, db_url), "rotate-key")
    assert code == 0 and "0 claves de búsqueda recalculadas" in out, out


async def test_a_wrong_old_key_changes_nothing(sqlite_url, tmp_path):
    await seed(sqlite_url)
    code, out = await finish(rotating(tmp_path, sqlite_url, old="not-the-key-it-was-0123456789-abcdef"), "rotate-key")
    [line] = said(out)
    assert code == 2 and "ni DATA_KEY ni DATA_KEY_OLD descifran" in line and "No cambié nada" in line
    engine = make_engine(sqlite_url)
    try:
        assert await check_readable(engine, TEST_KEY) == 0  # still all under the old key
    finally:
        await engine.dispose()


async def test_without_the_old_key_it_says_what_to_set(sqlite_url, tmp_path):
    code, out = await finish(BotProcess(tmp_path / "ops", sqlite_url, DATA_KEY=NEW_KEY), "rotate-key")
    [line] = said(out)
    assert code == 2 and "DATA_KEY_OLD" in line


async def test_on_postgresql_a_running_bot_is_refused(pg_url, tmp_path):
    from bot.scheduler import Leadership

    engine = make_engine(pg_url)
    lock = Leadership(engine)
    assert await lock.held()  # as the running bot's scheduler holds it
    try:
        code, out = await finish(rotating(tmp_path, pg_url), "rotate-key")
    finally:
        await lock.release()
        await engine.dispose()
    [line] = said(out)
    assert code == 2 and "El bot está en marcha" in line
