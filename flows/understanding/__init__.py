"""Understanding what people write: crises (danger, suicide, a man at risk) and typed requests,
recognised by meaning (lemmas and categories) from lexicons that are content staff can extend."""


def warm() -> None:
    """Read and check the content, and learn from the examples, before the first message: a person
    in danger must not wait for training, and a content error must stop the start, not a reply."""
    from flows.understanding import crisis, intents
    from flows.understanding.learned import crisis_classifier

    crisis.model()
    intents.model()
    crisis_classifier()
