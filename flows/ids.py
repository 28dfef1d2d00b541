"""The one strict reader of numbers in button data: forged data ("²", 25 nines) is simply not an id."""
from __future__ import annotations

import re

# ASCII digits only (str.isdigit() also accepts "²" and other scripts' digits, which int() or the
# database then refuse), and at most 9 of them so the number fits any INTEGER column.
_ID = re.compile(r"[0-9]{1,9}")


def is_id(text: str) -> bool:
    return isinstance(text, str) and _ID.fullmatch(text) is not None


def parse_id(text: str) -> int | None:
    return int(text) if is_id(text) else None
