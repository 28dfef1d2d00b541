"""Content checks the real Bot API applies and aiogram's models do not.

aiogram validates types only; Telegram additionally parses `parse_mode` markup,
enforces length limits and inspects keyboards. These checks are written from
the public Bot API documentation and observed error texts.
"""

from __future__ import annotations

import html
import re
from typing import Any

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
MAX_BUTTONS = 100

INLINE_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
    "copy_text", "callback_game", "pay",
)
HTML_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "a", "code", "pre", "blockquote", "tg-emoji", "tg-time",
}
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z][\w-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*/?>"
)
_MD_RESERVED = set("_*[]()~`>#+-=|{}.!")


class ApiError(Exception):
    """An error answer: HTTP status, description and optional `parameters`."""

    def __init__(self, status: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def utf16_len(text: str) -> int:
    # Telegram measures text in UTF-16 code units (as entity offsets are).
    return len(text.encode("utf-16-le")) // 2


def plain_text(text: str, parse_mode: str | None) -> str:
    """The visible text after entity parsing, or ApiError as Telegram reports it."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return _strip_html(text)
    if mode == "markdownv2":
        return _strip_markdown(text, v2=True)
    if mode == "markdown":
        return _strip_markdown(text, v2=False)
    if mode:
        raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    return text


def check_text(text: str, parse_mode: str | None, *, caption: bool = False) -> str:
    """Parse and length-check a message text or caption; returns the stored text."""
    plain = plain_text(text, parse_mode).strip()
    if caption:
        if utf16_len(plain) > CAPTION_LIMIT:
            raise bad_request("message caption is too long")
        return plain
    if not plain:
        raise bad_request("message text is empty")
    if utf16_len(plain) > TEXT_LIMIT:
        raise bad_request("message is too long")
    return plain


def _entity_error(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


def _strip_html(text: str) -> str:
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while (lt := text.find("<", pos)) != -1:
        out.append(text[pos:lt])
        offset = len(text[:lt].encode())
        match = _TAG.match(text, lt)
        if not match:
            raise _entity_error(f"Unexpected end of name token at byte offset {offset}")
        closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if not stack:
                raise _entity_error(f"Unexpected end tag at byte offset {offset}")
            if stack[-1] != name:
                raise _entity_error(
                    f'Unmatched end tag at byte offset {offset}, expected "</{stack[-1]}>", found "</{name}>"'
                )
            stack.pop()
        else:
            if name not in HTML_TAGS:
                raise _entity_error(f'Unsupported start tag "{name}" at byte offset {offset}')
            if name == "span" and "tg-spoiler" not in attrs:
                raise _entity_error(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
            stack.append(name)
        pos = match.end()
    out.append(text[pos:])
    if stack:
        raise _entity_error(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return html.unescape("".join(out))


def _strip_markdown(text: str, *, v2: bool) -> str:
    """Simplified MarkdownV2 / legacy Markdown parser: strips markup, enforces escaping."""
    markers = ("||", "__", "*", "_", "~") if v2 else ("*", "_")
    out: list[str] = []
    stack: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and (v2 or text[i + 1] in "_*`["):
            out.append(text[i + 1])
            i += 2
            continue
        if c == "`":
            fence = "```" if text.startswith("```", i) else "`"
            end = text.find(fence, i + len(fence))
            if end == -1:
                raise _entity_error(f"Can't find end of {'Pre' if len(fence) == 3 else 'Code'} entity")
            body = text[i + len(fence):end]
            if len(fence) == 3 and "\n" in body and re.fullmatch(r"[\w+-]*", body.split("\n", 1)[0]):
                body = body.split("\n", 1)[1]  # drop the language line
            out.append(body.replace("\\`", "`").replace("\\\\", "\\") if v2 else body)
            i = end + len(fence)
            continue
        if c == "[":
            stack.append("[")
            i += 1
            continue
        if c == "]" and stack and stack[-1] == "[" and text.startswith("(", i + 1):
            end = text.find(")", i + 2)
            if end == -1:
                raise _entity_error("Can't find end of a URL")
            stack.pop()
            i = end + 1
            continue
        marker = next((m for m in markers if text.startswith(m, i)), None)
        if marker:
            if stack and stack[-1] == marker:
                stack.pop()
            else:
                stack.append(marker)
            i += len(marker)
            continue
        if v2 and c == ">" and (i == 0 or text[i - 1] == "\n"):
            i += 1  # blockquote line
            continue
        if v2 and c in _MD_RESERVED:
            raise _entity_error(
                f"Character '{c}' is reserved and must be escaped with the preceding '\\'"
            )
        out.append(c)
        i += 1
    if stack:
        raise _entity_error(f"Can't find end of the entity starting with {stack[-1]!r}")
    return "".join(out)


def check_reply_markup(markup: dict[str, Any]) -> None:
    """Keyboard rules Telegram enforces beyond the JSON shape."""
    if "inline_keyboard" in markup:
        buttons = [b for row in markup["inline_keyboard"] for b in row]
        if len(buttons) > MAX_BUTTONS:
            raise bad_request("reply markup is too long")
        for button in buttons:
            _check_inline_button(button)
    elif "keyboard" in markup:
        for row in markup["keyboard"]:
            for button in row:
                if not str(button.get("text", "")).strip():
                    raise bad_request("keyboard button text is empty")


def _check_inline_button(button: dict[str, Any]) -> None:
    if not str(button.get("text", "")).strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [key for key in INLINE_ACTIONS if button.get(key) is not None]
    if not actions:
        raise bad_request("text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise bad_request(
            "can't parse inline keyboard button: exactly one of the optional fields must be used"
        )
    if "callback_data" in actions:
        size = len(str(button["callback_data"]).encode())
        if not 1 <= size <= CALLBACK_DATA_LIMIT:
            raise bad_request("BUTTON_DATA_INVALID")
    if "copy_text" in actions and not 1 <= len(str((button["copy_text"] or {}).get("text", ""))) <= 256:
        raise bad_request("BUTTON_COPY_TEXT_INVALID")
    if "url" in actions and not re.match(r"(https?|tg)://\S+$", str(button["url"])):
        raise bad_request("BUTTON_URL_INVALID")
