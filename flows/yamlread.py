"""YAML of the content files read by libyaml where PyYAML has it (the pure-Python parser takes
most of a second for the bot's content, at every start and every check of a copy). A text libyaml
refuses is read again by PyYAML's own parser, so a broken file is told as before."""
from __future__ import annotations

from typing import Any

import yaml

_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    """As yaml.safe_load(text)."""
    try:
        return yaml.load(text, Loader=_FAST)
    except yaml.YAMLError:
        return yaml.safe_load(text)


def compose(text: str) -> yaml.Node | None:
    """As yaml.compose(text, Loader=yaml.SafeLoader): the nodes, with their lines."""
    try:
        return yaml.compose(text, Loader=_FAST)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)
