"""The real aiogram Dispatcher fed raw updates; every Bot API call the bot makes is recorded and checked."""
import pytest
from aiogram import Bot
from aiogram.methods import AnswerCallbackQuery, DeleteMessages, SendMessage
from aiogram.types import InlineKeyboardMarkup

from bot.app import build_dispatcher
from bot.runtime import Runtime
from handlers import private
from handlers.limits import Retry
from handlers.transport import TelegramTransport, split_text
from storage.models import User
from tests.handlers import updates
from tests.handlers.recording import RecordingSession
from tests.harness import TEST_KEY

USER = 777000111


@pytest.fixture(params=["dispatcher", "direct"])
async def tg(sqlite_url, request):
    """Every test twice: through aiogram's dispatcher, and by handlers.private.direct (the inbox
    worker's route for private chats), which must do the same."""
    session = RecordingSession()
    session.middleware(Retry(max_wait=2))
    bot = Bot("42:TEST", session=session)
    runtime = Runtime.create(sqlite_url, TEST_KEY, TelegramTransport(bot))
    dp = build_dispatcher(runtime)

    class TG:
        pass

    t = TG()
    t.session, t.bot, t.runtime, t.dp = session, bot, runtime, dp

    async def feed(update: dict):
        before = len(session.calls)
        if request.param == "dispatcher" or not await private.direct(update, bot, runtime):
            await dp.feed_raw_update(bot, update)
        return session.calls[before:]

    t.feed = feed
    yield t
    await runtime.close()


def _buttons(call: SendMessage) -> list:
    markup = call.reply_markup
    return [b for row in markup.inline_keyboard for b in row] if isinstance(markup, InlineKeyboardMarkup) else []


async def test_start_then_pressing_buttons_walks_the_menu(tg):
    calls = await tg.feed(updates.command(USER, "/start"))
    [welcome] = [c for c in calls if isinstance(c, SendMessage)]
    assert welcome.chat_id == USER and "Línea 100" in welcome.text
    yes = _buttons(welcome)[0]
    assert len(yes.callback_data.encode()) <= 64
    calls = await tg.feed(updates.callback(USER, yes.callback_data))
    assert isinstance(calls[0], AnswerCallbackQuery)  # the spinner stops first
    menu = [c for c in calls if isinstance(c, SendMessage)][-1]
    labels = [b.text for b in _buttons(menu)]
    assert any("Orientación" in label for label in labels) and any("Emergencia" in label for label in labels)
    for button in _buttons(menu):
        calls = await tg.feed(updates.callback(USER, button.callback_data))
        sent = [c for c in calls if isinstance(c, SendMessage)]
        assert sent, f"no answer to {button.text}"
        assert all(len(b.callback_data.encode()) <= 64 for c in sent for b in _buttons(c))


@pytest.mark.parametrize(
    "update, expected",
    [
        (updates.sticker(USER), "sticker"),
        (updates.photo(USER), "foto"),
        (updates.voice(USER), "nota de voz"),
        (updates.location(USER, -10.68, -76.26), None),
        (updates.contact(USER), "contacto"),
        (updates.text(USER, "x" * 5000), None),
        (updates.command(USER, "/noexiste"), "No conozco ese comando"),
        (updates.callback(USER, "forged:data:123"), "ya no está activo"),
        (updates.callback(USER, "a:erase:yes"), "ya no está activo"),
    ],
)
async def test_unexpected_input_gets_a_kind_answer(tg, update, expected):
    await tg.feed(updates.command(USER, "/start"))
    calls = await tg.feed(update)
    sent = [c for c in calls if isinstance(c, SendMessage)]
    assert sent, "silence"
    if expected:
        assert expected in sent[0].text
    assert all(len(c.text) <= 4096 for c in sent)
    if "callback_query" in update:
        assert isinstance(calls[0], AnswerCallbackQuery)


async def test_edited_message_is_read_for_danger(tg):
    await tg.feed(updates.command(USER, "/start"))
    calls = await tg.feed(updates.edited(USER, "me esta pegando"))
    assert "Línea 100" in calls[0].text
    calls = await tg.feed(updates.edited(USER, "perdón, era otra cosa"))
    assert "editaste" in calls[0].text


