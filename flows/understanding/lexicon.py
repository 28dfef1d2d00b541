"""Categories of words (lexicons staff edit in content files) and where a message uses them.

An entry is a dictionary form ("pegar", "cuchillo") or a short phrase ("sacar la mugre"). A typed
word belongs to an entry's category when:
- its sound or the sound of its lemma is the entry's ("golpió" -> "golpear", "cuchillos");
- it is the entry's verb stem with a verb ending, so inflections the lemmatiser does not know, and
  slips in them, still count ("pega", "golpiando", "ahorkaron");
- it is not a word of the dictionary and is one or two letters away from an entry of five or more
  letters ("estrangulo", "cuchiyo"): a real word is what it says ("fuera" is not "fuerza"), and
  ordinary words the dictionary lacks can be listed as exact-only.
A phrase matches its words in order with at most two other words between each.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flows.understanding.dictionary import is_known
from rapidfuzz.distance import OSA

from flows.understanding.words import Word, fold, sound, words

_ENDINGS = (
    "a as a an amos o e es en emos aba abas aban abamos ando ado ada ados adas ar aron aste ara aran"
    " are aria arian ase aste e es en io ieron iendo ido ida idos idas er ir ia ian ira iran iria"
    " ira ere eron imos emos o ó yendo yo yeron"
)
ENDINGS = frozenset(sound(e) for e in _ENDINGS.split())
HIDDEN = "\x00"  # in the name of a phrase's word's own category: "pegar\x00sacar la mugre\x001"


def slips_allowed(key: str) -> int:
    # Short words must match exactly: "pega" must not match "paga", "mata" not "mate".
    return 0 if len(key) < 5 else 1 if len(key) < 10 else 2


@dataclass
class _Entry:
    category: str
    key: str  # sound of the dictionary form
    stem: str | None  # sound of a verb's stem ("golpe" of "golpear"), or None


@dataclass
class Lexicon:
    """Compiled categories. `exact_only` words never match another entry by a slip."""

    categories: dict[str, list[str]]
    exact_only: frozenset[str] = frozenset()
    _by_key: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set), init=False)
    _fuzzy: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list), init=False)
    _stems: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set), init=False)
    _stems_by_head: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list), init=False)
    phrases: list[tuple[str, tuple[frozenset[str], ...]]] = field(default_factory=list, init=False)
    _phrases_from: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list), init=False)
    _seen: dict[tuple, tuple[frozenset[str], tuple[str, ...], tuple[int, ...]]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.exact_only = frozenset(sound(fold(w)) for w in self.exact_only)
        for category in self.categories:
            for entry in self.expand(category):
                # Entries are read like messages, so "tirarme" is "tirar" + "me" as typed words are.
                parts = [w.plain for w in words(str(entry))]
                if len(parts) == 1:
                    self._add_word(category, parts[0])
                elif parts:
                    # Each word of a phrase is its own hidden category, so it is matched like any word.
                    slots = []
                    for i, part in enumerate(parts):
                        hidden = f"{category}{HIDDEN}{entry}{HIDDEN}{i}"
                        self._add_word(hidden, part)
                        slots.append(frozenset({hidden}))
                    self._phrases_from[next(iter(slots[0]))].append(len(self.phrases))
                    self.phrases.append((category, tuple(slots)))

    def expand(self, category: str, seen: frozenset[str] = frozenset()) -> list[str]:
        """A category's entries; "@other" includes the entries of another category."""
        out: list[str] = []
        for entry in self.categories[category]:
            if entry.startswith("@"):
                name = entry[1:]
                if name not in self.categories or name in seen | {category}:
                    raise ValueError(f"categories.{category}: '{entry}' names no other category (or loops)")
                out += self.expand(name, seen | {category})
            else:
                out.append(entry)
        return out

    def _add_word(self, category: str, word: str) -> None:
        # Many type "n" for "ñ" ("puñete" as "punete"), unless that makes another word ("uñas", "unas").
        if "ñ" in word and not is_known(word.replace("ñ", "n")):
            self._add_word(category, word.replace("ñ", "n"))
        key = sound(word)
        self._by_key[key].add(category)
        stem = None
        if len(word) >= 5 and word.endswith(("ar", "er", "ir")):
            stem = key[:-2]  # the sound of the stem as it sounds in the verb ("desir" -> "des")
        entry = _Entry(category, key, stem)
        if stem:
            self._stems[stem].add(category)
            self._stems_by_head[stem[:2]].append(entry)
        if len(key) >= 5:
            self._fuzzy[key[0]].append(entry)

    def of(self, word: Word) -> frozenset[str]:
        """The categories a typed word belongs to."""
        return self._read(word)[0]

    def _read(self, word: Word) -> tuple[frozenset[str], tuple[str, ...], tuple[int, ...]]:
        """A word's categories; those of them staff named; the phrases it can begin (memoised:
        a word belongs to some sixty phrase words' own categories, too many to sort per message)."""
        memo = (word.sound, word.lemmas, word.known)
        read = self._seen.get(memo)
        if read is None:
            cats = self._match(word)
            named = tuple(c for c in cats if HIDDEN not in c)
            begins = tuple(n for c in cats for n in self._phrases_from.get(c, ()))
            read = self._seen[memo] = (cats, named, begins)
            if len(self._seen) > 50000:
                self._seen.clear()
        return read

    def _match(self, word: Word) -> frozenset[str]:
        cats: set[str] = set()
        for key in word.lemmas | {word.sound}:
            cats |= self._by_key.get(key, set())
        if word.clitic:
            return frozenset(cats)
        typed = word.sound
        for cut in range(3, len(typed) + 1):
            if typed[cut:] in ENDINGS:
                cats |= self._stems.get(typed[:cut], set())
        if not word.known:  # a slip in a long stem ("golpiaron", "estrangulo")
            for entry in self._stems_by_head.get(typed[:2], ()):
                if entry.category not in cats and _inflects(typed, entry.stem, slips=True):
                    cats.add(entry.category)
        if typed in self.exact_only or len(typed) < 5 or word.known:
            return frozenset(cats)
        for entry in self._fuzzy.get(typed[0], ()):
            if entry.category in cats:
                continue
            slips = slips_allowed(entry.key)
            if abs(len(entry.key) - len(typed)) <= slips and OSA.distance(entry.key, typed, score_cutoff=slips) <= slips:
                cats.add(entry.category)
        return frozenset(cats)

    def positions(self, message: list[Word]) -> dict[str, list[int]]:
        """Where each category occurs in a message (a phrase at its first word). A phrase's own
        word categories are not in the answer."""
        found: dict[str, list[int]] = defaultdict(list)
        read = [self._read(w) for w in message]
        per_word = [cats for cats, _, _ in read]
        starts: dict[int, list[int]] = defaultdict(list)  # phrase -> where its first word is
        for i, (_, named, begins) in enumerate(read):
            for cat in named:
                found[cat].append(i)
            for n in begins:
                starts[n].append(i)
        present = frozenset().union(*per_word)
        for n in sorted(starts):
            category, slots = self.phrases[n]
            if any(slot.isdisjoint(present) for slot in slots[1:]):
                continue  # a word of it is nowhere in the message
            start = _find_phrase(per_word, slots, starts[n])
            if start is not None:
                found[category].append(start)
        return found


def _inflects(typed: str, stem: str, slips: bool) -> bool:
    """Is `typed` the verb `stem` with an ending? A long stem may carry one slip ("golpiaron")."""
    if typed.startswith(stem) and typed[len(stem):] in ENDINGS:
        return True
    if not slips or len(stem) < 6:
        return False
    for cut in (len(stem) - 1, len(stem) + 1, len(stem)):
        if 0 < cut <= len(typed) and typed[cut:] in ENDINGS and OSA.distance(typed[:cut], stem, score_cutoff=1) <= 1:
            return True
    return False


def _find_phrase(per_word: list[frozenset[str]], slots: tuple[frozenset[str], ...], starts: list[int], gap: int = 2) -> int | None:
    """The first of `starts` (where the phrase's first word is) from which its other words follow."""
    for start in starts:
        at = start
        for slot in slots[1:]:
            nxt = next((j for j in range(at + 1, min(at + 2 + gap, len(per_word))) if per_word[j] & slot), None)
            if nxt is None:
                break
            at = nxt
        else:
            return start
    return None


def analyse(text: str, lexicon: Lexicon) -> tuple[list[Word], dict[str, list[int]]]:
    message = words(text)
    return message, lexicon.positions(message)
