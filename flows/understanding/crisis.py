"""Which crises a message speaks of, by meaning: categories of words found together (crisis.yaml).

A rule names categories that must all occur within a few words of each other, and categories
that, found nearby, mean an ordinary sense ("me pegó un resfrío"). Several kinds may hold at once:
violence together with thoughts of suicide gets both answers.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from rapidfuzz.distance import OSA

from flows import places, yamlread
from flows.texts import content_dir
from flows.understanding import cache
from flows.understanding.learned import Classifier, crisis_classifier, crisis_examples, train
from flows.understanding.lexicon import Lexicon, analyse
from flows.understanding.dictionary import lemmatize
from flows.understanding.words import Word, fold, words

KINDS = ("danger", "sexual", "others", "help", "suicide", "men_risk")
LEARNED_KINDS = ("danger", "suicide", "men_risk")  # what the classifier tells apart (with "ordinary")
DEFAULT_WINDOW = 8
VETO_REACH = 5  # words either side of a match where an ordinary sense is looked for


class ContentError(ValueError):
    """A staff-edited content file is wrong; the message names the file and the place."""


@dataclass(frozen=True)
class Rule:
    kind: str
    all: tuple[str, ...]
    unless: tuple[str, ...] = ()
    window: int = DEFAULT_WINDOW
    unless_anywhere: tuple[str, ...] = ()  # an ordinary context anywhere in the message ("jaja", "FIFA")


@dataclass(frozen=True)
class Crisis:
    kinds: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.kinds)

    @property
    def danger(self) -> bool:
        """Violence of any kind against her or someone near her, or a cry for help."""
        return bool(self.kinds & {"danger", "sexual", "others", "help"})


@dataclass(frozen=True)
class CrisisModel:
    lexicon: Lexicon
    rules: tuple[Rule, ...]
    alone: frozenset[str]
    cancels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # found anywhere, a category cancels these
    # From these probabilities the examples' classifier alone is enough, by kind (suicide: lower).
    thresholds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(LEARNED_KINDS, 0.5))
    cues: frozenset[str] = frozenset()  # ...in a short message, only with a word of these categories
    uncued: dict[str, float] = field(default_factory=lambda: dict.fromkeys(LEARNED_KINDS, 0.7))  # ...or without one, from these
    short_cues: frozenset[str] = frozenset()  # a message of two or three words is scored only with one of these
    short_uncued: float = 2.0  # ...or without one, from this probability (above 1: never)
    clause_crisis: float = 0.8  # a match whose own clause reads as a crisis this surely is never vetoed
    never_dropped: frozenset[str] = frozenset()  # a rule with one of these is never overruled
    ordinary_veto: float = 0.9  # ...and a rule's alarm is dropped when it is this sure it is ordinary
    veto_bars: dict[str, float] = field(default_factory=dict)  # ...or this sure, for a rule with one of these categories
    focused_veto: float = 0.95  # ...or the classifier of rule matches alone this sure
    whole_veto: float = 2.0  # ...or the first classifier this sure of the whole message (above 1: never)...
    whole_veto_focused: float = 0.0  # ...with the second classifier's reading of the match at least this ordinary
    # Where a rule's words were found only in an ordinary sense (its `unless` held: "me mata de amor")
    # and no rule holds, the classifier adds a crisis only from this (0: the usual bars).
    sensed_threshold: float = 0.0
    whole_veto_spares: frozenset[str] = frozenset()  # rules of these kinds are never dropped by the whole-message veto
    # ...and a rule with a category of `veto_bars` ("o las mata", a gun) only from this (0: `whole_veto`)
    whole_veto_strong: float = 0.0
    # In a message longer than WINDOW words, the first classifier's reading of the whole message
    # drops a crisis from this (above 1: never): a calm story of violence long over, told at length.
    long_veto: float = 2.0
    negatable: frozenset[str] = frozenset()  # acts that a plain "no", "nunca" before them denies ("no me pega")

    def veto_bar(self, rule: Rule) -> float:
        """How sure the classifier must be that a rule's words are ordinary to drop its alarm
        (above 1: never)."""
        if set(rule.all) & self.never_dropped:
            return 2.0
        return max([self.ordinary_veto] + [self.veto_bars[c] for c in rule.all if c in self.veto_bars])

    def whole_veto_bar(self, rule: Rule, long: bool = False) -> float:
        """How sure the first classifier must be that the whole message is ordinary to drop the rule."""
        if rule.kind in self.whole_veto_spares:
            return 2.0
        if long:
            return self.long_veto
        strong = any(c in self.veto_bars for c in rule.all)
        return max(self.whole_veto, self.whole_veto_strong) if strong else self.whole_veto


def load(path: Path) -> CrisisModel:
    try:
        raw = yamlread.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("categories"), dict) or not isinstance(raw.get("rules"), dict):
        raise ContentError(f"{path}: needs 'categories' and 'rules' sections")
    categories: dict[str, list[str]] = {}
    for name, entries in raw["categories"].items():
        if not isinstance(entries, list) or not entries:
            raise ContentError(f"{path}: categories.{name}: a list of words is needed")
        categories[str(name)] = [str(e) for e in entries]
    for name, entries in categories.items():
        for entry in entries:
            if entry.startswith("@") and entry[1:] not in categories:
                raise ContentError(f"{path}: categories.{name}: '{entry}' names no category")
    everywhere = [str(c) for c in raw.get("ordinary_anywhere") or []]
    for cat in everywhere:
        if cat not in categories:
            raise ContentError(f"{path}: ordinary_anywhere: unknown category '{cat}'")
    rules: list[Rule] = []
    for kind, items in raw["rules"].items():
        if kind not in KINDS:
            raise ContentError(f"{path}: rules.{kind}: unknown kind (one of {', '.join(KINDS)})")
        for n, item in enumerate(items or []):
            where = f"{path}: rules.{kind}[{n}]"
            if not isinstance(item, dict) or not item.get("all"):
                raise ContentError(f"{where}: 'all' (a list of categories) is needed")
            for cat in list(item["all"]) + list(item.get("unless") or []) + list(item.get("unless_anywhere") or []):
                if cat not in categories:
                    raise ContentError(f"{where}: unknown category '{cat}'")
            window = item.get("window", DEFAULT_WINDOW)
            if not isinstance(window, int) or window < 1:
                raise ContentError(f"{where}: window must be a whole number of words, 1 or more")
            unknown = set(item) - {"all", "unless", "unless_anywhere", "window"}
            if unknown:
                raise ContentError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
            rules.append(
                Rule(
                    kind,
                    tuple(item["all"]),
                    tuple(item.get("unless") or ()),
                    window,
                    tuple(dict.fromkeys(list(item.get("unless_anywhere") or []) + everywhere)),
                )
            )
    alone = frozenset(" ".join(w.sound for w in words(str(p))) for p in raw.get("alone") or [])
    cancels = raw.get("cancels") or {}
    if not isinstance(cancels, dict) or not all(isinstance(v, list) for v in cancels.values()):
        raise ContentError(f"{path}: cancels: for each category, the list of categories it cancels")
    for cat in [*cancels, *(c for v in cancels.values() for c in v)]:
        if cat not in categories:
            raise ContentError(f"{path}: cancels: unknown category '{cat}'")
    learned = raw.get("learned") or {}
    try:
        threshold = float(learned.get("threshold", 0.5))
        veto = float(learned.get("ordinary_veto", 0.9))
        focused_veto = float(learned.get("focused_veto", 0.95))
        whole_veto = float(learned.get("whole_veto", 2.0))
        whole_veto_focused = float(learned.get("whole_veto_focused", 0.0))
        whole_veto_strong = float(learned.get("whole_veto_strong", 0.0))
        long_veto = float(learned.get("long_veto", 2.0))
        short_uncued = float(learned.get("short_uncued_threshold", 2.0))
        clause_crisis = float(learned.get("clause_crisis", 0.8))
        sensed = float(learned.get("sensed_threshold", 0.0))
        uncued = float(learned.get("uncued_threshold", 0.7))
        uncued_by_kind = {str(k): float(v) for k, v in (learned.get("uncued_kind_thresholds") or {}).items()}
        by_kind = {str(k): float(v) for k, v in (learned.get("kind_thresholds") or {}).items()}
        veto_bars = {str(k): float(v) for k, v in (learned.get("veto_bars") or {}).items()}
    except (TypeError, ValueError, AttributeError) as exc:
        raise ContentError(f"{path}: learned: thresholds and ordinary_veto are numbers between 0 and 1") from exc
    if (
        not all(0 < x <= 1 for x in (threshold, uncued, focused_veto, *by_kind.values(), *uncued_by_kind.values(), *veto_bars.values()))
        or not 0 < veto <= 1.01
        or not 0 < whole_veto <= 2
        or not 0 <= whole_veto_strong <= 2
        or not 0 < long_veto <= 2
        or not 0 < short_uncued <= 2
        or not 0 < clause_crisis <= 1
        or not 0 <= whole_veto_focused < 1
        or not 0 <= sensed <= 1
    ):
        raise ContentError(f"{path}: learned: thresholds and ordinary_veto are numbers between 0 and 1")
    for name, given in (("kind_thresholds", by_kind), ("uncued_kind_thresholds", uncued_by_kind)):
        if set(given) - set(LEARNED_KINDS):
            raise ContentError(f"{path}: learned.{name}: kinds are {', '.join(LEARNED_KINDS)}")
    try:
        lexicon = Lexicon(categories, frozenset(str(w) for w in raw.get("exact_only") or []))
    except ValueError as exc:
        raise ContentError(f"{path}: {exc}") from exc
    cues = [str(c) for c in learned.get("cues") or []]
    for cat in cues:
        if cat not in categories:
            raise ContentError(f"{path}: learned.cues: unknown category '{cat}'")
    spares = [str(k) for k in learned.get("whole_veto_spares") or []]
    if set(spares) - set(KINDS):
        raise ContentError(f"{path}: learned.whole_veto_spares: kinds are {', '.join(KINDS)}")
    negatable = [str(c) for c in raw.get("negatable") or []]
    for cat in negatable:
        if cat not in categories:
            raise ContentError(f"{path}: negatable: unknown category '{cat}'")
    kept = [str(c) for c in learned.get("never_dropped") or []]
    short_cues = [str(c) for c in learned.get("short_cues") or []]
    for field_name, names in (("never_dropped", kept), ("short_cues", short_cues), ("veto_bars", list(veto_bars))):
        for cat in names:
            if cat not in categories:
                raise ContentError(f"{path}: learned.{field_name}: unknown category '{cat}'")
    return CrisisModel(
        lexicon, tuple(rules), alone, {str(k): tuple(map(str, v)) for k, v in cancels.items()}, thresholds={kind: by_kind.get(kind, threshold) for kind in LEARNED_KINDS},
        ordinary_veto=veto, cues=frozenset(cues), uncued={kind: uncued_by_kind.get(kind, uncued) for kind in LEARNED_KINDS}, never_dropped=frozenset(kept),
        short_cues=frozenset(short_cues), veto_bars=veto_bars, focused_veto=focused_veto,
        whole_veto=whole_veto, whole_veto_focused=whole_veto_focused, sensed_threshold=sensed,
        whole_veto_spares=frozenset(spares), whole_veto_strong=whole_veto_strong, long_veto=long_veto, short_uncued=short_uncued,
        clause_crisis=clause_crisis,
        negatable=frozenset(negatable),
    )


@lru_cache(maxsize=2)
def _model(directory: Path) -> CrisisModel:
    return cache.kept("crisis", directory, lambda: load(directory / "understanding" / "crisis.yaml"))


def model() -> CrisisModel:
    return _model(content_dir())


def _fires(rule: Rule, found: dict[str, list[int]], senses: bool = True) -> tuple[int, int] | None:
    """Where the rule holds in the message (first and last word of the match), or None;
    `senses=False` ignores the ordinary senses the rule names (its `unless`)."""
    slots = [found.get(cat) for cat in rule.all]
    if not all(slots) or (senses and any(found.get(cat) for cat in rule.unless_anywhere)):
        return None
    vetoes = [i for cat in rule.unless for i in found.get(cat, ())] if senses else []
    # Few positions per category in practice; cap the combinations a very long message could make.
    for combo in itertools.islice(itertools.product(*slots), 5000):
        low, high = min(combo), max(combo)
        if high - low >= rule.window:
            continue
        if len(rule.all) > 1 and len(set(combo)) == 1:
            continue  # one word cannot fill two slots ("pegar" is not both the act and the person)
        if any(low - VETO_REACH <= v <= high + VETO_REACH for v in vetoes):
            continue
        return low, high
    return None


PLAY = ("game", "joke")  # a shouted "ayudaaa" in these is play ("gritaba ayudaaa jugando a las escondidas")
# Below this, the classifier is asked only with a word of `short_cues` ("ayuda mi hija"). 3 was
# measured: 5 more crises of 5,993 caught by cross-validation, but "no me quiere" read as danger.
SHORT_WORDS = 4
# From this many words the whole message is read for the veto: in four or five words ("me jala el
# pelo") the match is most of the message. Cross-validation over the examples, 4 -> 6: danger missed
# 110 -> 106 of 5,029, men at risk 35 -> 33 of 918, false alarms 293 -> 297 of 8,141.
WHOLE_VETO_WORDS = 6
UNCUED_MIN_WORDS = 12  # below this, without a word of `cues`, the classifier must be surer


# A message that is a list of a few words an item ("Sí; No; Me abstengo", a poll's options) is read
# by the rules whole and by the classifier item by item: its odds over such a list, unlike anything
# it learned from, mean little.
LIST_ITEM_WORDS = 3
_ITEMS = re.compile(r"[;\n]")


def read(text: str, crisis_model: CrisisModel | None = None, learned: bool = True) -> Crisis:
    """The crises a message speaks of: the rules' kinds, checked and completed by what the examples
    taught (`learned=False` gives the rules alone, for measuring them)."""
    m = crisis_model or model()
    items = [item for item in _ITEMS.split(text) if item.strip()]
    if len(items) > 1 and all(len(item.split()) <= LIST_ITEM_WORDS for item in items):
        kinds = _read(text, m, learned=False).kinds
        # ...and an item of two or three words without a cry is not scored alone ("Me abstengo")
        return Crisis(kinds.union(*(_read(item, m, learned, short_alone=False).kinds for item in items)))
    return _read(text, m, learned)


def _read(text: str, m: CrisisModel, learned: bool, short_alone: bool = True) -> Crisis:
    """`short_alone=False`: a message of two or three words is scored only with a word of `short_cues`."""
    message, found = analyse(text, m.lexicon)
    if not message:
        return Crisis(frozenset())
    if named := _place_names(message):
        found = {cat: [i for i in at if i not in named] for cat, at in found.items()}
    if m.negatable:
        found = _without_denied(message, found, m.negatable)
    for canceller, cancelled in m.cancels.items():
        if found.get(canceller):
            found = {cat: at for cat, at in found.items() if cat not in cancelled}
    matches = _matches(m, found)
    held = bool(matches)  # before the classifiers' vetoes
    classifier = crisis_classifier() if learned else None
    readings: dict[str, dict[str, float]] = {}  # the first classifier's readings: a part read once

    def reading(part: str) -> dict[str, float]:
        if part not in readings:
            readings[part] = classifier.probabilities(part)
        return readings[part]

    if classifier and matches:
        # A second classifier learned only from example messages where a rule holds, the crisis
        # ones and the look-alikes ("me tiene amarrada el trabajo hasta diciembre"): where it reads
        # a match, with the whole message, as ordinary, that match is dropped.
        veto = veto_classifier()
        ordinary: dict[tuple[int, int], tuple[float, float]] = {}  # span -> (mean, focused); rules often share a span
        for rule, span in matches:
            if span not in ordinary:
                # The mean with the first classifier's reading of the match's words: neither alone
                # drops a crisis the other is sure of (measured: fewer false alarms, no fewer crises).
                focused = veto.probabilities(_veto_text(text, message, span)).get("ordinary", 0.0)
                broad = reading(_around(message, *span)).get("ordinary", 0.0)
                # ...and the focused one alone when it is very sure ("mis amigas me van a matar si no llego").
                ordinary[span] = (1.0 if focused >= m.focused_veto else (focused + broad) / 2, focused)
        # ...and a match is dropped where the first classifier reads the whole message as ordinary
        # and the match's own reading does not say crisis plainly ("hoy maté un alacrán en la cocina").
        # Not in a message of a few words (a cry is too short for the classifier to judge); in a long
        # one, where a threat can sit in the middle of an ordinary story, only from `long_veto`.
        whole = reading(text).get("ordinary", 0.0) if WHOLE_VETO_WORDS <= len(message) else 0.0
        matches = [
            (rule, span)
            for rule, span in matches
            if (
                ordinary[span][0] < m.veto_bar(rule)
                and not (whole >= m.whole_veto_bar(rule, long=len(message) > WINDOW) and ordinary[span][1] >= m.whole_veto_focused)
            )
            or _plain_in_its_clause(text, message, span, reading, m, found)
        ]
    kinds = {rule.kind for rule, _ in matches}
    if _alone(message, m.alone):
        kinds.add("help")
    if any(w.stretched and "help" in m.lexicon.of(w) for w in message) and not any(found.get(c) for c in PLAY):
        kinds.add("help")  # a call for help shouted ("ayudaaaa", "auxiliooo"), not in a game or a joke
    cued = len(message) >= UNCUED_MIN_WORDS or any(found.get(cat) for cat in m.cues)
    short_cued = any(found.get(cat) for cat in m.short_cues)
    if classifier and len(message) > 1 and (len(message) >= SHORT_WORDS or short_cued or (short_alone and m.short_uncued <= 1)):
        # A missed suicide costs more than a false one: its threshold is set lower in crisis.yaml.
        bars = m.thresholds
        if not cued:
            bars = {kind: max(bar, m.uncued[kind]) for kind, bar in bars.items()}
        if len(message) < SHORT_WORDS and not short_cued:
            bars = {kind: max(bar, m.short_uncued) for kind, bar in bars.items()}
        # No rule holds, but one would without the ordinary sense found near its words ("me mata de amor")
        if m.sensed_threshold > 0 and not held and any(_fires(rule, found, senses=False) for rule in m.rules):
            bars = {kind: max(bar, m.sensed_threshold) for kind, bar in bars.items()}
        if len(message) > WINDOW and reading(text).get("ordinary", 0.0) >= m.long_veto:
            bars = {kind: bar for kind, bar in bars.items() if kind in m.whole_veto_spares}
        for part in _windows(text, message):
            odds = reading(part)
            kinds |= {kind for kind, bar in bars.items() if odds.get(kind, 0.0) >= bar}
    if "sexual" in kinds or "others" in kinds:
        kinds.add("danger")
    return Crisis(frozenset(kinds))


_CLAUSES = re.compile(r"[,.;:!?¿¡\n]+|\b(?:porque|pq|xq)\b")


def _plain_in_its_clause(text: str, message: list[Word], span: tuple[int, int], reading, m: CrisisModel, found: dict[str, list[int]]) -> bool:
    """A match that its own clause, read alone, says is a crisis is kept whatever the rest says: the
    vetoes read the words around a match and the whole message, and a plain "me quiere matar" after a
    question about protection measures ("quiero saber sobre las medidas, mi esposo me quiere matar")
    must not be drowned by the question. Not where it is told as long over ("me pegaba", "hace
    años") and its clause says nothing of now: there the vetoes' reading of the whole story stands."""
    said = {w.plain for w in message[span[0] : span[1] + 1]}
    clause = next(((part, n) for part, plain, n in _clauses(text) if n < len(message) and said <= plain), None)
    if clause and clause[1] <= WINDOW:
        part = clause[0]
    elif len(message) > WINDOW:
        # ...and in a long run of words with no clause to stand on (a dictated message), its own
        # words with two either side
        part = _around(message, *span, context=2)
    else:
        return False
    if PAST in m.lexicon.categories and (found.get(PAST) or any(_imperfect(w) for w in message[span[0] : span[1] + 1])):
        if not analyse(part, m.lexicon)[1].get(NOW):
            return False
    return 1.0 - reading(part).get("ordinary", 0.0) >= m.clause_crisis  # a crisis, of whichever kind


PAST, NOW = "long_ago", "lately"  # categories of crisis.yaml


def _imperfect(w: Word) -> bool:
    """A verb in the imperfect, the tense of what used to happen ("me pegaba", "la golpeaban", "me
    mordia"): -aba of any verb, -ía of a verb in -er or -ir (not "tía", "día")."""
    p = w.plain
    if len(p) > 4 and p.endswith(("aba", "abas", "aban", "abamos")):
        return True
    ending = next((e for e in ("iamos", "ias", "ian", "ia") if p.endswith(e)), None)
    if not ending or len(p) <= 3:
        return False
    accented = p[: -len(ending)] + "í" + ending[1:]  # typed without its accent, which the lemmatiser needs
    return fold(lemmatize(accented)).endswith(("er", "ir"))


@lru_cache(maxsize=64)
def _clauses(text: str) -> tuple[tuple[str, frozenset[str], int], ...]:
    """A message's clauses, each with its words and their number (read once, for all its matches)."""
    out = []
    for part in _CLAUSES.split(text):
        typed = words(part or "")
        if typed:
            out.append((part, frozenset(w.plain for w in typed), len(typed)))
    return tuple(out)


def _alone(message: list[Word], alone: frozenset[str]) -> bool:
    """The whole message is a cry of `alone`, also mistyped in a hurry ("aiudaa", "auxili"): a word
    of no dictionary one letter away from a cry of four or five letters, two from a longer one."""
    sounds = [w.sound for w in message]
    typed = " ".join(sounds)
    if typed in alone:
        return True
    # ...or said again and again ("ya viene ya viene", "ayuda ayuda ayuda")
    for n in range(1, len(sounds) // 2 + 1):
        if len(sounds) % n == 0 and sounds == sounds[:n] * (len(sounds) // n) and " ".join(sounds[:n]) in alone:
            return True
    if len(message) > 1 or message[0].known or len(typed) < 4:
        return False
    slips = 1 if len(typed) <= 5 else 2
    return any(" " not in cry and len(cry) >= 4 and OSA.distance(typed, cry, score_cutoff=slips) <= slips for cry in alone)


NEGATORS = frozenset({"no", "nunca", "jamas", "ni"})
# What may stand between a negator and its verb: pronouns and "haber" ("nunca me ha pegado").
BETWEEN = frozenset({"me", "te", "le", "la", "lo", "nos", "les", "las", "los", "se", "ha", "han", "he", "has", "habia", "hemos"})
PLEA = ("e", "es", "en")  # "no me pegues", "no me mate": a plea in danger, not a denial


def _without_denied(message: list[Word], found: dict[str, list[int]], negatable: frozenset[str]) -> dict[str, list[int]]:
    """`found` without the acts a negator denies ("no me pega", "nunca le ha pegado", "ni la toca"),
    so a calm "me insulta pero no me pega" is not read as an attack."""

    def denied(i: int) -> bool:
        if message[i].plain.endswith(PLEA):
            return False
        j = i - 1
        while j >= 0 and message[j].plain in BETWEEN:
            j -= 1
        return j >= 0 and message[j].plain in NEGATORS and i - j <= 4

    return {cat: ([i for i in at if not denied(i)] if cat in negatable else at) for cat, at in found.items()}


AFTER = frozenset({"en", "de", "desde", "por"})  # "estoy en Ate", "soy de San Mateo": a place, not "atar", "matar"
LONGEST_PLACE = 5  # words


def _place_names(message: list[Word]) -> set[int]:
    """Positions of words that name a place of Peru in full right after "en", "de", "desde", "por"."""
    named: set[int] = set()
    spelled = places.spelled_names()
    for i in range(1, len(message)):
        if message[i - 1].plain not in AFTER:
            continue
        for k in range(min(LONGEST_PLACE, len(message) - i), 0, -1):
            if " ".join(w.plain for w in message[i : i + k]).replace("ñ", "n") in spelled:
                named.update(range(i, i + k))
                break
    return named


def _matches(m: CrisisModel, found: dict[str, list[int]]) -> list[tuple[Rule, tuple[int, int]]]:
    return [(rule, span) for rule in m.rules if (span := _fires(rule, found))]


def _veto_text(text: str, message: list[Word], span: tuple[int, int]) -> str:
    """What the veto reads: the words around the match (counted twice) and the whole message."""
    return f"{_around(message, *span)} {text}"


@lru_cache(maxsize=2)
def _veto_classifier(directory: Path) -> Classifier:
    return cache.kept("crisis-veto", directory, lambda: _learn_veto(directory))


def _learn_veto(directory: Path) -> Classifier:
    m = _model(directory)
    texts, labels = [], []
    for text, label in crisis_examples(directory):
        message, found = analyse(text, m.lexicon)
        # Every match of a rule's words, also those its `unless` reads as ordinary: so a wider
        # `unless` list does not take the look-alikes away from what this classifier learns.
        spans = (span for rule in m.rules if (span := _fires(rule, found, senses=False)))
        for span in dict.fromkeys(spans):
            texts.append(_veto_text(text, message, span))
            labels.append("ordinary" if label == "ordinary" else "crisis")
    return train(texts, labels)


def veto_classifier() -> Classifier:
    return _veto_classifier(content_dir())


CONTEXT = 6  # words either side of a rule's match that the classifier reads to confirm it
WINDOW = 30  # a long message is read by the classifier in overlapping parts of this many words


def _around(message: list[Word], low: int, high: int, context: int = CONTEXT) -> str:
    return " ".join(w.plain for w in message[max(0, low - context) : high + context + 1])


def _windows(text: str, message: list[Word]) -> list[str]:
    if len(message) <= WINDOW:
        return [text]
    step = WINDOW // 2
    return [" ".join(w.plain for w in message[i : i + WINDOW]) for i in range(0, len(message) - step, step)]