async def test_a_429_becomes_the_parcels_next_try_and_the_message_still_arrives(tg):
    from datetime import datetime, timezone

    from sqlalchemy import select

    from storage.models import OutboxMessage

    tg.session.fail(SendMessage, 429, "Too Many Requests: retry after 1", retry_after=1)
    before = datetime.now(timezone.utc)
    calls = await tg.feed(updates.command(USER, "/start"))
    assert len([c for c in calls if isinstance(c, SendMessage)]) == 1  # refused, not waited for in place
    async with tg.runtime.sessions() as s:
        row = (await s.execute(select(OutboxMessage))).scalar_one()
        assert 0.9 <= (row.next_try_at - before).total_seconds() <= 2 and row.claimed_until is None
    assert await tg.runtime.delivery.send() == 0  # not yet
    import asyncio

    await asyncio.sleep(1.1)
    assert await tg.runtime.delivery.send() == 1
    sends = tg.session.of(SendMessage)
    assert sends[-1].text == sends[-2].text  # the same message, once more


async def test_a_user_who_blocked_the_bot_is_marked_unreachable(tg):
    await tg.feed(updates.command(USER, "/start"))
    await tg.feed(updates.callback(USER, "a:consent:yes"))
    tg.session.fail(SendMessage, 403, "Forbidden: bot was blocked by the user")
    calls = await tg.feed(updates.command(USER, "/menu"))
    assert len([c for c in calls if isinstance(c, SendMessage)]) == 1  # not retried
    from sqlalchemy import select

    async with tg.runtime.sessions() as s:
        assert (await s.execute(select(User))).scalar_one().unreachable_at is not None
    await tg.feed(updates.command(USER, "/menu"))  # she unblocked the bot and wrote again
    async with tg.runtime.sessions() as s:
        assert (await s.execute(select(User))).scalar_one().unreachable_at is None


async def test_a_server_error_leaves_the_reply_in_the_outbox_for_later(tg):
    tg.session.fail(SendMessage, 502, "Bad Gateway", times=4)  # more than Retry's attempts
    await tg.feed(updates.command(USER, "/start"))
    async with tg.runtime.sessions() as s:
        from storage.repos import Outbox

        assert await Outbox(s, tg.runtime.cipher).pending() == 1
    from datetime import datetime, timedelta, timezone

    from storage.repos import Outbox

    before = len(tg.session.of(SendMessage))
    async with tg.runtime.sessions() as s:  # time passes: the backoff is over
        from sqlalchemy import update

        from storage.models import OutboxMessage

        await s.execute(update(OutboxMessage).values(next_try_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
        await s.commit()
    assert await tg.runtime.delivery.send() == 1
    assert "Línea 100" in tg.session.of(SendMessage)[before].text
    async with tg.runtime.sessions() as s:
        assert await Outbox(s, tg.runtime.cipher).pending() == 0


async def test_quick_exit_deletes_messages_of_both_sides(tg):
    first = updates.command(USER, "/start")
    await tg.feed(first)
    await tg.feed(updates.text(USER, "hola"))
    bot_ids = set(tg.session.message_ids.values())
    calls = await tg.feed(updates.command(USER, "/salir"))
    deletes = [c for c in calls if isinstance(c, DeleteMessages)]
    assert deletes
    deleted = {i for c in deletes for i in c.message_ids}
    assert first["message"]["message_id"] in deleted
    assert max(bot_ids) in deleted
    assert all(len(c.message_ids) <= 100 for c in deletes)


def test_long_text_is_split_at_boundaries_within_the_limit():
    text = ("Párrafo con palabras. " * 150 + "\n\n") * 3
    pieces = split_text(text)
    assert len(pieces) > 1 and all(1 <= len(p) <= 4096 for p in pieces)
    assert "".join(pieces).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
    assert split_text("a" * 9000) == ["a" * 4096, "a" * 4096, "a" * 808]


async def test_logs_hold_no_personal_data_even_when_the_database_fails(tg, caplog, monkeypatch):
    import logging

    from sqlalchemy import text

    from storage.repos import Conversations

    from bot.cli import quiet_chatty_loggers

    caplog.set_level(logging.DEBUG)
    quiet_chatty_loggers()  # as the acompana command sets them up, whatever LOG_LEVEL says
    await tg.feed(updates.command(USER, "/start"))
    await tg.feed(updates.text(USER, "me llamo Rosa Quispe y vivo en Yanacancha"))

    name = " ".join(("Rosa", "Quispe"))  # not spelled out: tracebacks quote this source line

    async def broken_save(self, chat_key, state, incoming_ids=()):
        await self.session.execute(text("INSERT INTO no_such_table VALUES (:who)"), {"who": name})

    monkeypatch.setattr(Conversations, "save", broken_save)
    calls = await tg.feed(updates.text(USER, "Rosa Quispe otra vez"))
    assert "Perdón, algo falló" in [c for c in calls if isinstance(c, SendMessage)][-1].text
    assert "update failed" in caplog.text  # the failure is logged...
    for secret in (str(USER), "Rosa", "Quispe", "rosa_q", "Yanacancha"):
        assert secret not in caplog.text, secret  # ...without who or what
