"""One reading of a typed command for Telegram and the console: split on any whitespace, and a
command addressed to another bot (`/cmd@other_bot`) is not ours."""
import pytest

from bot.console import ConsoleTransport
from flows.core import Command, Text
from handlers.commands import parse_command
from handlers.private import to_event


@pytest.mark.parametrize("typed, expected", [
    ("/vincular CODE", Command("vincular", "CODE")),
    ("/vincular\nCODE", Command("vincular", "CODE")),
    ("/vincular\tCODE", Command("vincular", "CODE")),
    ("/vincular\u00a0CODE", Command("vincular", "CODE")),  # no-break space, as phones paste it
    ("/vincular\u202fCODE", Command("vincular", "CODE")),
    ("/vincular\r\n  CODE \n", Command("vincular", "CODE")),
    ("/staff  AB12  cd", Command("staff", "AB12  cd")),
    ("/MENU", Command("menu", "")),
    ("/start@acompana_bot", Command("start", "")),
    ("/start@Acompana_Bot\nabc", Command("start", "abc")),  # usernames ignore case
    ("  /menu  ", Command("menu", "")),
])
def test_commands_for_us(typed, expected):
    assert parse_command(typed, "acompana_bot") == expected


@pytest.mark.parametrize("typed", ["/start@other_bot", "/vincular@otro_bot CODE", "/", "/ menu", "/\nmenu", "/@acompana_bot", "hola /menu", "menu"])
def test_not_a_command_for_us(typed):
    assert parse_command(typed, "acompana_bot") is None


def test_without_a_known_username_any_mention_is_ours():
    assert parse_command("/start@whatever_bot", None) == Command("start", "")


def test_private_chats_read_another_bots_command_as_text():
    from aiogram.types import Message

    def message(text):
        return Message.model_validate({"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}, "text": text})

    assert to_event(message("/menu@acompana_bot"), "acompana_bot") == Command("menu", "")
    assert to_event(message("/menu@other_bot"), "acompana_bot") == Text("/menu@other_bot")
    assert to_event(message("/vincular\nX1"), "acompana_bot") == Command("vincular", "X1")


def test_the_console_reads_commands_the_same_way():
    console = ConsoleTransport()
    assert console.to_event("/vincular\tCODE\n") == Command("vincular", "CODE")
    assert console.to_event("/menu\u00a0 \n") == Command("menu", "")
    assert console.to_event("²\n") == Text("²")  # not a button number
    assert console.to_event("\x1b[A/menu\n") == Text("[A/menu")
