"""Models built from the content, kept in the bot's cache folder between starts.

Building the lexicons and learning from the examples takes seconds; a model is kept as a file
named by a hash of everything it is built from (the understanding content, this package's code,
the versions of Python and of the libraries), so an edited file or an upgrade builds it again and
a stale one is never used. The files are the bot's own (pickle): the folder must be as private as
the database next to it.
"""
from __future__ import annotations

import hashlib
import logging
import pickle
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar

from flows.understanding.dictionary import DICTIONARIES, write_atomically

log = logging.getLogger(__name__)
T = TypeVar("T")
CODE = Path(__file__).parent
_folder: Path | None = None
_keys: dict[Path, str] = {}


def use(folder: Path | None) -> None:
    """Where models (and simplemma's decoded dictionary) are kept; None keeps nothing on disk."""
    global _folder
    _folder = Path(folder) if folder else None
    DICTIONARIES.folder = _folder


def _key(content: Path) -> str:
    if content not in _keys:
        digest = hashlib.sha256(f"{sys.version}|{version('simplemma')}|{version('scikit-learn')}|{version('numpy')}".encode())
        for path in sorted(CODE.glob("*.py")) + sorted((content / "understanding").rglob("*")):
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        _keys[content] = digest.hexdigest()[:24]
    return _keys[content]


def kept(name: str, content: Path, build: Callable[[], T]) -> T:
    """The model `name` built from `content`: read from the cache when it holds this very build."""
    if _folder is None:
        return build()
    path = _folder / f"{name}-{_key(content)}.pickle"
    if path.is_file():
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # a truncated or foreign file is rebuilt, never trusted
            log.warning("understanding: cached model %s unreadable; building it again", name)
    model = build()
    write_atomically(path, pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
    return model
