"""Every sentence the bot says lives in Fluent files (content/es/*.ftl) that staff can edit.

Fluent handles Spanish gender and plural forms with selectors, and translators know the format.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LOCALE = "es"


_content_dir = CONTENT_DIR


def use_content_dir(directory: Path | None) -> None:
    """Staff may point the CONTENT_DIR setting at an edited copy of flows/content; `acompana` sets
    it here at start, so flows never read the environment."""
    global _content_dir
    _content_dir = Path(directory) if directory else CONTENT_DIR


def content_dir() -> Path:
    return _content_dir


@lru_cache(maxsize=4)
def _bundle(directory: Path) -> FluentBundle:
    bundle = FluentBundle([LOCALE], use_isolating=False)
    files = sorted((directory / LOCALE).glob("*.ftl"))
    if not files:
        raise FileNotFoundError(f"no Fluent files in {directory / LOCALE}")
    for path in files:
        bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    return bundle


def bundle() -> FluentBundle:
    return _bundle(content_dir())


def has(message_id: str) -> bool:
    return bundle().has_message(message_id)


def t(message_id: str, **args: object) -> str:
    """The text for `message_id`; a missing id is a bug in code or content, so it raises."""
    b = bundle()
    if not b.has_message(message_id):
        raise KeyError(f"no text '{message_id}' in {content_dir() / LOCALE}")
    text, errors = b.format_pattern(b.get_message(message_id).value, args)
    if errors:
        raise ValueError(f"text '{message_id}': {errors}")
    return text.strip()
