"""Fake Telegram Bot API server for end-to-end tests of the bot process."""

from .checks import ApiError
from .people import FakeGroup, FakeUser, command_entities
from .server import BOT_USERNAME, METHODS, Call, FakeBotAPI, StoredFile, StoredMessage, Upload

__all__ = [
    "BOT_USERNAME", "METHODS", "ApiError", "Call", "FakeBotAPI", "FakeGroup", "FakeUser",
    "StoredFile", "StoredMessage", "Upload", "command_entities",
]
