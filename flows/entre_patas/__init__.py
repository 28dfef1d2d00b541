"""Entre patas, for men: short content screens (content/screens.yaml), the reflection spaces, and
the commitments between sessions."""
from flows.entre_patas import commitments, spaces  # noqa: F401  (registers the flows, their buttons and reminders)
