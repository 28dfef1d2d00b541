"""Understanding what people write: crises (danger, suicide, a man at risk) and typed requests,
recognised by meaning (lemmas and categories) from lexicons that are content staff can extend."""
