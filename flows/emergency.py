"""Words of immediate danger, recognised at any point of any conversation.

The phrases live in content/emergency.yaml so staff can add the ways people really write.
Matching folds case and accents, squeezes repeated letters ("auxiliooo") and tolerates a missing
or swapped letter in longer words, because a person in danger types fast.
"""
from __future__ import annotations

import re
from functools import lru_cache

import yaml
from rapidfuzz.distance import OSA

from flows.places import fold
from flows.texts import content_dir


def _squeeze(text: str) -> str:
    return re.sub(r"(.)\1+", r"\1", text)


def normalise(text: str) -> str:
    text = fold(text)
    # Common phone spellings: "q" for "que", "k" for "qu"/"c", "x" for "por".
    words = []
    for w in text.split():
        w = {"q": "que", "k": "que", "x": "por", "xq": "porque", "pq": "porque"}.get(w, w)
        words.append(_squeeze(w))
    return " ".join(words)


@lru_cache(maxsize=2)
def _phrases(directory) -> tuple[tuple[str, ...], ...]:
    raw = yaml.safe_load((directory / "emergency.yaml").read_text(encoding="utf-8"))
    return tuple(tuple(normalise(p).split()) for family in raw["families"].values() for p in family)


def _word_matches(expected: str, typed: str) -> bool:
    if expected == typed:
        return True
    if len(expected) >= 5:  # one slip allowed in longer words only: "esta" must not match "esto"
        return OSA.distance(expected, typed) <= 1  # OSA counts a swap of two letters as one slip
    return False


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if all(_word_matches(p, w) for p, w in zip(phrase, words[i : i + n])):
            return True
    return False


def is_danger(text: str) -> bool:
    words = normalise(text).split()
    return any(_contains(words, phrase) for phrase in _phrases(content_dir()))
