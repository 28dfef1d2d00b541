"""A fake Telegram Bot API server on loopback, for end-to-end tests.

The bot under test (a separate process) talks to it through
`TelegramAPIServer.from_base(api.base_url)`: `POST {base}/bot{token}/{method}`
with form or multipart data, exactly as aiogram's AiohttpSession sends it.
Parameters are validated with aiogram's own method models, so a call the real
API would reject as malformed is rejected here too.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
import secrets
import time
import types
import typing
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Callable

import aiohttp
from aiohttp import web
from aiogram import methods as aiogram_methods
from aiogram.methods.base import TelegramMethod
from pydantic import BaseModel, ValidationError

from .checks import ApiError, bad_request, check_reply_markup, check_text, utf16_len
from .people import FakeGroup, FakeUser

BOT_USERNAME = "acompana_test_bot"
# Bot API default when allowed_updates is empty: everything but these.
_OPT_IN_UPDATES = {"chat_member", "message_reaction", "message_reaction_count"}
_CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
}
# sendX method -> message field and the extra fields Telegram fills in.
_MEDIA = {
    "sendPhoto": ("photo", {"width": 1280, "height": 960}),
    "sendDocument": ("document", {"file_name": "document", "mime_type": "application/octet-stream"}),
    "sendVoice": ("voice", {"duration": 1, "mime_type": "audio/ogg"}),
    "sendAudio": ("audio", {"duration": 1, "mime_type": "audio/mpeg"}),
    "sendVideo": ("video", {"width": 640, "height": 480, "duration": 1}),
    "sendAnimation": ("animation", {"width": 320, "height": 240, "duration": 1}),
    "sendSticker": ("sticker", {"type": "regular", "width": 512, "height": 512,
                                "is_animated": False, "is_video": False}),
    "sendVideoNote": ("video_note", {"length": 240, "duration": 1}),
}
_CONTENT_KEYS = ("text", "caption", "photo", "document", "voice", "audio", "video", "animation",
                 "sticker", "video_note", "location", "contact")
_MEDIA_KEYS = tuple(kind for kind, _ in _MEDIA.values())
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
_DEFAULT = object()


def _method_models() -> dict[str, type[TelegramMethod]]:
    found = {}
    for name in aiogram_methods.__all__:
        cls = getattr(aiogram_methods, name)
        api_name = getattr(cls, "__api_method__", None)
        if isinstance(cls, type) and issubclass(cls, TelegramMethod) and isinstance(api_name, str):
            found[api_name.lower()] = cls  # the Bot API is case-insensitive here
    return found


METHODS = _method_models()


def _accepts_str(annotation: Any) -> bool:
    """True if aiogram sends this field raw (it JSON-encodes every non-str value)."""
    if annotation is str:
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_accepts_str(arg) for arg in typing.get_args(annotation))
    return False


def _unknown_nested(value: Any, path: str) -> str | None:
    """Path of the first field a nested aiogram object accepted only as an extra."""
    if isinstance(value, BaseModel):
        if value.model_extra:
            return f"{path}.{next(iter(value.model_extra))}"
        for name in type(value).model_fields:
            if found := _unknown_nested(getattr(value, name), f"{path}.{name}"):
                return found
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            if found := _unknown_nested(item, f"{path}[{i}]"):
                return found
    return None


def _wanted(update: dict[str, Any], allowed: list[str] | None) -> bool:
    kind = next(key for key in update if key != "update_id")
    return kind in allowed if allowed else kind not in _OPT_IN_UPDATES


@dataclass
class Call:
    """One request the fake answered."""

    method: str
    params: dict[str, Any]
    response: dict[str, Any]  # the full JSON body: {"ok": ..., "result": ...}
    chat_id: int | None
    time: float

    @property
    def result(self) -> Any:
        return self.response.get("result")


@dataclass
class Upload:
    filename: str
    content: bytes


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str
    content: bytes
    file_path: str


@dataclass
class StoredMessage:
    """A message in a chat, from the bot or a simulated user, as Telegram would keep it."""

    chat_id: int
    message_id: int
    from_bot: bool
    data: dict[str, Any]  # the Message object as the API returns it
    seq: int  # global change counter when created, orders messages across chats
    markup: dict[str, Any] | None = None  # reply_markup as sent (any keyboard kind)
    source: str | None = None  # text/caption as sent, before parse_mode parsing
    deleted: bool = False
    edited_seq: int = 0

    @property
    def text(self) -> str | None:
        return self.data.get("text", self.data.get("caption"))

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        return self.markup

    @property
    def inline_buttons(self) -> list[dict[str, Any]]:
        rows = (self.markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]

    def buttons(self) -> list[str]:
        return [b["text"] for b in self.inline_buttons]

    def button(self, which: str | Callable[[dict], bool]) -> dict[str, Any]:
        match = which if callable(which) else (lambda b: b["text"] == which)
        for button in self.inline_buttons:
            if match(button):
                return button
        raise AssertionError(
            f"no inline button {which!r} in message {self.message_id} ({self.text!r}); "
            f"buttons: {self.buttons()}"
        )


@dataclass
class _Failure:
    method: str
    status: int
    description: str
    parameters: dict | None
    times: int
    chat_id: int | None


class FakeBotAPI:
    """Fake Bot API server; use `async with FakeBotAPI() as api:` inside a test."""

    def __init__(self, token: str = "123456:TEST-fake-token", host: str = "127.0.0.1", port: int = 0):
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_user = {"id": self.bot_id, "is_bot": True, "first_name": "Acompaña",
                         "username": BOT_USERNAME}
        self.host, self.port = host, port
        self.calls: list[Call] = []
        self.rejected: list[Call] = []  # answered with an error (validation or injected)
        self.chats: dict[int, dict[str, Any]] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple[str, str], list[dict]] = {}
        self.webhook: dict[str, Any] = {"url": "", "secret_token": None, "allowed_updates": None}
        # While a webhook is set, user actions POST to it; False queues them instead
        # (then use post_webhook() yourself, e.g. with a wrong secret).
        self.webhook_delivery = True
        self.webhook_log: list[tuple[int, int]] = []  # (update_id, HTTP status)
        self.webhook_updates: dict[int, dict[str, Any]] = {}  # every update posted, for redelivery
        self.callback_ttl = 15.0  # Telegram drops callback answers after ~15 seconds
        self.callbacks: dict[str, dict[str, Any]] = {}
        self.blocked: set[int] = set()
        self.started: set[int] = set()  # private chats whose user wrote to the bot
        self.left: set[int] = set()  # groups the bot left
        self.polls: dict[str, dict[str, Any]] = {}  # sent polls by id, with their votes
        self._poll_ids = itertools.count(5_300_000_000_000_000_001)
        self._messages: dict[int, dict[int, StoredMessage]] = {}
        self._last_message_id: dict[int, int] = {}
        self._marks: dict[tuple[int, int], int] = {}
        self._people: dict[int, FakeUser] = {}
        self._pending: list[dict[str, Any]] = []
        self._allowed_updates: list[str] = []
        self._update_ids = itertools.count(700_000_001)
        self._callback_ids = itertools.count(4_000_000_000_000_000_001)
        self._failures: list[_Failure] = []
        self._poll_generation = 0
        self._seq = 0
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self.base_url = ""

    # -- lifecycle -------------------------------------------------------

    async def start(self) -> FakeBotAPI:
        app = web.Application(client_max_size=50 * 2**20)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = self._runner.addresses[0][1]
        self.base_url = f"http://{self.host}:{self.port}"
        self._client = aiohttp.ClientSession()
        return self

    async def stop(self) -> None:
        self._closing = True
        self._notify()  # release pending long polls so the runner can shut down
        if self._client:
            await self._client.close()
        if self._runner:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- simulated people and chats -----------------------------------------

    def user(self, id: int, first_name: str = "Ana", username: str | None = None,
             language_code: str | None = "es", last_name: str | None = None) -> FakeUser:
        if id not in self._people:
            info = {"id": id, "is_bot": False, "first_name": first_name}
            chat = {"id": id, "type": "private", "first_name": first_name}
            for key, value in (("last_name", last_name), ("username", username)):
                if value:
                    info[key] = chat[key] = value
            if language_code:
                info["language_code"] = language_code
            self.users[id], self.chats[id] = info, chat
            self._people[id] = FakeUser(self, info, chat)
        return self._people[id]

    def group(self, id: int, title: str = "Equipo", type: str = "supergroup") -> FakeGroup:
        """A group the bot is a member of; known to the API from now on."""
        self.chats[id] = {"id": id, "type": type, "title": title}
        self.left.discard(id)
        return FakeGroup(self, self.chats[id])

    def block(self, chat_id: int) -> None:
        self.blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        self.blocked.discard(chat_id)

    # -- failure injection ---------------------------------------------------

    def fail_next(self, method: str = "*", status: int = 429, retry_after: int = 1, times: int = 1,
                  description: str | None = None, chat_id: int | None = None) -> None:
        """Answer the next `times` matching calls with an error ("*" matches any method)."""
        parameters = None
        if status == 429:
            description = description or f"Too Many Requests: retry after {retry_after}"
            parameters = {"retry_after": retry_after}
        description = description or HTTPStatus(status).phrase
        self._failures.append(_Failure(method.lower(), status, description, parameters, times, chat_id))

    def _injected_failure(self, method: str, chat_id: int | None) -> ApiError | None:
        for failure in self._failures:
            if failure.method in ("*", method.lower()) and failure.chat_id in (None, chat_id):
                failure.times -= 1
                if failure.times <= 0:
                    self._failures.remove(failure)
                return ApiError(failure.status, failure.description, failure.parameters)
        return None

    # -- reading back ----------------------------------------------------------

    def calls_for(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        return self._messages.get(chat_id, {}).get(message_id)

    def chat_messages(self, chat_id: int) -> list[StoredMessage]:
        """All messages in a chat (both sides, deleted included), oldest first."""
        return list(self._messages.get(chat_id, {}).values())

    @property
    def changes(self) -> int:
        """The change counter: a message's `seq` at most this was there when it was read."""
        return self._seq

    def bot_messages(self, chat_id: int, include_deleted: bool = False) -> list[StoredMessage]:
        return [m for m in self.chat_messages(chat_id)
                if m.from_bot and (include_deleted or not m.deleted)]

    def deleted_ids(self, chat_id: int) -> list[int]:
        return [m.message_id for m in self.chat_messages(chat_id) if m.deleted]

    def pending_updates(self) -> list[dict[str, Any]]:
        """Queued updates not yet confirmed by a getUpdates offset."""
        return list(self._pending)

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        """The answerCallbackQuery params for a pressed button, None while unanswered."""
        return self.callbacks[query_id]["answer"]

    # -- change notification -------------------------------------------------------

    def _notify(self) -> None:
        self._seq += 1
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    async def wait_change(self, timeout: float) -> None:
        """Wait until anything changes (message stored, update queued...) or timeout."""
        try:
            await asyncio.wait_for(self._changed.wait(), max(timeout, 0))
        except asyncio.TimeoutError:
            pass

    # -- updates: queue or webhook -------------------------------------------------

    def new_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        return {"update_id": next(self._update_ids), kind: payload}

    async def deliver(self, update: dict[str, Any]) -> None:
        """Hand an update to the bot: POST it to the webhook if set, else queue it."""
        if self.webhook["url"] and self.webhook_delivery:
            if not _wanted(update, self.webhook["allowed_updates"]):
                return
            self.webhook_updates[update["update_id"]] = update
            try:
                status, _ = await self.post_webhook(update)
            except aiohttp.ClientError:
                status = 0  # unreachable; Telegram retries later: see redeliver_webhook()
            self.webhook_log.append((update["update_id"], status))
        else:
            self._pending.append(update)
            self._notify()

    def unanswered_webhook_updates(self) -> list[dict[str, Any]]:
        """Updates whose last webhook POST did not get a 200, in order (Telegram would retry them)."""
        last = dict(self.webhook_log)
        return [self.webhook_updates[uid] for uid in sorted(last) if last[uid] != 200]

    async def redeliver_webhook(self, url: str | None = None) -> int:
        """Post again, as Telegram does, every update not yet answered with a 200; returns how many."""
        again = self.unanswered_webhook_updates()
        for update in again:
            try:
                status, _ = await self.post_webhook(update, url=url)
            except aiohttp.ClientError:
                status = 0
            self.webhook_log.append((update["update_id"], status))
        return len(again)

    async def post_webhook(self, update: dict[str, Any], secret_token: Any = _DEFAULT,
                           url: str | None = None) -> tuple[int, str]:
        """POST one update like Telegram does; pass secret_token to forge the header."""
        assert self._client, "FakeBotAPI is not started"
        secret = self.webhook["secret_token"] if secret_token is _DEFAULT else secret_token
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with self._client.post(url or self.webhook["url"], json=update, headers=headers) as resp:
            if resp.status == 200 and resp.content_type.startswith("multipart/"):
                # The webhook may answer with a method call, which Telegram executes.
                fields: dict[str, Any] = {}
                reader = aiohttp.MultipartReader.from_response(resp)
                async for part in reader:
                    name = part.name or ""
                    if part.filename:
                        fields[name] = Upload(part.filename, await part.read())
                    else:
                        fields[name] = await part.text()
                if method := fields.pop("method", None):
                    await self._process(method, fields)
                return resp.status, ""
            return resp.status, await resp.text()

    # -- HTTP layer ------------------------------------------------------------------

    async def _handle_method(self, request: web.Request) -> web.Response:
        arrived = time.time()  # when Telegram would count the call, before its body is read
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        fields: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            fields.update(await request.json())
        elif request.can_read_body:
            for key, value in (await request.post()).items():
                fields[key] = (Upload(value.filename, value.file.read())
                               if isinstance(value, web.FileField) else value)
        status, body = await self._process(request.match_info["method"], fields, arrived)
        return web.json_response(body, status=status)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        stored = next((f for f in self.files.values() if f.file_path == request.match_info["path"]), None)
        if request.match_info["token"] != self.token or stored is None:
            return web.json_response(ApiError(404, "Not Found").body(), status=404)
        return web.Response(body=stored.content)

    async def _process(self, method: str, fields: dict[str, Any], arrived: float | None = None) -> tuple[int, dict[str, Any]]:
        arrived = arrived or time.time()
        model = METHODS.get(method.lower())
        if model is None:
            error = ApiError(404, "Not Found")
            self.rejected.append(Call(method, fields, error.body(), None, arrived))
            return 404, error.body()
        name = model.__api_method__
        params: dict[str, Any] = {}
        chat_id = None
        try:
            params, uploads = self._decode(model, fields)
            chat_id = params.get("chat_id") if isinstance(params.get("chat_id"), int) else None
            if failure := self._injected_failure(name, chat_id):
                raise failure
            result = await self._dispatch(model, params, uploads)
        except ApiError as error:
            self.rejected.append(Call(name, params or fields, error.body(), chat_id, arrived))
            return error.status, error.body()
        body = {"ok": True, "result": result}
        # Snapshot: the stored message behind `result` may be edited later.
        self.calls.append(Call(name, params, copy.deepcopy(body), chat_id, arrived))
        return 200, body

    def _decode(self, model: type[TelegramMethod], fields: dict[str, Any]
                ) -> tuple[dict[str, Any], dict[str, Upload]]:
        """Form fields -> JSON values, validated by aiogram's model for the method."""
        known = {}
        for name, info in model.model_fields.items():
            known[name] = name
            if info.alias:
                known[info.alias] = name
        uploads = {k: v for k, v in fields.items() if isinstance(v, Upload)}
        params: dict[str, Any] = {}
        for key, value in fields.items():
            if isinstance(value, Upload):
                if key not in known:
                    continue  # an attach:// part, resolved by the handler
                value = f"attach://{key}"
            if key not in known:
                raise bad_request(f"unknown field {key!r} for method {model.__api_method__}")
            name = known[key]
            if isinstance(value, str) and not _accepts_str(model.model_fields[name].annotation):
                try:
                    value = json.loads(value)  # aiogram JSON-encodes every non-str value
                except ValueError:
                    pass  # leave it to the model to report the type error
            if name in ("chat_id", "from_chat_id") and isinstance(value, str) and re.fullmatch(r"-?\d+", value):
                value = int(value)
            params[name] = value
        try:
            validated = model.model_validate(params)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"])
            if error["type"] == "missing":
                if where == "text":
                    raise bad_request("message text is empty") from None
                raise bad_request(f"{where} is empty") from None
            raise bad_request(f"invalid {where}: {error['msg']}") from None
        for name in params:
            if unknown := _unknown_nested(getattr(validated, name), name):
                raise bad_request(f"unknown field {unknown!r}")
        return params, uploads

    async def _dispatch(self, model: type[TelegramMethod], params: dict[str, Any],
                        uploads: dict[str, Upload]) -> Any:
        name = model.__api_method__
        if name in _MEDIA:
            return self._send_media(name, params, uploads)
        handler = getattr(self, f"_api_{name}", None)
        if handler is not None:
            result = handler(params)
            return await result if asyncio.iscoroutine(result) else result
        if model.__returning__ is bool:
            return True  # settings-like methods (setMyDescription, pinChatMessage...)
        raise ApiError(501, f"Not Implemented: {name} is not simulated by FakeBotAPI")

    # -- chats and messages ----------------------------------------------------------

    def _chat(self, chat_id: Any, *, write: bool = True) -> int:
        """Resolve a target chat, raising what Telegram answers for unusable chats."""
        if not isinstance(chat_id, int) or chat_id not in self.chats:
            raise bad_request("chat not found")
        chat = self.chats[chat_id]
        if chat["type"] == "private":
            if chat_id not in self.started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
            if write and chat_id in self.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
        elif chat_id in self.left or (write and chat_id in self.blocked):
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat['type']} chat")
        return chat_id

    def store_message(self, chat_id: int, sender: dict[str, Any], content: dict[str, Any],
                      markup: dict | None = None, source: str | None = None) -> StoredMessage:
        """Store a message with the chat's next message_id (shared by both sides)."""
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        data = {"message_id": message_id, "from": sender, "chat": self.chats[chat_id],
                "date": int(time.time()), **content}
        if markup and "inline_keyboard" in markup:
            data["reply_markup"] = markup  # Telegram echoes inline keyboards only
        self._notify()
        stored = StoredMessage(chat_id, message_id, sender.get("is_bot", False), data, self._seq,
                               markup, source)
        self._messages.setdefault(chat_id, {})[message_id] = stored
        return stored

    def _live(self, chat_id: int, message_id: Any) -> StoredMessage | None:
        stored = self.message(chat_id, message_id) if isinstance(message_id, int) else None
        return stored if stored and not stored.deleted else None

    def _bot_send(self, p: dict[str, Any], content: dict[str, Any], source: str | None = None) -> dict:
        chat_id = self._chat(p.get("chat_id"))
        markup = p.get("reply_markup")
        if markup:
            check_reply_markup(markup)
        reply = p.get("reply_parameters") or {}
        if "reply_to_message_id" in p:
            reply = {"message_id": p["reply_to_message_id"],
                     "allow_sending_without_reply": p.get("allow_sending_without_reply")}
        if reply:
            target = self._live(reply.get("chat_id", chat_id), reply.get("message_id"))
            if target:
                content = {**content, "reply_to_message": copy.deepcopy(target.data)}
            elif not reply.get("allow_sending_without_reply"):
                raise bad_request("message to be replied not found")
        return self.store_message(chat_id, self.bot_user, content, markup, source).data

    def _caption(self, p: dict[str, Any]) -> dict[str, Any]:
        if not p.get("caption"):
            return {}
        caption = check_text(p["caption"], p.get("parse_mode"), caption=True)
        return {"caption": caption} if caption else {}

    def _register_file(self, kind: str, content: bytes) -> dict[str, Any]:
        unique = secrets.token_hex(8)
        file_id = f"{kind.upper()}-{unique}"
        self.files[file_id] = StoredFile(file_id, unique, kind, content, f"{kind}s/file_{len(self.files)}")
        return {"file_id": file_id, "file_unique_id": unique, "file_size": len(content)}

    def new_file(self, kind: str, content: bytes = b"", **meta: Any) -> Any:
        """Register a file; returns its Telegram object (a PhotoSize list for photos)."""
        if kind == "photo":  # Telegram sends several sizes, largest last
            meta = {"width": 1280, "height": 960, **meta}
            thumb = {**self._register_file(kind, content), "width": 90, "height": 68}
            return [thumb, {**self._register_file(kind, content), **meta}]
        return {**self._register_file(kind, content), **meta}

    def _send_media(self, method: str, p: dict[str, Any], uploads: dict[str, Upload]) -> dict:
        key, meta = _MEDIA[method]
        value = str(p[key])
        if value.startswith("attach://"):
            upload = uploads.get(value.removeprefix("attach://"))
            if upload is None:
                raise bad_request(f"file must be non-empty: no part named {value!r}")
            if key == "document":
                meta = {**meta, "file_name": upload.filename}
            obj = self.new_file(key, upload.content, **meta)
        elif value.startswith(("http://", "https://")):
            obj = self.new_file(key, b"", **meta)
        else:
            stored = self.files.get(value)
            if stored is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
            if stored.kind != key:
                raise bad_request(f"can't use file of type {stored.kind.title()} as {key.title()}")
            obj = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                   "file_size": len(stored.content), **meta}
            if key == "photo":
                obj = [obj]
        return self._bot_send(p, {key: obj, **self._caption(p)}, p.get("caption"))

    # -- method handlers (named _api_<method>) -------------------------------------------

    def _api_getMe(self, p: dict) -> dict:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    async def _api_getUpdates(self, p: dict) -> list[dict]:
        if self.webhook["url"]:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # an older pending poll must now end with a conflict
        offset, limit = p.get("offset") or 0, min(max(p.get("limit") or 100, 1), 100)
        if p.get("allowed_updates") is not None:
            self._allowed_updates = list(p["allowed_updates"])
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]
        deadline = asyncio.get_running_loop().time() + max(p.get("timeout") or 0, 0)
        while True:
            if generation != self._poll_generation:
                raise ApiError(409, "Conflict: terminated by other getUpdates request; "
                                    "make sure that only one bot instance is running")
            # Telegram drops updates of types the bot did not ask for.
            self._pending = [u for u in self._pending if _wanted(u, self._allowed_updates)]
            remaining = deadline - asyncio.get_running_loop().time()
            if self._pending or self._closing or remaining <= 0:
                return self._pending[:limit]
            await self.wait_change(remaining)

    def _api_setWebhook(self, p: dict) -> bool:
        secret = p.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise bad_request("secret token contains unallowed characters")
        if p.get("drop_pending_updates"):
            self._pending.clear()
        self.webhook = {"url": p.get("url", ""), "secret_token": secret,
                        "allowed_updates": p.get("allowed_updates")}
        return True

    def _api_deleteWebhook(self, p: dict) -> bool:
        if p.get("drop_pending_updates"):
            self._pending.clear()
        self.webhook = {"url": "", "secret_token": None, "allowed_updates": None}
        return True

    def _api_getWebhookInfo(self, p: dict) -> dict:
        info = {"url": self.webhook["url"], "has_custom_certificate": False,
                "pending_update_count": len(self._pending)}
        if self.webhook["url"]:
            info["max_connections"] = 40
            if self.webhook["allowed_updates"] is not None:
                info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    @staticmethod
    def _commands_key(p: dict) -> tuple[str, str]:
        scope = p.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), p.get("language_code") or ""

    def _api_setMyCommands(self, p: dict) -> bool:
        if not 0 < len(p["commands"]) <= 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH" if p["commands"] else "commands is empty")
        for command in p["commands"]:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(command["description"]) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._commands_key(p)] = p["commands"]
        return True

    def _api_deleteMyCommands(self, p: dict) -> bool:
        self.commands.pop(self._commands_key(p), None)
        return True

    def _api_getMyCommands(self, p: dict) -> list[dict]:
        return self.commands.get(self._commands_key(p), [])

    def _api_sendMessage(self, p: dict) -> dict:
        text = check_text(p["text"], p.get("parse_mode"))
        return self._bot_send(p, {"text": text}, p["text"])

    def _api_sendPoll(self, p: dict) -> dict:
        question = p["question"]
        if not 1 <= utf16_len(question) <= 300:
            raise bad_request("POLL_QUESTION_INVALID")
        options = p["options"]
        if not 1 <= len(options) <= 12:
            raise bad_request("POLL_ANSWERS_INVALID")
        for option in options:
            if not 1 <= utf16_len(str(option.get("text", ""))) <= 100:
                raise bad_request("POLL_OPTION_INVALID")
        if p.get("close_date") is not None and p.get("open_period") is not None:
            raise bad_request("can't use open_period and close_date together")
        if p.get("close_date") is not None:
            ahead = int(p["close_date"]) - time.time()
            if not 5 <= ahead <= 2_628_000:
                raise bad_request("POLL_CLOSE_DATE_INVALID")
        poll_id = str(next(self._poll_ids))
        poll = {
            "id": poll_id, "question": question,
            "options": [{"persistent_id": str(i), "text": o["text"], "voter_count": 0} for i, o in enumerate(options)],
            "total_voter_count": 0, "is_closed": False, "is_anonymous": p.get("is_anonymous", True) is not False,
            "type": p.get("type") or "regular", "allows_multiple_answers": bool(p.get("allows_multiple_answers")),
            "allows_revoting": True, "members_only": False,
            **({"close_date": int(p["close_date"])} if p.get("close_date") is not None else {}),
        }
        message = self._bot_send(p, {"poll": poll})
        self.polls[poll_id] = {"poll": poll, "chat_id": message["chat"]["id"], "votes": {}}
        return message

    def _editable(self, p: dict) -> StoredMessage:
        if "inline_message_id" in p:
            raise bad_request("MESSAGE_ID_INVALID")  # inline messages are not simulated
        if "chat_id" not in p or "message_id" not in p:
            raise bad_request("message identifier is not specified")
        stored = self._live(self._chat(p["chat_id"]), p["message_id"])
        if stored is None:
            raise bad_request("message to edit not found")
        if not stored.from_bot:
            raise bad_request("message can't be edited")
        return stored

    def _apply_edit(self, stored: StoredMessage, content: dict, markup: dict | None,
                    source: str | None = None) -> dict:
        if markup:
            check_reply_markup(markup)
        if all(stored.data.get(k) == v for k, v in content.items()) and stored.markup == markup:
            raise bad_request("message is not modified: specified new message content and reply "
                              "markup are exactly the same as a current content and reply markup "
                              "of the message")
        stored.data.update(content)
        for key in [k for k, v in content.items() if v is None]:
            del stored.data[key]
        stored.data.pop("reply_markup", None)
        if markup:
            stored.data["reply_markup"] = markup
        stored.markup, stored.data["edit_date"] = markup, int(time.time())
        if source is not None:
            stored.source = source
        self._notify()
        stored.edited_seq = self._seq
        return stored.data

    def _api_editMessageText(self, p: dict) -> dict:
        stored = self._editable(p)
        if "text" not in stored.data:
            raise bad_request("there is no text in the message to edit")
        text = check_text(p["text"], p.get("parse_mode"))
        # Without reply_markup Telegram removes the inline keyboard.
        return self._apply_edit(stored, {"text": text}, p.get("reply_markup"), p["text"])

    def _api_editMessageCaption(self, p: dict) -> dict:
        stored = self._editable(p)
        if not any(k in stored.data for k in _MEDIA_KEYS):
            raise bad_request("there is no caption in the message to edit")
        caption = self._caption(p) or {"caption": None}  # no caption removes it
        return self._apply_edit(stored, caption, p.get("reply_markup"), p.get("caption"))

    def _api_editMessageReplyMarkup(self, p: dict) -> dict:
        return self._apply_edit(self._editable(p), {}, p.get("reply_markup"))

    def _api_answerCallbackQuery(self, p: dict) -> bool:
        query = self.callbacks.get(p["callback_query_id"])
        loop_time = asyncio.get_running_loop().time()
        if query is None or query["answer"] is not None or loop_time - query["time"] > self.callback_ttl:
            raise bad_request(_QUERY_TOO_OLD)
        if len(p.get("text") or "") > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        query["answer"] = p
        return True

    def _delete(self, chat_id: int, message_id: Any) -> bool:
        stored = self._live(chat_id, message_id)
        if stored is None:
            return False
        stored.deleted = True
        self._notify()
        return True

    def _api_deleteMessage(self, p: dict) -> bool:
        if not self._delete(self._chat(p["chat_id"], write=False), p["message_id"]):
            raise bad_request("message to delete not found")
        return True

    def _api_deleteMessages(self, p: dict) -> bool:
        chat_id = self._chat(p["chat_id"], write=False)
        if not 1 <= len(p["message_ids"]) <= 100:
            raise bad_request("message_ids must contain 1-100 identifiers")
        for message_id in p["message_ids"]:
            self._delete(chat_id, message_id)  # unknown ids are skipped, as documented
        return True

    def _source(self, p: dict, verb: str) -> StoredMessage:
        from_chat = self._chat(p["from_chat_id"], write=False)
        stored = self._live(from_chat, p["message_id"])
        if stored is None:
            raise bad_request(f"message to {verb} not found")
        return stored

    def _api_copyMessage(self, p: dict) -> dict:
        source = self._source(p, "copy")
        content = {k: v for k, v in source.data.items() if k in _CONTENT_KEYS}
        if "caption" in p and "text" not in content:
            content.pop("caption", None)
            content.update(self._caption(p))
        sent = self._bot_send(p, content, source.source)
        return {"message_id": sent["message_id"]}

    def _api_forwardMessage(self, p: dict) -> dict:
        source = self._source(p, "forward")
        content = {k: v for k, v in source.data.items() if k in _CONTENT_KEYS}
        content["forward_origin"] = {"type": "user", "sender_user": source.data["from"],
                                     "date": source.data["date"]}
        return self._bot_send({"chat_id": p["chat_id"]}, content, source.source)

    def _api_sendChatAction(self, p: dict) -> bool:
        self._chat(p["chat_id"])
        if p["action"] not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _api_getChat(self, p: dict) -> dict:
        chat = self.chats[self._chat(p["chat_id"], write=False)]
        gifts = dict.fromkeys(("unlimited_gifts", "limited_gifts", "unique_gifts",
                               "premium_subscription", "gifts_from_channels"), False)
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}

    def _api_leaveChat(self, p: dict) -> bool:
        chat_id = self._chat(p["chat_id"], write=False)
        if self.chats[chat_id]["type"] == "private":
            raise bad_request("chat member status can't be changed in private chats")
        self.left.add(chat_id)
        return True

    def _api_getFile(self, p: dict) -> dict:
        stored = self.files.get(p["file_id"])
        if stored is None:
            raise bad_request("invalid file_id")
        return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.content), "file_path": stored.file_path}

