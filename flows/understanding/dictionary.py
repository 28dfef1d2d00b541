"""simplemma's Spanish dictionary, and how often Spanish words are written (wordfreq), each read
from a decoded copy when the bot keeps one.

simplemma ships its dictionaries compressed and decodes one at first use: 2 to 3 seconds at every
start of the bot (and of every test that starts it). The decoded word list is kept as a marshal
file in the bot's cache folder (see `understanding.warm`), read again in well under a second.
"""
from __future__ import annotations

import logging
import marshal
import math
import os
import unicodedata
from collections.abc import Iterator, Mapping
from importlib.metadata import version
from pathlib import Path

import simplemma
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries import DefaultDictionaryFactory

log = logging.getLogger(__name__)


class _Words(Mapping[str, str]):
    """A word -> lemma mapping over the bytes simplemma stores (a third of the memory of str)."""

    def __init__(self, raw: dict[bytes, bytes]) -> None:
        self.raw = raw

    def __getitem__(self, key: str) -> str:
        return self.raw[key.encode()].decode()

    def get(self, key, default=None):
        value = self.raw.get(key.encode())
        return value.decode() if value is not None else default

    def __iter__(self) -> Iterator[str]:
        return (k.decode() for k in self.raw)

    def __len__(self) -> int:
        return len(self.raw)


class Dictionaries:
    """simplemma's DictionaryFactory protocol, with a decoded copy on disk when `folder` is set."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self._loaded: dict[str, Mapping[str, str]] = {}

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        if lang not in self._loaded:
            self._loaded[lang] = self._read(lang)
        return self._loaded[lang]

    def _read(self, lang: str) -> Mapping[str, str]:
        path = self.folder / f"simplemma-{version('simplemma')}-{lang}.marshal" if self.folder else None
        if path is not None and path.is_file():
            try:
                return _Words(marshal.loads(path.read_bytes()))
            except (OSError, ValueError, EOFError, TypeError):
                log.warning("understanding: the decoded dictionary could not be read; decoding it again")
        shipped = DefaultDictionaryFactory(cache_max_size=0).get_dictionary(lang)
        words = _Words({k.encode(): v.encode() for k, v in shipped.items()})
        if path is not None:
            write_atomically(path, marshal.dumps(words.raw))
        return words

    def costs(self) -> Mapping[str, float]:
        """How rare each Spanish word is, written without accents: -log10 of its frequency in
        wordfreq's list (a maintained library of word frequencies from many sources), summed over
        the accented forms that fold to it ("policía" and "policia")."""
        if "costs" not in self._loaded:
            self._loaded["costs"] = self._read_costs()
        return self._loaded["costs"]

    def _read_costs(self) -> Mapping[str, float]:
        path = self.folder / f"wordfreq-{version('wordfreq')}-es.marshal" if self.folder else None
        if path is not None and path.is_file():
            try:
                return marshal.loads(path.read_bytes())
            except (OSError, ValueError, EOFError, TypeError):
                log.warning("understanding: the word frequencies could not be read; decoding them again")
        from wordfreq import get_frequency_dict

        from flows.understanding.words import fold  # here: words reads this module at its import

        summed: dict[str, float] = {}
        for word, freq in get_frequency_dict("es").items():
            if freq < MIN_FREQUENCY:
                continue
            plain = fold(word)
            if plain.isalpha():
                summed[plain] = summed.get(plain, 0.0) + freq
        costs = {word: -math.log10(freq) for word, freq in summed.items()}
        if path is not None:
            write_atomically(path, marshal.dumps(costs))
        return costs


# Rarer words than this (about once in ten million words) are mostly names and slips: never a piece.
MIN_FREQUENCY = 1e-7


def write_atomically(path: Path, data: bytes) -> None:
    """Several processes may start at once: each writes its own file and renames it into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f".{path.name}.{os.getpid()}")
        part.write_bytes(data)
        os.replace(part, path)
    except OSError as exc:  # a cache that cannot be written only costs time at the next start
        log.warning("understanding: cache not written (%s)", type(exc).__name__)


DICTIONARIES = Dictionaries()
_LEMMATIZER = simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=DICTIONARIES))
_LOOKUP = DictionaryLookupStrategy(DICTIONARIES)


def lemmatize(word: str) -> str:
    return _LEMMATIZER.lemmatize(word, "es")


def is_known(word: str) -> bool:
    return _LOOKUP.get_lemma(unicodedata.normalize("NFC", word), "es") is not None
