"""The fake Bot API, driven by a real aiogram Bot as the bot process would."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import CommandStart
from aiogram.methods import SendMessage
from aiogram.methods.base import TelegramMethod
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    Update,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from . import FakeBotAPI

pytestmark = pytest.mark.asyncio

TOKEN = "123456:TEST-fake-token"


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=d)] for t, d in buttons]
    )


def make_bot(api: FakeBotAPI, token: str = TOKEN, **kwargs) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api.base_url))
    return Bot(token, session=session, **kwargs)


@pytest.fixture
async def api():
    async with FakeBotAPI(token=TOKEN) as server:
        yield server


@pytest.fixture
async def bot(api):
    bot = make_bot(api)
    yield bot
    await bot.session.close()


@pytest.fixture
async def ana(api):
    user = api.user(1001, first_name="Ana", username="ana_pe")
    await user.send_command("/start")
    return user


async def test_get_me(bot):
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "acompana_test_bot", True)


async def test_send_message_with_inline_keyboard_is_recorded(api, bot, ana):
    sent = await bot.send_message(ana.chat_id, "¿Cómo estás?", reply_markup=keyboard(("Bien", "mood:ok")))
    assert sent.message_id == 2  # the user's /start was message 1 in this chat
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "mood:ok"
    (call,) = api.calls_for("sendMessage")
    assert call.chat_id == ana.chat_id and call.params["text"] == "¿Cómo estás?"
    assert call.result["message_id"] == 2
    assert ana.last().text == "¿Cómo estás?" and ana.buttons() == ["Bien"]
    assert api.message(ana.chat_id, 2).reply_markup["inline_keyboard"][0][0]["text"] == "Bien"


async def test_html_is_parsed_and_bad_markup_rejected(api, ana):
    bot = make_bot(api, default=DefaultBotProperties(parse_mode="HTML"))
    try:
        sent = await bot.send_message(ana.chat_id, "<b>Hola</b> &amp; bienvenida")
        assert sent.text == "Hola & bienvenida"
        assert api.message(ana.chat_id, sent.message_id).source == "<b>Hola</b> &amp; bienvenida"
        with pytest.raises(TelegramBadRequest, match='Unsupported start tag "br"'):
            await bot.send_message(ana.chat_id, "línea<br>otra")
        with pytest.raises(TelegramBadRequest, match="can't parse entities"):
            await bot.send_message(ana.chat_id, "<b>sin cerrar")
    finally:
        await bot.session.close()


async def test_unknown_method_and_wrong_token(api, bot):
    class FooBar(TelegramMethod[bool]):
        __returning__ = bool
        __api_method__ = "fooBar"

    with pytest.raises(TelegramNotFound, match="Not Found"):
        await bot(FooBar())
    other = make_bot(api, token="999:WRONG")
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await other.get_me()
    finally:
        await other.session.close()


async def test_malformed_parameters_are_rejected(api, bot, ana):
    with pytest.raises(TelegramBadRequest, match="unknown field 'bogus'"):
        await bot(SendMessage(chat_id=ana.chat_id, text="hola", bogus=1))
    with pytest.raises(TelegramBadRequest, match="chat_id is empty"):
        await bot(SendMessage.model_construct(text="hola"))
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(ana.chat_id, "a" * 4097)
    await bot.send_message(ana.chat_id, "a" * 4096)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(ana.chat_id, "  \n ")
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(ana.chat_id, "x", reply_markup=keyboard(("B", "é" * 32 + "x")))  # 65 bytes
    with pytest.raises(TelegramBadRequest, match="text buttons are unallowed"):
        await bot.send_message(ana.chat_id, "x", reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="B")]]))
    with pytest.raises(TelegramBadRequest, match="exactly one"):
        await bot.send_message(ana.chat_id, "x", reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="B", callback_data="a", url="https://x.pe")]]))
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(424242, "hola")
    api.user(2002)  # exists, but never wrote to the bot
    with pytest.raises(TelegramForbiddenError, match="can't initiate conversation"):
        await bot.send_message(2002, "hola")
    # Only the two valid sends were accepted; everything else is in api.rejected.
    assert len(api.calls_for("sendMessage")) == 1 and len(api.rejected) == 9


async def test_wrong_type_and_nested_unknown_field_raw(api, ana):
    url = f"{api.base_url}/bot{TOKEN}/"
    async with aiohttp.ClientSession() as http:
        async with http.post(url + "deleteMessage", data={"chat_id": "1001", "message_id": "abc"}) as r:
            body = await r.json()
        assert r.status == 400 and body["description"].startswith("Bad Request: invalid message_id")
        markup = '{"inline_keyboard": [[{"text": "a", "callback_data": "b", "colour": "red"}]]}'
        async with http.post(url + "sendMessage", data={"chat_id": "1001", "text": "x",
                                                         "reply_markup": markup}) as r:
            body = await r.json()
        assert r.status == 400 and "colour" in body["description"]
        async with http.post(url + "nope") as r:
            assert r.status == 404
            assert await r.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_get_updates_long_polls_and_wakes_on_push(api, bot):
    start = time.monotonic()
    assert await bot.get_updates(timeout=1) == []
    assert time.monotonic() - start >= 0.9

    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.2)
    assert not poll.done()
    start = time.monotonic()
    await api.user(1001).send("hola")
    (update,) = await poll
    assert time.monotonic() - start < 1
    assert update.message.text == "hola" and update.message.chat.type == "private"
    # Not confirmed yet: returned again until the offset moves past it.
    assert len(await bot.get_updates()) == 1
    assert await bot.get_updates(offset=update.update_id + 1) == []


async def test_allowed_updates_filter(api, bot, ana):
    await bot.get_updates(offset=-1)
    await bot.get_updates(offset=api.pending_updates()[-1]["update_id"] + 1)
    await ana.send("uno")
    await ana.press_data("x", message_id=999)  # forged callback; filtered out below
    updates = await bot.get_updates(allowed_updates=["message"])
    assert [u.message.text for u in updates] == ["uno"]


async def test_a_second_poller_conflicts(api, bot):
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    second = asyncio.create_task(bot.get_updates(timeout=1))
    with pytest.raises(Exception, match="terminated by other getUpdates"):
        await first
    assert await second == []


async def test_injected_429_and_5xx(api, bot, ana):
    api.fail_next("sendMessage", status=429, retry_after=3)
    with pytest.raises(TelegramRetryAfter) as excinfo:
        await bot.send_message(ana.chat_id, "hola")
    assert excinfo.value.retry_after == 3
    api.fail_next("*", status=502, times=2)
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.send_message(ana.chat_id, "hola")
    await bot.send_message(ana.chat_id, "hola")
    assert len(api.calls_for("sendMessage")) == 1


async def test_block_gives_forbidden(api, bot, ana):
    await ana.block_bot()
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(ana.chat_id, "hola")
    assert Update.model_validate(api.pending_updates()[-1]).my_chat_member.new_chat_member.status == "kicked"
    await ana.unblock_bot()
    await bot.send_message(ana.chat_id, "hola")


async def test_press_sends_callback_query_and_answers_once(api, bot, ana):
    await bot.send_message(ana.chat_id, "¿Seguimos?", reply_markup=keyboard(("Sí", "go:yes"), ("No", "go:no")))
    update = Update.model_validate(await ana.press("No"))
    query = update.callback_query
    assert query.data == "go:no" and query.from_user.id == ana.id
    assert query.message.message_id == ana.last().message_id
    assert api.callback_answer(query.id) is None
    assert await bot.answer_callback_query(query.id, text="Vale")
    assert api.callback_answer(query.id)["text"] == "Vale"
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query.id)
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query("12345")
    with pytest.raises(AssertionError, match="no inline button 'Quizás'"):
        await ana.press("Quizás")


async def test_delete_messages_marks_deleted(api, bot, ana):
    ids = [(await bot.send_message(ana.chat_id, f"m{i}")).message_id for i in range(3)]
    assert await bot.delete_messages(ana.chat_id, ids[:2] + [999])  # unknown ids are skipped
    assert api.deleted_ids(ana.chat_id) == ids[:2]
    assert [m.text for m in ana.messages()] == ["m2"]
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(ana.chat_id, ids[0])
    with pytest.raises(TelegramBadRequest):
        await bot.delete_messages(ana.chat_id, list(range(1, 102)))


async def test_edits(api, bot, ana):
    sent = await bot.send_message(ana.chat_id, "Paso 1", reply_markup=keyboard(("Siguiente", "next")))
    edited = await bot.edit_message_text("Paso 1", chat_id=ana.chat_id, message_id=sent.message_id)
    assert edited.reply_markup is None  # editing without reply_markup drops the keyboard
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("Paso 1", chat_id=ana.chat_id, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=ana.chat_id, message_id=999)
    await bot.edit_message_reply_markup(chat_id=ana.chat_id, message_id=sent.message_id,
                                        reply_markup=keyboard(("Otra vez", "again")))
    assert ana.buttons() == ["Otra vez"]


async def test_wait_for_sees_new_bot_messages(api, bot, ana):
    await bot.send_message(ana.chat_id, "vieja")
    await ana.send("hola")

    async def reply_later():
        await asyncio.sleep(0.1)
        await bot.send_message(ana.chat_id, "Hola Ana")
        await bot.send_message(ana.chat_id, "¿En qué te ayudo?")

    task = asyncio.create_task(reply_later())
    (first,) = await ana.wait_for(timeout=2)
    assert first.text == "Hola Ana"
    (second,) = await ana.wait_for("ayudo", timeout=2)
    assert second.text == "¿En qué te ayudo?"
    await task
    with pytest.raises(AssertionError, match="timed out"):
        await ana.wait_for(timeout=0.2)


async def test_user_updates_are_valid_telegram_updates(api, bot, ana):
    await ana.send_sticker()
    await ana.send_photo(caption="foto")
    await ana.send_voice()
    await ana.send_document()
    await ana.send_location(-12.05, -77.04)
    await ana.send_contact()
    await ana.edit_last("/ayuda ahora")
    updates = [Update.model_validate(u) for u in api.pending_updates()]
    first = updates[0].message
    assert first.text == "/start" and first.entities[0].type == "bot_command"
    kinds = [u.event_type for u in updates]
    assert kinds == ["message"] * 7 + ["edited_message"]
    assert updates[-1].edited_message.entities[0].length == len("/ayuda")
    assert [u.update_id for u in updates] == sorted({u.update_id for u in updates})


async def test_media_upload_file_id_copy_and_download(api, bot, ana):
    photo = await bot.send_photo(ana.chat_id, BufferedInputFile(b"PNGDATA", "a.png"), caption="Mira")
    assert photo.caption == "Mira"
    again = await bot.send_photo(ana.chat_id, photo.photo[-1].file_id)
    assert again.photo[-1].file_id == photo.photo[-1].file_id
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_voice(ana.chat_id, "nonsense")
    voice = Update.model_validate(await ana.send_voice(content=b"OggS123")).message
    file = await bot.get_file(voice.voice.file_id)
    assert (await bot.download_file(file.file_path)).read() == b"OggS123"
    document = await bot.send_document(ana.chat_id, BufferedInputFile(b"%PDF", "guia.pdf"))
    assert document.document.file_name == "guia.pdf"

    staff = api.group(-100500, "Equipo")
    copied = await bot.copy_message(staff.id, ana.chat_id, voice.message_id)
    stored = api.message(staff.id, copied.message_id)
    assert stored.data["voice"]["file_id"] == voice.voice.file_id
    forwarded = await bot.forward_message(staff.id, ana.chat_id, voice.message_id)
    assert forwarded.forward_origin.sender_user.id == ana.id


async def test_groups_and_other_methods(api, bot, ana):
    staff = api.group(-100777, "Coordinadoras")
    await ana.in_group(staff).send("/start@acompana_test_bot")
    assert Update.model_validate(api.pending_updates()[-1]).message.chat.type == "supergroup"
    await bot.send_message(staff.id, "Aviso", reply_markup=ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="Ok")]]))
    assert [m.text for m in staff.messages()] == ["Aviso"]
    assert ana.in_group(staff).reply_keyboard() == ["Ok"]
    assert (await bot.get_chat(staff.id)).title == "Coordinadoras"
    assert await bot.send_chat_action(ana.chat_id, "typing")
    assert await bot.leave_chat(staff.id)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(staff.id, "¿sigo aquí?")
    commands = [BotCommand(command="start", description="Empezar")]
    assert await bot.set_my_commands(commands)
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Empezar!", description="x")])


async def test_webhook_delivery_and_secret(api, bot):
    received: list[dict] = []

    async def handler(request: web.Request) -> web.Response:
        if request.headers.get("X-Telegram-Bot-Api-Secret-Token") != "s3cret":
            return web.Response(status=401)
        received.append(await request.json())
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/hook", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        assert await bot.set_webhook(url, secret_token="s3cret")
        assert (await bot.get_webhook_info()).url == url
        with pytest.raises(Exception, match="webhook is active"):
            await bot.get_updates()
        update = await api.user(1001).send("hola")
        assert received == [update] and api.webhook_log == [(update["update_id"], 200)]
        status, _ = await api.post_webhook(update, secret_token="wrong")
        assert status == 401
        assert await bot.delete_webhook()
        await api.user(1001).send("otra")
        assert len(received) == 1 and len(api.pending_updates()) == 1
    finally:
        await runner.cleanup()


async def test_webhook_reply_with_a_method_is_executed(api, bot, ana):
    """aiogram may answer a webhook request with a method call; Telegram executes it."""
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message):
        return message.answer(f"eco: {message.text}")

    app = web.Application()
    SimpleRequestHandler(dp, bot, handle_in_background=False, secret_token="abc").register(app, "/hook")
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        await bot.set_webhook(f"http://127.0.0.1:{runner.addresses[0][1]}/hook", secret_token="abc")
        await ana.send("hola")
        (reply,) = await ana.wait_for(timeout=2)
        assert reply.text == "eco: hola"
        status, _ = await api.post_webhook(api.new_update("message", ana.last().data), secret_token="nope")
        assert status == 401
    finally:
        await runner.cleanup()


async def test_markdown_v2_requires_escaping(api, bot, ana):
    text = r"*Hola* Ana\! `x.y` [web](https://x.pe)"
    sent = await bot.send_message(ana.chat_id, text, parse_mode="MarkdownV2")
    assert sent.text == "Hola Ana! x.y web"
    with pytest.raises(TelegramBadRequest, match="Character '!' is reserved"):
        await bot.send_message(ana.chat_id, "Hola!", parse_mode="MarkdownV2")


async def test_stop_releases_a_pending_poll(bot):
    api = FakeBotAPI(token=TOKEN)
    await api.start()
    other = make_bot(api)
    poll = asyncio.create_task(other.get_updates(timeout=30))
    await asyncio.sleep(0.1)
    start = time.monotonic()
    await api.stop()
    assert await poll == [] and time.monotonic() - start < 2
    await other.session.close()


async def test_real_dispatcher_polling_round_trip(api, bot):
    """A real aiogram Dispatcher in polling mode, as the bot process runs it."""
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message):
        await message.answer("Hola, ¿empezamos?", reply_markup=keyboard(("Sí", "start:yes")))

    @dp.callback_query(F.data == "start:yes")
    async def yes(query: CallbackQuery):
        await query.answer()
        await query.message.edit_text("¡Vamos!")

    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, close_bot_session=False))
    try:
        ana = api.user(1001)
        await ana.send_command("/start")
        (greeting,) = await ana.wait_for("empezamos", timeout=5)
        assert ana.buttons(greeting) == ["Sí"]
        update = await ana.press("Sí")
        (edited,) = await ana.wait_for("Vamos", include_edits=True, timeout=5)
        assert edited.message_id == greeting.message_id and edited.buttons() == []
        assert api.callback_answer(update["callback_query"]["id"]) is not None
        assert not api.rejected
    finally:
        await dp.stop_polling()
        await polling


async def test_polls_are_checked_and_their_answers_and_the_bot_membership_come_as_updates(api, bot, ana):
    from aiogram.types import InputPollOption

    group = api.group(-100777, title="Instancia")
    soon = int(time.time()) + 600
    sent = await bot.send_poll(group.id, "¿Campaña el 8 de marzo?", [InputPollOption(text="Sí"), InputPollOption(text="No")],
                               is_anonymous=False, close_date=soon)
    assert sent.poll.question == "¿Campaña el 8 de marzo?" and [o.text for o in sent.poll.options] == ["Sí", "No"]
    assert sent.poll.is_anonymous is False and sent.poll.close_date.timestamp() == soon
    with pytest.raises(TelegramBadRequest, match="POLL_CLOSE_DATE_INVALID"):
        await bot.send_poll(group.id, "¿Ya?", [InputPollOption(text="Sí"), InputPollOption(text="No")], close_date=int(time.time()) + 2)
    with pytest.raises(TelegramBadRequest, match="POLL_OPTION_INVALID"):
        await bot.send_poll(group.id, "¿Largo?", [InputPollOption(text="x" * 101), InputPollOption(text="No")])
    await ana.vote(sent.poll.id, [1])
    await group.bot_added(by=ana)
    await group.bot_removed(by=ana)
    updates = await bot.get_updates(allowed_updates=["poll_answer", "my_chat_member"])
    answer = next(u.poll_answer for u in updates if u.poll_answer)
    assert (answer.poll_id, answer.user.id, answer.option_ids) == (sent.poll.id, ana.id, [1])
    statuses = [(u.my_chat_member.old_chat_member.status, u.my_chat_member.new_chat_member.status) for u in updates if u.my_chat_member]
    assert statuses == [("left", "member"), ("member", "left")]
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(group.id, "¿Sigo aquí?")
