"""Words of immediate danger, recognised at any point of any conversation.

The phrases live in content/emergency.yaml so staff can add the ways people really write.
Matching folds case and accents, squeezes repeated letters ("auxiliooo"), reads words by sound so
that spelling slips do not matter ("me kiere matar", "me esta golpiando"), accepts two words typed
together ("mequiere matar"), and forgives one wrong, missing or swapped letter in longer words,
because a person in danger types fast.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml
from rapidfuzz.distance import OSA

from flows.places import fold
from flows.texts import content_dir

# Phone shorthand, whole words only.
SHORTHAND = {"q": "que", "k": "que", "ke": "que", "x": "por", "xq": "porque", "pq": "porque", "m": "me", "xfa": "por favor", "porfa": "por favor"}


def _squeeze(text: str) -> str:
    return re.sub(r"(.)\1+", r"\1", text)


def _sound(word: str) -> str:
    """How a word sounds in Spanish, so the usual spelling mix-ups meet: qu/k/c, c/s/z, v/b, silent h,
    ll/y, x/s, and "io"/"eo" in the -ear verbs ("golpiando")."""
    w = word.replace("ch", "\x00").replace("qu", "k").replace("ll", "y")
    w = re.sub(r"c(?=[ei])", "s", w).replace("c", "k")
    w = w.replace("h", "").replace("\x00", "ch")
    w = w.replace("z", "s").replace("x", "s").replace("v", "b").replace("w", "u")
    w = w.replace("ia", "ea").replace("io", "eo")
    return _squeeze(w)


def normalise(text: str) -> list[str]:
    words: list[str] = []
    for w in fold(text).split():
        words += SHORTHAND.get(w, w).split()
    return [_sound(w) for w in words]


@dataclass(frozen=True)
class Phrases:
    anywhere: tuple[tuple[str, ...], ...]  # danger wherever it appears in a message
    alone: frozenset[str]  # danger when it is the whole message ("ayuda!!")
    exact_only: frozenset[str]  # ordinary words one letter away from a danger word ("pagando")


@lru_cache(maxsize=2)
def _phrases(directory) -> Phrases:
    raw = yaml.safe_load((directory / "emergency.yaml").read_text(encoding="utf-8"))
    anywhere = {tuple(normalise(p)) for family in raw["families"].values() for p in family}
    alone = {" ".join(normalise(p)) for p in raw.get("alone") or []}
    exact_only = {w for p in raw.get("exact_only") or [] for w in normalise(p)}
    return Phrases(tuple(sorted(anywhere)), frozenset(alone), frozenset(exact_only))


def families() -> dict[str, list[str]]:
    """The phrase families as written in the content file (for tests and staff tools)."""
    raw = yaml.safe_load((content_dir() / "emergency.yaml").read_text(encoding="utf-8"))
    return {name: list(items) for name, items in raw["families"].items()}


def _slips_allowed(expected: str) -> int:
    # Short words must match exactly: "pega" must not match "paga", "esta" not "esto".
    return 0 if len(expected) < 5 else 1 if len(expected) < 10 else 2


class _Matcher:
    """One message's words, with word comparisons remembered: a long message repeats words."""

    def __init__(self, words: list[str], exact_only: frozenset[str]) -> None:
        self.words = words
        self.exact_only = exact_only
        self.seen: dict[tuple[str, str], bool] = {}

    def same(self, expected: str, typed: str) -> bool:
        if expected == typed:
            return True
        slips = _slips_allowed(expected)
        if not slips or typed in self.exact_only or abs(len(expected) - len(typed)) > slips:
            return False
        key = (expected, typed)
        if key not in self.seen:
            self.seen[key] = OSA.distance(expected, typed, score_cutoff=slips) <= slips
        return self.seen[key]

    def at(self, phrase: tuple[str, ...], p: int, i: int) -> bool:
        """Does phrase[p:] match the words from i on? A typed word may join two phrase words."""
        if p == len(phrase):
            return True
        if i == len(self.words):
            return False
        typed = self.words[i]
        if self.same(phrase[p], typed) and self.at(phrase, p + 1, i + 1):
            return True
        # Two words typed together must be spelt right: a slip there reaches too far ("esta" = "me sta").
        return p + 1 < len(phrase) and phrase[p] + phrase[p + 1] == typed and self.at(phrase, p + 2, i + 1)

    def contains(self, phrase: tuple[str, ...]) -> bool:
        return any(self.at(phrase, 0, i) for i in range(len(self.words)))


def is_danger(text: str) -> bool:
    words = normalise(text)
    if not words:
        return False
    phrases = _phrases(content_dir())
    if " ".join(words) in phrases.alone:
        return True
    matcher = _Matcher(words, phrases.exact_only)
    return any(matcher.contains(phrase) for phrase in phrases.anywhere)
