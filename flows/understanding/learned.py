"""What the bot learns from examples: a small text classifier (scikit-learn) trained at start on the
example messages in content/understanding/examples/, staff-editable like the lexicons.

The rules of crisis.yaml say why a message is a crisis; the examples catch the ways of saying it
that no rule foresaw. Letters and short word groups are the features (character 3-5-grams and
word 1-3-grams), so slips and inflections are near their correct forms without a dictionary.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import yaml

from flows import yamlread
from flows.texts import content_dir
from flows.understanding import cache
from flows.understanding.words import SHORTHAND, fold

CRISIS_FILES = {"danger": "danger", "suicide": "suicide", "men_risk": "men_risk", "ordinary": "ordinary", "requests": "ordinary"}


class ExamplesError(ValueError):
    pass


def features_text(text: str) -> str:
    words: list[str] = []
    for w in fold(text).split():
        w = re.sub(r"(.)\1\1+", r"\1", w)  # "auxiliooo" -> "auxilio"
        words += SHORTHAND.get(w, w).split()
    return " ".join(words)


_SPACES = re.compile(r"\s\s+")
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def char_grams(low: int, high: int, doc: str) -> list[str]:
    """Letter groups inside each word, padded with a space at its edges: scikit-learn's
    "char_wb" analyser, written out so a trained model is read back without scikit-learn."""
    grams: list[str] = []
    for w in _SPACES.sub(" ", doc.lower()).split():
        w = f" {w} "
        for n in range(low, high + 1):
            offset = 0
            grams.append(w[:n])
            while offset + n < len(w):
                offset += 1
                grams.append(w[offset : offset + n])
            if offset == 0:  # a word shorter than n counts once
                break
    return grams


def word_grams(low: int, high: int, doc: str) -> list[str]:
    """Words of two letters or more and runs of them: scikit-learn's "word" analyser."""
    tokens = _TOKEN.findall(doc.lower())
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def read_examples(path: Path, with_intent: bool = False) -> list[tuple[str, str | None]]:
    try:
        # libyaml's parser where PyYAML has it: the pure-Python one takes seconds over the examples
        raw = yamlread.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ExamplesError(f"{path}: {exc}") from exc
    if not isinstance(raw, list):
        raise ExamplesError(f"{path}: a list of examples is needed")
    out = []
    for n, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not str(item.get("text") or "").strip():
            raise ExamplesError(f"{path}: example {n}: 'text' is needed")
        intent = item.get("intent")
        if with_intent and not intent:
            raise ExamplesError(f"{path}: example {n}: 'intent' is needed")
        out.append((str(item["text"]), str(intent) if intent else None))
    return out


@dataclass
class Classifier:
    """Probabilities of labels for a message. Scoring one message goes through the trained weights
    directly: scikit-learn's own path costs milliseconds of checks per call, and every message a
    person sends is scored."""

    labels: tuple[str, ...]
    parts: list[tuple[Callable[[str], list[str]], dict[str, int], Any]]  # analyser, vocabulary, idf
    weights: Any  # one row per feature (both parts one after the other), one column per label
    intercept: Any

    def probabilities(self, text: str) -> dict[str, float]:
        import numpy as np

        doc = features_text(text)
        scores = np.array(self.intercept, dtype=float)
        offset = 0
        for analyse, vocabulary, idf in self.parts:
            counts: dict[int, int] = {}
            for gram in analyse(doc):
                i = vocabulary.get(gram)
                if i is not None:
                    counts[i] = counts.get(i, 0) + 1
            if counts:
                index = np.fromiter(counts, dtype=int)
                values = (1.0 + np.log(np.fromiter(counts.values(), dtype=float))) * idf[index]
                values /= np.sqrt((values**2).sum())
                scores += values @ self.weights[offset + index]
            offset += len(vocabulary)
        odds = 1.0 / (1.0 + np.exp(-scores))  # one-vs-rest, as SGDClassifier.predict_proba does
        if len(self.labels) == 2:  # two labels: one column of weights, for the second label
            odds = np.array([1.0 - odds[0], odds[0]])
        odds = odds / odds.sum() if odds.sum() > 0 else np.full(len(odds), 1.0 / len(odds))
        return dict(zip(self.labels, (float(p) for p in odds)))


# Little regularisation. 3e-6 gave fewer false alarms than 1e-5 on the held-out sets of session 5
# (38 -> 32 of 1,036), 1e-4 lost crises. With 23,000 examples, 1e-6, measured on two new sets each
# left out of the training (train24, train28): false alarms 62 -> 50 of 1,039, no crisis lost.
ALPHA = 1e-6


def train(texts: list[str], labels: list[str]) -> Classifier:
    # Imported here: the rules alone work without it, and the import costs start-up time only once.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import make_pipeline, make_union

    analysers = (partial(char_grams, 3, 5), partial(word_grams, 1, 3))
    vectors = make_union(
        TfidfVectorizer(analyzer=analysers[0], sublinear_tf=True, min_df=2),
        TfidfVectorizer(analyzer=analysers[1], sublinear_tf=True),
    )
    model = SGDClassifier(loss="log_loss", alpha=ALPHA, class_weight="balanced", max_iter=50, tol=1e-4, random_state=0)
    pipeline = make_pipeline(vectors, model)
    pipeline.fit([features_text(t) for t in texts], labels)
    parts = [(a, v.vocabulary_, v.idf_) for a, (_, v) in zip(analysers, vectors.transformer_list)]
    return Classifier(tuple(str(c) for c in model.classes_), parts, model.coef_.T.copy(), model.intercept_.copy())


@lru_cache(maxsize=2)
def _crisis_classifier(directory: Path) -> Classifier:
    return cache.kept("crisis-examples", directory, lambda: _learn_crisis(directory))


def crisis_examples(directory: Path) -> list[tuple[str, str]]:
    """Every example message with what it is: danger, suicide, men_risk or ordinary."""
    return [
        (text, label)
        for name, label in CRISIS_FILES.items()
        for text, _ in read_examples(directory / "understanding" / "examples" / f"{name}.yaml")
    ]


def _learn_crisis(directory: Path) -> Classifier:
    examples = crisis_examples(directory)
    return train([t for t, _ in examples], [label for _, label in examples])


def crisis_classifier() -> Classifier:
    return _crisis_classifier(content_dir())
