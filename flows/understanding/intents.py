"""Typed requests: what a person asks for in her own words (intents.yaml), and how sure we are.

Two readings are added up: the words of intents.yaml found in the message (by lemma, with slips),
and a classifier trained on the typed requests of examples/requests.yaml plus those words. A clear
winner is followed; otherwise the closest two or three are offered as buttons.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from flows import yamlread
from flows.texts import content_dir
from flows.understanding import cache
from flows.understanding.crisis import ContentError
from flows.understanding.learned import Classifier, read_examples, train
from flows.understanding.lexicon import Lexicon, analyse
from flows.understanding.words import fold

TARGET_KINDS = ("nav", "go", "do")
DO_ACTIONS = ("exit", "help", "menu", "back")
SURE = 0.5  # a score from which the request is followed
MARGIN = 0.15  # ...when the next best is this far behind
CLOSE = 0.12  # a score from which an intent is offered as a choice
WORD_BONUS = 0.25  # each word of an intent found in the message (two at most)
THIN_WORDS = 2  # ...and a message this short is followed only with one of them


@dataclass(frozen=True)
class Intent:
    name: str
    kind: str  # nav, go or do
    target: str


@dataclass(frozen=True)
class Reading:
    best: Intent | None  # followed at once
    choices: tuple[Intent, ...]  # offered when not sure (empty when best is set)
    worded: frozenset[str] = frozenset()  # intents whose own words the message uses


@dataclass(frozen=True)
class IntentModel:
    intents: dict[str, Intent]
    lexicon: Lexicon
    classifier: Classifier
    phrases: dict[str, frozenset[str]] = field(default_factory=dict)  # each intent's own words, folded

    def says_only(self, text: str, name: str) -> bool:
        """The message is one of the intent's own words and nothing else ("menú", "volver"):
        where a flow awaits free text, only that is taken as a button ("Beto Salas" is a name)."""
        return _folded(text) in self.phrases.get(name, ())


def load(directory: Path) -> IntentModel:
    path = directory / "understanding" / "intents.yaml"
    try:
        raw = yamlread.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("intents"), dict):
        raise ContentError(f"{path}: needs an 'intents' section")
    intents: dict[str, Intent] = {}
    words: dict[str, list[str]] = {}
    for name, spec in raw["intents"].items():
        where = f"{path}: intents.{name}"
        target = spec.get("target") if isinstance(spec, dict) else None
        if not isinstance(target, dict) or len(target) != 1:
            raise ContentError(f"{where}: 'target' is one of nav: <screen>, go: <flow>, do: <action>")
        ((kind, value),) = target.items()
        if kind not in TARGET_KINDS or (kind == "do" and value not in DO_ACTIONS):
            raise ContentError(f"{where}: target '{kind}: {value}' is not nav, go, or do: {'/'.join(DO_ACTIONS)}")
        entries = spec.get("words") or []
        if not isinstance(entries, list) or not entries:
            raise ContentError(f"{where}: 'words' (a list) is needed")
        intents[str(name)] = Intent(str(name), kind, str(value))
        words[str(name)] = [str(w) for w in entries]
    texts, labels = [], []
    for text, intent in read_examples(directory / "understanding" / "examples" / "requests.yaml", with_intent=True):
        if intent in intents:  # an example of an intent staff removed is simply not learned
            texts.append(text)
            labels.append(intent)
    for name, entries in words.items():
        texts += entries
        labels += [name] * len(entries)
    phrases = {name: frozenset(_folded(w) for w in entries) for name, entries in words.items()}
    return IntentModel(intents, Lexicon(words), train(texts, labels), phrases)


def _folded(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", fold(text)))


@lru_cache(maxsize=2)
def _model(directory: Path) -> IntentModel:
    return cache.kept("intents", directory, lambda: load(directory))


def model() -> IntentModel:
    return _model(content_dir())


def read(text: str, m: IntentModel | None = None) -> Reading:
    m = m or model()
    scores = dict(m.classifier.probabilities(text))
    _, found = analyse(text, m.lexicon)
    worded = frozenset(name for name in found if name in scores)  # a phrase word's own category is never in `found`
    for name in worded:
        scores[name] += WORD_BONUS * min(len(found[name]), 2)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked:
        return Reading(None, (), worded)
    (top, top_score), second = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
    # Two words or fewer with none of the intent's own are too little to act on ("no sé" is not a
    # request for the help screen): offered as a choice, not followed.
    thin = top not in worded and len(fold(text).split()) <= THIN_WORDS
    if top_score >= SURE and top_score - second >= MARGIN and not thin:
        return Reading(m.intents[top], (), worded)
    return Reading(None, tuple(m.intents[name] for name, score in ranked[:3] if score >= CLOSE), worded)
