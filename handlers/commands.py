"""The one reading of a typed command, for Telegram (private chats and groups) and the console."""
from __future__ import annotations

import re

from flows.core import Command

# "/name", then any whitespace (space, newline, tab, no-break space...) and the arguments.
COMMAND = re.compile(r"/(?P<head>\S+)(?:\s+(?P<args>.*))?", re.DOTALL)


def parse_command(text: str, username: str | None = None) -> Command | None:
    """`/name args` as a Command, or None: not a command, or another bot's (`/name@other_bot`,
    as group members type them). `username` is this bot's (from getMe); without it any is ours."""
    match = COMMAND.fullmatch(text.strip())
    if match is None:
        return None
    name, _, mention = match["head"].partition("@")
    if not name or (mention and username and mention.casefold() != username.casefold()):
        return None
    return Command(name.lower(), (match["args"] or "").strip())
