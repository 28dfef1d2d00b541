"""Understanding what people write: crises (danger, suicide, a man at risk) and typed requests,
recognised by meaning (lemmas and categories) from lexicons that are content staff can extend."""
from __future__ import annotations

from pathlib import Path


def warm(cache_folder: Path | None = None) -> None:
    """Read and check the content, and learn from the examples, before the first message: a person
    in danger must not wait for training, and a content error must stop the start, not a reply.
    With a cache folder, what was built at an earlier start from the same content is read back."""
    from flows.understanding import cache, crisis, intents, words
    from flows.understanding.learned import crisis_classifier

    if cache_folder is not None:
        cache.use(cache_folder)
    crisis.model()
    intents.model()
    crisis_classifier()
    crisis.veto_classifier()  # learned from the examples too: not at the first message a rule matches
    crisis.read("hola")  # the dictionary too
    words.segmenter_ready()  # and the word frequencies that split words typed together
