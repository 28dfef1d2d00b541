"""The understanding models kept between starts: read back only when built from the same content."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import simplemma

from flows.texts import content_dir
from flows.understanding import cache, dictionary
from flows.understanding.learned import CRISIS_FILES, read_examples, train

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = content_dir() / "understanding" / "examples"


def example_texts(name: str) -> list[str]:
    return [text for text, _ in read_examples(EXAMPLES / f"{name}.yaml")]


def test_a_kept_model_is_read_back_and_not_built_again(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "_folder", tmp_path)
    built = []

    def build():
        built.append(1)
        return {"model": len(built)}

    first = cache.kept("probe", content_dir(), build)
    second = cache.kept("probe", content_dir(), build)
    assert first == second == {"model": 1}
    assert built == [1]
    assert len(list(tmp_path.glob("probe-*.pickle"))) == 1


def test_edited_content_builds_again(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(content_dir() / "understanding", content / "understanding")
    monkeypatch.setattr(cache, "_folder", tmp_path / "cache")
    assert cache.kept("probe", content, lambda: "before") == "before"
    edited = tmp_path / "edited"
    shutil.copytree(content, edited)
    path = edited / "understanding" / "examples" / "danger.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "- text: me quiere ahorcar con el cable\n", encoding="utf-8")
    assert cache.kept("probe", edited, lambda: "after") == "after"
    assert cache.kept("probe", content, lambda: "never") == "before"


def test_an_unreadable_cache_file_is_rebuilt(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(cache, "_folder", tmp_path)
    cache.kept("probe", content_dir(), lambda: "good")
    (kept_file,) = tmp_path.glob("probe-*.pickle")
    kept_file.write_bytes(b"not a pickle")
    assert cache.kept("probe", content_dir(), lambda: "rebuilt") == "rebuilt"
    assert "unreadable" in caplog.text
    assert cache.kept("probe", content_dir(), lambda: "never") == "rebuilt"


def test_the_kept_classifier_scores_as_the_trained_one(tmp_path, monkeypatch):
    """A classifier trained as the crisis one is (learned.train), on every eighth of its examples
    (2,300, each of the four labels among them): what is kept is the same kind of object, learned
    in a tenth of the time."""
    monkeypatch.setattr(cache, "_folder", tmp_path)
    examples = [(text, label) for name, label in CRISIS_FILES.items() for text in example_texts(name)][::8]
    assert len({label for _, label in examples}) == 4  # danger, suicide, men_risk and ordinary
    learn = lambda: train([text for text, _ in examples], [label for _, label in examples])  # noqa: E731
    trained = cache.kept("crisis-examples", content_dir(), learn)
    read_back = cache.kept("crisis-examples", content_dir(), lambda: None)
    assert read_back is not trained
    for text in ("me esta ahorcando ayuda", "me pego un resfrio", "ya no quiero vivir", "donde hay un cem"):
        assert read_back.probabilities(text) == trained.probabilities(text)


def test_the_decoded_dictionary_gives_simplemma_s_own_lemmas(tmp_path):
    words = "pegó pegando golpiando matarme cuchillo fuera fuerza señorita senorita ahorcar mequiere wawa".split()
    for attempt in range(2):  # decoded from simplemma, then read from the kept copy
        kept = dictionary.Dictionaries()
        kept.folder = tmp_path
        lemmatizer = simplemma.Lemmatizer(lemmatization_strategy=simplemma.strategies.DefaultStrategy(dictionary_factory=kept))
        lookup = simplemma.strategies.DictionaryLookupStrategy(kept)
        for word in words:
            assert lemmatizer.lemmatize(word, "es") == simplemma.lemmatize(word, lang="es"), word
            assert (lookup.get_lemma(word, "es") is not None) == simplemma.is_known(word, lang="es"), word
        assert len(list(tmp_path.glob("simplemma-*.marshal"))) == 1


def test_a_start_from_the_cache_needs_no_training(tmp_path):
    """The second start reads what the first built: scikit-learn is not even imported.

    The folder starts with what the run's cache holds (tests/conftest.py built it with the same
    warm()) but for the intent model: the first start trains that one (scikit-learn imported),
    keeps it, and reads the rest; the second start finds everything kept. Training all four anew
    here (the veto classifier alone is most of a minute) would check nothing more: a model warm()
    did not keep would be missing from the run's cache too, and the second start would train it."""
    from tests.e2e.botproc import MODEL_CACHE

    key = cache._key(content_dir())
    for name in ("crisis", "crisis-examples", "crisis-veto"):
        shutil.copy(MODEL_CACHE / f"{name}-{key}.pickle", tmp_path)
    for kept_file in MODEL_CACHE.glob("simplemma-*.marshal"):
        shutil.copy(kept_file, tmp_path)
    script = (
        "import sys; from pathlib import Path; import flows.understanding as u; "
        f"u.warm(Path({str(tmp_path)!r})); from flows.understanding import crisis; "
        "assert crisis.read('mi marido me esta ahorcando').danger; "
        "print('sklearn' in sys.modules)"
    )
    runs = []
    for _ in range(2):
        runs.append(subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True))
        if len(runs) == 1:
            assert len(list(tmp_path.glob(f"intents-{key}.pickle"))) == 1  # the first start kept what it trained
    assert [r.stdout.strip() for r in runs] == ["True", "False"]


def test_the_written_out_analysers_are_scikit_learn_s():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from flows.understanding.learned import char_grams, features_text, word_grams

    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 3)).build_analyzer()
    texts = ["", "x", "  dos   espacios ", "¡AYUDAAA!! me pega", "q xq toy aki"]
    for path in sorted(EXAMPLES.glob("*.yaml")):
        texts += example_texts(path.stem)[:300]
    for text in texts:
        for doc in (text, features_text(text)):
            assert char_grams(3, 5, doc) == chars(doc)
            assert word_grams(1, 3, doc) == words(doc)
